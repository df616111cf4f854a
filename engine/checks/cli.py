"""The `cruce scan` and `cruce vehicle` commands: border and patrol checks from the command line.

Registered in ``engine/cli.py``::

    from engine.checks.cli import scan, vehicle
    app.command("scan")(scan)
    app.command("vehicle")(vehicle)

Both run as the local operator: every record visible, unless ``--as-country``
limits the view to the records a key of that country may read. Both are audited. Exit codes: 0
clear, 1 listed (a document or vehicle on a list, or a strong holder hit), 2
bad input.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from engine import audit
from engine.access import operator_principal
from engine.checks.document_check import check_document
from engine.checks.messages import render
from engine.checks.vehicle_check import check_vehicle
from engine.i18n import UserError
from engine.cli_errors import fail as _fail

console = Console()
errors = Console(stderr=True)

EXIT_LISTED = 1
EXIT_BAD_INPUT = 2
STATUS_STYLES = {"listed": "bold red", "clear": "green", "unchecked": "yellow"}


def scan(
    ctx: typer.Context,
    mrz: Annotated[str | None, typer.Argument(help="Líneas de la MRZ (o por la entrada estándar) / MRZ lines (or from standard input).")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Buscar solo en esta fuente (repetible) / search only this source (repeatable).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-k", help="Coincidencias del titular (1-100) / holder hits (1-100).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
    as_country: Annotated[str | None, typer.Option("--as-country", help="Ver solo lo que ve una clave de este país / see only what a key of this country sees.")] = None,
) -> None:
    """Cotejar un documento por su MRZ y buscar al titular / check a document by its MRZ and search its holder."""
    context = ctx.obj
    text = mrz if mrz is not None else sys.stdin.read()
    request = {"mrz": text[:200], "sources": source}
    try:
        operator = operator_principal(as_country)
        answer = check_document(
            context.runtime, mrz=text, sources=source or None, holder_limit=limit, viewer_country=operator.country, language=context.language
        )
    except UserError as error:
        raise _fail(error, context.language) from None

    record_ids = [f"{item['source']}/travel_document/{item['record_id']}" for item in answer["document"]["listings"]]
    record_ids += [f"{hit['source']}/person/{hit['record_id']}" for hit in answer["holder"]["hits"]]
    audit.record(context.runtime.config, operator, "document.check", query=request, hits=len(record_ids), record_ids=record_ids, detail=answer["document"]["status"])

    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_scan(answer, context.language)
    strong = any(hit["band"] == "strong" for hit in answer["holder"]["hits"])
    if answer["document"]["status"] == "listed" or strong:
        raise typer.Exit(EXIT_LISTED)


def vehicle(
    ctx: typer.Context,
    vin: Annotated[str | None, typer.Option("--vin", help="NIV / VIN (17 caracteres).")] = None,
    plate: Annotated[str | None, typer.Option("--plate", help="Placa / licence plate.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="País de la placa (MX, MEX…) / plate country.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Buscar solo en esta fuente (repetible) / search only this source (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Salida JSON / JSON output.")] = False,
    as_country: Annotated[str | None, typer.Option("--as-country", help="Ver solo lo que ve una clave de este país / see only what a key of this country sees.")] = None,
) -> None:
    """Cotejar un vehículo por NIV o placa / check a vehicle by VIN or plate."""
    context = ctx.obj
    request = {"vin": vin, "plate": plate, "plate_country": country, "sources": source}
    try:
        operator = operator_principal(as_country)
        answer = check_vehicle(
            context.runtime, vin=vin, plate=plate, plate_country=country, sources=source or None,
            viewer_country=operator.country, language=context.language,
        )
    except UserError as error:
        raise _fail(error, context.language) from None

    record_ids = [f"{item['source']}/vehicle/{item['record_id']}" for item in answer["listings"]]
    audit.record(context.runtime.config, operator, "vehicle.check", query=request, hits=len(record_ids), record_ids=record_ids, detail=answer["status"])

    if as_json:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_vehicle(answer)
    if answer["status"] == "listed":
        raise typer.Exit(EXIT_LISTED)


def _print_scan(answer: dict[str, Any], language: str) -> None:
    document = answer["document"]
    reading = answer["mrz"] or {}
    console.print(
        render("scan.header", language, number=document["number"], country=document["issuing_country"] or "?", format=reading.get("format", "-")),
        highlight=False,
    )
    console.print(f"[{STATUS_STYLES[document['status']]}]{document['text']}[/]", highlight=False)
    if document["number_note"]:
        console.print(f"[yellow]![/] {document['number_note']}", highlight=False)
    for item in answer["repairs"]:
        console.print(f"[yellow]~[/] {item['text']}", highlight=False)
    for item in answer["problems"]:
        console.print(f"[red]✗[/] {item['text']}", highlight=False)
        if item.get("alternatives_text"):
            console.print(f"  {item['alternatives_text']}", highlight=False)
    for item in answer["warnings"]:
        console.print(f"[yellow]![/] {item['text']}", highlight=False)
    for missing in document["missing_sources"] + answer["holder"]["missing_sources"]:
        console.print(f"[bold yellow]![/] {missing['message']}", highlight=False)
    _print_holder(answer["holder"], language)


def _print_holder(holder: dict[str, Any], language: str) -> None:
    if holder["skipped"]:
        console.print(holder["skipped"], highlight=False)
        return
    hits = holder["hits"]
    if not hits:
        console.print(render("scan.no_holder_hits", language, query=holder["query"]["name"]), highlight=False)
        return

    console.print(render("scan.holder", language, count=len(hits), query=holder["query"]["name"]), highlight=False)
    headers = {
        "es": ("#", "Puntaje", "Banda", "Nombre", "Nacimiento", "Fuente", "Aviso"),
        "en": ("#", "Score", "Band", "Name", "Born", "Source", "Notice"),
    }[language]
    table = Table(*headers)
    for rank, hit in enumerate(hits, start=1):
        notice = hit["record"].get("notice") or {}
        table.add_row(
            str(rank), f"{hit['score']:.3f}", hit["band_label"], hit["name"], ", ".join(hit["record"].get("birth_dates", [])),
            hit["source"], " ".join(part for part in (hit.get("notice_label"), notice.get("reference")) if part),
        )
    console.print(table)


def _print_vehicle(answer: dict[str, Any]) -> None:
    console.print(f"[{STATUS_STYLES[answer['status']]}]{answer['text']}[/]", highlight=False)
    for item in answer["problems"]:
        console.print(f"[red]✗[/] {item['text']}", highlight=False)
    for item in answer["warnings"]:
        console.print(f"[yellow]![/] {item['text']}", highlight=False)
    for listing in answer["listings"] + answer["other_countries"]:
        described = " ".join(str(value) for value in (listing["make"], listing["model"], listing["year"], listing["color"]) if value)
        console.print(f"  {listing['source']}/{listing['record_id']}: {listing['reason_label']} — {described}", highlight=False)
    for missing in answer["missing_sources"]:
        console.print(f"[bold yellow]![/] {missing['message']}", highlight=False)
