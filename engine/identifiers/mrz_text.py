"""Turn the text a document reader or an officer gives into clean MRZ lines.

Accepted: lower case, spaces inside or around lines, blank lines, CRLF or CR
line breaks, and the whole MRZ on one line (88, 72 or 90 characters, which
are split into the lines of TD3/MRV-A, TD2/MRV-B or TD1). Lines shorter than
their format are padded with ``<`` when the line ends in a field that may end
in fillers (a name, optional data), and the padding is reported as a warning.

Rejected, with an :class:`MrzError` naming the 1-based line and column:
empty text, text over :data:`MAX_INPUT_SIZE` characters (checked before any
other work), binary data or control characters, characters outside A-Z, 0-9
and ``<``, a wrong number of lines, and lines of the wrong length. Columns
count characters of the cleaned line, after spaces are removed, because that
is the position in the MRZ itself; binary data is reported at its position in
the raw text.
"""

from __future__ import annotations

from engine.identifiers.errors import MrzError, MrzProblem
from engine.identifiers.mrz_layout import LAYOUTS, MrzFormat, MrzLayout

# Three TD1 lines are 90 characters; 4 KiB leaves room for any whitespace a reader adds.
MAX_INPUT_SIZE = 4096

_MRZ_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_ALLOWED_CONTROL = frozenset("\t\n\r\f\v")
_SINGLE_LINE_SPLITS = {88: 44, 72: 36, 90: 30}


def check_input_size(text: str | bytes) -> None:
    """Raise ``mrz.empty`` or ``mrz.too_long`` before any parsing work is done."""
    if len(text) > MAX_INPUT_SIZE:
        raise MrzError(
            f"MRZ text too long: {len(text)} characters, the limit is {MAX_INPUT_SIZE}",
            code="mrz.too_long",
            params={"size": len(text), "limit": MAX_INPUT_SIZE},
        )
    if not text or not text.strip():
        raise MrzError("MRZ text is empty: expected two or three lines of A-Z, 0-9 and <", code="mrz.empty")


def decode_input(text: str | bytes) -> str:
    """Return ``text`` as a string, rejecting bytes that are not UTF-8 and control characters."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MrzError(
                f"MRZ text contains binary data at byte {error.start + 1}",
                code="mrz.binary",
                column=error.start + 1,
            ) from None

    for line_number, raw_line in enumerate(text.split("\n"), start=1):
        for column, character in enumerate(raw_line, start=1):
            if (ord(character) < 32 or ord(character) == 127) and character not in _ALLOWED_CONTROL:
                raise MrzError(
                    f"MRZ text contains binary data: control character {ord(character):#04x} at line {line_number}, column {column}",
                    value=raw_line[:60],
                    code="mrz.binary",
                    line=line_number,
                    column=column,
                )
    return text


def clean_lines(text: str) -> list[str]:
    """Split into upper-case lines without whitespace, dropping blank lines."""
    lines = ["".join(raw_line.split()).upper() for raw_line in text.splitlines()]
    lines = [line for line in lines if line]

    if len(lines) == 1 and len(lines[0]) in _SINGLE_LINE_SPLITS:
        width = _SINGLE_LINE_SPLITS[len(lines[0])]
        lines = [lines[0][start : start + width] for start in range(0, len(lines[0]), width)]
    return lines


def check_alphabet(lines: list[str]) -> None:
    """Raise ``mrz.character`` at the first character outside A-Z, 0-9 and ``<``."""
    for line_number, line in enumerate(lines, start=1):
        for column, character in enumerate(line, start=1):
            if character not in _MRZ_ALPHABET:
                raise MrzError(
                    f"invalid MRZ character {character!r} at line {line_number}, column {column}: expected A-Z, 0-9 or <",
                    value=line,
                    code="mrz.character",
                    line=line_number,
                    column=column,
                    params={"character": character},
                )


def detect_layout(lines: list[str]) -> MrzLayout:
    """Choose the format from the number of lines, the first character and the longest line."""
    if len(lines) == 3:
        return LAYOUTS[MrzFormat.TD1]

    if len(lines) != 2:
        raise MrzError(
            f"wrong number of MRZ lines: {len(lines)}, expected 2 (TD2, TD3, visas) or 3 (TD1)",
            code="mrz.line_count",
            params={"count": len(lines)},
        )

    long_lines = max(len(line) for line in lines) > 36
    if lines[0].startswith("V"):
        return LAYOUTS[MrzFormat.MRV_A if long_lines else MrzFormat.MRV_B]
    return LAYOUTS[MrzFormat.TD3 if long_lines else MrzFormat.TD2]


def fit_line_lengths(lines: list[str], layout: MrzLayout) -> tuple[list[str], list[MrzProblem]]:
    """Pad short lines that may end in fillers; raise ``mrz.line_length`` for any other wrong length."""
    fitted: list[str] = []
    warnings: list[MrzProblem] = []
    expected = layout.line_length

    for index, line in enumerate(lines):
        if len(line) > expected:
            raise MrzError(
                f"MRZ line {index + 1} ({layout.format}) is too long: {len(line)} characters, expected {expected}",
                value=line,
                code="mrz.line_length",
                line=index + 1,
                column=expected + 1,
                params={"length": len(line), "expected": expected, "format": str(layout.format)},
            )

        if len(line) < expected and index not in layout.paddable_lines:
            raise MrzError(
                f"MRZ line {index + 1} ({layout.format}) is too short: {len(line)} characters, expected {expected}",
                value=line,
                code="mrz.line_length",
                line=index + 1,
                column=len(line) + 1,
                params={"length": len(line), "expected": expected, "format": str(layout.format)},
            )

        if len(line) < expected:
            added = expected - len(line)
            warnings.append(
                MrzProblem(
                    code="mrz.padded",
                    message=f"line {index + 1} had {len(line)} characters; {added} trailing fillers added",
                    value=line,
                    line=index + 1,
                    column=len(line) + 1,
                    warning=True,
                    params={"added": added},
                )
            )
            line = line + "<" * added
        fitted.append(line)
    return fitted, warnings


def read_lines(text: str | bytes) -> tuple[list[str], MrzLayout, list[MrzProblem]]:
    """Run every input step: size, binary data, cleaning, alphabet, format, line lengths."""
    check_input_size(text)
    decoded = decode_input(text)

    lines = clean_lines(decoded)
    if not lines:
        raise MrzError("MRZ text is empty: expected two or three lines of A-Z, 0-9 and <", code="mrz.empty")
    check_alphabet(lines)

    layout = detect_layout(lines)
    fitted, warnings = fit_line_lengths(lines, layout)
    return fitted, layout, warnings
