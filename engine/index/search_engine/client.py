"""The few engine calls the backend makes, as one interface that each engine's adapter implements.

Adapters only translate calls and errors for their client library; request
bodies and answers are plain dicts built and read by the shared code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class EngineError(Exception):
    """An engine call failed. ``status`` is the HTTP status, or ``None`` when no answer came back."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def retryable(self) -> bool:
        """Busy (429), unavailable (503, 502, 504) or no answer at all: the same request may succeed later."""
        return self.status in (None, 429, 502, 503, 504)


class EngineClient(Protocol):
    """One engine, reached through its own client library."""

    engine: str  # "opensearch" or "elasticsearch"

    def info(self) -> dict[str, Any]: ...

    def health(self, index: str | None = None, *, wait_for_status: str | None = None) -> dict[str, Any]: ...

    def node_names(self) -> list[str]: ...

    def index_exists(self, index: str) -> bool: ...

    def create_index(self, index: str, body: dict[str, Any]) -> None: ...

    def delete_index(self, index: str) -> None: ...

    def put_settings(self, index: str, settings: dict[str, Any]) -> None: ...

    def indices_of_alias(self, alias: str) -> list[str]: ...

    def indices_matching(self, pattern: str) -> list[str]: ...

    def update_aliases(self, actions: Sequence[dict[str, Any]]) -> None: ...

    def refresh(self, index: str) -> None: ...

    def bulk(self, operations: Sequence[dict[str, Any]], refresh: bool = False) -> dict[str, Any]: ...

    def mget(self, index: str, ids: Sequence[str]) -> list[dict[str, Any]]: ...

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]: ...

    def msearch(self, lines: Sequence[dict[str, Any]]) -> dict[str, Any]: ...

    def count(self, index: str, body: dict[str, Any]) -> int: ...

    def reindex(self, source_index: str, dest_index: str) -> dict[str, Any]: ...

    def close(self) -> None: ...
