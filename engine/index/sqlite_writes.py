"""Writes to the embedded index: one batch of upserts, or one withdrawal, per transaction.

Each function here runs inside a transaction that the caller opened with
``BEGIN IMMEDIATE`` and commits or rolls back, so a crash leaves either the
whole batch or none of it. Every change keeps three derived tables in step
with the records: postings (with the posting count of each key), name-part
counts and record counts. The key ids and name parts a record contributes are
stored with it, so that an update or a withdrawal takes back exactly what the
record added even after the key rules change.
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.index.base import UpsertReport
from engine.records import Record, RecordKind, Status

ACTIVE = Status.ACTIVE.value
PERSON = RecordKind.PERSON.value

ACTIVE_PERSONS = "active_persons"
WRITE_SEQUENCE = "seq"


@dataclass(slots=True)
class PreparedRecord:
    """A record serialised and analysed outside the write transaction, ready to store.

    ``keys`` are blocking keys for a person and lookup keys for a travel
    document or vehicle; the record kind decides which table stores them.
    """

    record: Record
    identity: tuple[str, str, str]
    body: str
    analysis: str | None
    keys: list[str]
    name_parts: list[str]

    @property
    def active(self) -> bool:
        return self.record.status is Status.ACTIVE


@dataclass(slots=True)
class _StoredRow:
    row_id: int
    version: int
    status: str
    key_ids: list[int]
    name_parts: list[str]


@dataclass(slots=True)
class _Changes:
    """Everything one transaction adds to and removes from the postings, name-part counts and record counts."""

    postings_added: list[tuple[int, int]] = field(default_factory=list)
    postings_removed: list[tuple[int, int]] = field(default_factory=list)
    part_deltas: Counter[str] = field(default_factory=Counter)
    count_deltas: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    active_persons_delta: int = 0

    def replace_row(
        self, row_id: int, prepared: PreparedRecord, new_key_ids: list[int], stored: _StoredRow | None
    ) -> None:
        """Count the change from the stored row (None for a new record) to the prepared record."""
        kind, source, _ = prepared.identity
        old_key_ids: list[int] = []
        if stored is not None:
            self.count_deltas[(kind, source, stored.status)] -= 1
            if stored.status == ACTIVE:
                old_key_ids = stored.key_ids
                self.part_deltas.subtract(stored.name_parts)
                if kind == PERSON:
                    self.active_persons_delta -= 1

        self.count_deltas[(kind, source, prepared.record.status.value)] += 1
        if prepared.active:
            self.part_deltas.update(prepared.name_parts)
            if kind == PERSON:
                self.active_persons_delta += 1

        if old_key_ids:
            old, new = set(old_key_ids), set(new_key_ids)
            self.postings_removed.extend((key_id, row_id) for key_id in old - new)
            self.postings_added.extend((key_id, row_id) for key_id in new - old)
        else:
            self.postings_added.extend((key_id, row_id) for key_id in new_key_ids)

    def withdraw_row(self, kind: str, source: str, stored: _StoredRow) -> None:
        self.count_deltas[(kind, source, stored.status)] -= 1
        self.count_deltas[(kind, source, Status.WITHDRAWN.value)] += 1
        self.postings_removed.extend((key_id, stored.row_id) for key_id in stored.key_ids)
        self.part_deltas.subtract(stored.name_parts)
        if kind == PERSON:
            self.active_persons_delta -= 1


def write_batch(
    connection: sqlite3.Connection,
    batch: Sequence[PreparedRecord],
    report: UpsertReport,
    known_key_ids: Mapping[str, int],
) -> dict[str, int]:
    """Store a prepared batch in the open transaction and count what it accepted and skipped in ``report``.

    A stored record wins over an incoming one with a lower version, and a
    withdrawn record wins over an incoming one with the same version, so a
    replayed old update never brings a withdrawn record back.

    ``known_key_ids`` are key ids from committed transactions. Returns the ids
    this batch read or created, which the caller may add to them once the
    transaction commits.
    """
    sequence = _read_meta(connection, WRITE_SEQUENCE)
    next_row_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM records").fetchone()[0]
    stored_rows = _stored_rows(connection, [prepared.identity for prepared in batch])

    accepted: list[tuple[PreparedRecord, _StoredRow | None]] = []
    for prepared in batch:
        stored = stored_rows.get(prepared.identity)
        if stored is not None and _is_stale(stored, prepared):
            report.stale += 1
        else:
            accepted.append((prepared, stored))

    batch_keys = {key for prepared, _ in accepted if prepared.active for key in prepared.keys}
    key_ids = _key_ids(connection, batch_keys - known_key_ids.keys())
    key_ids.update((key, known_key_ids[key]) for key in batch_keys if key in known_key_ids)
    changes = _Changes()
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    bodies: list[tuple[Any, ...]] = []
    for prepared, stored in accepted:
        sequence += 1
        record = prepared.record
        kind, source, record_id = prepared.identity
        scope, countries = _sharing_columns(record)
        if stored is None:
            row_id = next_row_id
            next_row_id += 1
            inserts.append(
                (row_id, kind, source, record_id, record.owner, record.status.value, record.version, scope, countries, sequence)
            )
        else:
            row_id = stored.row_id
            updates.append((record.owner, record.status.value, record.version, scope, countries, sequence, row_id))

        new_key_ids = [key_ids[key] for key in prepared.keys] if prepared.active else []
        parts = prepared.name_parts if prepared.active else []
        changes.replace_row(row_id, prepared, new_key_ids, stored)
        bodies.append((row_id, prepared.body, prepared.analysis, _pack(new_key_ids), "\n".join(parts)))
    report.accepted += len(accepted)

    connection.executemany(
        "INSERT INTO records (id, kind, source, record_id, owner, status, version, scope, countries, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    connection.executemany(
        "UPDATE records SET owner = ?, status = ?, version = ?, scope = ?, countries = ?, seq = ? WHERE id = ?",
        updates,
    )
    connection.executemany(
        "INSERT OR REPLACE INTO record_bodies (id, body, analysis, key_ids, parts) VALUES (?, ?, ?, ?, ?)",
        bodies,
    )
    apply_changes(connection, changes)
    _write_meta(connection, WRITE_SEQUENCE, sequence)
    return key_ids


def withdraw_records(connection: sqlite3.Connection, kind: str, source: str, record_ids: Sequence[str]) -> int:
    """Mark active records withdrawn in the open transaction and remove their keys; return how many changed.

    The row stays, with status withdrawn, so that a read-back can tell a
    withdrawn record from one that never existed.
    """
    sequence = _read_meta(connection, WRITE_SEQUENCE)
    identities = [(kind, source, record_id) for record_id in dict.fromkeys(record_ids)]
    stored_rows = _stored_rows(connection, identities)
    changes = _Changes()
    withdrawn: list[tuple[int, int]] = []

    for identity in identities:
        stored = stored_rows.get(identity)
        if stored is None or stored.status != ACTIVE:
            continue

        sequence += 1
        changes.withdraw_row(kind, source, stored)
        withdrawn.append((sequence, stored.row_id))

    connection.executemany("UPDATE records SET status = 'withdrawn', seq = ? WHERE id = ?", withdrawn)
    connection.executemany(
        "UPDATE record_bodies SET key_ids = x'', parts = '' WHERE id = ?",
        [(row_id,) for _, row_id in withdrawn],
    )
    apply_changes(connection, changes)
    _write_meta(connection, WRITE_SEQUENCE, sequence)
    return len(withdrawn)


def apply_changes(connection: sqlite3.Connection, changes: _Changes) -> None:
    """Apply posting, name-part and count changes."""
    connection.executemany("DELETE FROM postings WHERE key_id = ? AND row_id = ?", sorted(changes.postings_removed))
    connection.executemany("INSERT OR IGNORE INTO postings (key_id, row_id) VALUES (?, ?)", sorted(changes.postings_added))

    posting_deltas: Counter[int] = Counter(key_id for key_id, _ in changes.postings_added)
    posting_deltas.subtract(key_id for key_id, _ in changes.postings_removed)
    connection.executemany(
        "UPDATE index_keys SET postings = postings + ? WHERE id = ?",
        [(delta, key_id) for key_id, delta in posting_deltas.items() if delta],
    )

    _apply_part_deltas(connection, changes.part_deltas)
    connection.executemany(
        "INSERT INTO record_counts (kind, source, status, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, source, status) DO UPDATE SET count = count + excluded.count",
        [(*group, delta) for group, delta in changes.count_deltas.items() if delta],
    )
    if changes.active_persons_delta:
        _write_meta(connection, ACTIVE_PERSONS, _read_meta(connection, ACTIVE_PERSONS) + changes.active_persons_delta)


def _apply_part_deltas(connection: sqlite3.Connection, deltas: Counter[str]) -> None:
    changed = [(part, delta) for part, delta in deltas.items() if delta]
    connection.executemany(
        "INSERT INTO name_parts (part, count) VALUES (?, ?) "
        "ON CONFLICT (part) DO UPDATE SET count = count + excluded.count",
        changed,
    )
    connection.executemany(
        "DELETE FROM name_parts WHERE part = ? AND count <= 0",
        [(part,) for part, delta in changed if delta < 0],
    )


def _key_ids(connection: sqlite3.Connection, keys: set[str]) -> dict[str, int]:
    """Return the id of every key, creating the keys not stored yet (key rows are never deleted)."""
    if not keys:
        return {}

    ordered = sorted(keys)
    ids = _select_key_ids(connection, ordered)
    missing = [key for key in ordered if key not in ids]
    connection.executemany("INSERT INTO index_keys (key) VALUES (?)", [(key,) for key in missing])
    ids.update(_select_key_ids(connection, missing))
    return ids


def _select_key_ids(connection: sqlite3.Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        placeholders = ",".join("?" * len(chunk))
        rows = connection.execute(f"SELECT key, id FROM index_keys WHERE key IN ({placeholders})", chunk)
        ids.update(rows.fetchall())
    return ids


def _stored_rows(
    connection: sqlite3.Connection, identities: Sequence[tuple[str, str, str]]
) -> dict[tuple[str, str, str], _StoredRow]:
    """Read the stored rows of the given records, grouped into one query per kind, source and 500 ids."""
    by_group: dict[tuple[str, str], list[str]] = {}
    for kind, source, record_id in identities:
        by_group.setdefault((kind, source), []).append(record_id)

    stored: dict[tuple[str, str, str], _StoredRow] = {}
    for (kind, source), record_ids in by_group.items():
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start : start + 500]
            rows = connection.execute(
                "SELECT r.record_id, r.id, r.version, r.status, b.key_ids, b.parts FROM records AS r "
                "JOIN record_bodies AS b ON b.id = r.id "
                f"WHERE r.kind = ? AND r.source = ? AND r.record_id IN ({','.join('?' * len(chunk))})",
                (kind, source, *chunk),
            )
            for record_id, row_id, version, status, key_ids, parts in rows:
                stored[(kind, source, record_id)] = _StoredRow(
                    row_id, version, status, unpack_key_ids(key_ids), parts.split("\n") if parts else []
                )
    return stored


def _is_stale(stored: _StoredRow, prepared: PreparedRecord) -> bool:
    incoming = prepared.record.version
    if incoming < stored.version:
        return True
    return incoming == stored.version and stored.status == Status.WITHDRAWN.value


def _sharing_columns(record: Record) -> tuple[str, str]:
    countries = sorted({country.upper() for country in record.sharing.countries})
    return record.sharing.scope.value, ("," + ",".join(countries) + ",") if countries else ""


def _pack(key_ids: list[int]) -> bytes:
    packed = array("i", key_ids)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack_key_ids(blob: bytes) -> list[int]:
    """Read the key ids stored with a record: 32-bit little-endian integers."""
    unpacked = array("i")
    unpacked.frombytes(blob)
    if sys.byteorder == "big":
        unpacked.byteswap()
    return unpacked.tolist()


def _read_meta(connection: sqlite3.Connection, name: str) -> int:
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return row[0] if row else 0


def _write_meta(connection: sqlite3.Connection, name: str, value: int) -> None:
    connection.execute(
        "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )
