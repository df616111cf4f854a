"""Where each MRZ field sits, per ICAO Doc 9303 format, and which check digit covers it.

Positions are 0-based ``(line, start, end)`` slices here; the public reading
and every error report them 1-based. The formats:

=======  =====  ======  ==========================================================
format   lines  length  source
=======  =====  ======  ==========================================================
TD1      3      30      Doc 9303 Part 5 (ID cards). Composite check over line 1
                        positions 6-30, line 2 positions 1-7, 9-15 and 19-29.
TD2      2      36      Doc 9303 Part 6. Composite over line 2 positions 1-10,
                        14-20 and 22-35.
TD3      2      44      Doc 9303 Part 4 (passports). Personal number with its own
                        check digit; composite over line 2 positions 1-10, 14-20
                        and 22-43.
MRV-A    2      44      Doc 9303 Part 7 (visas), first character ``V``. No
                        composite check; 16 characters of optional data.
MRV-B    2      36      Doc 9303 Part 7, first character ``V``. No composite
                        check; 8 characters of optional data.
=======  =====  ======  ==========================================================

A TD1 or TD2 document number longer than nine characters puts ``<`` in its
check digit position and continues in the optional data, followed by its
check digit (Doc 9303 Part 5, note j); :func:`with_long_document_number`
returns the layout for such a number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class MrzFormat(StrEnum):
    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


class CharClass(StrEnum):
    """What a position may hold, which decides the OCR repairs tried there."""

    ALPHA = "alpha"  # A-Z and < (codes, names)
    NUMERIC = "numeric"  # 0-9 and < (dates, check digits)
    MIXED = "mixed"  # A-Z, 0-9 and < (document number, optional data)
    SEX = "sex"  # M, F, X or <


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One MRZ field: its name, 0-based line, and the half-open column range."""

    name: str
    line: int
    start: int
    end: int
    char_class: CharClass


