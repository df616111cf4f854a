"""Reindex and roll back the indices of an engine-backed source, as `cruce reindex` does.

A source kept in Elasticsearch or OpenSearch lives in versioned indices behind
aliases (see layout.py). Reindexing builds the next version of each record
kind's index from the current one with the current mapping file and moves the
alias in one atomic request; rolling back moves each alias to the previous
version. Sources on the same engine and index prefix share the indices, so
the change reaches all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.i18n import UserError
from engine.index.search_engine import messages as _messages  # noqa: F401  (registers the reindex messages)
from engine.index.search_engine.client import EngineClient, EngineError
from engine.index.search_engine.connect import connect_client
from engine.index.search_engine.layout import (
    IndexLayout,
    current_index,
    reindex,
    swap_alias,
    versions,
)
from engine.index.search_engine.registration import DEFAULT_PREFIX
from engine.records import RecordKind
from engine.sources import SEARCH_ENGINE_KINDS, SourceConfig, SourcesConfig

ALL_DOCUMENTS = {"query": {"match_all": {}}}


@dataclass(frozen=True, slots=True)
class AliasMove:
    """One alias moved from ``old`` to ``new``; ``records`` counts the documents in ``new``."""

    kind: RecordKind
    alias: str
    old: str
    new: str
    records: int


def engine_source(config: SourcesConfig, name: str) -> SourceConfig:
    """The source called ``name``, which must be kept in a search engine; raises UserError otherwise."""
    source = config.source(name)
    if source.backend not in SEARCH_ENGINE_KINDS:
        raise UserError("reindex.embedded_source", status=422, source=source.name)
    return source


def sources_sharing_indices(config: SourcesConfig, source: SourceConfig) -> list[str]:
    """Names of the sources (``source`` included) kept in the same engine under the same index prefix."""
    place = _place(source)
    return [other.name for other in config.sources.values() if other.backend in SEARCH_ENGINE_KINDS and _place(other) == place]


def reindex_source(
    source: SourceConfig,
    *,
    kinds: Sequence[RecordKind] = tuple(RecordKind),
    rollback: bool = False,
    replicas: int | None = None,
    client: EngineClient | None = None,
) -> list[AliasMove]:
    """Reindex (or roll back) each kind's index of ``source``; return the alias moves in the order of ``kinds``.

    A rollback checks every kind first and moves no alias unless all of them
    have an older version. Raises UserError naming the alias, index or engine.
    NOTE: the copy does not include writes that arrive while it runs (see
    layout.reindex); pause ingestion and sync during a reindex.
    """
    own_client = client is None
    engine = client or connect_client(source.backend, source.url or "", timeout=600)
    layout = IndexLayout(source.index_prefix or DEFAULT_PREFIX)
    try:
        current = {kind: _current(engine, layout, kind, source) for kind in kinds}
        if rollback:
            targets = {kind: _previous(engine, layout, kind, current[kind]) for kind in kinds}
            moves = []
            for kind in kinds:
                swap_alias(engine, layout.alias(kind), current[kind], targets[kind])
                moves.append(_move(engine, layout, kind, current[kind], targets[kind]))
            return moves

        return [
            _move(engine, layout, kind, current[kind], reindex(engine, layout, kind, replicas=replicas))
            for kind in kinds
        ]
    except EngineError as error:
        raise UserError("reindex.engine_failed", status=502, url=source.url, source=source.name, problem=str(error)) from error
    finally:
        if own_client:
            engine.close()


def _place(source: SourceConfig) -> tuple[str, str | None, str]:
    return (source.backend, source.url, source.index_prefix or DEFAULT_PREFIX)


def _current(client: EngineClient, layout: IndexLayout, kind: RecordKind, source: SourceConfig) -> str:
    index = current_index(client, layout, kind)
    if index is None:
        raise UserError("reindex.no_alias", status=409, alias=layout.alias(kind), url=source.url, source=source.name)
    return index


def _previous(client: EngineClient, layout: IndexLayout, kind: RecordKind, current: str) -> str:
    current_version = layout.version_of(kind, current) or 0
    older = [number for number in versions(client, layout, kind) if number < current_version]
    if not older:
        raise UserError("reindex.no_older_version", status=409, alias=layout.alias(kind), index=current)
    return layout.versioned(kind, older[-1])


def _move(client: EngineClient, layout: IndexLayout, kind: RecordKind, old: str, new: str) -> AliasMove:
    return AliasMove(kind, layout.alias(kind), old, new, client.count(new, ALL_DOCUMENTS))
