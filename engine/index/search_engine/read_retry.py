"""Retry engine reads that fail or come back from only some shards.

While a node of a cluster stops, a search may fail with 5xx or no answer, or
succeed from the shards that answered and silently miss the rest
(``_shards.failed > 0``). Either way the same read against the replicas
succeeds a moment later, so reads are retried with a short backoff instead of
returning an incomplete answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from engine.index.search_engine.client import EngineClient, EngineError

log = logging.getLogger("cruce.engine")

T = TypeVar("T")

READ_BACKOFF_SECONDS = (0.1, 0.3, 0.7, 1.5)


class PartialAnswer(EngineError):
    """A search answered by only some of the shards it was sent to."""


class RetryingReads:
    """An EngineClient whose searches, counts and gets are retried; other calls pass straight through."""

    def __init__(self, client: EngineClient, backoff: Sequence[float] = READ_BACKOFF_SECONDS) -> None:
        self._client = client
        self._backoff = tuple(backoff)
        self.engine = client.engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._retry("search", lambda: _whole(self._client.search(index, body)))

    def msearch(self, lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return self._retry("msearch", lambda: _whole_responses(self._client.msearch(lines)))

    def count(self, index: str, body: dict[str, Any]) -> int:
        return self._retry("count", lambda: self._client.count(index, body))

    def mget(self, index: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        return self._retry("mget", lambda: self._client.mget(index, ids))

    def _retry(self, call: str, read: Callable[[], T]) -> T:
        for attempt, pause in enumerate((*self._backoff, None), start=1):
            try:
                return read()
            except EngineError as error:
                if pause is None or not (error.retryable or isinstance(error, PartialAnswer) or (error.status or 0) >= 500):
                    raise
                log.warning("engine read retried call=%s attempt=%d status=%s error=%s", call, attempt, error.status, error)
                time.sleep(pause)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _whole(answer: dict[str, Any]) -> dict[str, Any]:
    shards = answer.get("_shards") or {}
    if shards.get("failed", 0):
        raise PartialAnswer(f"{shards.get('failed')} of {shards.get('total')} shards failed")
    return answer


def _whole_responses(answer: dict[str, Any]) -> dict[str, Any]:
    for response in answer.get("responses", ()):
        if "error" in response:
            status = response.get("status")
            raise EngineError(f"msearch item failed: {response['error']}", status if isinstance(status, int) else None)
        _whole(response)
    return answer
