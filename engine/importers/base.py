"""Types shared by every importer, and the format registry that picks an importer for a file.

An importer is a generator over one or more files. It yields an
``ImportedRecord`` for every row it could turn into a record, and an
``ImportProblem`` for every row it could not, naming the file and line, and
then goes on with the next row. A record whose values are invalid is still a
record: its bad values travel in ``record.flags``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import engine.importers.messages  # noqa: F401  (merges the import messages into MESSAGES)
from engine.i18n import Message, translate
from engine.records import Record


class RowError(ValueError):
    """A row that cannot become a record: a required field is missing or has the wrong type.

    It carries a message key and parameters from ``engine.importers.messages``,
    and ``str()`` is the English text.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(translate(key, "en", **params))
        self.key = key
        self.params = params

    def render(self, language: str) -> str:
        return translate(self.key, language, **self.params)


@dataclass(slots=True, frozen=True)
class ImportedRecord:
    """A record read from ``file`` at ``line`` (1-based; for a JSON document, the line where the record starts).

    ``addresses`` contains postal addresses that the record model has no field for yet,
    as received (one string per address).
    """

    record: Record
    file: str
    line: int
    addresses: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class ImportProblem:
    """A row that was skipped, with where it is and why; ``value`` is a short excerpt of the row.

    ``message`` is the English text for logs, and ``render`` writes the problem
    in the caller's language from ``key`` and ``params``.
    """

    file: str
    line: int
    message: str
    value: str | None = None
    key: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, file: str, line: int, key: str, row_excerpt: str | None = None, /, **params: Any) -> ImportProblem:
        """Build a problem from a message key of ``engine.importers.messages`` or ``engine.i18n``."""
        return cls(file, line, translate(key, "en", **params), row_excerpt, key, params)

    @classmethod
    def from_error(cls, file: str, line: int, error: RowError, value: str | None = None) -> ImportProblem:
        return cls.of(file, line, error.key, value, **error.params)

    @classmethod
    def from_message(cls, file: str, line: int, message: Message, value: str | None = None) -> ImportProblem:
        return cls.of(file, line, message.key, value, **message.params)

    def render(self, language: str) -> str:
        if self.key is None:
            return self.message
        return translate(self.key, language, **self.params)


ImportItem = ImportedRecord | ImportProblem

Importer = Callable[[Path], Iterator[ImportItem]]

EXCERPT_LENGTH = 120


def excerpt(text: str) -> str:
    """Cut a raw row down to a length that fits in a problem report."""
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[:EXCERPT_LENGTH] + "…"


class UnknownFormatError(ValueError):
    """The format of an import file was not given and could not be guessed."""


FORMATS = ("jsonl", "interpol", "ofac", "csv")


def guess_format(path: Path) -> str:
    """Guess the import format of ``path`` from its name, or for a ``.json`` file from its first bytes.

    Raises UnknownFormatError naming the file when no format fits.
    """
    if path.is_dir():
        if (path / "sdn.csv").is_file():
            return "ofac"
        raise UnknownFormatError(f"{path}: a directory is importable only when it contains sdn.csv (OFAC SDN)")

    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    if name == "sdn.csv":
        return "ofac"
    if name.endswith(".csv"):
        return "csv"  # stolen-document or stolen-vehicle list (engine.importers.stolen_csv)
    if name.endswith(".json"):
        return _guess_json_format(path)
    raise UnknownFormatError(
        f"{path}: unknown import format; name the format ({', '.join(FORMATS)}) "
        "or use a .jsonl, .json (INTERPOL notices), sdn.csv or a stolen-document/vehicle .csv file"
    )


def _guess_json_format(path: Path) -> str:
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        head = handle.read(4096)

    stripped = head.lstrip()
    if stripped.startswith("[") or '"_embedded"' in head or '"entity_id"' in head or '"forename"' in head:
        return "interpol"

    # A .json file with one object per line is JSON Lines under another name.
    first_line = stripped.split("\n", 1)[0]
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        return "interpol"
    if isinstance(first, dict) and "kind" in first:
        return "jsonl"
    return "interpol"


def _importers() -> dict[str, Importer]:
    # Imported here so that each importer module can import this one.
    from engine.importers.interpol import iter_interpol
    from engine.importers.jsonl import iter_jsonl
    from engine.importers.ofac import iter_ofac
    from engine.importers.stolen_csv import iter_stolen_csv

    return {"jsonl": iter_jsonl, "interpol": iter_interpol, "ofac": iter_ofac, "csv": iter_stolen_csv}


def read_records(path: str | Path, fmt: str | None = None) -> Iterator[ImportItem]:
    """Stream the records and problems of one import file or OFAC directory.

    ``fmt`` is one of ``jsonl``, ``interpol`` or ``ofac``; when it is None the
    format is guessed from the file. Raises UnknownFormatError for an unknown
    ``fmt`` or a file whose format cannot be guessed, and FileNotFoundError when
    the path does not exist.
    """
    location = Path(path)
    if not location.exists():
        raise FileNotFoundError(f"{location}: import file not found")

    chosen = fmt or guess_format(location)
    importers = _importers()
    if chosen not in importers:
        raise UnknownFormatError(f"{chosen!r}: unknown import format; expected one of {', '.join(FORMATS)}")
    return importers[chosen](location)
