"""Elasticsearch and OpenSearch backends: one query builder, one bulk indexer, one thin adapter per engine."""

from __future__ import annotations

from engine.index.search_engine.backend import SearchEngineBackend
from engine.index.search_engine.client import EngineClient, EngineError
from engine.index.search_engine.connect import ENGINES, connect_client, open_backend

__all__ = ["ENGINES", "EngineClient", "EngineError", "SearchEngineBackend", "connect_client", "open_backend"]
