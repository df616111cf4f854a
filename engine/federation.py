"""Federation: one officer query searched in every visible source at once, hits merged and ranked.

Each source is searched in a worker thread with its own time budget (the
source's ``timeout_ms``). A source that raises or runs past its budget is listed
in ``FederatedResult.missing`` while the other sources still return hits, so a
slow or failed source gives partial results marked as such, never an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from engine.index.base import Backend
from engine.names import query_blocking_keys
from engine.records import Person, Record, RecordKind, Status
from engine.scoring import Band, PersonQuery, PreparedQuery, prepare_query, score_prepared, score_upper_bound
from engine.sources import SourceConfig, SourcesConfig, UnknownSource

log = logging.getLogger(__name__)

DEFAULT_CANDIDATE_LIMIT = 300
# Hits kept per source beyond the ``limit`` asked for, in case a synced copy folds into its original.
EXTRA_HITS_PER_SOURCE = 5
# Shortlisted candidates read and scored at a time while their score bounds can still reach the best hits.
SCORING_ROUND = 12

# Bands from weakest to strongest; a hit passes ``min_band`` when its band is at least as strong.
BAND_ORDER = {"weak": 0, "possible": 1, "strong": 2}


@dataclass(slots=True)
class Hit:
    """A scored record from one source."""

    source: str
    owner: str
    record: Person
    match: Any  # engine.scoring.Match: score, band, explanation
    # Other sources where the same record was found: {"source": ..., "record_id": ...} (a synced copy or its original).
    also_in: list[dict[str, str]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return float(self.match.score)


@dataclass(slots=True)
class MissingSource:
    """A source that gave no results for this query, and why: ``timeout`` or ``error``."""

    source: str
    reason: str
    detail: str = ""


@dataclass(slots=True)
class FederatedResult:
    hits: list[Hit] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)
    missing: list[MissingSource] = field(default_factory=list)
    candidates: int = 0

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(slots=True)
class RecordReadBack:
    """The result of reading one record: ``active`` with the record, ``withdrawn``, or ``not_found``."""

    status: str
    record: Record | None = None


@dataclass(slots=True)
class _SourceAnswer:
    hits: list[Hit]
    candidates: int


class Federation:
    """Searches a set of configured sources through their backends."""

    def __init__(
        self,
        sources: SourcesConfig | Mapping[str, SourceConfig],
        backends: Mapping[str, Backend],
        *,
        candidate_limit: int = DEFAULT_CANDIDATE_LIMIT,
        max_workers: int | None = None,
    ) -> None:
        self._sources = dict(sources.sources if isinstance(sources, SourcesConfig) else sources)
        missing_backends = [name for name in self._sources if name not in backends]
        if missing_backends:
            raise ValueError(f"no backend given for source {missing_backends[0]!r}")

        self._backends = dict(backends)
        self._candidate_limit = candidate_limit
        # NOTE: a thread cannot be stopped, so a source that overruns its budget
        # keeps a worker busy until its backend call returns.
        workers = max_workers or max(4, 4 * len(self._sources))
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cruce-source")
        # Called with (source, seconds, outcome) after each source search; outcome is ok, error or timeout.
        self.on_source_done: Callable[[str, float, str], None] | None = None

    @property
    def source_names(self) -> list[str]:
        return list(self._sources)

    def source(self, name: str) -> SourceConfig:
        if name not in self._sources:
            raise UnknownSource(name, self.source_names)
        return self._sources[name]

    def search_persons(
        self,
        query: PersonQuery,
        *,
        viewer_country: str | None,
        sources: Sequence[str] | None = None,
        limit: int = 10,
        min_band: Band | str | None = None,
    ) -> FederatedResult:
        """Search persons in every requested source (all by default) and return the best ``limit`` hits.

        Raises UnknownSource for a source name that is not configured.
        """
        selected = self._select(sources)
        prepared = prepare_query(query)
        birth_year = query.birth_date.year if query.birth_date is not None else None
        keys = list(query_blocking_keys(prepared.parsed, birth_year))
        started = time.monotonic()

        futures = {
            source.name: self._executor.submit(self._search_source, source, prepared, keys, viewer_country, limit)
            for source in selected
        }

        result = FederatedResult(searched=[source.name for source in selected])
        for source in sorted(selected, key=lambda item: item.timeout_ms):
            answer = self._collect(source, futures[source.name], started, result)
            if answer is not None:
                result.hits.extend(answer.hits)
                result.candidates += answer.candidates

        result.hits = _rank(group_copies(result.hits), min_band)[:limit]
        return result

    def get_record(
        self, kind: RecordKind | str, source: str, record_id: str, viewer_country: str | None
    ) -> RecordReadBack:
        """Read one record back; a record the viewer may not see reads as ``not_found``."""
        backend = self._backends[self.source(source).name]
        record_kind = RecordKind(kind)
        record = backend.get(record_kind, source, record_id, viewer_country)
        if record is not None:
            return RecordReadBack(Status.ACTIVE.value, record)

        record_status = getattr(backend, "record_status", None)
        if record_status is not None and record_status(record_kind, source, record_id, viewer_country) is Status.WITHDRAWN:
            return RecordReadBack(Status.WITHDRAWN.value)
        return RecordReadBack("not_found")

    def close(self) -> None:
        """Stop the worker threads; the backends belong to the caller and stay open."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _select(self, names: Sequence[str] | None) -> list[SourceConfig]:
        if names is None:
            return list(self._sources.values())
        return [self.source(name) for name in dict.fromkeys(names)]

    def _search_source(
        self, source: SourceConfig, prepared: PreparedQuery, keys: list[str], viewer_country: str | None, limit: int
    ) -> _SourceAnswer:
        """Retrieve and score the candidates of one source; runs in a worker thread."""
        started = time.monotonic()
        backend = self._backends[source.name]
        try:
            # Only a backend class that has the two-step read itself takes it, so a wrapper
            # that overrides person_candidates (and forwards the rest) is still called.
            if getattr(type(backend), "person_shortlist", None) is not None and not prepared.identifiers:
                answer = self._best_of_shortlist(backend, source, prepared, keys, viewer_country, limit)
            else:
                candidates = backend.person_candidates(
                    keys, sources=[source.name], viewer_country=viewer_country, limit=self._candidate_limit
                )
                frequencies = _frequencies(backend)
                hits = [_hit(source, prepared, candidate, frequencies) for candidate in candidates]
                answer = _SourceAnswer(hits, len(candidates))
        except Exception:
            self._report(source.name, started, "error")
            raise
        self._report(source.name, started, "ok")
        return answer

    def _best_of_shortlist(
        self,
        backend: Any,
        source: SourceConfig,
        prepared: PreparedQuery,
        keys: list[str],
        viewer_country: str | None,
        limit: int,
    ) -> _SourceAnswer:
        """Score only the candidates that can still be among this source's best ``limit`` hits (see ``best_candidates``)."""
        scored, considered = best_candidates(
            backend, source.name, prepared, keys, viewer_country, self._candidate_limit, limit + EXTRA_HITS_PER_SOURCE
        )
        hits = [Hit(source.name, candidate.person.owner, candidate.person, match) for candidate, match in scored]
        return _SourceAnswer(hits, considered)

    def _report(self, source: str, started: float, outcome: str) -> None:
        if self.on_source_done is not None:
            self.on_source_done(source, time.monotonic() - started, outcome)

    def _collect(
        self, source: SourceConfig, future: Future[_SourceAnswer], started: float, result: FederatedResult
    ) -> _SourceAnswer | None:
        """Wait for one source until its budget runs out; record it as missing on timeout or error."""
        remaining = source.timeout_ms / 1000 - (time.monotonic() - started)
        try:
            return future.result(timeout=max(remaining, 0))
        except FutureTimeout:
            future.cancel()
            log.warning("source timed out source=%s timeout_ms=%d", source.name, source.timeout_ms)
            self._report(source.name, started, "timeout")
            result.missing.append(MissingSource(source.name, "timeout", f"no answer within {source.timeout_ms} ms"))
        except Exception as error:
            log.exception("source failed source=%s", source.name)
            result.missing.append(MissingSource(source.name, "error", f"{type(error).__name__}: {error}"))
        return None


