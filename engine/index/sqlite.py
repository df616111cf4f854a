"""The embedded index: every record kind of every embedded source in one SQLite database file.

The file runs in WAL mode, so searches read a consistent snapshot while an
import writes. One writer connection, guarded by a lock, does every write;
each thread that reads gets its own connection. Each batch of an upsert is one
transaction, so a crash leaves the old or the new state of a batch, never a
mix. The table layout is described in ``engine.index.sqlite_schema``.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.index.base import PersonCandidate, UpsertReport
from engine.index.indexed_person import load_analysis
from engine.index.lookup_keys import document_keys, vehicle_keys
from engine.index.preparation import AnalysisHelper, prepared_chunks
from engine.index.record_json import analysis_and_facts, record_from_json
from engine.index.sqlite_schema import configure, create_schema
from engine.index.sqlite_writes import (
    ACTIVE_PERSONS,
    WRITE_SEQUENCE,
    withdraw_records,
    write_chunks,
)
from engine.records import (
    Person,
    Record,
    RecordKind,
    Status,
    TravelDocument,
    Vehicle,
)
from engine.scoring.scorer import RecordFacts

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 5000
DEFAULT_CACHE_SIZE = 50_000
DEFAULT_ANALYSIS_CACHE_SIZE = 100_000
MAX_REMEMBERED_KEY_IDS = 2_000_000
# NOTE: an estimate checked only on generated persons (bench/embedded_index_speed.py),
# not tuned on real registries. It trades recall on namesakes that share only a
# common name for latency.
DEFAULT_HEAVY_KEY_POSTINGS = 5_000


class IndexFrequencies:
    """Name-part frequencies of an embedded index, in the shape the scorer reads.

    ``frequency(part)`` is the number of active persons whose name has that part;
    ``total`` is the number of active persons. Both count every source in the
    file, whatever the viewer may see.
    """

    def __init__(self, index: EmbeddedIndex) -> None:
        self._index = index
        self.total = index.active_persons()

    def frequency(self, part: str) -> int:
        return self._index.name_part_frequency(part)


class _DecodedRecords:
    """Records and name analyses already decoded, keyed by row id and checked against the row's write sequence."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[int, tuple[int, Record, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, row_id: int, sequence: int) -> tuple[Record, Any] | None:
        with self._lock:
            entry = self._entries.get(row_id)
            if entry is None or entry[0] != sequence:
                return None
            self._entries.move_to_end(row_id)
            return entry[1], entry[2]

    def put(self, row_id: int, sequence: int, record: Record, analysis: Any) -> None:
        if self._capacity <= 0:
            return
        with self._lock:
            self._entries[row_id] = (sequence, record, analysis)
            self._entries.move_to_end(row_id)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)


