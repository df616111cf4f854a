"""Value checks shared by the importers: names, sex codes, country codes, birth dates and identifiers.

Each check returns the value to store and appends a ``Flag`` to the list it is
given when the value is invalid, so that the record keeps what was received.
Only a value that makes the row unusable (a name too long to be a name) raises
``RowError``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from stdnum.exceptions import ValidationError
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from engine.importers.base import RowError
from engine.records import Flag, Identifier, IdentifierKind, PartialDate

MAX_NAME_LENGTH = 300

SEX_CODES = {"M": "M", "F": "F", "U": "U", "X": "X", "MALE": "M", "FEMALE": "F"}

_SPACES = re.compile(r"\s+")

# Control characters (NUL included) and lone surrogates; format characters such as
# the zero-width joiner are kept because some scripts need them.
_DROPPED = ("Cc", "Cs")


def clean_text(value: str) -> str:
    """Drop control characters (NUL included) and collapse runs of white space to one space."""
    if value.isprintable():
        if "  " not in value and value == value.strip():
            return value
        return _SPACES.sub(" ", value).strip()

    kept = "".join(" " if ch in "\t\n\r" else ch for ch in value if ch in "\t\n\r" or unicodedata.category(ch) not in _DROPPED)
    return _SPACES.sub(" ", kept).strip()


def clean_name(value: str | None, field: str) -> str | None:
    """Clean a name part; return None when nothing is left. Raises RowError for a name over MAX_NAME_LENGTH."""
    if value is None:
        return None

    cleaned = clean_text(value)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise RowError("import.name_too_long", field=field, length=len(cleaned), maximum=MAX_NAME_LENGTH)
    return cleaned or None


def check_sex(value: str | None, flags: list[Flag], field: str = "sex") -> str | None:
    """Map a sex code to M, F, U or X; keep an unknown code as received and flag it."""
    if value is None:
        return None

    cleaned = clean_text(value)
    if not cleaned:
        return None
    code = SEX_CODES.get(cleaned.upper())
    if code is None:
        flags.append(Flag(field, cleaned, "unknown sex code; expected M, F, U or X"))
        return cleaned
    return code


@lru_cache(maxsize=1)
def _country_table() -> tuple[frozenset[str], dict[str, str]]:
    codes: set[str] = set()
    names: dict[str, str] = {}
    text = resources.files("engine.importers").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, spellings = line.split("\t", 1)
        codes.add(code)
        for spelling in spellings.split("|"):
            names[spelling.casefold()] = code
    return frozenset(codes), names


def is_country_code(code: str) -> bool:
    """Tell whether ``code`` is an ISO 3166-1 alpha-2 code (or XK, Kosovo)."""
    return code in _country_table()[0]


def country_code_for_name(name: str) -> str | None:
    """Return the alpha-2 code for an English country name as written in OFAC and similar lists, or None."""
    return _country_table()[1].get(clean_text(name).casefold())


def check_country(value: str | None, flags: list[Flag], field: str) -> str | None:
    """Upper-case an alpha-2 country code; keep an unknown code as received and flag it."""
    if value is None:
        return None

    cleaned = clean_text(value).upper()
    if not cleaned:
        return None
    if not is_country_code(cleaned):
        flags.append(Flag(field, cleaned, "not an ISO 3166-1 alpha-2 country code"))
    return cleaned


def check_countries(values: list[str], flags: list[Flag], field: str) -> list[str]:
    checked = (check_country(value, flags, field) for value in values)
    return [code for code in checked if code]


def parse_birth_date(value: str, flags: list[Flag], field: str = "birth_dates") -> PartialDate | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``~`` prefix for circa).

    NOTE: an impossible date such as 1980-02-30 cannot be a PartialDate, so it is
    kept only in the flag (value as received) and the record has no date for it.
    """
    cleaned = clean_text(value)
    if not cleaned:
        return None
    try:
        return PartialDate.parse(cleaned)
    except ValueError as error:
        problem = str(error) if str(error).startswith("invalid date") else f"invalid date: {error}"
        flags.append(Flag(field, cleaned, problem))
        return None


def make_identifier(kind: str, value: str, country: str | None, flags: list[Flag]) -> Identifier:
    """Build an identifier, checking CURP and RFC with python-stdnum; a malformed one is kept and flagged.

    ``valid`` is True or False for CURP and RFC, and None for kinds that are not
    checked (passports and national ID numbers of most countries).
    """
    cleaned = clean_text(value)
    if kind == IdentifierKind.CURP:
        return _checked(kind, cleaned, country, flags, stdnum_curp.validate)
    if kind == IdentifierKind.RFC:
        return _checked(kind, cleaned, country, flags, stdnum_rfc.validate)
    return Identifier(kind=kind, value=cleaned, country=country, valid=None)


def _checked(kind: str, value: str, country: str | None, flags: list[Flag], validate: Callable[[str], str]) -> Identifier:
    try:
        compact = validate(value)
    except ValidationError as error:
        flags.append(Flag(f"identifiers.{kind}", value, f"invalid {kind.upper()}: {error.message}"))
        return Identifier(kind=kind, value=value, country=country, valid=False)
    return Identifier(kind=kind, value=compact, country=country, valid=True)
