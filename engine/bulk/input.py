"""Reading a bulk job's input: CSV of any common delimiter and encoding, or JSON Lines, row by row.

``inspect_input`` makes one cheap pass over the file to choose the encoding
(UTF-8 with or without BOM, else Windows-1252, else Latin-1), the CSV delimiter
and an estimate of the row count for the progress bar. ``read_rows`` then
streams the rows, numbered by their position among the data rows, so a resumed
job can skip exactly the rows it has already written. A row that cannot be read
is still yielded, with its problem, so it lands in the errors file.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.bulk.columns import DEFAULT_HEADERS, fold_header, resolve_columns
from engine.i18n import UserError, csv_error, json_error, json_type

INPUT_FORMATS = ("csv", "jsonl")
DELIMITERS = ",;\t|"
_SCAN_CHUNK = 1 << 20
_SNIFF_BYTES = 64 * 1024
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

csv.field_size_limit(1 << 20)


@dataclass(slots=True)
class InputRow:
    """One data row: its position among the data rows, the line it starts on, and its fields as text."""

    index: int
    line: int
    values: dict[str, str] = field(default_factory=dict)
    problem: tuple[str, dict[str, Any]] | None = None  # message key and parameters for the errors file


@dataclass(frozen=True, slots=True)
class InputShape:
    """What one pass over the input file found out."""

    path: str
    fmt: str
    encoding: str
    delimiter: str
    rows_estimate: int
    size: int
    mtime_ns: int

    def fingerprint(self) -> dict[str, int]:
        return {"size": self.size, "mtime_ns": self.mtime_ns}


def guess_format(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        chosen = fmt.strip().lower()
        if chosen not in INPUT_FORMATS:
            raise UserError("bulk.input_format", value=fmt)
        return chosen
    return "jsonl" if str(path).lower().endswith(_JSONL_SUFFIXES) else "csv"


def inspect_input(path: str | Path, fmt: str | None = None) -> InputShape:
    """Choose the encoding and delimiter and count the lines, in one streaming pass.

    Raises UserError when the file is missing or empty.
    """
    location = Path(path)
    try:
        stat = location.stat()
    except FileNotFoundError:
        raise UserError("bulk.input_missing", value=str(path)) from None
    chosen = guess_format(location, fmt)

    encoding, lines = _scan(location)
    if lines == 0:
        raise UserError("bulk.input_empty")

    delimiter = ","
    rows = lines
    if chosen == "csv":
        delimiter = _sniff_delimiter(location, encoding)
        rows = max(lines - 1, 0)
    return InputShape(str(location.absolute()), chosen, encoding, delimiter, rows, stat.st_size, stat.st_mtime_ns)


def _scan(path: Path) -> tuple[str, int]:
    """Return the encoding that decodes the whole file and its number of non-empty lines (a row estimate)."""
    with path.open("rb") as handle:
        start = handle.read(3)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _count_lines(path)

    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_SCAN_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, _count_lines(path)
    return "latin-1", _count_lines(path)


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(_SCAN_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return lines


def _sniff_delimiter(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_BYTES)
    complete = sample.rsplit("\n", 1)[0] if "\n" in sample else sample
    header = complete.split("\n", 1)[0]

    try:
        sniffed = csv.Sniffer().sniff(complete, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed and sniffed in header:
        return sniffed

    # Fall back to the candidate that splits the header into the most columns.
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def read_rows(shape: InputShape, mapping: Mapping[str, str] | None = None, *, start: int = 0) -> Iterator[InputRow]:
    """Yield the data rows from position ``start`` on; rows before it are read and skipped.

    Raises UserError (before the first row) when the header has no name column
    or a mapped column is missing.
    """
    if shape.fmt == "jsonl":
        yield from _jsonl_rows(shape, mapping, start)
    else:
        yield from _csv_rows(shape, mapping, start)


def check_header(shape: InputShape, mapping: Mapping[str, str] | None = None) -> dict[str, int] | None:
    """Check the CSV header against the mapping before a job starts; None for JSON Lines."""
    if shape.fmt != "csv":
        return None
    with open(shape.path, "r", encoding=shape.encoding, newline="") as handle:
        header = next(csv.reader(handle, delimiter=shape.delimiter), None)
    if not header:
        raise UserError("bulk.input_empty")
    return resolve_columns(header, mapping)


def _csv_rows(shape: InputShape, mapping: Mapping[str, str] | None, start: int) -> Iterator[InputRow]:
    with open(shape.path, "r", encoding=shape.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=shape.delimiter)
        header = next(reader, None)
        if not header:
            raise UserError("bulk.input_empty")
        positions = resolve_columns(header, mapping)

        index = 0
        previous_line = reader.line_num
        while True:
            line = previous_line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                previous_line = reader.line_num
                if index >= start:
                    yield InputRow(index, line, problem=("bulk.row.bad_csv", {"problem": csv_error(error)}))
                index += 1
                continue

            previous_line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if index >= start:
                values = {name: cells[position].strip() for name, position in positions.items() if position < len(cells)}
                yield InputRow(index, line, {name: value for name, value in values.items() if value})
            index += 1


def _jsonl_rows(shape: InputShape, mapping: Mapping[str, str] | None, start: int) -> Iterator[InputRow]:
    resolved: dict[tuple[str, ...], dict[str, int] | None] = {}
    index = 0
    with open(shape.path, "r", encoding=shape.encoding, newline="") as handle:
        for line_number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            if index < start:
                index += 1
                continue
            yield _json_row(index, line_number, text, mapping, resolved)
            index += 1


def _json_row(
    index: int, line: int, text: str, mapping: Mapping[str, str] | None, resolved: dict[tuple[str, ...], dict[str, int] | None]
) -> InputRow:
    try:
        data = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return InputRow(index, line, problem=("bulk.row.not_json", dict(json_error(error).params)))
    except ValueError:
        # Python refuses to convert an integer of more than 4300 digits.
        return InputRow(index, line, problem=("bulk.row.number_too_long", {}))
    if not isinstance(data, dict):
        return InputRow(index, line, problem=("bulk.row.not_object", {"type": json_type(data)}))

    keys = tuple(data)
    if keys not in resolved:
        try:
            resolved[keys] = resolve_columns(list(keys), mapping)
        except UserError:
            resolved[keys] = None
    positions = resolved[keys]
    if positions is None:
        return InputRow(index, line, problem=("bulk.row.no_name", {}))

    values = {}
    for name, position in positions.items():
        value = data[keys[position]]
        if value is not None and not isinstance(value, (dict, list)):
            text_value = str(value).strip()
            if text_value:
                values[name] = text_value
    return InputRow(index, line, values)


__all__ = [
    "DEFAULT_HEADERS",
    "INPUT_FORMATS",
    "InputRow",
    "InputShape",
    "check_header",
    "fold_header",
    "guess_format",
    "inspect_input",
    "read_rows",
]
