"""A backend whose server was unreachable at start-up, opened again on later calls.

A search-engine source that is down when Cruce starts must not stop the other
sources from returning results. ``open_backends`` puts a ``DeferredBackend`` in its
place: every call tries to open the real backend (at most once per
``retry_seconds``) and raises ``SourceUnavailable`` while it cannot, so the
federation lists the source as missing and readiness reports it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from engine.index.base import Backend

log = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 5.0


class SourceUnavailable(RuntimeError):
    """The backend of a source could not be opened; the message names the source and the last error."""


class DeferredBackend:
    """Stands in for a backend that failed to open, and becomes it once it opens."""

    def __init__(
        self, source: str, opener: Callable[[], Backend], error: Exception, *, retry_seconds: float = DEFAULT_RETRY_SECONDS
    ) -> None:
        self.name = f"deferred:{source}"
        self._source = source
        self._opener = opener
        self._error: Exception = error
        self._retry_seconds = retry_seconds
        self._tried_at = time.monotonic()
        self._backend: Backend | None = None
        self._lock = threading.Lock()

    def opened(self) -> Backend:
        """Return the real backend, opening it when the last attempt is old enough; raise SourceUnavailable otherwise."""
        with self._lock:
            if self._backend is not None:
                return self._backend
            if time.monotonic() - self._tried_at >= self._retry_seconds:
                self._tried_at = time.monotonic()
                try:
                    self._backend = self._opener()
                    log.info("source backend opened after a failure source=%s", self._source)
                    return self._backend
                except Exception as error:  # any failure keeps the source unavailable until the next attempt
                    self._error = error
            raise SourceUnavailable(f"source {self._source} is unavailable: {self._error}")

    def close(self) -> None:
        with self._lock:
            if self._backend is not None:
                self._backend.close()

    def __getattr__(self, attribute: str) -> Any:
        # Every Backend method (upsert, get, count, person_candidates, …) goes to the real backend.
        return getattr(self.opened(), attribute)