def best_candidates(
    backend: Any,
    source: str,
    prepared: PreparedQuery,
    keys: list[str],
    viewer_country: str | None,
    candidate_limit: int,
    keep: int,
    frequencies: Any = None,
    rows: list[Any] | None = None,
) -> tuple[list[tuple[Any, Any]], int]:
    """Return the ``keep`` best-scoring candidates of one source with their matches, and how many were considered.

    For a backend with ``person_shortlist`` (the embedded index). Each candidate
    gets an upper bound of its score from its stored name analysis and facts
    (``score_upper_bound``). Records are read and scored in rounds, highest
    bound first, and the rounds stop once no bound left can beat the score at
    the last kept rank. The candidates kept are then the ones scoring every
    candidate would keep, at a fraction of the cost, except that among
    candidates tied with that last one the one kept may differ. ``rows``, when
    given, are the shortlist already made (a bulk job ranks in memory).
    """
    if rows is None:
        rows = backend.person_shortlist(keys, sources=[source], viewer_country=viewer_country, limit=candidate_limit)
    if frequencies is None:
        frequencies = _frequencies(backend)
    bounded = sorted(
        ((score_upper_bound(prepared, row.analysis, frequencies, row.facts), position, row) for position, row in enumerate(rows)),
        key=lambda item: (-item[0], item[1]),
    )

    scored: list[tuple[Any, Any]] = []
    floor: float | None = None
    start = 0
    while start < len(bounded) and (floor is None or bounded[start][0] > floor):
        size = keep if start == 0 else SCORING_ROUND
        chunk = [row for bound, _, row in bounded[start : start + size] if floor is None or bound > floor]
        start += size
        for candidate in backend.shortlisted_candidates(chunk, viewer_country):
            scored.append((candidate, score_prepared(prepared, candidate.person, candidate.analysis, frequencies)))
        if len(scored) >= keep:
            scored.sort(key=lambda item: (-item[1].score, item[0].person.record_id))
            del scored[keep:]
            # Scores are rounded to four places, so a bound must pass the floor by more than the rounding.
            floor = scored[-1][1].score + 5e-5
    return scored, len(rows)


