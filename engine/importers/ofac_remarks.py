"""Facts about a person parsed out of the free-text Remarks column of the OFAC SDN list.

Remarks are ``Key value`` parts separated by semicolons, for example
``DOB 31 Jul 1964; alt. DOB 1965; POB Culiacan, Sinaloa, Mexico; nationality
Mexico; citizen Mexico; C.U.R.P. AECP670318MJCMNT07 (Mexico); R.F.C.
AECP-670318 (Mexico); Passport 07040063285 (Mexico); Gender Male; a.k.a.
'CHUY'.`` Parts this module does not know (``Linked To:``, ``Email Address``,
sanction notes) are ignored.

Birth dates come as ``31 Jul 1964``, ``Jul 1964``, ``1964``, ``circa 1962``,
``circa 1979-1982`` and ranges ``1960 to 1962`` or ``01 Jan 1960 to 31 Dec 1962``.
A range of at most MAX_RANGE_YEARS years becomes one partial date per year; a
longer range keeps its two ends and is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.importers.values import clean_text, country_code_for_name, make_identifier
from engine.records import Flag, Identifier, IdentifierKind, PartialDate

MAX_RANGE_YEARS = 10

MONTHS = {name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}

# Remark labels of identity numbers and the identifier kind each one becomes.
IDENTIFIER_LABELS = {
    "C.U.R.P.": IdentifierKind.CURP,
    "R.F.C.": IdentifierKind.RFC,
    "Passport": IdentifierKind.PASSPORT,
    "Cedula No.": IdentifierKind.NATIONAL_ID,
    "National ID No.": IdentifierKind.NATIONAL_ID,
    "D.N.I.": IdentifierKind.NATIONAL_ID,
    "Identification Number": IdentifierKind.NATIONAL_ID,
    "Personal ID Card": IdentifierKind.NATIONAL_ID,
    "Electoral Registry No.": IdentifierKind.OTHER,
    "Tax ID No.": IdentifierKind.OTHER,
    "SSN": IdentifierKind.OTHER,
    "NIT #": IdentifierKind.OTHER,
    "RUC #": IdentifierKind.OTHER,
    "Driver's License No.": IdentifierKind.OTHER,
}

_ALT = r"(?:alt\.\s+)?"
_IDENTIFIER = re.compile(
    rf"^{_ALT}(?P<label>{'|'.join(re.escape(label) for label in IDENTIFIER_LABELS)})\s+"
    r"(?:#\s*|No\.\s*)?(?P<value>[^()]+?)\s*(?:\((?P<country>[^()]+)\).*)?$",
    re.IGNORECASE,
)
# Issue and expiry dates written after a number without parentheses ("K754050 issued 26 May 1999").
_DOCUMENT_DATES = re.compile(r"\s+(?:issued|expires|expired)\b.*$", re.IGNORECASE)
_LABELS_BY_FOLDED = {label.casefold(): kind for label, kind in IDENTIFIER_LABELS.items()}
_DOB = re.compile(rf"^{_ALT}DOB\s+(?P<value>.+)$", re.IGNORECASE)
_POB = re.compile(rf"^{_ALT}POB\s+(?P<value>.+)$", re.IGNORECASE)
_COUNTRY = re.compile(rf"^{_ALT}(?:nationality|citizen)\s+(?P<value>.+)$", re.IGNORECASE)
_GENDER = re.compile(r"^Gender\s+(?P<value>Male|Female)$", re.IGNORECASE)
_NICKNAME = re.compile(r"^[afn]\.k\.a\.,?\s+(?P<value>.+)$", re.IGNORECASE)

_SINGLE_DATE = re.compile(r"^(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>[A-Za-z]{3})[a-z]*\.?\s+)?(?P<year>\d{4})$")
_RANGE = re.compile(r"^(?P<start>.+?)\s+(?:to|-)\s+(?P<end>.+)$")
_YEAR_SPAN = re.compile(r"^(?P<start>\d{4})\s*-\s*(?P<end>\d{4})$")


@dataclass(slots=True)
class RemarkFacts:
    """Person facts read from one entry's remarks, and ``flags`` for the values that could not be read."""

    birth_dates: list[PartialDate] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    sex: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def parse_remarks(remarks: str | None) -> RemarkFacts:
    """Parse the Remarks column of one SDN entry into person facts."""
    facts = RemarkFacts()
    if not remarks:
        return facts

    for raw_part in remarks.split(";"):
        part = clean_text(raw_part).rstrip(".").strip()
        if part:
            _read_part(part, facts)
    return facts


