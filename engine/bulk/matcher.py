"""Matching input rows against every visible source, in batches, across worker processes, in input order.

Each worker process opens its own Runtime (its own SQLite connections: a
connection never crosses a process) and matches whole batches: blocking keys
for every row, candidates per source (one ``person_candidates_batch`` call when
the backend has it, ``_msearch`` for the search engines), then the officer
search's scorer. A worker renders its rows' output text itself, so the parent
only writes bytes. At most ``2 × workers`` batches are in flight, so memory
stays bounded whatever the input size, and batches come back in input order.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from typing import Any

from engine.bulk.input import InputRow
from engine.bulk.output import (
    RowHit,
    RowOutcome,
    render_error,
    render_hits,
    short_explanation,
)
from engine.bulk.row_query import row_query
from engine.federation import BAND_ORDER, Hit, best_candidates, group_copies
from engine.i18n import UserError
from engine.index.base import Backend, PersonCandidate
from engine.index.postings_snapshot import PostingsSnapshot
from engine.index.sqlite_schema import MMAP_ENV
from engine.names import query_blocking_keys
from engine.names.folding import strip_control
from engine.runtime import Runtime
from engine.scoring import PreparedQuery, prepare_query, score_prepared

DEFAULT_BATCH_SIZE = 200
# NOTE: far lower than the officer search's 300. A bulk row reports its top k
# hits (3 by default), and snapshots rank candidates by the rarity-weighted keys
# they share, so the truth is rarely far down the list. Reading and bounding
# candidates is most of a row's cost. Measured on 3,000 list rows against 1M
# generated persons: recall at possible 0.925 with 30 candidates, 0.932 with 60,
# at 2.1 and 3.1 ms per row.
DEFAULT_CANDIDATE_LIMIT = 30
# NOTE: both estimates come from 6,000 list rows against 1M generated persons.
# A candidate whose key weight is below 60% of the row's best one almost never
# reaches the possible band: recall 0.9207 without the floor, 0.9205 with it,
# for a fifth less time per row. Keys of more than 2,000 postings only add to
# the weight of persons that rarer keys found: recall 0.9196 against 0.9200
# with 5,000, for a tenth less time per row.
SHORTLIST_FLOOR = 0.6
SHORTLIST_HEAVY_KEY_POSTINGS = 2_000
MAX_K = 20
CANDIDATES_ENV = "CRUCE_BULK_CANDIDATES"
GC_THRESHOLD = 100_000
_PR_SET_PDEATHSIG = 1


def candidate_limit() -> int:
    """Candidates per row and source: CRUCE_BULK_CANDIDATES, else the default."""
    return int(os.environ.get(CANDIDATES_ENV, DEFAULT_CANDIDATE_LIMIT))


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Settings every worker needs to match and render rows (picklable)."""

    config_path: str | None = None
    sources: tuple[str, ...] | None = None
    viewer_country: str | None = None
    k: int = 3
    min_band: str = "possible"
    output_format: str = "csv"
    language: str = "es"
    candidate_limit: int = DEFAULT_CANDIDATE_LIMIT
    # Source name and directory of each postings snapshot built for the job (``engine.bulk.snapshots``).
    snapshots: tuple[tuple[str, str], ...] = ()


class _CachedFrequencies:
    """Name-part frequencies of one backend, cached across rows for the life of a worker."""

    def __init__(self, inner: Any, capacity: int = 200_000) -> None:
        self._inner = inner
        self._cache: dict[str, int] = {}
        self._capacity = capacity
        self.total = inner.total

    def frequency(self, part: str) -> int:
        cached = self._cache.get(part)
        if cached is None:
            if len(self._cache) >= self._capacity:
                self._cache.clear()
            cached = self._inner.frequency(part)
            self._cache[part] = cached
        return cached


