"""The border page: read pasted MRZ lines, show every field with its check digits and repairs, search the holder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from engine.access import Principal
from engine.access.services import audit_action
from engine.checks.document_check import document_from_reading
from engine.checks.document_check import document_verdict as check_document_verdict
from engine.checks.listings import selected_sources
from engine.i18n import UserError
from engine.identifiers.errors import MrzError, MrzProblem
from engine.identifiers.icao_codes import icao_to_iso2
from engine.identifiers.mrz import MrzReading, parse_mrz
from engine.runtime import Runtime
from engine.search import search_persons
from engine.web.hit_view import hit_views
from engine.web.language import format_date
from engine.web.messages import PAGE_MESSAGES, page_text
from engine.web.officer import missing_with_labels

HOLDER_LIMIT = 10
MAX_MRZ_FIELD = 4096


@dataclass(slots=True)
class FieldRow:
    label: str
    value: str
    failed: bool = False
    note: str = ""


@dataclass(slots=True)
class CheckRow:
    label: str
    passed: bool


@dataclass(slots=True)
class Finding:
    text: str
    where: str


def empty_border_context() -> dict[str, Any]:
    return {"mrz": "", "error": None, "reading": None}


async def run_check(request: Request, runtime: Runtime, language: str, principal: Principal) -> dict[str, Any]:
    """Read the posted MRZ, check it and search its holder; return the page context.

    An MRZ that cannot be read comes back in ``error`` with its line and column,
    in ``language``, instead of raising.
    """
    posted = await request.form()
    raw = posted.get("mrz", "")
    text = raw[:MAX_MRZ_FIELD] if isinstance(raw, str) else ""
    context: dict[str, Any] = {"mrz": text, "error": None, "reading": None}

    try:
        reading = parse_mrz(text)
    except MrzError as error:
        context["error"] = mrz_error_text(error, language)
        return context

    context["reading"] = reading_view(reading, language)
    context["document"] = await run_in_threadpool(document_verdict, runtime, reading, language, principal.country)
    context["holder"] = await holder_hits(runtime, reading, language, principal.country)
    await audit_action(
        request,
        principal,
        "document.check",
        query={"document_number": reading.document_number, "issuing_state": reading.issuing_state, "channel": "web"},
        hits=len(context["holder"]["hits"]),
    )
    return context


def mrz_error_text(error: MrzError, language: str) -> str:
    """Describe an MRZ that cannot be read, with where the fault is, in ``language``."""
    message = _problem_text(error.code, error.params, error.message, language)
    where = _where(error.line, error.column, language)
    return f"{where}: {message}" if where else message


def reading_view(reading: MrzReading, language: str) -> dict[str, Any]:
    """Shape a reading: verdict, fields, check digits, repairs, problems and the lines with repairs marked."""
    failed = set(reading.failed_fields)
    if reading.valid and reading.repairs:
        verdict, status = page_text("mrz.repaired", language, count=len(reading.repairs)), "repaired"
    elif reading.valid:
        verdict, status = page_text("mrz.valid", language), "valid"
    else:
        verdict, status = page_text("mrz.invalid", language), "invalid"

    return {
        "status": status,
        "verdict": verdict,
        "fields": _field_rows(reading, failed, language),
        "checks": [CheckRow(_field_label(name, language), passed) for name, passed in reading.check_digits],
        "repairs": [_repair_text(repair, language) for repair in reading.repairs],
        "problems": [_finding(problem, language) for problem in reading.problems],
        "warnings": [_finding(problem, language) for problem in reading.warnings],
        "lines": _marked_lines(reading),
    }


def document_verdict(runtime: Runtime, reading: MrzReading, language: str, viewer_country: str | None) -> dict[str, Any]:
    """Tell whether the document is listed as stolen, lost or revoked in any source (``engine.checks``)."""
    document = document_from_reading(reading)
    sources = selected_sources(runtime, None)
    return check_document_verdict(runtime, document, sources, viewer_country=viewer_country, language=language)


async def holder_hits(runtime: Runtime, reading: MrzReading, language: str, viewer_country: str | None) -> dict[str, Any]:
    """Search every visible source for the holder named in the MRZ, with birth date, sex and nationality."""
    surnames = " ".join(reading.name.surnames)
    given = " ".join(reading.name.given_names)
    if not surnames and not given:
        return {"skipped": page_text("holder.skipped", language), "query": "", "hits": [], "missing": [], "error": None}

    name = f"{surnames}, {given}" if surnames and given else surnames or given
    try:
        response = await run_in_threadpool(
            search_persons,
            runtime,
            name=name,
            birth_date=str(reading.birth_date) if reading.birth_date else None,
            sex=reading.sex if reading.sex in ("M", "F") else None,
            nationality=icao_to_iso2(reading.nationality),
            limit=HOLDER_LIMIT,
            viewer_country=viewer_country,
            language=language,
        )
    except UserError as error:
        return {"skipped": None, "query": name, "hits": [], "missing": [], "error": error.render(language)}

    return {
        "skipped": None,
        "query": name,
        "error": None,
        "hits": hit_views(response["hits"], runtime.config, language),
        "missing": missing_with_labels(response["missing_sources"], runtime, language),
    }


def _field_rows(reading: MrzReading, failed: set[str], language: str) -> list[FieldRow]:
    expiry_note = ""
    if reading.expiry_date is not None and reading.expiry_date < date.today():
        expiry_note = page_text("mrz.expired", language)

    sex = page_text(f"sex.{reading.sex}", language) if reading.sex else ""
    rows = [
        FieldRow(_field_label("format", language), str(reading.format)),
        FieldRow(_field_label("document_code", language), reading.document_code),
        FieldRow(_field_label("issuing_state", language), reading.issuing_state, "issuing_state" in failed),
        FieldRow(_field_label("document_number", language), reading.document_number, "document_number" in failed),
        FieldRow(_field_label("surnames", language), reading.name.primary, "name" in failed),
        FieldRow(_field_label("given_names", language), reading.name.secondary, "name" in failed),
        FieldRow(_field_label("nationality", language), reading.nationality, "nationality" in failed),
        FieldRow(
            _field_label("birth_date", language),
            format_date(str(reading.birth_date), language) if reading.birth_date else "",
            "birth_date" in failed,
        ),
        FieldRow(_field_label("sex", language), sex, "sex" in failed),
        FieldRow(
            _field_label("expiry_date", language),
            format_date(reading.expiry_date.isoformat(), language) if reading.expiry_date else "",
            "expiry_date" in failed,
            expiry_note,
        ),
    ]
    if reading.optional_data:
        rows.append(FieldRow(_field_label("optional_data", language), reading.optional_data, "optional_data" in failed))
    if reading.optional_data_2:
        rows.append(FieldRow(_field_label("optional_data_2", language), reading.optional_data_2))
    return rows


def _marked_lines(reading: MrzReading) -> list[list[tuple[str, bool]]]:
    """Split each line into runs of characters, each run marked when a repair changed it."""
    repaired = {(repair.line, repair.column) for repair in reading.repairs}
    lines = []
    for line_number, line in enumerate(reading.lines, start=1):
        runs: list[tuple[str, bool]] = []
        for column, character in enumerate(line, start=1):
            marked = (line_number, column) in repaired
            if runs and runs[-1][1] == marked:
                runs[-1] = (runs[-1][0] + character, marked)
            else:
                runs.append((character, marked))
        lines.append(runs)
    return lines


def _repair_text(repair: Any, language: str) -> str:
    return page_text(
        "mrz.repair",
        language,
        line=repair.line,
        column=repair.column,
        field=_field_label(repair.field, language),
        original=repair.original,
        replacement=repair.replacement,
    )


def _finding(problem: MrzProblem, language: str) -> Finding:
    text = _problem_text(problem.code, problem.params, problem.message, language)
    if problem.field:
        text = f"{_field_label(problem.field, language)}: {text}"
    return Finding(text, _where(problem.line, problem.column, language))


def _problem_text(code: str, params: dict[str, Any], message: str, language: str) -> str:
    key = f"mrz_error.{code}"
    if key not in PAGE_MESSAGES:
        return page_text("mrz_error.unknown", language, message=message)
    try:
        return page_text(key, language, **params)
    except (KeyError, IndexError):
        # A problem without the parameters its message names still reads, in English.
        return page_text("mrz_error.unknown", language, message=message)


def _field_label(name: str, language: str) -> str:
    key = f"mrz_field.{name}"
    return page_text(key, language) if key in PAGE_MESSAGES else name


def _where(line: int | None, column: int | None, language: str) -> str:
    if line is None or column is None:
        return ""
    return page_text("mrz.where", language, line=line, column=column)
