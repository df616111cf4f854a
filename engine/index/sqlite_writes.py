"""Writes to the embedded index: one batch of upserts, or one withdrawal, per transaction.

Each function here runs inside a transaction that the caller opened with
``BEGIN IMMEDIATE`` and commits or rolls back, so a crash leaves either the
whole batch or none of it. Every change keeps three derived tables in step
with the records: postings (with the posting count of each key), name-part
counts and record counts. The key ids and name parts a record contributes are
stored with it, so that an update or a withdrawal takes back exactly what the
record added even after the key rules change. Every accepted change is also
appended to the change log (``changes``) under its write sequence number.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
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
    """What a transaction adds to and removes from the postings, posting counts, name-part counts and record counts.

    Postings are written after each chunk (and the lists emptied); the counts are summed until the end.
    Added postings and name parts are counted in one call per chunk (``count_pending``), not one per record.
    """

    postings_added: list[tuple[int, int]] = field(default_factory=list)
    postings_removed: list[tuple[int, int]] = field(default_factory=list)
    key_postings: Counter[int] = field(default_factory=Counter)
    part_deltas: Counter[str] = field(default_factory=Counter)
    parts_added: list[str] = field(default_factory=list)  # name parts not yet counted in part_deltas
    count_deltas: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    active_persons_delta: int = 0

    def replace_row(
        self, row_id: int, prepared: PreparedRecord, new_key_ids: list[int], stored: _StoredRow | None
    ) -> None:
        """Count the change from the stored row (None for a new record) to the prepared record."""
        kind, source, _ = prepared.identity
        status = prepared.record.status._value_
        self.count_deltas[(kind, source, status)] += 1
        if status == ACTIVE:
            self.parts_added.extend(prepared.name_parts)
            if kind == PERSON:
                self.active_persons_delta += 1

        if stored is None or stored.status != ACTIVE or not stored.key_ids:
            self.postings_added.extend(zip(new_key_ids, repeat(row_id)))
        else:
            old, new = set(stored.key_ids), set(new_key_ids)
            self.postings_removed.extend((key_id, row_id) for key_id in old - new)
            self.postings_added.extend((key_id, row_id) for key_id in new - old)

        if stored is not None:
            self.count_deltas[(kind, source, stored.status)] -= 1
            if stored.status == ACTIVE:
                self.part_deltas.subtract(stored.name_parts)
                if kind == PERSON:
                    self.active_persons_delta -= 1

    def count_pending(self) -> None:
        """Add the postings and name parts listed since the last call to the counts."""
        self.key_postings.update(map(itemgetter(0), self.postings_added))
        self.key_postings.subtract(map(itemgetter(0), self.postings_removed))
        self.part_deltas.update(self.parts_added)
        self.parts_added = []

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
    """Store one prepared chunk in the open transaction; see ``write_chunks``, of which this is the one-chunk case."""
    return write_chunks(connection, (batch,), report, known_key_ids)


def write_chunks(
    connection: sqlite3.Connection,
    chunks: Iterable[Sequence[PreparedRecord]],
    report: UpsertReport,
    known_key_ids: Mapping[str, int],
) -> dict[str, int]:
    """Store prepared chunks in the open transaction and count what they accepted and skipped in ``report``.

    A stored record wins over an incoming one with a lower version, and a
    withdrawn record wins over an incoming one with the same version, so a
    replayed old update never brings a withdrawn record back.

    Records, bodies, postings and the change log are written chunk by chunk,
    so ``chunks`` may be a generator that prepares the next chunk meanwhile.
    Posting counts, name-part counts, record counts and counters are summed
    over all chunks and written once at the end: a key or name part shared by
    many records of the batch is updated once.

    ``known_key_ids`` are key ids from committed transactions. Returns the ids
    these chunks read or created, which the caller may add to them once the
    transaction commits.
    """
    writer = _ChunkWriter(connection, known_key_ids)
    for chunk in chunks:
        writer.write(chunk, report)
    writer.finish()
    return writer.key_ids


class _ChunkWriter:
    """Writes chunks of one transaction and keeps the counts they change until ``finish``."""

    def __init__(self, connection: sqlite3.Connection, known_key_ids: Mapping[str, int]) -> None:
        self.connection = connection
        self.known_key_ids = known_key_ids
        self.key_ids: dict[str, int] = {}
        self.new_keys: list[tuple[int, str]] = []
        self.changes = _Changes()
        self.first_sequence = _read_meta(connection, WRITE_SEQUENCE)
        self.sequence = self.first_sequence
        self.next_row_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM records").fetchone()[0]
        self.next_key_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM index_keys").fetchone()[0]

    def write(self, chunk: Sequence[PreparedRecord], report: UpsertReport) -> None:
        stored_rows = _stored_rows(self.connection, [prepared.identity for prepared in chunk])
        accepted: list[tuple[PreparedRecord, _StoredRow | None]] = []
        for prepared in chunk:
            stored = stored_rows.get(prepared.identity)
            if stored is not None and _is_stale(stored, prepared):
                report.stale += 1
            else:
                accepted.append((prepared, stored))
        report.accepted += len(accepted)

        key_ids = self._chunk_key_ids(accepted)
        changes = self.changes
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        bodies: list[tuple[Any, ...]] = []
        logged: list[tuple[Any, ...]] = []
        now = time.time()
        sequence = self.sequence
        for prepared, stored in accepted:
            sequence += 1
            record = prepared.record
            kind, source, record_id = prepared.identity
            status = record.status._value_  # _value_ is a plain attribute, cheaper than the value property
            scope, countries = _sharing_columns(record)
            logged.append((sequence, kind, source, record_id, record.version, status, now))
            if stored is None:
                row_id = self.next_row_id
                self.next_row_id += 1
                inserts.append((row_id, kind, source, record_id, record.owner, status, record.version, scope, countries, sequence))
            else:
                row_id = stored.row_id
                updates.append((record.owner, status, record.version, scope, countries, sequence, row_id))

            if status == ACTIVE:
                new_key_ids = list(map(key_ids.__getitem__, prepared.keys))
                parts = prepared.name_parts
            else:
                new_key_ids, parts = [], []
            changes.replace_row(row_id, prepared, new_key_ids, stored)
            bodies.append((row_id, prepared.body, prepared.analysis, _pack(new_key_ids), "\n".join(parts)))
        self.sequence = sequence

        connection = self.connection
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
        _apply_postings(connection, changes)
        log_changes(connection, logged)

    def _chunk_key_ids(self, accepted: list[tuple[PreparedRecord, _StoredRow | None]]) -> dict[str, int]:
        """Return the id of every key of the chunk's active records, giving new keys the next free ids.

        The key rows themselves are written by ``finish``, with their posting counts.
        """
        key_ids = self.key_ids
        wanted: set[str] = set()
        wanted.update(*(prepared.keys for prepared, _ in accepted if prepared.active))

        # Set operations with a dict argument look each key up in C, without walking the dict.
        fresh = wanted.difference(key_ids)
        unknown = fresh.difference(self.known_key_ids)
        cached = fresh - unknown
        key_ids.update(zip(cached, map(self.known_key_ids.__getitem__, cached)))
        if unknown:
            ordered = sorted(unknown)
            key_ids.update(_select_key_ids(self.connection, ordered))
            for key in ordered:
                if key not in key_ids:
                    key_ids[key] = self.next_key_id
                    self.new_keys.append((self.next_key_id, key))
                    self.next_key_id += 1
        return key_ids

    def finish(self) -> None:
        """Write the key rows created by the chunks and every count they changed, then the counters."""
        connection = self.connection
        changes = self.changes
        created = {key_id for key_id, _ in self.new_keys}
        connection.executemany(
            "INSERT INTO index_keys (id, key, postings) VALUES (?, ?, ?)",
            [(key_id, key, changes.key_postings.get(key_id, 0)) for key_id, key in self.new_keys],
        )
        connection.executemany(
            "UPDATE index_keys SET postings = postings + ? WHERE id = ?",
            [
                (delta, key_id)
                for key_id, delta in sorted(changes.key_postings.items())
                if delta and key_id not in created
            ],
        )
        _apply_counts(connection, changes)
        if self.sequence != self.first_sequence:
            _write_meta(connection, WRITE_SEQUENCE, self.sequence)


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
    logged: list[tuple[Any, ...]] = []
    now = time.time()

    for identity in identities:
        stored = stored_rows.get(identity)
        if stored is None or stored.status != ACTIVE:
            continue

        sequence += 1
        changes.withdraw_row(kind, source, stored)
        withdrawn.append((sequence, stored.row_id))
        logged.append((sequence, kind, source, identity[2], stored.version, Status.WITHDRAWN.value, now))

    connection.executemany("UPDATE records SET status = 'withdrawn', seq = ? WHERE id = ?", withdrawn)
    connection.executemany(
        "UPDATE record_bodies SET key_ids = x'', parts = '' WHERE id = ?",
        [(row_id,) for _, row_id in withdrawn],
    )
    apply_changes(connection, changes)
    log_changes(connection, logged)
    _write_meta(connection, WRITE_SEQUENCE, sequence)
    return len(withdrawn)


def log_changes(connection: sqlite3.Connection, changes: Sequence[tuple[Any, ...]]) -> None:
    """Append (seq, kind, source, record_id, version, status, at) rows to the change log in the open transaction."""
    connection.executemany(
        "INSERT INTO changes (seq, kind, source, record_id, version, status, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        changes,
    )


def apply_changes(connection: sqlite3.Connection, changes: _Changes) -> None:
    """Apply posting, posting-count, name-part and record-count changes."""
    _apply_postings(connection, changes)
    connection.executemany(
        "UPDATE index_keys SET postings = postings + ? WHERE id = ?",
        [(delta, key_id) for key_id, delta in sorted(changes.key_postings.items()) if delta],
    )
    _apply_counts(connection, changes)


def _apply_postings(connection: sqlite3.Connection, changes: _Changes) -> None:
    """Count and write the postings added and removed since the last call, in key order for page locality."""
    changes.count_pending()
    if changes.postings_removed:
        changes.postings_removed.sort()
        connection.executemany("DELETE FROM postings WHERE key_id = ? AND row_id = ?", changes.postings_removed)
    if changes.postings_added:
        changes.postings_added.sort()
        connection.executemany("INSERT OR IGNORE INTO postings (key_id, row_id) VALUES (?, ?)", changes.postings_added)
    changes.postings_removed = []
    changes.postings_added = []


def _apply_counts(connection: sqlite3.Connection, changes: _Changes) -> None:
    _apply_part_deltas(connection, changes.part_deltas)
    connection.executemany(
        "INSERT INTO record_counts (kind, source, status, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, source, status) DO UPDATE SET count = count + excluded.count",
        [(*group, delta) for group, delta in changes.count_deltas.items() if delta],
    )
    if changes.active_persons_delta:
        _write_meta(connection, ACTIVE_PERSONS, _read_meta(connection, ACTIVE_PERSONS) + changes.active_persons_delta)


def _apply_part_deltas(connection: sqlite3.Connection, deltas: Counter[str]) -> None:
    changed = sorted((part, delta) for part, delta in deltas.items() if delta)
    connection.executemany(
        "INSERT INTO name_parts (part, count) VALUES (?, ?) "
        "ON CONFLICT (part) DO UPDATE SET count = count + excluded.count",
        changed,
    )
    connection.executemany(
        "DELETE FROM name_parts WHERE part = ? AND count <= 0",
        [(part,) for part, delta in changed if delta < 0],
    )


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
    return record.sharing.scope._value_, ("," + ",".join(countries) + ",") if countries else ""


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
