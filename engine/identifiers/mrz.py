"""Machine-readable zone (MRZ) of passports, ID cards and visas, per ICAO Doc 9303.

Formats: TD1 (ID cards, 3 lines of 30), TD2 (2 of 36), TD3 (passports, 2 of
44), and machine-readable visas MRV-A (2 of 44) and MRV-B (2 of 36),
distinguished from TD3 and TD2 by their first character ``V``. Field positions are in
:mod:`engine.identifiers.mrz_layout`, name and date decoding in
:mod:`engine.identifiers.mrz_fields`, OCR repair in
:mod:`engine.identifiers.mrz_repair`.

:func:`parse_mrz` reads what a reader or an officer gives, repairs the usual
OCR confusions where the result is unambiguous, and returns an
:class:`MrzReading` that lists every repair and every remaining problem.
Text that cannot be an MRZ at all (empty, too long, binary, wrong characters,
wrong line count or length) raises :class:`MrzError` with line and column.
:func:`validate` raises on the first problem instead of returning it.

The ICAO specimen passport of Anna Maria Eriksson, issued by Utopia:

>>> reading = parse_mrz('''
...     P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
...     L898902C36UTO7408122F1204159ZE184226B<<<<<10
... ''', today=date(2024, 1, 1))
>>> reading.format, reading.document_number, reading.issuing_state
(<MrzFormat.TD3: 'TD3'>, 'L898902C3', 'UTO')
>>> reading.name.surnames, reading.name.given_names
(('ERIKSSON',), ('ANNA', 'MARIA'))
>>> str(reading.birth_date), reading.expiry_date, reading.sex
('1974-08-12', datetime.date(2012, 4, 15), 'F')
>>> reading.valid, reading.repairs
(True, ())

A Mexican passport (both surnames in the primary identifier) whose document
number KO3479734 was read with a zero for the letter O is repaired, and the
reading says where:

>>> misread = parse_mrz('''P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<
... K034797345MEX8503013M3001156<<<<<<<<<<<<<<<6''', today=date(2024, 1, 1))
>>> misread.valid, misread.document_number, misread.name.surnames
(True, 'KO3479734', ('GOMEZ', 'BERMUDEZ'))
>>> [(r.field, r.position, r.original, r.replacement) for r in misread.repairs]
[('document_number', 2, '0', 'O')]

A wrong check digit that no single confusion explains is reported, not guessed:

>>> bad = parse_mrz('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\n'
...                 'L898902C36UTO7408123F1204159ZE184226B<<<<<10')
>>> bad.valid, [problem.field for problem in bad.problems]
(False, ['birth_date', 'composite'])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.identifiers import icao_codes
from engine.identifiers.errors import MrzError, MrzProblem
from engine.identifiers.mrz_fields import (
    MrzName,
    decode_name,
    decode_sex,
    resolve_birth_date,
    resolve_expiry_date,
    strip_fillers,
)
from engine.identifiers.mrz_layout import (
    FieldSpec,
    MrzFormat,
    MrzLayout,
    long_number_extension,
    with_long_document_number,
)
from engine.identifiers.mrz_repair import Repair, check_passes, repair_mrz
from engine.identifiers.mrz_text import read_lines
from engine.records import PartialDate

__all__ = ["MrzError", "MrzFormat", "MrzName", "MrzReading", "Repair", "compact", "is_valid", "parse_mrz", "validate"]

_DOCUMENT_CODE_LETTERS = {
    MrzFormat.TD1: "ACI",
    MrzFormat.TD2: "ACIP",
    MrzFormat.TD3: "P",
    MrzFormat.MRV_A: "V",
    MrzFormat.MRV_B: "V",
}


@dataclass(frozen=True, slots=True)
class MrzReading:
    """Every field of one MRZ, after repairs, with the repairs and problems that produced it.

    ``lines`` are the lines after repair; ``lines_read`` the cleaned lines
    before it. ``valid`` is true when no problem other than a warning remains.
    Dates and the sex are ``None`` when the MRZ leaves them unknown or when
    they could not be decoded (a problem then gives the reason).
    """

    format: MrzFormat
    lines: tuple[str, ...]
    lines_read: tuple[str, ...]
    document_code: str
    issuing_state: str
    name: MrzName
    document_number: str
    nationality: str
    birth_date: PartialDate | None
    sex: str | None
    expiry_date: date | None
    optional_data: str
    optional_data_2: str
    check_digits: tuple[tuple[str, bool], ...]
    repairs: tuple[Repair, ...]
    problems: tuple[MrzProblem, ...]
    warnings: tuple[MrzProblem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def repaired(self) -> bool:
        return bool(self.repairs)

    @property
    def failed_fields(self) -> tuple[str, ...]:
        return tuple(problem.field for problem in self.problems if problem.field)

    def to_dict(self) -> dict[str, Any]:
        """Return the reading as plain data for an API response."""
        return {
            "format": str(self.format),
            "lines": list(self.lines),
            "lines_read": list(self.lines_read),
            "document_code": self.document_code,
            "issuing_state": self.issuing_state,
            "name": self.name.to_dict(),
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": str(self.birth_date) if self.birth_date else None,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "check_digits": {name: passed for name, passed in self.check_digits},
            "valid": self.valid,
            "repairs": [repair.to_dict() for repair in self.repairs],
            "problems": [problem.to_dict() for problem in self.problems],
            "warnings": [problem.to_dict() for problem in self.warnings],
        }


def _text(lines: list[str], spec: FieldSpec) -> str:
    return lines[spec.line][spec.start : spec.end]


def _field_problem(spec: FieldSpec, lines: list[str], code: str, message: str, **params: Any) -> MrzProblem:
    return MrzProblem(
        code=code,
        message=message,
        value=_text(lines, spec),
        line=spec.line + 1,
        column=spec.start + 1,
        field=spec.name,
        params=dict(params),
    )


def _layout_for(layout: MrzLayout, lines: list[str]) -> MrzLayout:
    extension = long_number_extension(layout, lines)
    return with_long_document_number(layout, extension) if extension else layout


def _document_number(layout: MrzLayout, lines: list[str]) -> str:
    number = strip_fillers(_text(lines, layout.field("document_number")))
    if layout.has_field("document_number_extension"):
        number += strip_fillers(_text(lines, layout.field("document_number_extension")))
    return number


def _decode_dates(
    layout: MrzLayout, lines: list[str], today: date, problems: list[MrzProblem]
) -> tuple[PartialDate | None, date | None]:
    birth_spec = layout.field("birth_date")
    expiry_spec = layout.field("expiry_date")
    birth_date: PartialDate | None = None
    expiry_date: date | None = None

    try:
        birth_date = resolve_birth_date(_text(lines, birth_spec), today=today)
    except ValueError as error:
        problems.append(_field_problem(birth_spec, lines, "mrz.date", str(error), field="birth_date"))

    try:
        expiry_date = resolve_expiry_date(_text(lines, expiry_spec), today=today)
    except ValueError as error:
        problems.append(_field_problem(expiry_spec, lines, "mrz.date", str(error), field="expiry_date"))
    return birth_date, expiry_date


def _decode_sex(layout: MrzLayout, lines: list[str], problems: list[MrzProblem]) -> str | None:
    spec = layout.field("sex")
    try:
        return decode_sex(_text(lines, spec))
    except ValueError as error:
        problems.append(_field_problem(spec, lines, "mrz.sex", str(error), character=_text(lines, spec)))
        return None


def _code_warnings(layout: MrzLayout, lines: list[str]) -> list[MrzProblem]:
    warnings: list[MrzProblem] = []
    for name in ("issuing_state", "nationality"):
        spec = layout.field(name)
        code = strip_fillers(_text(lines, spec))
        if not icao_codes.is_known(code):
            problem = _field_problem(spec, lines, "mrz.unknown_country", f"{name} {code!r} is not an ICAO code", field=name)
            warnings.append(_as_warning(problem))

    code_spec = layout.field("document_code")
    first = _text(lines, code_spec)[0]
    allowed = _DOCUMENT_CODE_LETTERS[layout.format]
    if first not in allowed:
        message = f"document code {_text(lines, code_spec)!r} is unusual for {layout.format}: expected it to start with one of {', '.join(allowed)}"
        warnings.append(_as_warning(_field_problem(code_spec, lines, "mrz.document_code", message, expected=allowed)))
    return warnings


def _as_warning(problem: MrzProblem) -> MrzProblem:
    return MrzProblem(
        code=problem.code,
        message=problem.message,
        value=problem.value,
        line=problem.line,
        column=problem.column,
        field=problem.field,
        warning=True,
        params=problem.params,
    )


def _name_warnings(layout: MrzLayout, lines: list[str], name: MrzName) -> list[MrzProblem]:
    if not name.truncated:
        return []
    spec = layout.field("name")
    message = "the name field has no trailing filler, so the name may be truncated"
    return [_as_warning(_field_problem(spec, lines, "mrz.name_truncated", message))]


def parse_mrz(text: str | bytes, *, today: date | None = None, repair: bool = True) -> MrzReading:
    """Read an MRZ: clean the text, repair OCR confusions, check every digit, decode every field.

    ``today`` resolves the century of two-digit years (default: the current
    date). With ``repair=False`` nothing is changed and every confusion is
    reported as a problem. Raises :class:`MrzError` when the text cannot be
    an MRZ; everything else is returned in ``problems`` and ``warnings``.
    """
    today = today or date.today()
    lines_read, base_layout, warnings = read_lines(text)

    layout = _layout_for(base_layout, lines_read)
    outcome = repair_mrz(layout, lines_read, repair=repair)
    lines = outcome.lines
    problems = list(outcome.problems)

    birth_date, expiry_date = _decode_dates(layout, lines, today, problems)
    sex = _decode_sex(layout, lines, problems)
    name = decode_name(_text(lines, layout.field("name")))
    warnings += _code_warnings(layout, lines) + _name_warnings(layout, lines, name)

    optional_2 = _text(lines, layout.field("optional_data_2")) if layout.has_field("optional_data_2") else ""
    return MrzReading(
        format=layout.format,
        lines=tuple(lines),
        lines_read=tuple(lines_read),
        document_code=strip_fillers(_text(lines, layout.field("document_code"))),
        issuing_state=strip_fillers(_text(lines, layout.field("issuing_state"))),
        name=name,
        document_number=_document_number(layout, lines),
        nationality=strip_fillers(_text(lines, layout.field("nationality"))),
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data=_text(lines, layout.field("optional_data")).rstrip("<"),
        optional_data_2=optional_2.rstrip("<"),
        check_digits=tuple((check.field, check_passes(check, lines)) for check in layout.checks),
        repairs=tuple(outcome.repairs),
        problems=tuple(problems),
        warnings=tuple(warnings),
    )


def compact(text: str) -> str:
    """Return the MRZ as clean lines joined by newlines, without repairing anything.

    >>> compact(' p<utoeriksson<<anna<maria \\r\\n L898902C36UTO7408122F1204159ZE184226B<<<<<10 ')
    'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10'
    """
    lines, _layout, _warnings = read_lines(text)
    return "\n".join(lines)


def validate(text: str | bytes, *, today: date | None = None, repair: bool = True) -> MrzReading:
    """Parse the MRZ and raise the first problem as :class:`MrzError`; return the reading when valid."""
    reading = parse_mrz(text, today=today, repair=repair)
    if reading.problems:
        raise reading.problems[0].to_error()
    return reading


def is_valid(text: str | bytes, *, today: date | None = None) -> bool:
    """Tell whether the MRZ reads without problems, repairs allowed."""
    try:
        return parse_mrz(text, today=today).valid
    except MrzError:
        return False
