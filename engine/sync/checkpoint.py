"""The sync checkpoint: the sequence number of the last change applied, stored durably after each batch.

One small SQLite file (``[sync] checkpoint_path``) contains one row per
replication (``mx->intl``). The row is written, and fsynced, after the
international source has stored a batch; a process killed between the two
applies that batch again on restart, which changes nothing because the copies
carry the national versions.

Only one sync process may run a replication at a time: ``exclusive`` takes an
advisory lock on a file next to the checkpoint.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checkpoints (
    pair TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    saved_at REAL NOT NULL
) WITHOUT ROWID;
"""


class SyncBusy(RuntimeError):
    """Another process holds the lock of this replication."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a replication got: the last applied sequence number, changes applied so far, and when it was saved."""

    seq: int = 0
    applied: int = 0
    saved_at: float | None = None


class Checkpoints:
    """The checkpoints of every replication, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = FULL")
        self._connection.execute("PRAGMA busy_timeout = 10000")
        self._connection.executescript(_SCHEMA)

    def load(self, pair: str) -> Checkpoint:
        row = self._connection.execute("SELECT seq, applied, saved_at FROM checkpoints WHERE pair = ?", (pair,)).fetchone()
        return Checkpoint(*row) if row else Checkpoint()

    def save(self, pair: str, seq: int, applied: int) -> Checkpoint:
        """Store that every change up to ``seq`` is applied, ``applied`` more changes than before; return the new checkpoint."""
        now = time.time()
        self._connection.execute(
            "INSERT INTO checkpoints (pair, seq, applied, saved_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (pair) DO UPDATE SET seq = excluded.seq, applied = applied + excluded.applied, "
            "saved_at = excluded.saved_at",
            (pair, seq, applied, now),
        )
        return self.load(pair)

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def exclusive(self, pair: str) -> Iterator[None]:
        """Hold the lock of one replication; raise SyncBusy at once when another process holds it."""
        lock_path = self.path.with_name(f"{self.path.name}.{pair.replace('>', '').replace('/', '_')}.lock")
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SyncBusy(f"another sync process runs {pair}; lock file {lock_path}") from None
            yield
        finally:
            os.close(descriptor)
