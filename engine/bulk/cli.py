"""The `cruce bulk` command: match a whole list with a live progress bar, resumable after a kill.

The lead registers it in ``engine/cli.py``::

    from engine.bulk.cli import bulk
    app.command("bulk")(bulk)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from engine.bulk import messages as _messages  # noqa: F401  (registers the bulk messages)
from engine.bulk.columns import load_mapping_file, parse_map_options
from engine.bulk.jobs import CANCELLED, DONE, JobSpec, JobStore, Tally, run_job
from engine.i18n import UserError, translate

console = Console()
errors = Console(stderr=True)


def bulk(
    ctx: typer.Context,
    input_path: Annotated[Path | None, typer.Argument(metavar="INPUT", help="Lista a cruzar / list to match: CSV (any delimiter, UTF-8 or Latin-1) or JSON Lines.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Archivo de resultados / results file.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv o jsonl.")] = "csv",
    k: Annotated[int, typer.Option("--k", help="Coincidencias por fila / hits per row (1-20).")] = 3,
    min_band: Annotated[str, typer.Option("--min-band", help="strong, possible o weak.")] = "possible",
    column_map: Annotated[list[str] | None, typer.Option("--map", help="CAMPO=COLUMNA, e.g. name=Nombre, birth_date=Fecha (repetible / repeatable).")] = None,
    map_file: Annotated[Path | None, typer.Option("--map-file", help="Asignación de columnas en TOML o JSON / column mapping file.")] = None,
    input_format: Annotated[str | None, typer.Option("--input-format", help="csv o jsonl (se adivina por la extensión / guessed from the extension).")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Cruzar solo con esta fuente (repetible) / match only this source (repeatable).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Procesos de cruce / worker processes (default: cores).")] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Reanudar el trabajo JOB_ID / resume job JOB_ID.")] = None,
    jobs_dir: Annotated[Path | None, typer.Option("--jobs-dir", help="Carpeta de trabajos / jobs folder (default: CRUCE_BULK_DIR or var/bulk-jobs).")] = None,
) -> None:
    """Cruzar una lista completa / match a whole list (manifest, roster) against every source."""
    config = getattr(ctx.obj, "config", None)
    language = getattr(ctx.obj, "language", "es")
    try:
        store = JobStore(jobs_dir)
        if resume:
            job_id = resume
            spec = store.spec(job_id)
            state = store.state(job_id)
            errors.print(translate("bulk.resuming", language, job_id=job_id, row=state.rows_done + 1), highlight=False)
        else:
            if input_path is None or out is None:
                raise UserError("bulk.out_required")
            mapping = load_mapping_file(map_file) if map_file else {}
            mapping.update(parse_map_options(column_map))
            spec = store.create(
                input_path, out, input_format=input_format, output_format=fmt.lower(), k=k, min_band=min_band.lower(),
                mapping=mapping, workers=workers, language=language, config_path=config, sources=source,
            )
            job_id = spec.job_id
            errors.print(translate("bulk.started", language, job_id=job_id, rows=f"{spec.rows_estimate:,}"), highlight=False)

        _audit_start(spec, "bulk.resume" if resume else "bulk.create")
        state = _run_with_progress(store, job_id, spec.rows_estimate, language, workers)
    except UserError as error:
        errors.print(f"[bold red]✗[/] {error.render(language)}", highlight=False)
        raise typer.Exit(2)

    tally = Tally.from_dict(state.tally)
    if state.state == CANCELLED:
        errors.print(translate("bulk.cancelled", language, job_id=job_id, row=state.rows_done), highlight=False)
        raise typer.Exit(1)
    if state.state != DONE:
        errors.print(f"[bold red]✗[/] {state.message or state.state}", highlight=False)
        raise typer.Exit(1)

    console.print(
        translate(
            "bulk.summary", language, rows=tally.rows, seconds=tally.seconds,
            rate=tally.rows / tally.seconds if tally.seconds else 0.0,
            strong=tally.rows_by_best_band.get("strong", 0), possible=tally.rows_by_best_band.get("possible", 0),
            weak=tally.rows_by_best_band.get("weak", 0), errors=tally.errors, output=spec.output_path,
        ),
        highlight=False,
    )
    if tally.errors:
        console.print(translate("bulk.errors_written", language, path=spec.errors_path), highlight=False)


def _audit_start(spec: JobSpec, action: str) -> None:
    """Write the audit entry of a job started or resumed from the command line, as the local operator."""
    from engine import audit
    from engine.access import operator_principal
    from engine.sources import load_sources

    query = {"job_id": spec.job_id, "rows": spec.rows_estimate, "k": spec.k, "min_band": spec.min_band, "sources": spec.sources}
    audit.record(load_sources(spec.config_path), operator_principal(), action, query=query)


def _run_with_progress(store: JobStore, job_id: str, estimate: int, language: str, workers: int | None):  # type: ignore[no-untyped-def]
    progress = Progress(
        TextColumn(translate("bulk.progress", language)),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=errors,
        transient=False,
    )
    with progress:
        task = progress.add_task("bulk", total=estimate or None, rate="-")

        def advance(done: int, total: int, tally: Tally) -> None:
            rate = tally.rows / tally.seconds if tally.seconds else 0.0
            progress.update(task, completed=done, total=max(total, done), rate=f"{rate:,.0f}")

        return run_job(store, job_id, on_progress=advance, workers=workers)
