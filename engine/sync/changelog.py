"""The change log of a source: every accepted insert, update and withdrawal, in sequence order.

Two kinds of log, read the same way:

- An embedded source logs its changes in the ``changes`` table of the embedded
  index file, in the transaction of each batch (``engine.index.sqlite_writes``).
  A change is there if and only if its batch committed.
- A search-engine source cannot share a transaction with SQLite, so
  ``engine.ingest`` appends its changes to a local SQLite file
  (``[sync] changelog_path``) after the engine acknowledged them. A process
  killed between the acknowledgement and the append leaves records in the
  engine that the log does not name. Those records reach the international
  source with their next change. Stale records (a newer version was stored)
  are logged too, because the engine does not report which records were stale.
  Replaying one changes nothing.

A change names the record and the version and status it had; the sync reads
the record's current state from the source, so replaying a change twice, or
an old change after a newer one, writes the same thing.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from engine.records import Record, RecordKind, Status
from engine.sources import SourcesConfig
from engine.sync.settings import changelog_path

_ENGINE_LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_source ON changes (source, seq);
"""


@dataclass(frozen=True, slots=True)
class Change:
    """One accepted change of a record: its sequence number, identity, version and status, and when it was logged."""

    seq: int
    kind: RecordKind
    source: str
    record_id: str
    version: int
    status: Status
    at: float


@dataclass(frozen=True, slots=True)
class Pending:
    """Changes a reader has not applied yet: their count, the oldest one's time, and the newest sequence number."""

    changes: int
    oldest_at: float | None
    newest_seq: int


class ChangeLog:
    """Reads (and, for search-engine sources, appends to) the ``changes`` table of one SQLite file."""

    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        if writable:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = FULL")
        self._connection.execute("PRAGMA busy_timeout = 10000")
        if writable:
            self._connection.executescript(_ENGINE_LOG_SCHEMA)

    def read(self, source: str, after: int, limit: int) -> list[Change]:
        """Return at most ``limit`` changes of ``source`` with a sequence number above ``after``, oldest first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT seq, kind, source, record_id, version, status, at FROM changes "
                "WHERE source = ? AND seq > ? ORDER BY seq LIMIT ?",
                (source, after, limit),
            ).fetchall()
        return [
            Change(seq, RecordKind(kind), name, record_id, version, Status(status), at)
            for seq, kind, name, record_id, version, status, at in rows
        ]

    def pending(self, source: str, after: int) -> Pending:
        """Count the changes of ``source`` above ``after`` and find the oldest one's time and the newest sequence number."""
        with self._lock:
            count, oldest = self._connection.execute(
                "SELECT count(*), min(at) FROM changes WHERE source = ? AND seq > ?", (source, after)
            ).fetchone()
            newest = self._connection.execute(
                "SELECT coalesce(max(seq), 0) FROM changes WHERE source = ?", (source,)
            ).fetchone()[0]
        return Pending(count, oldest, newest)

    def append(self, source: str, records: Iterable[Record]) -> int:
        """Log one change per record, in one transaction; return how many were logged."""
        now = time.time()
        rows = [
            (record.kind.value, source, record.record_id, record.version, record.status.value, now)
            for record in records
        ]
        return self._append_rows(rows)

    def append_withdrawals(self, kind: RecordKind, source: str, record_ids: Iterable[str]) -> int:
        """Log the withdrawal of each record id; the version is unknown here and logged as 0."""
        now = time.time()
        rows = [(RecordKind(kind).value, source, record_id, 0, Status.WITHDRAWN.value, now) for record_id in record_ids]
        return self._append_rows(rows)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def _append_rows(self, rows: list[tuple[object, ...]]) -> int:
        if not rows:
            return 0
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(
                    "INSERT INTO changes (kind, source, record_id, version, status, at) VALUES (?, ?, ?, ?, ?, ?)", rows
                )
                self._connection.execute("COMMIT")
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
        return len(rows)


_ENGINE_LOGS: dict[Path, ChangeLog] = {}
_ENGINE_LOGS_LOCK = threading.Lock()


def engine_change_log(path: Path) -> ChangeLog:
    """Return this process's open change log for search-engine sources at ``path``, opening it on first use."""
    resolved = path.resolve()
    with _ENGINE_LOGS_LOCK:
        opened = _ENGINE_LOGS.get(resolved)
        if opened is None:
            opened = _ENGINE_LOGS[resolved] = ChangeLog(resolved, writable=True)
        return opened


def keeps_own_change_log(backend: object) -> bool:
    """Tell whether a backend logs its changes itself, in the transaction of each batch (the embedded index)."""
    from engine.index.sqlite import EmbeddedIndex

    return isinstance(backend, EmbeddedIndex)


def source_change_log(backend: object, engine_log_path: Path) -> ChangeLog:
    """Return a reader of the change log of a source kept by ``backend``; close it when done."""
    from engine.index.sqlite import EmbeddedIndex

    if isinstance(backend, EmbeddedIndex):
        return ChangeLog(backend.path)
    return ChangeLog(engine_log_path, writable=True)


def log_acknowledged_upserts(
    backend: object, config: SourcesConfig, source: str, records: list[Record], rejected_ids: set[str]
) -> None:
    """Log the records a search engine acknowledged (every record not rejected); nothing for an embedded backend."""
    if keeps_own_change_log(backend):
        return
    log = engine_change_log(changelog_path(config))
    log.append(source, (record for record in records if record.record_id not in rejected_ids))


def log_acknowledged_withdrawals(
    backend: object, config: SourcesConfig, kind: RecordKind, source: str, record_ids: Iterable[str]
) -> None:
    """Log withdrawals a search engine acknowledged; nothing for an embedded backend."""
    if keeps_own_change_log(backend):
        return
    engine_change_log(changelog_path(config)).append_withdrawals(kind, source, record_ids)
