"""The index backend contract shared by the embedded index and the search-engine adapters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from engine.records import Person, Record, RecordKind


@dataclass(slots=True)
class RejectedRecord:
    """A record that a backend did not store, with the reason it gave."""

    record_id: str
    reason: str


@dataclass(slots=True)
class UpsertReport:
    accepted: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    stale: int = 0  # records skipped because the stored version was newer


@dataclass(slots=True)
class PersonCandidate:
    """A person that shares at least one blocking key with the query, ready for scoring.

    ``analysis`` is the stored result of name analysis for the record, so the
    scorer does not parse stored names again at query time.
    """

    person: Person
    analysis: Any
    matched_keys: int = 0


@runtime_checkable
class Backend(Protocol):
    """An index of records for one or more sources.

    Invariants every implementation keeps:
    - ``upsert`` stores a batch atomically: after a crash either every record of
      the batch is stored or none is, and a record whose stored version is newer
      than the incoming one is left alone and counted as stale.
    - A withdrawn record is never returned by ``person_candidates`` or ``get``
      from the moment ``withdraw`` returns.
    - ``viewer_country`` filters inside the backend query: a record whose sharing
      rule excludes that country is never read into the caller's results. ``None``
      means a trusted local caller that sees every record.
    """

    name: str

    def upsert(self, records: Iterable[Record]) -> UpsertReport: ...

    def withdraw(self, kind: RecordKind, source: str, record_ids: Sequence[str]) -> int: ...

    def get(self, kind: RecordKind, source: str, record_id: str, viewer_country: str | None = None) -> Record | None: ...

    def count(self, kind: RecordKind, source: str | None = None, viewer_country: str | None = None) -> int: ...

    def person_candidates(
        self,
        keys: Sequence[str],
        *,
        sources: Sequence[str] | None = None,
        viewer_country: str | None = None,
        limit: int = 500,
    ) -> list[PersonCandidate]: ...

    def name_part_frequency(self, part: str) -> int: ...

    def close(self) -> None: ...
