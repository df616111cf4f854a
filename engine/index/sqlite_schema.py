"""Tables, indexes and connection settings of the embedded SQLite index.

Layout, chosen so that candidate retrieval reads as few pages as possible:

- ``records`` is slim (identity, owner, status, version, sharing rule), so the
  sharing filter of a candidate query touches small rows only;
- ``record_bodies`` contains the record JSON, the stored name analysis, and the
  key ids (packed 32-bit integers) and name parts (one per line) that the
  record currently contributes, needed to undo them on update or withdrawal;
- ``index_keys`` maps each key to a small integer and counts its postings. A
  key is a person's blocking key or a document or vehicle lookup key (their
  prefixes differ, so they never collide);
- ``postings`` is the key → record table, a WITHOUT ROWID table whose primary
  key (key id, record row id) is its own covering index;
- ``name_parts`` counts, for each name part, the active persons that carry it;
- ``record_counts`` keeps counts per kind, source and status for readiness;
- ``meta`` contains counters: the write sequence and the number of active persons.
- ``changes`` is the change log: one row per accepted insert, update or
  withdrawal, numbered by the write sequence and written in the transaction of
  its batch, so a change is logged if and only if its batch committed. The sync
  (``engine.sync``) reads it in sequence order.

``countries`` stores the named countries of a sharing rule as ``,GT,SV,`` so
that the sharing filter is a single ``instr`` inside the query.
"""

from __future__ import annotations

import os
import sqlite3

MMAP_ENV = "CRUCE_SQLITE_MMAP_MB"
DEFAULT_MMAP_BYTES = 1 << 30
SCHEMA_VERSION = 4
# Version 2 files lack the change log; opening one adds it (see ``_add_change_log``).
# NOTE: a version 2 file also lacks the birth-year blocking keys (``y:``) that version 4
# added; its persons are still found through their name keys, but rank among namesakes
# without help from the birth year until the file is rebuilt. Version 3 files are refused.
CHANGE_LOG_SINCE = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    scope TEXT NOT NULL,
    countries TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS records_identity ON records (kind, source, record_id);

CREATE TABLE IF NOT EXISTS record_bodies (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    analysis TEXT,
    key_ids BLOB NOT NULL,
    parts TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS index_keys (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    postings INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS postings (
    key_id INTEGER NOT NULL,
    row_id INTEGER NOT NULL,
    PRIMARY KEY (key_id, row_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS name_parts (
    part TEXT PRIMARY KEY,
    count INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS record_counts (
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (kind, source, status)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_source ON changes (source, seq);
"""


def configure(connection: sqlite3.Connection) -> None:
    """Apply the per-connection settings.

    ``synchronous=FULL`` makes SQLite fsync the write-ahead log at every commit,
    so a batch that ``upsert`` reported as committed survives a power cut as well
    as a killed process. ``NORMAL`` would survive a killed process but could lose
    the last commits on power loss. With one commit per batch of thousands of
    records the extra fsync costs little.
    """
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache per connection
    connection.execute(f"PRAGMA mmap_size = {mmap_bytes()}")
    connection.execute("PRAGMA temp_store = MEMORY")


def mmap_bytes() -> int:
    """Bytes of the file each connection maps into memory: ``CRUCE_SQLITE_MMAP_MB``, else 1 GiB.

    Mapped pages make reads cheaper but count as the process's resident memory;
    a bulk job's worker processes set 0 so that their memory stays bounded.
    """
    value = os.environ.get(MMAP_ENV, "").strip()
    return int(value) << 20 if value.isdigit() else DEFAULT_MMAP_BYTES


def create_schema(connection: sqlite3.Connection) -> None:
    """Create missing tables and check that an existing file has this schema version.

    ``connection`` must be in autocommit mode (``isolation_level=None``).
    """
    try:
        connection.executescript("BEGIN IMMEDIATE;" + SCHEMA)
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        if found == CHANGE_LOG_SINCE - 1:
            _add_change_log(connection)
            found = SCHEMA_VERSION
        if found == 0:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise

    if found not in (0, SCHEMA_VERSION):
        raise RuntimeError(
            f"index file has schema version {found}, this engine reads version {SCHEMA_VERSION}; "
            "rebuild the index with `cruce ingest` into a new file"
        )


def _add_change_log(connection: sqlite3.Connection) -> None:
    """Give a version 2 file its change log: one change per stored record, at the record's last write sequence.

    Earlier changes of a record are gone, but its last one carries its current
    state, which is all the sync replays.
    """
    connection.execute(
        "INSERT OR IGNORE INTO changes (seq, kind, source, record_id, version, status, at) "
        "SELECT seq, kind, source, record_id, version, status, (julianday('now') - 2440587.5) * 86400.0 FROM records"
    )
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
