"""Validation of officer queries, shared by the CLI and the HTTP API."""

from __future__ import annotations

import re

from engine.i18n import UserError
from engine.names import InvalidName, parse_name
from engine.records import PartialDate
from engine.scoring import PersonQuery

MAX_NAME_LENGTH = 300
MAX_LIMIT = 100
BANDS = ("weak", "possible", "strong")

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_SEX_CODES = {"M": "M", "H": "M", "F": "F", "MALE": "M", "FEMALE": "F", "HOMBRE": "M", "MUJER": "F"}


def build_person_query(
    name: str,
    birth_date: str | None = None,
    sex: str | None = None,
    nationality: str | None = None,
) -> PersonQuery:
    """Validate raw officer input and build a PersonQuery.

    Raises UserError naming the bad value and the fix.
    """
    check_name(name)
    parsed_birth_date = parse_birth_date(birth_date)
    sex_code = parse_sex(sex)
    country = parse_country(nationality)
    return PersonQuery(name=name, birth_date=parsed_birth_date, sex=sex_code, nationality=country)


def check_name(name: str) -> None:
    if name is None or not name.strip():
        raise UserError("name.empty")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError("name.too_long", length=len(name), maximum=MAX_NAME_LENGTH)

    try:
        parse_name(name)
    except InvalidName as error:
        reason = getattr(error, "reason", "no_letters")
        if reason == "too_long":
            raise UserError("name.too_long", length=len(name), maximum=MAX_NAME_LENGTH) from error
        if reason == "empty":
            raise UserError("name.empty") from error
        raise UserError("name.no_letters", value=_preview(name)) from error


def parse_birth_date(text: str | None) -> PartialDate | None:
    if text is None or not text.strip():
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise UserError("birth_date.invalid", value=_preview(text)) from error


def parse_sex(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    code = _SEX_CODES.get(text.strip().upper())
    if code is None:
        raise UserError("sex.invalid", value=_preview(text))
    return code


def parse_country(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    code = text.strip().upper()
    if not _COUNTRY_CODE.match(code):
        raise UserError("nationality.invalid", value=_preview(text))
    return code


def parse_limit(value: int) -> int:
    if not 1 <= value <= MAX_LIMIT:
        raise UserError("limit.invalid", value=value, maximum=MAX_LIMIT)
    return value


def parse_band(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    band = text.strip().lower()
    if band not in BANDS:
        raise UserError("band.invalid", value=_preview(text))
    return band


def _preview(text: str, width: int = 60) -> str:
    """Shorten a bad value for an error message and make control characters visible."""
    shown = text if len(text) <= width else text[:width] + "…"
    return shown.encode("unicode_escape").decode("ascii") if not shown.isprintable() else shown
