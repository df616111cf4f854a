"""OpenSearch through ``opensearch-py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from engine.index.search_engine.client import EngineError

T = TypeVar("T")


class OpenSearchClient:
    engine = "opensearch"

    def __init__(self, url: str, *, timeout: float = 30.0, **options: Any) -> None:
        self._client = OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False, **options)

    def info(self) -> dict[str, Any]:
        return _call(self._client.info)

    def health(self, index: str | None = None, *, wait_for_status: str | None = None) -> dict[str, Any]:
        return _call(lambda: self._client.cluster.health(index=index, wait_for_status=wait_for_status))

    def node_names(self) -> list[str]:
        return sorted(row["name"] for row in _call(lambda: self._client.cat.nodes(format="json", h="name")))

    def index_exists(self, index: str) -> bool:
        return bool(_call(lambda: self._client.indices.exists(index=index)))

    def create_index(self, index: str, body: dict[str, Any]) -> None:
        _call(lambda: self._client.indices.create(index=index, body=body))

    def delete_index(self, index: str) -> None:
        _call(lambda: self._client.indices.delete(index=index))

    def put_settings(self, index: str, settings: dict[str, Any]) -> None:
        _call(lambda: self._client.indices.put_settings(index=index, body=settings))

    def indices_of_alias(self, alias: str) -> list[str]:
        found = _call(lambda: self._client.indices.get_alias(name=alias, ignore=404))
        return [] if "status" in found and "error" in found else sorted(found)

    def indices_matching(self, pattern: str) -> list[str]:
        found = _call(lambda: self._client.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="open"))
        return sorted(found)

    def update_aliases(self, actions: Sequence[dict[str, Any]]) -> None:
        _call(lambda: self._client.indices.update_aliases(body={"actions": list(actions)}))

    def refresh(self, index: str) -> None:
        _call(lambda: self._client.indices.refresh(index=index))

    def bulk(self, operations: Sequence[dict[str, Any]], refresh: bool = False) -> dict[str, Any]:
        return _call(lambda: self._client.bulk(body=list(operations), refresh="true" if refresh else "false"))

    def mget(self, index: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        return _call(lambda: self._client.mget(index=index, body={"ids": list(ids)}))["docs"]

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return _call(lambda: self._client.search(index=index, body=body))

    def msearch(self, lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return _call(lambda: self._client.msearch(body=list(lines)))

    def count(self, index: str, body: dict[str, Any]) -> int:
        return int(_call(lambda: self._client.count(index=index, body=body))["count"])

    def reindex(self, source_index: str, dest_index: str) -> dict[str, Any]:
        body = {"source": {"index": source_index}, "dest": {"index": dest_index, "version_type": "external"}}
        return _call(lambda: self._client.reindex(body=body, refresh=True, wait_for_completion=True))

    def close(self) -> None:
        self._client.close()


def _call(request: Callable[[], T]) -> T:
    """Run a client call and turn the library's errors into EngineError."""
    try:
        return request()
    except NotFoundError as error:
        raise EngineError(str(error), 404) from error
    except OpenSearchConnectionError as error:
        raise EngineError(f"no answer from OpenSearch: {error}", None) from error
    except TransportError as error:
        status = error.status_code if isinstance(error.status_code, int) else None
        raise EngineError(f"OpenSearch answered {error.status_code}: {_reason(error.info, error.error)}", status) from error


def _reason(info: Any, fallback: Any) -> str:
    """The engine's own explanation from an error answer, when it gave one."""
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        detail = info["error"]
        return f"{detail.get('type', fallback)}: {detail.get('reason', '')}"
    return str(fallback)
