"""The holder search of a document check: the name, birth date, sex and nationality from the MRZ or the form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.checks.input_errors import CheckInputError
from engine.checks.messages import render
from engine.i18n import UserError
from engine.identifiers import curp as curp_numbers
from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import icao_to_iso2
from engine.identifiers.mrz import MrzReading
from engine.presenting import hit_to_dict, missing_to_dicts
from engine.queries import check_name, parse_birth_date, parse_country, parse_sex
from engine.records import Identifier, IdentifierKind, PartialDate
from engine.runtime import Runtime
from engine.scoring import PersonQuery
from engine.search import MIN_SCORE

CURP_LENGTH = 18


@dataclass(slots=True)
class HolderFields:
    """The holder's known details, read from an MRZ or typed by the officer."""

    name: str = ""
    birth_date: PartialDate | None = None
    sex: str | None = None
    nationality: str | None = None
    curp: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)


def holder_from_reading(reading: MrzReading) -> HolderFields:
    """Take the holder from an MRZ: primary identifier (both surnames on Mexican passports), then given names.

    A valid CURP in the optional data (Mexican documents may carry it) is used as an identifier.
    """
    primary, secondary = reading.name.primary, reading.name.secondary
    name = f"{primary}, {secondary}" if primary and secondary else primary or secondary
    curp = _curp_in(reading.optional_data) or _curp_in(reading.optional_data_2)
    return HolderFields(
        name=name,
        birth_date=reading.birth_date,
        sex=reading.sex if reading.sex in ("M", "F") else None,
        nationality=icao_to_iso2(reading.nationality),
        curp=curp,
    )


def holder_from_fields(
    *,
    name: str | None,
    surnames: str | None,
    given_names: str | None,
    birth_date: str | None,
    sex: str | None,
    nationality: str | None,
    curp: str | None,
) -> HolderFields:
    """Validate typed holder fields; raises UserError naming the bad value."""
    if not name and (surnames or given_names):
        name = f"{surnames}, {given_names}" if surnames and given_names else surnames or given_names
    if name:
        check_name(name)

    country = nationality.strip() if nationality else None
    if country and len(country) == 3:
        country = icao_to_iso2(country) or country
    checked_curp = None
    if curp and curp.strip():
        try:
            checked_curp = curp_numbers.validate(curp)
        except IdentifierError as error:
            raise CheckInputError.from_identifier_error(error) from None

    return HolderFields(
        name=name or "",
        birth_date=parse_birth_date(birth_date),
        sex=parse_sex(sex),
        nationality=parse_country(country),
        curp=checked_curp,
    )


def search_holder(
    runtime: Runtime,
    holder: HolderFields,
    *,
    sources: list[str] | None,
    viewer_country: str | None,
    limit: int,
    language: str,
) -> dict[str, Any]:
    """Run the holder through the person search of every visible source; skipped when there is no name."""
    request = {
        "name": holder.name,
        "birth_date": str(holder.birth_date) if holder.birth_date else None,
        "sex": holder.sex,
        "nationality": holder.nationality,
        "curp": holder.curp,
    }
    if not holder.name:
        return {"query": request, "hits": [], "partial": False, "missing_sources": [], "skipped": render("check.holder_skipped", language)}

    try:
        check_name(holder.name)
    except UserError as error:
        return {"query": request, "hits": [], "partial": False, "missing_sources": [], "skipped": error.render(language)}

    identifiers = [Identifier(IdentifierKind.CURP, holder.curp, "MX", True)] if holder.curp else []
    query = PersonQuery(holder.name, holder.birth_date, holder.sex, holder.nationality, identifiers)
    result = runtime.federation.search_persons(query, viewer_country=viewer_country, sources=sources, limit=limit)
    hits = [hit for hit in result.hits if hit.score >= MIN_SCORE]
    return {
        "query": request,
        "hits": [hit_to_dict(hit, language) for hit in hits],
        "partial": bool(result.missing),
        "missing_sources": missing_to_dicts(result.missing, language),
        "skipped": None,
    }


def _curp_in(text: str) -> str | None:
    candidate = text.replace("<", "")
    if len(candidate) == CURP_LENGTH and curp_numbers.is_valid(candidate):
        return candidate
    return None
