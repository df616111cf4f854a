"""Build MRZ lines from field values, with every check digit computed.

Used to write test fixtures, demo data and the repair benchmark from the same
layouts that :func:`engine.identifiers.mrz.parse_mrz` reads. Values are given
as they appear in the MRZ: upper case, dates as ``YYMMDD``, fillers as ``<``.
A TD1 or TD2 document number longer than nine characters is continued in the
optional data with its check digit (Doc 9303 Part 5, note j).

>>> compose_mrz(MrzFormat.TD3, document_code='P', issuing_state='UTO',
...             primary='ERIKSSON', secondary='ANNA MARIA', document_number='L898902C3',
...             nationality='UTO', birth_date='740812', sex='F', expiry_date='120415',
...             optional_data='ZE184226B')
('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10')
"""

from __future__ import annotations

from engine.identifiers.check_digit import compute_check_digit
from engine.identifiers.mrz_layout import LAYOUTS, MrzFormat, MrzLayout, with_long_document_number
from engine.identifiers.mrz_repair import covered_text


def name_field(primary: str, secondary: str, length: int) -> str:
    """Return the name field: words joined by ``<``, ``<<`` between identifiers, cut to ``length``."""
    text = "<".join(primary.upper().split())
    if secondary.strip():
        text += "<<" + "<".join(secondary.upper().split())
    return text[:length].ljust(length, "<")


def _write(grid: list[list[str]], layout: MrzLayout, name: str, value: str) -> None:
    spec = layout.field(name)
    width = spec.end - spec.start
    if len(value) > width:
        raise ValueError(f"invalid {name} {value!r}: at most {width} characters in {layout.format}")
    for offset, character in enumerate(value.ljust(width, "<")):
        grid[spec.line][spec.start + offset] = character


def compose_mrz(
    mrz_format: MrzFormat,
    *,
    document_code: str,
    issuing_state: str,
    primary: str,
    secondary: str,
    document_number: str,
    nationality: str,
    birth_date: str,
    sex: str,
    expiry_date: str,
    optional_data: str = "",
    optional_data_2: str = "",
) -> tuple[str, ...]:
    """Return the MRZ lines for the given values; raise ValueError when a value does not fit."""
    layout = LAYOUTS[mrz_format]
    grid = [["<"] * layout.line_length for _ in range(layout.line_count)]

    long_number = len(document_number) > 9
    if long_number:
        if mrz_format not in (MrzFormat.TD1, MrzFormat.TD2):
            raise ValueError(f"invalid document number {document_number!r}: more than 9 characters only fit TD1 and TD2")
        layout = with_long_document_number(layout, len(document_number) - 9 + 1)
        _write(grid, layout, "document_number_extension", document_number[9:])
        document_number = document_number[:9]

    name_spec = layout.field("name")
    _write(grid, layout, "name", name_field(primary, secondary, name_spec.end - name_spec.start))
    values = {
        "document_code": document_code,
        "issuing_state": issuing_state,
        "document_number": document_number,
        "nationality": nationality,
        "birth_date": birth_date,
        "sex": sex,
        "expiry_date": expiry_date,
        "optional_data": optional_data,
        "optional_data_2": optional_data_2,
    }
    for name, value in values.items():
        if layout.has_field(name):
            _write(grid, layout, name, value)
        elif value:
            raise ValueError(f"invalid {name} {value!r}: {mrz_format} has no such field")

    for check in layout.checks:
        lines = ["".join(row) for row in grid]
        digit = compute_check_digit(covered_text(check, lines))
        if check.filler_allowed and set(covered_text(check, lines)) <= {"<"}:
            digit = "<"
        grid[check.digit[0]][check.digit[1]] = digit
    return tuple("".join(row) for row in grid)
