"""The audit log: an append-only, hash-chained SQLite table of who asked what and what they were shown.

Every append is one ``BEGIN IMMEDIATE`` transaction that reads the last
entry's hash and inserts the next entry, so writers in several threads or
processes take turns and the chain stays whole. ``synchronous=FULL`` makes
SQLite fsync the write-ahead log at each commit, so an entry that ``record``
returned survives a killed process or a power cut. Triggers reject UPDATE and
DELETE on the table; someone who edits the file directly is caught by
``verify`` (see ``engine.audit.chain``).

An entry stores the principal (key id, agency, country, never the key), the
time in UTC, the action, the query fields, the number of hits, the ids of the
records shown, and the outcome.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from engine.audit.chain import GENESIS_HASH, ChainCheck, ChainLink, canonical_json, entry_hash, verify_links

log = logging.getLogger("cruce.audit")

# An entry lists at most this many record ids; an export or a bulk job beyond it keeps the count and the first ids.
MAX_RECORD_IDS = 10_000

SUCCESS = "success"
FAILURE = "failure"

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_entries (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_entries_at ON audit_entries (at);
CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class Actor(Protocol):
    """Whoever made the request; ``engine.access.Principal`` is one."""

    def audit_fields(self) -> dict[str, Any]: ...


class AuditLog:
    """One audit log file. Thread-safe; several processes may append to the same file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = FULL")
        self._connection.execute("PRAGMA busy_timeout = 30000")
        self._connection.executescript(SCHEMA)

    def record(
        self,
        actor: Actor | Mapping[str, Any],
        action: str,
        *,
        query: Mapping[str, Any] | None = None,
        hits: int | None = None,
        record_ids: Sequence[str] = (),
        outcome: str = SUCCESS,
        detail: str | None = None,
    ) -> dict[str, Any]:
        """Append one entry and return it with its ``seq`` and ``hash`` once it is on disk.

        ``action`` is a dotted name such as ``person.search``, ``document.check``,
        ``bulk.create``, ``source.write``, ``key.create``, ``auth.failed`` or ``auth.rate_limited``.
        ``detail`` is a short machine-readable reason (an error key), not free text.
        """
        who = dict(actor) if isinstance(actor, Mapping) else actor.audit_fields()
        ids = [str(record_id) for record_id in record_ids]
        fields: dict[str, Any] = {
            "actor": who,
            "action": action,
            "query": _plain(query or {}),
            "hits": hits,
            "record_ids": ids[:MAX_RECORD_IDS],
            "outcome": outcome,
        }
        if len(ids) > MAX_RECORD_IDS:
            fields["record_ids_total"] = len(ids)
        if detail:
            fields["detail"] = detail

        with self._lock:
            entry = self._append(fields)
        log.info("audit entry seq=%d action=%s key_id=%s outcome=%s", entry["seq"], action, who.get("key_id"), outcome)
        return entry

    def entries(self, since: str | None = None, until: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield entries in order with their hashes; ``since``/``until`` bound the UTC time (ISO 8601, inclusive)."""
        query = "SELECT body, hash FROM audit_entries WHERE 1"
        parameters: list[str] = []
        if since:
            query += " AND at >= ?"
            parameters.append(since)
        if until:
            query += " AND at <= ?"
            parameters.append(until)
        reader = self._reader()
        try:
            for body, stored_hash in reader.execute(query + " ORDER BY seq", parameters):
                yield {**json.loads(body), "hash": stored_hash}
        finally:
            reader.close()

    def verify(self) -> ChainCheck:
        """Check the whole chain and return the first bad entry, if any."""
        reader = self._reader()
        try:
            links = (ChainLink(seq, body, stored_hash) for seq, body, stored_hash in reader.execute(
                "SELECT seq, body, hash FROM audit_entries ORDER BY seq"
            ))
            return verify_links(links)
        finally:
            reader.close()

    def head(self) -> tuple[int, str]:
        """Return the sequence number and hash of the last entry (0 and the genesis hash when empty)."""
        row = self._connection.execute("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS_HASH)

    def hash_at(self, seq: int) -> str | None:
        row = self._connection.execute("SELECT hash FROM audit_entries WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def _append(self, fields: dict[str, Any]) -> dict[str, Any]:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            last = connection.execute("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
            seq, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            at = _now()
            entry = {"seq": seq, "at": at, "prev_hash": previous_hash, **fields}
            body = canonical_json(entry)
            digest = entry_hash(previous_hash, body)
            connection.execute("INSERT INTO audit_entries (seq, at, body, hash) VALUES (?, ?, ?, ?)", (seq, at, body, digest))
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return {**entry, "hash": digest}

    def _reader(self) -> sqlite3.Connection:
        reader = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        reader.execute("PRAGMA busy_timeout = 30000")
        return reader


def _plain(query: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the query fields that JSON can hold, dropping empty ones."""
    return {str(key): value for key, value in json.loads(json.dumps(dict(query), default=str)).items() if value not in (None, "", [], {})}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