def _read_part(part: str, facts: RemarkFacts) -> None:
    if found := _DOB.match(part):
        _add_birth_dates(found.group("value"), facts)
    elif found := _POB.match(part):
        facts.places_of_birth.append(found.group("value").strip())
    elif found := _COUNTRY.match(part):
        _add_nationality(found.group("value"), facts)
    elif found := _GENDER.match(part):
        facts.sex = "M" if found.group("value").lower() == "male" else "F"
    elif found := _IDENTIFIER.match(part):
        _add_identifier(found, facts)
    elif found := _NICKNAME.match(part):
        nickname = _unquote(found.group("value"))
        if nickname:
            facts.nicknames.append(nickname)


def _unquote(text: str) -> str:
    """Remove one quote mark at each end; others belong to the name (``'ABD AL-'AZIZ``)."""
    value = text.strip()
    if value.startswith("'"):
        value = value[1:]
    if value.endswith("'"):
        value = value[:-1]
    return value.strip()


def _add_nationality(text: str, facts: RemarkFacts) -> None:
    name = text.strip()
    if name.lower() == "undetermined":
        return

    uncertain = name.lower().startswith("possibly ")
    code = country_code_for_name(name[len("possibly "):] if uncertain else name)
    if code is None:
        facts.flags.append(Flag("nationalities", name, "country name not recognised"))
        return
    if uncertain:
        facts.flags.append(Flag("nationalities", name, "nationality given as uncertain in the source"))
    if code not in facts.nationalities:
        facts.nationalities.append(code)


def _add_identifier(found: re.Match[str], facts: RemarkFacts) -> None:
    kind = _LABELS_BY_FOLDED[found.group("label").casefold()]
    value = _DOCUMENT_DATES.sub("", found.group("value")).strip()
    country_name = found.group("country")
    country = country_code_for_name(country_name) if country_name else None
    if kind in (IdentifierKind.CURP, IdentifierKind.RFC) and country is None:
        country = "MX"

    identifier = make_identifier(kind, value, country, facts.flags)
    if all(existing.value != identifier.value or existing.kind != identifier.kind for existing in facts.identifiers):
        facts.identifiers.append(identifier)


def _add_birth_dates(text: str, facts: RemarkFacts) -> None:
    value = text.strip()
    circa = value.lower().startswith("circa ")
    if circa:
        value = value[len("circa "):].strip()

    span = _YEAR_SPAN.match(value) or _RANGE.match(value)
    if span:
        _add_range(text, span.group("start"), span.group("end"), circa, facts)
        return

    parsed = _parse_single_date(value, circa)
    if parsed is None:
        facts.flags.append(Flag("birth_dates", text, "birth date not understood"))
        return
    _append_date(parsed, facts)


def _add_range(text: str, start_text: str, end_text: str, circa: bool, facts: RemarkFacts) -> None:
    start = _parse_single_date(start_text, circa)
    end = _parse_single_date(end_text, circa)
    if start is None or end is None or end.year < start.year:
        facts.flags.append(Flag("birth_dates", text, "birth date range not understood"))
        return

    if start == end:
        _append_date(start, facts)
        return

    whole_years = _is_year_start(start) and _is_year_end(end)
    if whole_years and end.year - start.year <= MAX_RANGE_YEARS:
        for year in range(start.year, end.year + 1):
            _append_date(PartialDate(year, circa=circa), facts)
        return

    _append_date(start, facts)
    _append_date(end, facts)
    if end.year - start.year > MAX_RANGE_YEARS:
        facts.flags.append(Flag("birth_dates", text, f"birth date range longer than {MAX_RANGE_YEARS} years; only its ends are kept"))


def _is_year_start(value: PartialDate) -> bool:
    return value.month in (None, 1) and value.day in (None, 1)


def _is_year_end(value: PartialDate) -> bool:
    return (value.month is None and value.day is None) or (value.month == 12 and value.day in (None, 31))


def _parse_single_date(text: str, circa: bool) -> PartialDate | None:
    """Parse ``31 Jul 1964``, ``Jul 1964`` or ``1964``. Return None for any other text and for an impossible date."""
    found = _SINGLE_DATE.match(text.strip())
    if not found:
        return None

    month_name = found.group("month")
    month = MONTHS.get(month_name.capitalize()) if month_name else None
    if month_name and month is None:
        return None
    day = int(found.group("day")) if found.group("day") else None
    if day is not None and month is None:
        return None

    iso = found.group("year")
    if month:
        iso += f"-{month:02d}"
    if day:
        iso += f"-{day:02d}"
    try:
        parsed = PartialDate.parse(iso)
    except ValueError:
        return None
    return PartialDate(parsed.year, parsed.month, parsed.day, circa)


def _append_date(value: PartialDate, facts: RemarkFacts) -> None:
    if value not in facts.birth_dates:
        facts.birth_dates.append(value)
