"""Importer for the project's JSON Lines record files (``.jsonl``, optionally gzip-compressed)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from engine.i18n import json_error
from engine.importers.base import (
    ImportedRecord,
    ImportItem,
    ImportProblem,
    RowError,
    excerpt,
)
from engine.importers.record_format import record_from_dict


def iter_jsonl(*paths: str | Path, default_source: str | None = None) -> Iterator[ImportItem]:
    """Stream the records of one or more JSON Lines files, one record per line.

    Blank lines are skipped. A line that is not valid UTF-8 or JSON, or that
    fails ``record_from_dict``, becomes an ImportProblem with its file and line
    number, and reading goes on. A truncated last line is reported the same way.
    """
    for path in paths:
        location = Path(path)
        with _open(location) as handle:
            yield from _read_lines(handle, str(location), default_source)


def _open(path: Path) -> BinaryIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_lines(handle: BinaryIO, file: str, default_source: str | None) -> Iterator[ImportItem]:
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue

        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield ImportProblem.of(file, number, "import.invalid_utf8", excerpt(raw.decode("utf-8", "replace")), offset=error.start)
            continue

        try:
            data = json.loads(text.rstrip("\r\n"))  # an error at the line end then names its last column
        except json.JSONDecodeError as error:
            yield ImportProblem.from_message(file, number, json_error(error), excerpt(text.rstrip()))
            continue

        try:
            record = record_from_dict(data, default_source=default_source)
        except RowError as error:
            yield ImportProblem.from_error(file, number, error, excerpt(text.rstrip()))
            continue

        yield ImportedRecord(record, file, number)