def _hit(source: SourceConfig, prepared: PreparedQuery, candidate: Any, frequencies: Any) -> Hit:
    person = candidate.person
    return Hit(source.name, person.owner, person, score_prepared(prepared, person, candidate.analysis, frequencies))


class _CountedFrequencies:
    """Name-part frequencies of a backend that offers only ``name_part_frequency`` and ``count``."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.total = backend.count(RecordKind.PERSON)

    def frequency(self, part: str) -> int:
        return self._backend.name_part_frequency(part)


def _frequencies(backend: Backend) -> Any:
    name_frequencies = getattr(backend, "name_frequencies", None)
    return name_frequencies() if name_frequencies is not None else _CountedFrequencies(backend)


def group_copies(hits: list[Hit]) -> list[Hit]:
    """Show a synced copy and its national original once: keep the original, list the copy in ``also_in``.

    A copy whose original is not among the hits (its source not searched, or
    down) stays as it is.
    """
    from engine.sync.rules import is_copy_of

    originals = {(hit.source, hit.record.record_id): hit for hit in hits}
    kept: list[Hit] = []
    for hit in hits:
        origin = hit.record.origin
        original = originals.get((origin.source, origin.record_id)) if origin is not None else None
        if original is None or original is hit or not is_copy_of(hit.record, original.record):
            kept.append(hit)
            continue
        original.also_in.append({"source": hit.source, "record_id": hit.record.record_id})
    return kept


def _rank(hits: list[Hit], min_band: Band | str | None) -> list[Hit]:
    """Keep hits at or above ``min_band`` and order them by score, then source and record id."""
    if min_band is not None:
        floor = BAND_ORDER[str(min_band)]
        hits = [hit for hit in hits if BAND_ORDER.get(str(hit.match.band), 0) >= floor]
    return sorted(hits, key=lambda hit: (-hit.score, hit.source, hit.record.record_id))
