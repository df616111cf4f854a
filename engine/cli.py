"""The `cruce` command line: ingest, search, demo, status and serve."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from engine.cli_errors import fail
from engine.i18n import UserError, resolve_language, translate
from engine.runtime import Runtime

app = typer.Typer(
    help="Cruce: búsqueda federada de registros policiales / federated search of police records.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"
BAND_STYLES = {"strong": "bold red", "possible": "yellow", "weak": "dim"}


class Context:
    """Options every command shares."""

    def __init__(self, config: str | None, language: str) -> None:
        self.config = config
        self.language = language
        self._runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            self._runtime = Runtime.open(self.config)
        return self._runtime

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()


ConfigOption = Annotated[
    str | None,
    typer.Option("--config", "-c", help="Archivo de fuentes (TOML) / sources file (TOML). Default: CRUCE_SOURCES or the built-in file."),
]
LangOption = Annotated[str | None, typer.Option("--lang", help="Idioma de los mensajes: es (predeterminado) o en / message language: es (default) or en.")]


@app.callback()
def main(ctx: typer.Context, config: ConfigOption = None, lang: LangOption = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        language = resolve_language(lang)
    except ValueError:
        errors.print(translate("language.invalid", "es", value=lang) + "\n" + translate("language.invalid", "en", value=lang))
        raise typer.Exit(2)
    ctx.obj = Context(config, language)
    ctx.call_on_close(ctx.obj.close)


@app.command()
def search(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Nombre a buscar / name to look up, e.g. 'Jesús Amezcua Contreras'.")],
    birth_date: Annotated[str | None, typer.Option("--birth-date", "-b", help="AAAA-MM-DD, AAAA-MM o AAAA.")] = None,
    sex: Annotated[str | None, typer.Option("--sex", "-s", help="M o F.")] = None,
    nationality: Annotated[str | None, typer.Option("--nationality", "-n", help="Código de país ISO de dos letras / ISO alpha-2 country code.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Buscar solo en esta fuente (repetible) / search only this source (repeatable).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-k", help="Número de resultados (1-100) / number of hits (1-100).")] = 10,
    min_band: Annotated[str | None, typer.Option("--min-band", help="Banda mínima: weak, possible o strong / lowest band shown.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
    as_country: Annotated[str | None, typer.Option("--as-country", help="Ver solo lo que ve una clave de este país / see only what a key of this country sees.")] = None,
) -> None:
    """Buscar personas por nombre en todas las fuentes / search persons by name across every source."""
    from engine import audit
    from engine.access import operator_principal
    from engine.search import search_persons

    context: Context = ctx.obj
    asked = {"name": name, "birth_date": birth_date, "sex": sex, "nationality": nationality, "sources": source, "limit": limit, "min_band": min_band}
    try:
        operator = operator_principal(as_country)
        answer = search_persons(
            context.runtime,
            name=name,
            birth_date=birth_date,
            sex=sex,
            nationality=nationality,
            sources=source or None,
            limit=limit,
            min_band=min_band,
            viewer_country=operator.country,
            language=context.language,
        )
    except UserError as error:
        raise fail(error, context.language)
    shown = [f"{hit['source']}/person/{hit['record_id']}" for hit in answer["hits"]]
    audit.record(context.runtime.config, operator, "person.search", query=asked, hits=len(shown), record_ids=shown)

    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
        return
    _print_search(answer, context.language)


def _print_search(answer: dict[str, Any], language: str) -> None:
    for missing in answer["missing_sources"]:
        console.print(f"[bold yellow]![/] {missing['message']}", highlight=False)

    hits = answer["hits"]
    if not hits:
        console.print(translate("search.no_hits", language, query=answer["query"]["name"]), highlight=False)
        return

    sources = ", ".join(sorted({hit["source"] for hit in hits}))
    console.print(translate("search.header", language, count=len(hits), query=answer["query"]["name"], sources=sources), highlight=False)
    headers = {
        "es": ("#", "Puntaje", "Banda", "Nombre", "Nacimiento", "Fuente", "Dueño", "Aviso"),
        "en": ("#", "Score", "Band", "Name", "Born", "Source", "Owner", "Notice"),
    }[language]
    table = Table(*headers, show_lines=False)
    for rank, hit in enumerate(hits, start=1):
        record = hit["record"]
        notice = record.get("notice") or {}
        style = BAND_STYLES.get(hit["band"], "")
        table.add_row(
            str(rank),
            f"{hit['score']:.3f}",
            f"[{style}]{hit['band_label']}[/]",
            hit["name"],
            ", ".join(record.get("birth_dates", [])),
            hit["source"],
            hit["owner"],
            " ".join([hit.get("notice_label", "")] + [str(notice[key]) for key in ("reference", "program") if notice.get(key)]).strip(),
        )
    console.print(table)

    for rank, hit in enumerate(hits, start=1):
        reasons = "; ".join(row["text"] for row in hit["explanation"])
        console.print(f"  {rank}. {hit['name']}: {reasons}", highlight=False)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Archivos a importar / files to import (.jsonl, INTERPOL .json, OFAC folder or sdn.csv).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="jsonl, interpol u ofac (se adivina si falta / guessed when absent).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Fuente destino / target source, e.g. mx.")] = None,
) -> None:
    """Importar registros / import records; bad rows are reported with file and line."""
    from engine.ingest import ingest_paths

    context: Context = ctx.obj
    progress = Progress(
        TextColumn(translate("ingest.progress", context.language)),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} reg/s"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None, rate="-")

        def advance(count: int) -> None:
            progress.advance(task, count)
            elapsed = progress.tasks[0].elapsed or 0
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / elapsed:,.0f}" if elapsed else "-")

        try:
            report = ingest_paths(context.runtime, paths, fmt=fmt, source=source, on_batch=advance)
        except UserError as error:
            raise fail(error, context.language)

    from engine import audit
    from engine.access import operator_principal

    audit.record(
        context.runtime.config, operator_principal(), "ingest",
        query={"paths": [str(path) for path in paths], "format": fmt, "source": source},
        hits=report.accepted, outcome="success" if not (report.problems or report.rejected) else "partial",
    )

    for problem in report.problems[:50]:
        errors.print(translate("ingest.problem", context.language, file=problem.file, line=problem.line, message=problem.render(context.language)), highlight=False)
    if len(report.problems) > 50:
        errors.print(f"… (+{len(report.problems) - 50})")
    for rejected in report.rejected[:50]:
        errors.print(f"{rejected.record_id}: {rejected.reason}", highlight=False)

    console.print(
        translate(
            "ingest.summary",
            context.language,
            accepted=report.accepted,
            source=", ".join(sorted(report.sources)) or source or "-",
            stale=report.stale,
            rejected=len(report.rejected),
            problems=len(report.problems),
            seconds=report.seconds,
        ),
        highlight=False,
    )
    if report.problems or report.rejected:
        raise typer.Exit(1)


@app.command()
def demo(
    ctx: typer.Context,
    persons: Annotated[int, typer.Option("--persons", help="Personas nacionales generadas / generated national persons.")] = 20000,
    seed: Annotated[int, typer.Option("--seed", help="Semilla del generador / generator seed.")] = 7,
) -> None:
    """Cargar datos de demostración / load the demo data (generated national persons, the real OFAC SDN list, stolen documents and vehicles)."""
    from engine.demo.national import generate_persons
    from engine.ingest import ingest_paths

    context: Context = ctx.obj
    runtime = context.runtime
    console.print(translate("demo.loading", context.language, national=persons), highlight=False)

    national = runtime.backend_for("mx")
    batch = []
    for person in generate_persons(persons, seed):
        batch.append(person)
        if len(batch) == 5000:
            national.upsert(batch)
            batch = []
    if batch:
        national.upsert(batch)

    ingest_paths(runtime, [PROJECT_DATA / "ofac-sdn-2022-01"], fmt="ofac", source="intl")
    from engine.demo.documents import load_demo_documents

    load_demo_documents(runtime, seed=seed)
    counts = ", ".join(f"{name}: {kinds['person']}" for name, kinds in runtime.source_counts().items())
    console.print(translate("demo.ready", context.language, counts=counts), highlight=False)


@app.command()
def status(ctx: typer.Context) -> None:
    """Mostrar fuentes y conteos / show sources and record counts."""
    context: Context = ctx.obj
    runtime = context.runtime
    counts = runtime.source_counts()
    for name, source in sorted(runtime.config.sources.items()):
        console.print(
            translate(
                "status.line",
                context.language,
                source=name,
                owner=source.owner,
                backend=source.backend,
                persons=counts[name]["person"],
                documents=counts[name]["travel_document"],
                vehicles=counts[name]["vehicle"],
            ),
            highlight=False,
        )


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Dirección / address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Puerto / port.")] = 8000,
    tls_cert: Annotated[Path | None, typer.Option("--tls-cert", help="Certificado TLS (PEM); sirve HTTPS / TLS certificate (PEM); serves HTTPS. See docs/TLS.md.")] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="Clave privada TLS (PEM) / TLS private key (PEM).")] = None,
) -> None:
    """Servir la API HTTP y las páginas / serve the HTTP API and pages."""
    import uvicorn

    from engine.api import create_app

    context: Context = ctx.obj
    if (tls_cert is None) != (tls_key is None):
        errors.print(translate("serve.tls_pair", context.language), highlight=False)
        raise typer.Exit(2)
    console.print(translate("serve.starting", context.language, host=host, port=port), highlight=False)
    tls = {"ssl_certfile": str(tls_cert), "ssl_keyfile": str(tls_key)} if tls_cert and tls_key else {}
    uvicorn.run(create_app(config_path=context.config), host=host, port=port, log_level="info", **tls)


# Sub-commands for API keys and the audit log.
from engine.access.cli import app as keys_app  # noqa: E402
from engine.audit.cli import app as audit_app  # noqa: E402

app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")

# Border and patrol checks.
from engine.checks.cli import scan, vehicle  # noqa: E402

app.command("scan")(scan)
app.command("vehicle")(vehicle)

# Analysts' bulk match jobs.
from engine.bulk.cli import bulk  # noqa: E402

app.command("bulk")(bulk)

# National → international sync.
from engine.sync.cli import sync  # noqa: E402

app.command("sync")(sync)

# Reindex and roll back the indices of Elasticsearch and OpenSearch sources.
from engine.index.search_engine.cli import reindex  # noqa: E402

app.command("reindex")(reindex)

if __name__ == "__main__":
    app()