class BulkMatcher:
    """Matches batches of rows with one open Runtime; used inside each worker process."""

    def __init__(self, runtime: Runtime, settings: MatchSettings) -> None:
        self.runtime = runtime
        self.settings = settings
        self._sources = [source.name for source in runtime.config.select(list(settings.sources) if settings.sources else None)]
        self._frequencies: dict[str, _CachedFrequencies] = {}
        self._floor = BAND_ORDER[settings.min_band]
        self._snapshots = {source: PostingsSnapshot.open(directory) for source, directory in settings.snapshots}

    def match_batch(self, rows: Sequence[InputRow]) -> list[RowOutcome]:
        """Match and render a batch; a row that fails becomes an errors-file entry, never a lost row."""
        prepared: list[tuple[InputRow, PreparedQuery, list[str]] | None] = []
        outcomes: dict[int, RowOutcome] = {}
        for row in rows:
            if row.problem is not None:
                outcomes[row.index] = self._error(row, *row.problem)
                prepared.append(None)
                continue
            try:
                query, parsed = row_query(row.values)
                ready = prepare_query(query, parsed)
            except UserError as error:
                outcomes[row.index] = self._error(row, error.key, error.params)
                prepared.append(None)
                continue
            birth_year = query.birth_date.year if query.birth_date is not None else None
            prepared.append((row, ready, list(query_blocking_keys(ready.parsed, birth_year))))

        hits = self._hits([item for item in prepared if item is not None])
        for item in prepared:
            if item is None:
                continue
            row = item[0]
            outcomes[row.index] = self._render(row, item[1], hits.get(row.index, []))
        return [outcomes[row.index] for row in rows]

    def _hits(self, prepared: list[tuple[InputRow, PreparedQuery, list[str]]]) -> dict[int, list[RowHit]]:
        scored: dict[int, list[Hit]] = {row.index: [] for row, _, _ in prepared}
        for source in self._sources:
            backend = self.runtime.backends[source]
            frequencies = self._frequencies_of(source, backend)
            # The embedded index reads and scores only the candidates that can reach a row's top k.
            # A search engine serves a batch of rows with one ``_msearch``, which costs less than a shortlist request per row.
            two_step = getattr(type(backend), "person_shortlist", None) is not None and not getattr(type(backend), "remote", False)
            rest = [item for item in prepared if not two_step or item[1].identifiers]
            if two_step:
                shortlists = self._shortlists(source, backend, [(ready, keys) for _, ready, keys in prepared])
                for (row, ready, keys), shortlist in zip(prepared, shortlists, strict=True):
                    if ready.identifiers:
                        continue
                    best, _ = best_candidates(
                        backend, source, ready, keys, self.settings.viewer_country,
                        self.settings.candidate_limit, self.settings.k, frequencies, rows=shortlist,
                    )
                    self._keep(scored[row.index], source, best)

            candidate_lists = self._candidates(backend, source, [keys for _, _, keys in rest])
            for (row, ready, _), candidates in zip(rest, candidate_lists, strict=True):
                matches = [(candidate, score_prepared(ready, candidate.person, candidate.analysis, frequencies)) for candidate in candidates]
                self._keep(scored[row.index], source, matches)

        return {index: self._top(found) for index, found in scored.items()}

    def _shortlists(self, source: str, backend: Any, queries: list[tuple[PreparedQuery, list[str]]]) -> list[list[Any] | None]:
        """Rank each row's candidates in the source's postings snapshot; None where there is none (SQL ranks them)."""
        snapshot = self._snapshots.get(source)
        if snapshot is None:
            return [None] * len(queries)

        key_ids = backend.key_ids(key for ready, keys in queries if not ready.identifiers for key in keys)
        shortlists: list[list[Any] | None] = []
        for ready, keys in queries:
            if ready.identifiers:
                shortlists.append(None)
                continue
            ranked = snapshot.ranked(
                [key_ids[key] for key in keys if key in key_ids],
                limit=self.settings.candidate_limit,
                heavy_key_postings=SHORTLIST_HEAVY_KEY_POSTINGS,
                weighted=True,
                floor_fraction=SHORTLIST_FLOOR,
            )
            shortlists.append(snapshot.analysed(ranked))
        return shortlists

    def _keep(self, found: list[Hit], source: str, matches: list[tuple[PersonCandidate, Any]]) -> None:
        for candidate, match in matches:
            if BAND_ORDER.get(str(match.band), 0) >= self._floor:
                found.append(Hit(source, candidate.person.owner, candidate.person, match))

    def _top(self, found: list[Hit]) -> list[RowHit]:
        # A synced copy and its national original are one person: keep the original, as the officer search does.
        grouped = group_copies(found)
        grouped.sort(key=lambda hit: (-hit.score, hit.source, hit.record.record_id))
        hits = []
        for rank, hit in enumerate(grouped[: self.settings.k], start=1):
            person, match = hit.record, hit.match
            notice = person.notice
            notice_text = " ".join(str(part) for part in (notice.kind, notice.reference, notice.program) if part) if notice else ""
            hits.append(
                RowHit(
                    rank=rank,
                    score=round(float(match.score), 4),
                    band=str(match.band),
                    source=hit.source,
                    owner=person.owner,
                    record_id=person.record_id,
                    matched_name=match.matched_name or person.display_name(),
                    birth_dates=[str(date) for date in person.birth_dates],
                    notice=notice_text,
                    explanation=short_explanation(match.explanation, self.settings.language),
                    also_in=hit.also_in,
                )
            )
        return hits

    def _candidates(self, backend: Backend, source: str, key_lists: list[list[str]]) -> list[list[PersonCandidate]]:
        if not key_lists:
            return []
        limit = self.settings.candidate_limit
        viewer = self.settings.viewer_country
        batch = getattr(backend, "person_candidates_batch", None)
        if batch is not None:
            return batch(key_lists, sources=[source], viewer_country=viewer, limit=limit)
        return [backend.person_candidates(keys, sources=[source], viewer_country=viewer, limit=limit) for keys in key_lists]

    def _frequencies_of(self, source: str, backend: Backend) -> _CachedFrequencies:
        cached = self._frequencies.get(source)
        if cached is None:
            name_frequencies = getattr(backend, "name_frequencies", None)
            if name_frequencies is not None:
                inner = name_frequencies()
            else:
                from engine.federation import _CountedFrequencies

                inner = _CountedFrequencies(backend)
            cached = _CachedFrequencies(inner)
            self._frequencies[source] = cached
        return cached

    def _render(self, row: InputRow, ready: PreparedQuery, hits: list[RowHit]) -> RowOutcome:
        birth = str(ready.query.birth_date) if ready.query.birth_date else ""
        text = render_hits(
            self.settings.output_format, row.index, row.line, strip_control(row.values.get("reference", "")),
            strip_control(ready.query.name), birth, hits,
            self.settings.language,
        )
        bands: dict[str, int] = {}
        for hit in hits:
            bands[hit.band] = bands.get(hit.band, 0) + 1
        best = hits[0].band if hits else None
        return RowOutcome(row.index, output=text, bands=bands, best_band=best)

    def _error(self, row: InputRow, key: str, params: dict[str, Any]) -> RowOutcome:
        return RowOutcome(row.index, error=render_error(row.index, row.line, key, params, self.settings.language))