Segment = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check digit: the segments it covers and where the digit sits.

    ``field`` is the covered field's name, or ``"composite"``. When
    ``filler_allowed`` is true and every covered character is ``<``, the digit
    may be ``<`` as well as ``0`` (an unused personal number, an unknown date).
    """

    field: str
    segments: tuple[Segment, ...]
    digit: tuple[int, int]
    filler_allowed: bool = False


@dataclass(frozen=True, slots=True)
class MrzLayout:
    format: MrzFormat
    line_count: int
    line_length: int
    fields: tuple[FieldSpec, ...]
    checks: tuple[CheckSpec, ...]
    paddable_lines: tuple[int, ...]  # lines that end in a field which may end in fillers

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(spec.name == name for spec in self.fields)


A, N, X, S = CharClass.ALPHA, CharClass.NUMERIC, CharClass.MIXED, CharClass.SEX


def _line1_passport_style(length: int) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("document_code", 0, 0, 2, A),
        FieldSpec("issuing_state", 0, 2, 5, A),
        FieldSpec("name", 0, 5, length, A),
    )


def _line2_common() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("document_number", 1, 0, 9, X),
        FieldSpec("document_number_check", 1, 9, 10, N),
        FieldSpec("nationality", 1, 10, 13, A),
        FieldSpec("birth_date", 1, 13, 19, N),
        FieldSpec("birth_date_check", 1, 19, 20, N),
        FieldSpec("sex", 1, 20, 21, S),
        FieldSpec("expiry_date", 1, 21, 27, N),
        FieldSpec("expiry_date_check", 1, 27, 28, N),
    )


def _line2_checks() -> tuple[CheckSpec, ...]:
    return (
        CheckSpec("document_number", ((1, 0, 9),), (1, 9)),
        CheckSpec("birth_date", ((1, 13, 19),), (1, 19), filler_allowed=True),
        CheckSpec("expiry_date", ((1, 21, 27),), (1, 27), filler_allowed=True),
    )


TD3 = MrzLayout(
    format=MrzFormat.TD3,
    line_count=2,
    line_length=44,
    fields=_line1_passport_style(44)
    + _line2_common()
    + (
        FieldSpec("optional_data", 1, 28, 42, X),
        FieldSpec("optional_data_check", 1, 42, 43, N),
        FieldSpec("composite_check", 1, 43, 44, N),
    ),
    checks=_line2_checks()
    + (
        CheckSpec("optional_data", ((1, 28, 42),), (1, 42), filler_allowed=True),
        CheckSpec("composite", ((1, 0, 10), (1, 13, 20), (1, 21, 43)), (1, 43)),
    ),
    paddable_lines=(0,),
)

TD2 = MrzLayout(
    format=MrzFormat.TD2,
    line_count=2,
    line_length=36,
    fields=_line1_passport_style(36)
    + _line2_common()
    + (
        FieldSpec("optional_data", 1, 28, 35, X),
        FieldSpec("composite_check", 1, 35, 36, N),
    ),
    checks=_line2_checks() + (CheckSpec("composite", ((1, 0, 10), (1, 13, 20), (1, 21, 35)), (1, 35)),),
    paddable_lines=(0,),
)

MRV_A = MrzLayout(
    format=MrzFormat.MRV_A,
    line_count=2,
    line_length=44,
    fields=_line1_passport_style(44) + _line2_common() + (FieldSpec("optional_data", 1, 28, 44, X),),
    checks=_line2_checks(),
    paddable_lines=(0, 1),
)

MRV_B = MrzLayout(
    format=MrzFormat.MRV_B,
    line_count=2,
    line_length=36,
    fields=_line1_passport_style(36) + _line2_common() + (FieldSpec("optional_data", 1, 28, 36, X),),
    checks=_line2_checks(),
    paddable_lines=(0, 1),
)

TD1 = MrzLayout(
    format=MrzFormat.TD1,
    line_count=3,
    line_length=30,
    fields=(
        FieldSpec("document_code", 0, 0, 2, A),
        FieldSpec("issuing_state", 0, 2, 5, A),
        FieldSpec("document_number", 0, 5, 14, X),
        FieldSpec("document_number_check", 0, 14, 15, N),
        FieldSpec("optional_data", 0, 15, 30, X),
        FieldSpec("birth_date", 1, 0, 6, N),
        FieldSpec("birth_date_check", 1, 6, 7, N),
        FieldSpec("sex", 1, 7, 8, S),
        FieldSpec("expiry_date", 1, 8, 14, N),
        FieldSpec("expiry_date_check", 1, 14, 15, N),
        FieldSpec("nationality", 1, 15, 18, A),
        FieldSpec("optional_data_2", 1, 18, 29, X),
        FieldSpec("composite_check", 1, 29, 30, N),
        FieldSpec("name", 2, 0, 30, A),
    ),
    checks=(
        CheckSpec("document_number", ((0, 5, 14),), (0, 14)),
        CheckSpec("birth_date", ((1, 0, 6),), (1, 6), filler_allowed=True),
        CheckSpec("expiry_date", ((1, 8, 14),), (1, 14), filler_allowed=True),
        CheckSpec("composite", ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)), (1, 29)),
    ),
    paddable_lines=(0, 2),
)

LAYOUTS: dict[MrzFormat, MrzLayout] = {
    layout.format: layout for layout in (TD1, TD2, TD3, MRV_A, MRV_B)
}


def long_number_extension(layout: MrzLayout, lines: list[str]) -> int:
    """Return how many optional-data characters a long document number uses (its check digit included).

    Returns 0 when the number fits its nine characters: the check digit
    position contains a digit, or the optional data starts with a filler.
    """
    if layout.format not in (MrzFormat.TD1, MrzFormat.TD2):
        return 0

    check = layout.field("document_number_check")
    optional = layout.field("optional_data")
    if lines[check.line][check.start] != "<":
        return 0

    text = lines[optional.line][optional.start : optional.end]
    extension = len(text.split("<", 1)[0])
    return extension if extension >= 2 else 0


def with_long_document_number(layout: MrzLayout, extension: int) -> MrzLayout:
    """Return ``layout`` with the document number continued into ``extension`` optional-data characters.

    The last of those characters becomes the document number's check digit;
    the position that normally contains the check digit keeps its ``<``, and a
    ``<`` after the check digit ends the number before any optional data.
    """
    if extension < 2:
        raise ValueError(f"invalid extension {extension}: a long document number adds at least one character and its check digit")

    number = layout.field("document_number")
    optional = layout.field("optional_data")
    digit_column = optional.start + extension - 1

    fields: list[FieldSpec] = []
    for spec in layout.fields:
        if spec.name == "document_number_check":
            fields.append(replace(spec, name="document_number_filler", char_class=CharClass.ALPHA))
            fields.append(FieldSpec("document_number_extension", optional.line, optional.start, digit_column, X))
            fields.append(FieldSpec("document_number_check", optional.line, digit_column, digit_column + 1, N))
        elif spec.name == "optional_data" and digit_column + 1 < spec.end:
            fields.append(FieldSpec("document_number_end", spec.line, digit_column + 1, digit_column + 2, CharClass.ALPHA))
            fields.append(replace(spec, start=digit_column + 2))
        elif spec.name == "optional_data":
            continue
        else:
            fields.append(spec)

    number_segments = ((number.line, number.start, number.end), (optional.line, optional.start, digit_column))
    checks = tuple(
        CheckSpec("document_number", number_segments, (optional.line, digit_column))
        if spec.field == "document_number"
        else spec
        for spec in layout.checks
    )
    return replace(layout, fields=tuple(fields), checks=checks)
