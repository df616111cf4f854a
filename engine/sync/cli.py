"""`cruce sync`: replay national changes into the international source once, continuously, or show the lag."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import replace
from typing import Annotated, Any

import typer
from rich.console import Console

from engine.i18n import UserError, translate
from engine.sync import messages as _messages  # noqa: F401  (registers the sync messages)
from engine.sync.checkpoint import SyncBusy
from engine.sync.follow import StopFlag, follow, stop_on_signals
from engine.sync.replay import BatchReport, PassReport, Replicator, SyncLag
from engine.sync.settings import sync_settings
from engine.cli_errors import fail as _fail

console = Console()
errors = Console(stderr=True)
log = logging.getLogger("cruce.sync")


def sync(
    ctx: typer.Context,
    follow_changes: Annotated[bool, typer.Option("--follow", help="Seguir aplicando cambios hasta SIGTERM/Ctrl+C / keep applying changes until SIGTERM/Ctrl+C.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Mostrar el retraso y salir / show the lag and exit.")] = False,
    interval_ms: Annotated[int | None, typer.Option("--interval-ms", min=10, help="Pausa entre sondeos con --follow / pause between polls with --follow.")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Cambios por lote y punto de control / changes per batch and checkpoint.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
) -> None:
    """Replicar cambios nacionales a la fuente internacional / replay national changes into the international source."""
    context = ctx.find_root().obj
    language = context.language
    if status and follow_changes:
        raise _fail(UserError("sync.options_conflict", status=2), language)

    try:
        settings = sync_settings(context.runtime.config)
    except UserError as error:
        raise _fail(error, language) from None
    if batch_size is not None or interval_ms is not None:
        settings = replace(
            settings,
            batch_size=batch_size or settings.batch_size,
            interval_ms=interval_ms or settings.interval_ms,
        )

    replicator = Replicator(context.runtime, settings)
    try:
        if status:
            _print_lag(replicator.lag(), language, as_json)
            return
        with replicator.checkpoints.exclusive(settings.pair):
            report = _run(context, replicator, follow_changes, language)
    except SyncBusy:
        raise _fail(UserError("sync.busy", status=409, pair=settings.pair), language) from None
    finally:
        replicator.close()

    if as_json:
        sys.stdout.write(json.dumps(_pass_dict(report, settings.pair), indent=2) + "\n")
    else:
        console.print(_pass_text(report, settings.pair, language), highlight=False)
    if report.rejected:
        raise typer.Exit(1)


def _run(context: Any, replicator: Replicator, follow_changes: bool, language: str) -> PassReport:
    audit_batch = _auditor(context, replicator)
    if not follow_changes:
        return replicator.run_pass(on_batch=audit_batch)

    settings = replicator.settings
    with stop_on_signals(StopFlag()) as flag:
        # Printed once the signal handlers are in place, so a supervisor may send SIGTERM from then on.
        errors.print(translate("sync.following", language, source=settings.from_source, interval=settings.interval_ms), highlight=False)
        return follow(replicator, flag, interval_seconds=settings.interval_ms / 1000, on_batch=audit_batch)


def _auditor(context: Any, replicator: Replicator) -> Any:
    """Write one audit entry per applied batch: a sync pass writes into a source, like an import."""
    from engine import audit
    from engine.access import operator_principal

    operator = operator_principal()
    settings = replicator.settings

    def record(batch: BatchReport) -> None:
        audit.record(
            context.runtime.config, operator, "sync.batch",
            query={"from": settings.from_source, "to": settings.to_source, "first_seq": batch.first_seq, "last_seq": batch.last_seq},
            hits=batch.copied + batch.withdrawn,
            record_ids=[f"{settings.to_source}/{record_id}" for record_id in batch.copied_ids],
            outcome="success" if not batch.rejected else "partial",
        )

    return record


def _print_lag(lag: SyncLag, language: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(lag.to_dict(), indent=2) + "\n")
        return
    console.print(
        translate(
            "sync.status", language, pair=f"{lag.from_source}->{lag.to_source}", seq=lag.checkpoint_seq,
            newest=lag.newest_seq, behind=lag.changes_behind, seconds=lag.seconds_behind, applied=lag.applied,
        ),
        highlight=False,
    )


def _pass_dict(report: PassReport, pair: str) -> dict[str, Any]:
    return {
        "pair": pair,
        "batches": report.batches,
        "changes": report.changes,
        "copied": report.copied,
        "stale": report.stale,
        "withdrawn": report.withdrawn,
        "rejected": [{"record_id": item.record_id, "reason": item.reason} for item in report.rejected],
        "checkpoint_seq": report.checkpoint.seq,
    }


def _pass_text(report: PassReport, pair: str, language: str) -> str:
    return translate(
        "sync.pass", language, pair=pair, changes=report.changes, batches=report.batches, copied=report.copied,
        withdrawn=report.withdrawn, rejected=len(report.rejected), seq=report.checkpoint.seq,
    )