# Worker processes.

_worker_matcher: BulkMatcher | None = None


def die_with_parent() -> None:
    """Ask Linux to kill this process when the process that started it dies, even by SIGKILL.

    Without it, the workers of a runner killed with ``kill -9`` wait on their
    task queue forever, holding the job's snapshot files open.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the worker may outlive its parent
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the parent died before the request took effect
        os._exit(1)


def _start_worker(settings: MatchSettings) -> None:
    global _worker_matcher
    die_with_parent()
    # Mapped index pages would count as each worker's memory; the page cache keeps them warm anyway.
    os.environ.setdefault(MMAP_ENV, "0")
    _worker_matcher = BulkMatcher(Runtime.open(settings.config_path), settings)
    tune_collector()


def tune_collector() -> None:
    """Collect garbage less often in a matching process.

    Matching allocates many short-lived objects while the caches hold hundreds
    of thousands of long-lived ones, and every full collection walks them all
    again. With the default thresholds that took a fifth of a row's time. The
    objects made so far are moved out of the collector's sight.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 50, 100)


def _match_in_worker(rows: list[InputRow]) -> list[RowOutcome]:
    assert _worker_matcher is not None, "worker started without a matcher"
    return _worker_matcher.match_batch(rows)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def batched(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def match_stream(
    rows: Iterable[InputRow],
    settings: MatchSettings,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    runtime: Runtime | None = None,
) -> Iterator[list[RowOutcome]]:
    """Yield the outcomes of ``rows`` batch by batch, in input order.

    ``workers`` > 1 matches in that many spawned processes; 1 matches in this
    process, with ``runtime`` when given.
    """
    if workers <= 1:
        owned = runtime is None
        opened = runtime or Runtime.open(settings.config_path)
        matcher = BulkMatcher(opened, settings)
        tune_collector()
        try:
            for batch in batched(rows, batch_size):
                yield matcher.match_batch(batch)
        finally:
            if owned:
                opened.close()
        return

    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(settings,)
    )
    in_flight: deque[Future[list[RowOutcome]]] = deque()
    try:
        for batch in batched(rows, batch_size):
            in_flight.append(executor.submit(_match_in_worker, batch))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
