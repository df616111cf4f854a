"""Register the search-engine backend kinds with the sources file loader (engine.sources)."""

from __future__ import annotations

from collections.abc import Hashable

from engine.index.base import Backend
from engine.index.search_engine.connect import open_backend
from engine.sources import SourceConfig, SourcesConfig, register_backend_kind

DEFAULT_PREFIX = "cruce"


def register(engine: str) -> None:
    """Make ``backend = "<engine>"`` in the sources file open a SearchEngineBackend; sources on one url and prefix share it."""

    def factory(source: SourceConfig, config: SourcesConfig) -> Backend:
        if not source.url:
            raise ValueError(f"source {source.name} uses backend {engine!r} but has no url")
        return open_backend(engine, source.url, prefix=source.index_prefix or DEFAULT_PREFIX)

    def share_key(source: SourceConfig, config: SourcesConfig) -> Hashable:
        return (source.url, source.index_prefix or DEFAULT_PREFIX)

    register_backend_kind(engine, factory, share_key=share_key)
