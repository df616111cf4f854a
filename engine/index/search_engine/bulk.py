"""Bulk writes: batches, retries with backoff, and an outcome per record.

A record counts as accepted only when the engine's response for its own item
says so (status 200 or 201). A version conflict (409) means the engine holds
a newer version: the record is stale. A busy or unavailable response (429, 503)
for the whole request or for single items is retried with exponential
backoff; whatever is still not acknowledged after the last try is reported as
rejected, with the reason, by record id. Retrying is safe because every write
carries an external version: a write the engine applied on an earlier try is
applied again with the same version, which changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.index.base import RejectedRecord
from engine.index.search_engine.client import EngineClient, EngineError

RETRYABLE_ITEM_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(slots=True)
class BulkItem:
    """One write: the action line (``index`` with id and version) and the document, for one record."""

    record_id: str
    action: dict[str, Any]
    document: dict[str, Any] | None = None

    def lines(self) -> list[dict[str, Any]]:
        return [self.action] if self.document is None else [self.action, self.document]


@dataclass(slots=True)
class BulkOutcome:
    accepted: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)

    def merge(self, other: BulkOutcome) -> None:
        self.accepted.extend(other.accepted)
        self.stale.extend(other.stale)
        self.rejected.extend(other.rejected)


@dataclass(slots=True)
class _Answer:
    outcome: BulkOutcome
    retry: list[tuple[BulkItem, str]]


class BulkIndexer:
    """Sends bulk items in batches of ``batch_size`` and retries what the engine could not take yet."""

    def __init__(
        self,
        client: EngineClient,
        *,
        batch_size: int = 1000,
        max_attempts: int = 6,
        first_backoff: float = 0.2,
        max_backoff: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._sleep = sleep

    def send(self, items: Sequence[BulkItem], *, refresh: bool = False) -> BulkOutcome:
        outcome = BulkOutcome()
        for batch in _batches(items, self._batch_size):
            outcome.merge(self._send_batch(batch, refresh))
        return outcome

    def _send_batch(self, batch: list[BulkItem], refresh: bool) -> BulkOutcome:
        outcome = BulkOutcome()
        pending = [(item, "") for item in batch]

        for attempt in range(1, self._max_attempts + 1):
            if attempt > 1:
                self._sleep(min(self._max_backoff, self._first_backoff * 2 ** (attempt - 2)))

            items = [item for item, _ in pending]
            try:
                response = self._client.bulk([line for item in items for line in item.lines()], refresh=refresh)
            except EngineError as error:
                if not error.retryable:
                    outcome.rejected.extend(RejectedRecord(item.record_id, str(error)) for item in items)
                    return outcome
                pending = [(item, str(error)) for item in items]
                continue

            answer = read_answer(items, response)
            outcome.merge(answer.outcome)
            pending = answer.retry
            if not pending:
                return outcome

        tries = f"not acknowledged after {self._max_attempts} tries"
        outcome.rejected.extend(RejectedRecord(item.record_id, f"{tries}: {reason}") for item, reason in pending)
        return outcome


def read_answer(items: Sequence[BulkItem], response: dict[str, Any]) -> _Answer:
    """Sort each item of a bulk response into accepted, stale, rejected, or to retry.

    The engine lists item results in request order. An item with no result
    is retried, never counted as accepted.
    """
    outcome = BulkOutcome()
    retry: list[tuple[BulkItem, str]] = []
    answers = response.get("items", [])

    for position, item in enumerate(items):
        if position >= len(answers):
            retry.append((item, "no answer for this item"))
            continue

        result = next(iter(answers[position].values()))
        status = int(result.get("status", 0))
        if status in (200, 201):
            outcome.accepted.append(item.record_id)
        elif status == 409:
            outcome.stale.append(item.record_id)
        elif status in RETRYABLE_ITEM_STATUSES:
            retry.append((item, _error_text(result)))
        else:
            outcome.rejected.append(RejectedRecord(item.record_id, _error_text(result)))
    return _Answer(outcome, retry)


def _error_text(result: dict[str, Any]) -> str:
    error = result.get("error")
    status = result.get("status")
    if isinstance(error, dict):
        return f"{status} {error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return f"{status} {error or 'not stored'}"


def _batches(items: Sequence[BulkItem], size: int) -> Iterator[list[BulkItem]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
