"""Travel-document check: read the MRZ, look the document up in the stolen/lost/revoked lists, search the holder.

The document is looked up by its normalised number and issuing country in
every visible source (``find_documents`` of each backend). Confusable
characters (O/0, I/1, S/5…) fold to one key on both sides, so a reading whose
document-number check digit could not be repaired still finds the document;
the response then marks the number as unreliable and lists the possible
readings. A listing of the same number issued by another country is shown
apart and does not make the verdict ``listed``.

The holder's name, birth date, sex and nationality go through the person
search of every visible source in the same call. Nothing is guessed silently:
repairs, problems and warnings of the MRZ come back with a text in the
caller's language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.checks.holder import holder_from_fields, holder_from_reading, search_holder
from engine.checks.input_errors import CheckInputError
from engine.checks.listings import LISTING_LIMIT, icao_or_none, LookupResult, listing_to_dict, lookup, selected_sources
from engine.checks.messages import field_label, identifier_error_text, render
from engine.identifiers.errors import IdentifierError, MrzError, MrzProblem
from engine.identifiers.icao_codes import icao_to_iso2, normalise_country
from engine.identifiers.mrz import MrzReading, parse_mrz
from engine.identifiers.mrz_repair import Repair
from engine.identifiers.travel_document import normalise_document_number
from engine.presenting import missing_to_dicts
from engine.records import TravelDocument
from engine.runtime import Runtime

HOLDER_LIMIT = 10


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """The document to look up: its number as read and its issuing country (ICAO code), when known."""

    number: str
    issuing_country: str | None
    number_reliable: bool = True


def check_document(
    runtime: Runtime,
    *,
    mrz: str | bytes | None = None,
    number: str | None = None,
    issuing_country: str | None = None,
    name: str | None = None,
    surnames: str | None = None,
    given_names: str | None = None,
    birth_date: str | None = None,
    sex: str | None = None,
    nationality: str | None = None,
    curp: str | None = None,
    sources: list[str] | None = None,
    holder_limit: int = HOLDER_LIMIT,
    viewer_country: str | None = None,
    language: str = "es",
    today: date | None = None,
) -> dict[str, Any]:
    """Check one travel document and its holder; return the body shared by the API, the CLI and the border page.

    Give the MRZ text, or the document number with its issuing country and
    optional holder fields. Raises CheckInputError naming the line and column
    for an MRZ that cannot be read, and UserError for other bad input or an
    unknown source.
    """
    started = time.perf_counter()
    names = selected_sources(runtime, sources)
    reading: MrzReading | None = None

    if mrz is not None and (number or issuing_country):
        raise CheckInputError("check.mrz_and_number", status=422)
    if mrz is not None:
        reading = read_mrz(mrz, today=today)
        document = document_from_reading(reading)
        holder = holder_from_reading(reading)
    else:
        document = document_from_fields(number, issuing_country)
        holder = holder_from_fields(
            name=name, surnames=surnames, given_names=given_names, birth_date=birth_date, sex=sex, nationality=nationality, curp=curp
        )

    verdict = document_verdict(runtime, document, names, viewer_country=viewer_country, language=language)
    holder_answer = search_holder(runtime, holder, sources=names, viewer_country=viewer_country, limit=holder_limit, language=language)

    return {
        "input": "mrz" if reading is not None else "number",
        "document": verdict,
        "holder": holder_answer,
        "mrz": reading.to_dict() if reading is not None else None,
        "repairs": [repair_to_dict(repair, language) for repair in reading.repairs] if reading else [],
        "problems": [problem_to_dict(problem, language) for problem in reading.problems] if reading else [],
        "warnings": [problem_to_dict(problem, language) for problem in reading.warnings] if reading else [],
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def read_mrz(text: str | bytes, *, today: date | None = None) -> MrzReading:
    """Parse the MRZ with repairs; raise CheckInputError (line and column) when it cannot be an MRZ."""
    try:
        return parse_mrz(text, today=today)
    except MrzError as error:
        raise CheckInputError.from_identifier_error(error) from None


def document_from_reading(reading: MrzReading) -> DocumentQuery:
    """Take the number and issuing state of an MRZ; a failed number check digit makes the number unreliable."""
    return DocumentQuery(
        number=reading.document_number,
        issuing_country=reading.issuing_state or None,
        number_reliable="document_number" not in reading.failed_fields,
    )


def document_from_fields(number: str | None, issuing_country: str | None) -> DocumentQuery:
    """Validate a typed number and country; raises CheckInputError when either is missing or unusable."""
    if not number or not number.strip() or not issuing_country or not issuing_country.strip():
        raise CheckInputError("check.document_input")
    try:
        normalise_document_number(number)
        country = normalise_country(issuing_country)
    except IdentifierError as error:
        raise CheckInputError.from_identifier_error(error) from None
    return DocumentQuery(number=number.strip().upper(), issuing_country=country)


def document_verdict(
    runtime: Runtime,
    document: DocumentQuery,
    sources: list[str],
    *,
    viewer_country: str | None,
    language: str,
) -> dict[str, Any]:
    """Look the document up in every source; ``status`` is ``listed``, ``clear`` or ``unchecked``."""
    country = icao_or_none(document.issuing_country)
    found = find_listed_documents(runtime, document, sources, viewer_country)

    same, other = [], []
    for record in found.records:
        if not isinstance(record, TravelDocument):
            continue
        record_country = icao_or_none(record.issuing_country)
        if country is None or record_country is None or record_country == country:
            same.append(record)
        else:
            other.append(record)

    listings = [_document_listing(record, document.number, language) for record in same]
    shown_country = country or document.issuing_country or "?"
    if listings:
        first = listings[0]
        status = "listed"
        text = render(
            "check.document_listed", language,
            number=document.number, country=shown_country, reason=first["reason_label"],
            source=first["source"], owner=first["owner"], record_id=first["record_id"],
        )
    elif not _has_number(document.number):
        # An MRZ of fillers or a number that normalises to nothing names no document to look up.
        status, text = "unchecked", render("check.document_no_number", language)
    elif found.searched:
        status, text = "clear", render("check.document_clear", language, number=document.number, country=shown_country)
    else:
        status, text = "unchecked", render("check.document_unchecked", language)

    return {
        "status": status,
        "text": text,
        "number": document.number,
        "issuing_country": country,
        "issuing_country_iso2": icao_to_iso2(country) if country else None,
        "lookup_key": _lookup_key(document.number, country),
        "number_reliable": document.number_reliable,
        "number_note": None if document.number_reliable else render("check.number_unreliable", language),
        "listings": listings,
        "other_countries": [_document_listing(record, document.number, language) for record in other],
        "searched": found.searched,
        "missing_sources": missing_to_dicts(found.missing, language),
    }


def find_listed_documents(
    runtime: Runtime, document: DocumentQuery, sources: list[str], viewer_country: str | None
) -> LookupResult:
    """Return the active listed documents with this number, in the sources the viewer may see."""

    def find(backend: Any, group: list[str]) -> list[Any]:
        return backend.find_documents(
            document.number, document.issuing_country, sources=group, viewer_country=viewer_country, limit=LISTING_LIMIT
        )

    return lookup(runtime, sources, "find_documents", find)


def repair_to_dict(repair: Repair, language: str) -> dict[str, Any]:
    data: dict[str, Any] = dict(repair.to_dict())
    data["text"] = render(
        "check.repair", language,
        line=repair.line, column=repair.column, field=field_label(repair.field, language),
        original=repair.original, replacement=repair.replacement,
    )
    return data


def problem_to_dict(problem: MrzProblem, language: str) -> dict[str, Any]:
    """Describe an MRZ problem or warning with its place and, for an ambiguous repair, the possible readings."""
    data = problem.to_dict()
    data["text"] = identifier_error_text(
        problem.code, problem.params, language, line=problem.line, column=problem.column, value=problem.value, fallback=problem.message
    )
    alternatives = problem.params.get("alternatives")
    if alternatives:
        data["alternatives"] = list(alternatives)
        data["alternatives_text"] = render(
            "check.alternatives", language, field=field_label(problem.field, language), alternatives=", ".join(alternatives)
        )
    return data


def _document_listing(record: TravelDocument, number: str, language: str) -> dict[str, Any]:
    data = listing_to_dict(record, language)
    data["number"] = record.number
    data["issuing_country"] = record.issuing_country
    data["document_type"] = record.document_type
    data["holder_name"] = record.holder_name
    data["holder_birth_date"] = str(record.holder_birth_date) if record.holder_birth_date else None
    # The stored number may differ from the one read only in confusable characters (O/0, I/1…).
    data["number_match"] = "exact" if _plain(record.number) == _plain(number) else "confusable"
    return data


def _plain(number: str) -> str:
    return "".join(character for character in number.upper() if character.isalnum())



def _has_number(number: str | None) -> bool:
    try:
        return bool(number and normalise_document_number(number))
    except IdentifierError:
        return False


def _lookup_key(number: str, country: str | None) -> str | None:
    try:
        normalised = normalise_document_number(number)
    except IdentifierError:
        return None
    return f"{country}:{normalised}" if country else normalised


__all__ = ["DocumentQuery", "check_document", "document_verdict", "read_mrz"]