class _Analyses:
    """Name analyses already decoded, keyed by row id and checked against the row's write sequence."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[int, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, row_id: int, sequence: int) -> Any:
        with self._lock:
            entry = self._entries.get(row_id)
            if entry is None or entry[0] != sequence:
                return None
            return entry[1]

    def put(self, row_id: int, sequence: int, analysis: Any) -> None:
        if self._capacity <= 0:
            return
        with self._lock:
            self._entries[row_id] = (sequence, analysis)
            if len(self._entries) > self._capacity:
                self._entries.popitem(last=False)


@dataclass(slots=True)
class RankedPerson:
    """A candidate row before its record is read: ids, the blocking keys it shares with the query, its name analysis."""

    row_id: int
    sequence: int
    shared: int
    analysis: Any = None
    facts: RecordFacts | None = None
    position: int = -1  # the row's place in a ``PostingsSnapshot``, when one ranked it


class EmbeddedIndex:
    """A Backend over one SQLite file, for persons, travel documents and vehicles of any number of sources.

    NOTE: records handed out by ``get`` and ``person_candidates`` may be shared
    with later calls through the decoded-record cache; callers must not mutate them.
    """

    name = "embedded"

    def __init__(
        self,
        path: str | Path,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        cache_size: int = DEFAULT_CACHE_SIZE,
        heavy_key_postings: int = DEFAULT_HEAVY_KEY_POSTINGS,
        analysis_helper: bool = True,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.batch_size = batch_size
        self.heavy_key_postings = heavy_key_postings
        self._decoded = _DecodedRecords(cache_size)
        self._analyses = _Analyses(DEFAULT_ANALYSIS_CACHE_SIZE if cache_size > 0 else 0)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        self._key_ids: dict[str, int] = {}
        self._helper = AnalysisHelper() if analysis_helper else None

        self._writer = self._connect()
        self._writer.execute("PRAGMA journal_mode = WAL")
        create_schema(self._writer)
        log.info("embedded index opened path=%s", self.path)

    # Writes.

    def upsert(
        self,
        records: Iterable[Record],
        *,
        on_batch: Callable[[UpsertReport], None] | None = None,
    ) -> UpsertReport:
        """Store records in batches of ``batch_size``, one transaction per batch.

        A record whose stored version is higher, or equal and withdrawn, is left
        alone and counted as stale. ``on_batch`` is called with each batch's
        report after that batch has committed. Names of a big batch are
        analysed in a helper process while this process writes (see
        ``engine.index.preparation``).
        """
        report = UpsertReport()
        iterator = iter(records)
        while batch := list(itertools.islice(iterator, self.batch_size)):
            batch_report = UpsertReport()
            seen_key_ids: dict[str, int] = {}
            with self._write_transaction() as connection:
                chunks = prepared_chunks(batch, batch_report, self._helper)
                seen_key_ids.update(write_chunks(connection, chunks, batch_report, self._key_ids))
            self._remember_key_ids(seen_key_ids)

            report.accepted += batch_report.accepted
            report.stale += batch_report.stale
            report.rejected.extend(batch_report.rejected)
            if on_batch is not None:
                on_batch(batch_report)
        return report

    def withdraw(self, kind: RecordKind, source: str, record_ids: Sequence[str]) -> int:
        """Withdraw records at once; return how many were active. The rows stay with status withdrawn."""
        with self._write_transaction() as connection:
            return withdraw_records(connection, RecordKind(kind).value, source, record_ids)

    # Reads.

    def get(self, kind: RecordKind, source: str, record_id: str, viewer_country: str | None = None) -> Record | None:
        """Return an active record that ``viewer_country`` may see, or None."""
        sharing, parameters = sharing_filter(viewer_country)
        with self._read_snapshot() as connection:
            row = connection.execute(
                "SELECT r.id, r.seq, r.status, b.body, b.analysis FROM records AS r "
                "JOIN record_bodies AS b ON b.id = r.id "
                f"WHERE r.kind = ? AND r.source = ? AND r.record_id = ? AND r.status = 'active' AND {sharing}",
                (RecordKind(kind).value, source, record_id, *parameters),
            ).fetchone()
        if row is None:
            return None
        return self._decode(*row)[0]

    def record_status(
        self, kind: RecordKind, source: str, record_id: str, viewer_country: str | None = None
    ) -> Status | None:
        """Return whether a record is active or withdrawn, or None when it does not exist for this viewer."""
        sharing, parameters = sharing_filter(viewer_country)
        row = self._reader().execute(
            f"SELECT r.status FROM records AS r WHERE r.kind = ? AND r.source = ? AND r.record_id = ? AND {sharing}",
            (RecordKind(kind).value, source, record_id, *parameters),
        ).fetchone()
        return Status(row[0]) if row else None

    def count(self, kind: RecordKind, source: str | None = None, viewer_country: str | None = None) -> int:
        """Count active records of a kind, optionally of one source, that ``viewer_country`` may see."""
        kind_value = RecordKind(kind).value
        connection = self._reader()
        if viewer_country is None:
            query = "SELECT coalesce(sum(count), 0) FROM record_counts WHERE kind = ? AND status = 'active'"
            parameters: list[Any] = [kind_value]
            if source is not None:
                query += " AND source = ?"
                parameters.append(source)
            return connection.execute(query, parameters).fetchone()[0]

        sharing, sharing_parameters = sharing_filter(viewer_country)
        query = f"SELECT count(*) FROM records AS r WHERE r.kind = ? AND r.status = 'active' AND {sharing}"
        parameters = [kind_value, *sharing_parameters]
        if source is not None:
            query += " AND r.source = ?"
            parameters.append(source)
        return connection.execute(query, parameters).fetchone()[0]

    def person_candidates(
        self,
        keys: Sequence[str],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[PersonCandidate]:
        """Return the active persons that share the most blocking keys with the query, at most ``limit``.

        Ties on the number of shared keys go to the older row, so the order is
        stable. Source and sharing filters run inside the query.

        A key with more than ``heavy_key_postings`` postings (a common given
        name with a common surname) does not bring in candidates when the query
        has lighter keys: it only adds to the count of persons that a lighter key
        found. A person who shares nothing but heavy keys with the query is then
        left out, because thousands of such namesakes tie and scanning them costs
        more than the rest of the search.
        """
        return self.person_candidates_batch([keys], sources=sources, viewer_country=viewer_country, limit=limit)[0]

    def person_candidates_batch(
        self,
        key_lists: Sequence[Sequence[str]],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[list[PersonCandidate]]:
        """Return ``person_candidates`` for each list of keys, read in one snapshot and decoded in one pass."""
        with self._read_snapshot() as connection:
            ranked_lists = [self._ranked_rows(connection, keys, sources, viewer_country, limit) for keys in key_lists]
            wanted = {row.row_id: row.sequence for ranked in ranked_lists for row in ranked}
            decoded = self._decode_rows(connection, list(wanted.items()))

        results: list[list[PersonCandidate]] = []
        for ranked in ranked_lists:
            candidates: list[PersonCandidate] = []
            for row in ranked:
                person, analysis = decoded[row.row_id]
                if isinstance(person, Person):
                    candidates.append(PersonCandidate(person=person, analysis=analysis, matched_keys=row.shared))
            results.append(candidates)
        return results

    # Candidates in two steps, for callers that score only the most promising ones
    # (see ``engine.federation``): ranked rows with their name analyses first, whole
    # records later for the rows that need them.

    def person_shortlist(
        self,
        keys: Sequence[str],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[RankedPerson]:
        """Return the rows ``person_candidates`` would return, with name analyses but without decoding records."""
        with self._read_snapshot() as connection:
            ranked = self._ranked_rows(connection, keys, sources, viewer_country, limit)
            return self._with_analyses(connection, ranked)

    def key_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """Return the ids of the keys that are stored; key rows are never renumbered."""
        distinct = sorted(set(keys))
        found: dict[str, int] = {}
        connection = self._reader()
        for start in range(0, len(distinct), 500):
            chunk = distinct[start : start + 500]
            found.update(
                connection.execute(f"SELECT key, id FROM index_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            )
        return found

    def _with_analyses(self, connection: sqlite3.Connection, ranked: Sequence[RankedPerson]) -> list[RankedPerson]:
        missing = [row for row in ranked if self._analyses.get(row.row_id, row.sequence) is None]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            sequences = {row.row_id: row.sequence for row in chunk}
            placeholders = ",".join("?" * len(chunk))
            # SQLite reads the few facts the score needs out of the record JSON, so the record is not decoded,
            # and hands them over with the analysis as one JSON array: ``[analysis, [birth dates, sex, nationalities]]``.
            for row_id, text in connection.execute(
                "SELECT id, '[' || analysis || ',' || json_extract(body, '$.birth_dates', '$.sex', '$.nationalities') || ']' "
                f"FROM record_bodies WHERE id IN ({placeholders}) AND analysis IS NOT NULL",
                list(sequences),
            ):
                self._analyses.put(row_id, sequences[row_id], analysis_and_facts(text))

        shortlisted = []
        for row in ranked:
            entry = self._analyses.get(row.row_id, row.sequence)
            if entry is not None:
                row.analysis, row.facts = entry
                shortlisted.append(row)
        return shortlisted

    def shortlisted_candidates(self, rows: Sequence[RankedPerson], viewer_country: str | None = None) -> list[PersonCandidate]:
        """Read the records of shortlisted rows that are still active and visible to ``viewer_country``.

        A row rewritten since it was ranked comes back as it is now, and is left
        out when its new sharing rule hides it from the viewer.
        """
        if not rows:
            return []
        sharing, sharing_parameters = sharing_filter(viewer_country)
        with self._read_snapshot() as connection:
            current: dict[int, int] = {}
            ids = [row.row_id for row in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                placeholders = ",".join("?" * len(chunk))
                current.update(
                    connection.execute(
                        f"SELECT r.id, r.seq FROM records AS r WHERE r.id IN ({placeholders}) AND r.status = 'active' AND {sharing}",
                        [*chunk, *sharing_parameters],
                    ).fetchall()
                )
            decoded = self._decode_rows(connection, list(current.items()))

        candidates = []
        for row in rows:
            if row.row_id not in decoded:
                continue
            person, analysis = decoded[row.row_id]
            if isinstance(person, Person):
                candidates.append(PersonCandidate(person=person, analysis=analysis, matched_keys=row.shared))
        return candidates

    def _ranked_rows(
        self,
        connection: sqlite3.Connection,
        keys: Sequence[str],
        sources: Sequence[str] | None,
        viewer_country: str | None,
        limit: int,
    ) -> list[RankedPerson]:
        """Rank active persons by the number of blocking keys they share with the query (see ``person_candidates``)."""
        distinct_keys = sorted(set(keys))
        if not distinct_keys or limit <= 0 or (sources is not None and not sources):
            return []

        light, heavy = self._split_keys(connection, distinct_keys)
        if not light:
            return []

        sharing, sharing_parameters = sharing_filter(viewer_country)
        source_filter, source_parameters = _source_filter(sources)
        heavy_count = "0"
        if heavy:
            heavy_count = (
                "(SELECT count(*) FROM postings AS h "
                f"WHERE h.key_id IN ({','.join('?' * len(heavy))}) AND h.row_id = s.row_id)"
            )
        query = (
            f"SELECT r.id, r.seq, s.shared + {heavy_count} AS shared FROM ("
            "  SELECT p.row_id AS row_id, count(*) AS shared FROM postings AS p"
            f"  WHERE p.key_id IN ({','.join('?' * len(light))}) GROUP BY p.row_id"
            ") AS s JOIN records AS r ON r.id = s.row_id "
            f"WHERE r.kind = 'person' AND r.status = 'active' AND {source_filter} AND {sharing} "
            "ORDER BY shared DESC, r.id LIMIT ?"
        )
        parameters = [*heavy, *light, *source_parameters, *sharing_parameters, limit]
        return [RankedPerson(row_id, sequence, shared) for row_id, sequence, shared in connection.execute(query, parameters)]

    def _split_keys(self, connection: sqlite3.Connection, keys: list[str]) -> tuple[list[int], list[int]]:
        """Return the ids of the stored keys, split into light and heavy ones; all are light when none is."""
        rows = connection.execute(
            f"SELECT id, postings FROM index_keys WHERE key IN ({','.join('?' * len(keys))}) AND postings > 0", keys
        ).fetchall()
        light = [key_id for key_id, postings in rows if postings <= self.heavy_key_postings]
        heavy = [key_id for key_id, postings in rows if postings > self.heavy_key_postings]
        if not light:
            return heavy, []
        return light, heavy

    def find_documents(
        self,
        number: str,
        issuing_country: str | None = None,
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 50,
    ) -> list[TravelDocument]:
        """Return active travel documents with this number; those of ``issuing_country`` come first."""
        found = self._lookup(RecordKind.TRAVEL_DOCUMENT, document_keys(number, issuing_country), sources, viewer_country, limit)
        return [record for record in found if isinstance(record, TravelDocument)]

    def find_vehicles(
        self,
        *,
        vin: str | None = None,
        plate: str | None = None,
        plate_country: str | None = None,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 50,
    ) -> list[Vehicle]:
        """Return active vehicles with this VIN or plate; a plate of ``plate_country`` comes first."""
        keys = vehicle_keys(vin, plate, plate_country)
        found = self._lookup(RecordKind.VEHICLE, keys, sources, viewer_country, limit)
        return [record for record in found if isinstance(record, Vehicle)]

    def name_part_frequency(self, part: str) -> int:
        row = self._reader().execute("SELECT count FROM name_parts WHERE part = ?", (part,)).fetchone()
        return row[0] if row else 0

    def active_persons(self) -> int:
        return self._meta(ACTIVE_PERSONS)

    def name_frequencies(self) -> IndexFrequencies:
        return IndexFrequencies(self)

    def stats(self) -> dict[str, Any]:
        """Return counts per kind, source and status, the number of active persons and the write sequence."""
        rows = self._reader().execute(
            "SELECT kind, source, status, count FROM record_counts WHERE count > 0 ORDER BY kind, source, status"
        ).fetchall()
        counts: dict[str, dict[str, dict[str, int]]] = {}
        for kind, source, status, count in rows:
            counts.setdefault(kind, {}).setdefault(source, {})[status] = count
        return {
            "backend": self.name,
            "path": str(self.path),
            "counts": counts,
            "active_persons": self._meta(ACTIVE_PERSONS),
            "write_sequence": self._meta(WRITE_SEQUENCE),
        }

    def close(self) -> None:
        if self._helper is not None:
            self._helper.close()
        with self._connections_lock:
            self._closed = True
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    # Internals.

    def _connect(self) -> sqlite3.Connection:
        with self._connections_lock:
            if self._closed:
                raise RuntimeError(f"embedded index {self.path} is closed")
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            configure(connection)
            self._connections.append(connection)
            return connection

    def _reader(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        return connection

    def _write_transaction(self) -> _Transaction:
        return _Transaction(self._writer, "BEGIN IMMEDIATE", self._write_lock)

    def _read_snapshot(self) -> _Transaction:
        return _Transaction(self._reader(), "BEGIN", None)

    def _remember_key_ids(self, key_ids: dict[str, int]) -> None:
        """Keep committed key ids to skip looking them up again; key rows are never deleted or renumbered."""
        if len(self._key_ids) + len(key_ids) > MAX_REMEMBERED_KEY_IDS:
            self._key_ids = {}
        self._key_ids.update(key_ids)

    def _meta(self, name: str) -> int:
        row = self._reader().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else 0

    def _lookup(
        self,
        kind: RecordKind,
        keys: list[str],
        sources: Sequence[str] | None,
        viewer_country: str | None,
        limit: int,
    ) -> list[Record]:
        if not keys or limit <= 0 or (sources is not None and not sources):
            return []

        sharing, sharing_parameters = sharing_filter(viewer_country)
        source_filter, source_parameters = _source_filter(sources)
        # CROSS JOIN keeps postings as the outer loop: without it SQLite may walk every record of the kind.
        query = (
            "SELECT r.id, r.seq, count(*) AS shared FROM postings AS p CROSS JOIN records AS r ON r.id = p.row_id "
            f"WHERE p.key_id IN (SELECT id FROM index_keys WHERE key IN ({','.join('?' * len(keys))})) "
            "AND r.kind = ? AND r.status = 'active' "
            f"AND {source_filter} AND {sharing} "
            "GROUP BY r.id ORDER BY shared DESC, r.id LIMIT ?"
        )
        parameters = [*keys, kind.value, *source_parameters, *sharing_parameters, limit]
        with self._read_snapshot() as connection:
            ranked = connection.execute(query, parameters).fetchall()
            decoded = self._decode_rows(connection, [(row_id, sequence) for row_id, sequence, _ in ranked])
        return [decoded[row_id][0] for row_id, _, _ in ranked]

    def _decode_rows(self, connection: sqlite3.Connection, rows: list[tuple[int, int]]) -> dict[int, tuple[Record, Any]]:
        """Decode the given rows, reading from the database only those not cached at their current sequence."""
        decoded: dict[int, tuple[Record, Any]] = {}
        missing: dict[int, int] = {}
        for row_id, sequence in rows:
            cached = self._decoded.get(row_id, sequence)
            if cached is None:
                missing[row_id] = sequence
            else:
                decoded[row_id] = cached

        ids = list(missing)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            placeholders = ",".join("?" * len(chunk))
            for row_id, body, analysis in connection.execute(
                f"SELECT id, body, analysis FROM record_bodies WHERE id IN ({placeholders})", chunk
            ):
                decoded[row_id] = self._decode(row_id, missing[row_id], Status.ACTIVE.value, body, analysis)
        return decoded

    def _decode(self, row_id: int, sequence: int, status: str, body: str, analysis: str | None) -> tuple[Record, Any]:
        cached = self._decoded.get(row_id, sequence)
        if cached is not None:
            return cached

        record = record_from_json(body)
        record.status = Status(status)
        loaded_analysis = load_analysis(analysis) if analysis else None
        self._decoded.put(row_id, sequence, record, loaded_analysis)
        return record, loaded_analysis


class _Transaction:
    """A context manager that opens a transaction and commits it, or rolls it back on any exception."""

    def __init__(self, connection: sqlite3.Connection, begin: str, lock: threading.Lock | None) -> None:
        self._connection = connection
        self._begin = begin
        self._lock = lock

    def __enter__(self) -> sqlite3.Connection:
        if self._lock is not None:
            self._lock.acquire()
        try:
            self._connection.execute(self._begin)
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        return self._connection

    def __exit__(self, error_type: type[BaseException] | None, error: BaseException | None, traceback: Any) -> None:
        try:
            if error_type is None:
                self._connection.execute("COMMIT")
        finally:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            if self._lock is not None:
                self._lock.release()


def sharing_filter(viewer_country: str | None) -> tuple[str, list[str]]:
    """Return the SQL condition on ``r`` that keeps the records ``viewer_country`` may see, and its parameters."""
    if viewer_country is None:
        return "1", []
    viewer = viewer_country.upper()
    condition = (
        "(r.owner = ? OR r.scope = 'all' OR (r.scope = 'countries' AND instr(r.countries, ?) > 0))"
    )
    return condition, [viewer, f",{viewer},"]


def _source_filter(sources: Sequence[str] | None) -> tuple[str, list[str]]:
    if sources is None:
        return "1", []
    distinct = sorted(set(sources))
    return f"r.source IN ({','.join('?' * len(distinct))})", distinct
