"""Elasticsearch through the official ``elasticsearch`` client (8.x line).

The client checks that the server is Elasticsearch, so it cannot talk to an
OpenSearch node; the request bodies are the same as OpenSearch's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from elastic_transport import TransportError as NoAnswerError
from elasticsearch import ApiError, Elasticsearch

from engine.index.search_engine.client import EngineError

T = TypeVar("T")


class ElasticsearchClient:
    engine = "elasticsearch"

    def __init__(self, url: str, *, timeout: float = 30.0, **options: Any) -> None:
        self._client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False, **options)

    def info(self) -> dict[str, Any]:
        return _body(_call(self._client.info))

    def health(self, index: str | None = None, *, wait_for_status: str | None = None) -> dict[str, Any]:
        return _body(
            _call(lambda: self._client.cluster.health(index=index, wait_for_status=wait_for_status))
        )

    def node_names(self) -> list[str]:
        return sorted(row["name"] for row in _body(_call(lambda: self._client.cat.nodes(format="json", h="name"))))

    def index_exists(self, index: str) -> bool:
        return bool(_call(lambda: self._client.indices.exists(index=index)))

    def create_index(self, index: str, body: dict[str, Any]) -> None:
        _call(lambda: self._client.indices.create(index=index, body=body))

    def delete_index(self, index: str) -> None:
        _call(lambda: self._client.indices.delete(index=index))

    def put_settings(self, index: str, settings: dict[str, Any]) -> None:
        _call(lambda: self._client.indices.put_settings(index=index, body=settings))

    def indices_of_alias(self, alias: str) -> list[str]:
        quiet = self._client.options(ignore_status=404)
        found = _body(_call(lambda: quiet.indices.get_alias(name=alias)))
        return [] if "status" in found and "error" in found else sorted(found)

    def indices_matching(self, pattern: str) -> list[str]:
        found = _call(lambda: self._client.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="open"))
        return sorted(_body(found))

    def update_aliases(self, actions: Sequence[dict[str, Any]]) -> None:
        _call(lambda: self._client.indices.update_aliases(actions=list(actions)))

    def refresh(self, index: str) -> None:
        _call(lambda: self._client.indices.refresh(index=index))

    def bulk(self, operations: Sequence[dict[str, Any]], refresh: bool = False) -> dict[str, Any]:
        return _body(_call(lambda: self._client.bulk(operations=list(operations), refresh=refresh)))

    def mget(self, index: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        return _body(_call(lambda: self._client.mget(index=index, ids=list(ids))))["docs"]

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return _body(_call(lambda: self._client.search(index=index, body=body)))

    def msearch(self, lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return _body(_call(lambda: self._client.msearch(searches=list(lines))))

    def count(self, index: str, body: dict[str, Any]) -> int:
        return int(_body(_call(lambda: self._client.count(index=index, body=body)))["count"])

    def reindex(self, source_index: str, dest_index: str) -> dict[str, Any]:
        return _body(
            _call(
                lambda: self._client.reindex(
                    source={"index": source_index},
                    dest={"index": dest_index, "version_type": "external"},
                    refresh=True,
                    wait_for_completion=True,
                )
            )
        )

    def close(self) -> None:
        self._client.close()


def _body(response: Any) -> Any:
    return getattr(response, "body", response)


def _call(request: Callable[[], T]) -> T:
    """Run a client call and turn the library's errors into EngineError."""
    try:
        return request()
    except ApiError as error:
        raise EngineError(f"Elasticsearch answered {error.meta.status}: {error.message}", error.meta.status) from error
    except NoAnswerError as error:
        raise EngineError(f"no answer from Elasticsearch: {error}", None) from error
