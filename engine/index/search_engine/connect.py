"""Open a backend by engine name and URL, as the sources file names them."""

from __future__ import annotations

from typing import Any

from engine.index.search_engine.backend import SearchEngineBackend
from engine.index.search_engine.client import EngineClient

ENGINES = ("opensearch", "elasticsearch")


def connect_client(engine: str, url: str, **options: Any) -> EngineClient:
    """Return the adapter for ``engine`` ("opensearch" or "elasticsearch") talking to ``url``.

    The client libraries are imported here, so a deployment that uses only
    one engine needs only that engine's library.
    """
    if engine == "opensearch":
        from engine.index.search_engine.opensearch_adapter import OpenSearchClient

        return OpenSearchClient(url, **options)
    if engine == "elasticsearch":
        from engine.index.search_engine.elasticsearch_adapter import ElasticsearchClient

        return ElasticsearchClient(url, **options)
    raise ValueError(f"unknown search engine {engine!r}; expected one of {', '.join(ENGINES)}")


def open_backend(
    engine: str,
    url: str,
    *,
    prefix: str = "cruce",
    replicas: int | None = None,
    refresh_on_write: bool = True,
    timeout: float = 30.0,
) -> SearchEngineBackend:
    """Connect to an engine and make sure the indices and aliases of ``prefix`` exist."""
    client = connect_client(engine, url, timeout=timeout)
    return SearchEngineBackend(client, prefix=prefix, replicas=replicas, refresh_on_write=refresh_on_write)
