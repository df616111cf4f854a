"""The Elasticsearch and OpenSearch backend: the embedded index's contract, kept by a search engine.

The same class serves both engines; only the ``EngineClient`` differs.
Differences from the embedded index that callers should know:

- A batch is not atomic: the engine acknowledges each record on its own.
  ``upsert`` reports every record that was not acknowledged as rejected, with
  the engine's reason, and never counts it as accepted.
- Reads see writes after a refresh. ``withdraw`` refreshes before it returns,
  so a withdrawn record leaves search at once; ``upsert`` refreshes at the end
  of the call unless ``refresh_on_write`` is off (bulk loads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from engine.index.base import PersonCandidate, RejectedRecord, UpsertReport
from engine.index.indexed_person import load_analysis
from engine.index.lookup_keys import document_keys, vehicle_keys
from engine.index.preparation import prepared_chunks
from engine.index.record_json import record_facts
from engine.index.search_engine import queries
from engine.index.search_engine.bulk import BulkIndexer, BulkItem
from engine.index.search_engine.client import EngineClient, EngineError
from engine.index.search_engine.documents import (
    document_id,
    engine_version,
    id_problem,
    record_from_document,
    to_document,
    withdrawn_document,
    withdrawn_engine_version,
)
from engine.index.search_engine.layout import IndexLayout, ensure_index
from engine.index.search_engine.read_retry import RetryingReads
from engine.index.sqlite_writes import PreparedRecord
from engine.records import Person, Record, RecordKind, Status, TravelDocument, Vehicle
from engine.scoring.scorer import RecordFacts

log = logging.getLogger("cruce.engine")

VERSION_TYPE = "external_gte"


class EngineFrequencies:
    """Name-part frequencies in the shape the scorer reads: ``frequency(part)`` and ``total`` active persons."""

    def __init__(self, backend: SearchEngineBackend) -> None:
        self._backend = backend
        self.total = backend.active_persons()

    def frequency(self, part: str) -> int:
        return self._backend.name_part_frequency(part)


class SearchEngineBackend:
    """An index of records kept in Elasticsearch or OpenSearch, one versioned index per record kind."""

    remote = True  # each read is a network round trip, so batch callers send one ``_msearch``

    def __init__(
        self,
        client: EngineClient,
        *,
        prefix: str = "cruce",
        replicas: int | None = None,
        batch_size: int = 1000,
        refresh_on_write: bool = True,
        indexer: BulkIndexer | None = None,
    ) -> None:
        self.name = client.engine
        self.client = RetryingReads(client)
        self.layout = IndexLayout(prefix)
        self._batch_size = batch_size
        self._refresh_on_write = refresh_on_write
        self._indexer = indexer or BulkIndexer(client, batch_size=batch_size)
        for kind in RecordKind:
            ensure_index(client, self.layout, kind, replicas=replicas)

    def upsert(
        self,
        records: Iterable[Record],
        *,
        on_batch: Callable[[UpsertReport], None] | None = None,
    ) -> UpsertReport:
        """Send records in batches; ``on_batch`` gets each batch's report once the engine has acknowledged or rejected it."""
        report = UpsertReport()
        touched: set[RecordKind] = set()

        for chunk in _chunks(records, self._batch_size):
            batch_report = UpsertReport()
            prepared = [entry for part in prepared_chunks(list(chunk), batch_report, None) for entry in part]
            items = []
            for entry in prepared:
                problem = id_problem(entry.record.source, entry.record.record_id)
                if problem:
                    batch_report.rejected.append(RejectedRecord(entry.record.record_id, problem))
                else:
                    items.append(self._index_item(entry))

            outcome = self._indexer.send(items)
            batch_report.accepted += len(outcome.accepted)
            batch_report.stale += len(outcome.stale)
            batch_report.rejected.extend(outcome.rejected)
            touched.update(entry.record.kind for entry in prepared)

            report.accepted += batch_report.accepted
            report.stale += batch_report.stale
            report.rejected.extend(batch_report.rejected)
            if on_batch is not None:
                on_batch(batch_report)

        if self._refresh_on_write:
            for kind in touched:
                self._refresh_after_write(kind)
        return report

    def _refresh_after_write(self, kind: RecordKind) -> None:
        """Refresh so new writes are searchable; the writes are already acknowledged, so a failure only delays them."""
        try:
            self.client.refresh(self.layout.alias(kind))
        except EngineError as error:
            log.warning("refresh after write failed kind=%s status=%s error=%s; the engine refreshes on its own interval", kind.value, error.status, error)

    def withdraw(self, kind: RecordKind, source: str, record_ids: Sequence[str]) -> int:
        """Mark active records withdrawn and refresh, so they leave search before this returns; return how many changed.

        Raises EngineError when the engine did not acknowledge a withdrawal: a
        withdrawal is never dropped silently.
        """
        alias = self.layout.alias(kind)
        distinct = list(dict.fromkeys(record_ids))
        if not distinct:
            return 0

        stored = self.client.mget(alias, [document_id(source, record_id) for record_id in distinct])
        items = [
            self._withdraw_item(alias, found)
            for found in stored
            if found.get("found") and found["_source"].get("status") == Status.ACTIVE.value
        ]
        outcome = self._indexer.send(items, refresh=True)
        if outcome.rejected:
            reasons = "; ".join(f"{item.record_id}: {item.reason}" for item in outcome.rejected)
            raise EngineError(f"withdrawal not acknowledged for {len(outcome.rejected)} record(s): {reasons}", None)
        return len(outcome.accepted)

    def get(self, kind: RecordKind, source: str, record_id: str, viewer_country: str | None = None) -> Record | None:
        response = self.client.search(self.layout.alias(kind), queries.record_body(source, record_id, viewer_country))
        found = queries.hits(response)
        return record_from_document(found[0]["_source"]) if found else None

    def count(self, kind: RecordKind, source: str | None = None, viewer_country: str | None = None) -> int:
        return self.client.count(self.layout.alias(kind), queries.count_body(source, viewer_country))

    def person_candidates(
        self,
        keys: Sequence[str],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[PersonCandidate]:
        if not keys or limit <= 0 or (sources is not None and not sources):
            return []

        body = queries.candidates_body(keys, sources, viewer_country, limit)
        response = self.client.search(self.layout.alias(RecordKind.PERSON), body)
        return [_candidate(hit) for hit in queries.hits(response)]

    def person_candidates_batch(
        self,
        key_lists: Sequence[Sequence[str]],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[list[PersonCandidate]]:
        """Candidates for many queries in one ``_msearch`` request, in the order of ``key_lists``."""
        asked = [position for position, keys in enumerate(key_lists) if keys]
        results: list[list[PersonCandidate]] = [[] for _ in key_lists]
        if not asked or limit <= 0 or (sources is not None and not sources):
            return results

        bodies = [queries.candidates_body(key_lists[position], sources, viewer_country, limit) for position in asked]
        response = self.client.msearch(queries.msearch_lines(self.layout.alias(RecordKind.PERSON), bodies))
        for position, found in zip(asked, queries.msearch_hits(response), strict=True):
            results[position] = [_candidate(hit) for hit in found]
        return results

    # Candidates in two steps, as the embedded index offers them (see ``engine.federation.best_candidates``):
    # the hits arrive whole, but a record is rebuilt only when its score bound can still reach the best hits.

    def person_shortlist(
        self,
        keys: Sequence[str],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[ShortlistedHit]:
        """Return the hits ``person_candidates`` would return, with name analyses and score facts, records not rebuilt."""
        if not keys or limit <= 0 or (sources is not None and not sources):
            return []
        body = queries.candidates_body(keys, sources, viewer_country, limit)
        return [_shortlisted(hit) for hit in queries.hits(self.client.search(self.layout.alias(RecordKind.PERSON), body))]

    def shortlisted_candidates(self, rows: Sequence[ShortlistedHit], viewer_country: str | None = None) -> list[PersonCandidate]:
        """Rebuild the records of shortlisted hits; the search that found them already applied the viewer's sharing filter."""
        return [_candidate(row.hit) for row in rows]

    def find_documents(
        self,
        number: str,
        issuing_country: str | None = None,
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 50,
    ) -> list[TravelDocument]:
        """Active travel documents with this number; those of ``issuing_country`` come first."""
        keys = document_keys(number, issuing_country)
        found = self._lookup(RecordKind.TRAVEL_DOCUMENT, keys, sources, viewer_country, limit)
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
        """Active vehicles with this VIN or plate; a plate of ``plate_country`` comes first."""
        keys = vehicle_keys(vin, plate, plate_country)
        found = self._lookup(RecordKind.VEHICLE, keys, sources, viewer_country, limit)
        return [record for record in found if isinstance(record, Vehicle)]

    def record_status(
        self, kind: RecordKind, source: str, record_id: str, viewer_country: str | None = None
    ) -> Status | None:
        """Return whether a record is active or withdrawn, or ``None`` when it does not exist for this viewer."""
        response = self.client.search(self.layout.alias(kind), queries.status_body(source, record_id, viewer_country))
        found = queries.hits(response)
        return Status(found[0]["_source"]["status"]) if found else None

    def name_part_frequency(self, part: str) -> int:
        return self.client.count(self.layout.alias(RecordKind.PERSON), queries.name_part_body(part))

    def active_persons(self) -> int:
        return self.client.count(self.layout.alias(RecordKind.PERSON), queries.active_persons_body())

    def name_frequencies(self) -> EngineFrequencies:
        return EngineFrequencies(self)

    def stats(self) -> dict[str, Any]:
        """Counts per kind, source and status, and the number of active persons, as the embedded index reports them."""
        counts: dict[str, dict[str, dict[str, int]]] = {}
        for kind in RecordKind:
            found = queries.counts(self.client.search(self.layout.alias(kind), queries.counts_body()))
            if found:
                counts[kind.value] = found
        return {
            "backend": self.name,
            "indices": {kind.value: self.layout.alias(kind) for kind in RecordKind},
            "counts": counts,
            "active_persons": self.active_persons(),
        }

    def refresh(self) -> None:
        for kind in RecordKind:
            self.client.refresh(self.layout.alias(kind))

    def close(self) -> None:
        self.client.close()

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

        response = self.client.search(self.layout.alias(kind), queries.lookup_body(keys, sources, viewer_country, limit))
        return [record_from_document(hit["_source"]) for hit in queries.hits(response)]

    def _index_item(self, prepared: PreparedRecord) -> BulkItem:
        record = prepared.record
        action = {
            "index": {
                "_index": self.layout.alias(record.kind),
                "_id": document_id(record.source, record.record_id),
                "version": engine_version(record.version, record.status),
                "version_type": VERSION_TYPE,
            }
        }
        return BulkItem(record.record_id, action, to_document(prepared))

    def _withdraw_item(self, alias: str, stored: dict[str, Any]) -> BulkItem:
        action = {
            "index": {
                "_index": alias,
                "_id": stored["_id"],
                "version": withdrawn_engine_version(int(stored["_version"])),
                "version_type": VERSION_TYPE,
            }
        }
        return BulkItem(stored["_source"]["record_id"], action, withdrawn_document(stored["_source"]))


@dataclass(slots=True)
class ShortlistedHit:
    """A person hit before its record is rebuilt: the raw hit, its name analysis and the facts its score reads."""

    hit: dict[str, Any]
    analysis: Any
    facts: RecordFacts


def _shortlisted(hit: dict[str, Any]) -> ShortlistedHit:
    stored = hit["_source"]
    record = stored["record"]
    facts = record_facts([record.get("birth_dates"), record.get("sex"), record.get("nationalities")])
    return ShortlistedHit(hit, load_analysis(stored["analysis"]), facts)


def _candidate(hit: dict[str, Any]) -> PersonCandidate:
    person = record_from_document(hit["_source"])
    if not isinstance(person, Person):
        raise RuntimeError(f"document {hit.get('_id')} in the persons index is not a person")
    return PersonCandidate(person, load_analysis(hit["_source"]["analysis"]), queries.matched_keys(hit))


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk
