"""The `cruce reindex` command: rebuild or roll back the indices of a source kept in Elasticsearch or OpenSearch.

The lead registers it in ``engine/cli.py``::

    from engine.index.search_engine.cli import reindex
    app.command("reindex")(reindex)
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from engine.i18n import UserError, translate
from engine.index.search_engine.registration import DEFAULT_PREFIX
from engine.index.search_engine.reindexing import (
    engine_source,
    reindex_source,
    sources_sharing_indices,
)
from engine.records import RecordKind
from engine.sources import load_sources

console = Console()
errors = Console(stderr=True)

MAX_REPLICAS = 10


def reindex(
    ctx: typer.Context,
    source: Annotated[str, typer.Option("--source", help="Fuente a reindexar / source to reindex (elasticsearch or opensearch).")],
    rollback: Annotated[bool, typer.Option("--rollback", help="Volver a la versión anterior de los índices / move the aliases back to the previous index version.")] = False,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="person, travel_document o vehicle (repetible; todos si falta) / repeatable; all when absent.")] = None,
    replicas: Annotated[int | None, typer.Option("--replicas", help="Réplicas del índice nuevo (por omisión, las del archivo de mapeo) / replicas of the new index (default: the mapping file's).")] = None,
) -> None:
    """Reconstruir los índices de una fuente y cambiar el alias de forma atómica / rebuild a source's indices and swap the alias atomically."""
    from engine import audit
    from engine.access import operator_principal

    config_path = getattr(ctx.obj, "config", None)
    language = getattr(ctx.obj, "language", "es")
    action = "index.rollback" if rollback else "index.reindex"
    asked = {"source": source, "kinds": kind, "replicas": replicas}
    config = None
    try:
        kinds = _kinds(kind)
        if replicas is not None and not 0 <= replicas <= MAX_REPLICAS:
            raise UserError("reindex.replicas_invalid", value=replicas)
        config = load_sources(config_path)
        chosen = engine_source(config, source)
        moves = reindex_source(chosen, kinds=kinds, rollback=rollback, replicas=replicas)
    except UserError as error:
        if config is not None:
            audit.record(config, operator_principal(), action, query=asked, outcome=audit.FAILURE, detail=error.key)
        errors.print(f"[bold red]✗[/] {error.render(language)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)

    audit.record(config, operator_principal(), action, query=asked, hits=len(moves))

    done = "reindex.rolled_back" if rollback else "reindex.done"
    for move in moves:
        console.print(translate(done, language, alias=move.alias, old=move.old, new=move.new, count=f"{move.records:,}"), highlight=False, soft_wrap=True)
    sharing = sources_sharing_indices(config, chosen)
    if len(sharing) > 1:
        console.print(
            translate("reindex.shared_indices", language, sources=", ".join(sharing), prefix=chosen.index_prefix or DEFAULT_PREFIX),
            highlight=False,
            soft_wrap=True,
        )


def _kinds(names: list[str] | None) -> list[RecordKind]:
    if not names:
        return list(RecordKind)
    kinds = []
    for name in dict.fromkeys(names):
        try:
            kinds.append(RecordKind(name.strip().lower()))
        except ValueError:
            raise UserError("reindex.kind_invalid", value=name) from None
    return kinds
