"""Turning one input row's fields into the same person query an officer search builds.

Spreadsheets write dates their own way: ISO ``1979-03-14``, Mexican
``14/03/1979`` (day first), a bare year, or a date with a midnight time. A
second number above 12 with a first one at most 12 can only be a US
``03/14/1979`` and is read that way.
"""

from __future__ import annotations

import re

from engine.i18n import UserError
from engine.identifiers.icao_codes import icao_to_iso2
from engine.names import InvalidName, ParsedName, name_from_parts
from engine.queries import build_person_query
from engine.records import Identifier
from engine.scoring import PersonQuery

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_CURP_SHAPE = re.compile(r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$")
_SEX_WORDS = {"MASCULINO": "M", "FEMENINO": "F", "VARON": "M", "VARÓN": "M", "MASC": "M", "FEM": "F", "W": "F"}


def normalise_birth_date(text: str | None) -> str | None:
    """Rewrite a spreadsheet date as ``YYYY[-MM[-DD]]``; other text is returned as is, for validation to reject."""
    if text is None:
        return None
    value = _TIME_SUFFIX.sub("", text.strip())
    if not value:
        return None

    year_first = _YEAR_FIRST.match(value)
    if year_first:
        year, month, day = year_first.groups()
        return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")

    day_first = _DAY_FIRST.match(value)
    if day_first:
        first, second, year = (int(part) for part in day_first.groups())
        day, month = (second, first) if second > 12 and first <= 12 else (first, second)
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value


def normalise_sex(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return _SEX_WORDS.get(text.strip().upper(), text.strip())


def normalise_nationality(text: str | None) -> str | None:
    """Accept ISO alpha-2 codes as they are and map alpha-3 codes (``MEX``) to alpha-2."""
    if text is None or not text.strip():
        return None
    code = text.strip().upper()
    if len(code) == 3:
        return icao_to_iso2(code) or code
    return code


def row_query(values: dict[str, str]) -> tuple[PersonQuery, ParsedName | None]:
    """Build the person query of one row, and its parsed name when the row gives name parts.

    Raises UserError with the same keys as the officer search (bad name, date,
    sex, nationality), or ``bulk.row.no_name`` when the row has no name at all.
    """
    name, parsed = _row_name(values)
    query = build_person_query(
        name,
        normalise_birth_date(values.get("birth_date")),
        normalise_sex(values.get("sex")),
        normalise_nationality(values.get("nationality")),
    )
    query.identifiers = _identifiers(values, query.nationality)
    return query, parsed


def _row_name(values: dict[str, str]) -> tuple[str, ParsedName | None]:
    full = values.get("name")
    given = values.get("given_names")
    paternal = values.get("paternal_surname")
    maternal = values.get("maternal_surname")
    surnames = values.get("surnames")

    if full:
        return full, None
    if surnames and not (paternal or maternal):
        # Both surnames in one cell: the comma form tells the parser which words are surnames.
        return (f"{surnames}, {given}" if given else surnames), None
    if not (given or paternal or maternal):
        raise UserError("bulk.row.no_name")

    raw = " ".join(part for part in (given, paternal, maternal) if part)
    try:
        return raw, name_from_parts(given, paternal, maternal, raw)
    except InvalidName:
        return raw, None  # build_person_query then rejects the name with its own message


def _identifiers(values: dict[str, str], nationality: str | None) -> list[Identifier]:
    found: list[Identifier] = []
    curp = values.get("curp")
    if curp:
        found.append(Identifier("curp", curp.upper(), "MX"))
    passport = values.get("passport")
    if passport:
        found.append(Identifier("passport", passport.upper(), nationality))
    document = values.get("document")
    if document:
        compact = "".join(char for char in document.upper() if char.isalnum())
        kind = "curp" if _CURP_SHAPE.match(compact) else "national_id"
        found.append(Identifier(kind, compact, nationality))
    return found


__all__ = ["normalise_birth_date", "normalise_nationality", "normalise_sex", "row_query"]
