"""Importer for the OFAC SDN list in its legacy CSV form: sdn.csv with alt.csv and add.csv beside it.

The files have no header row and are ASCII; a field is quoted only when it
contains a comma, ``-0- `` stands for an empty value, and a file may end with
a 0x1A (DOS end-of-file) byte. Columns:

- sdn.csv: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
  Tonnage, GRT, Vess_flag, Vess_owner, Remarks
- alt.csv: ent_num, alt_num, alt_type (aka, fka, nka), alt_name, alt_remarks
- add.csv: ent_num, add_num, address, city/state/postal code, country, add_remarks

Only entries whose SDN_Type is ``individual`` become person records; vessels,
aircraft and entities are skipped without a problem report.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from engine.i18n import csv_error
from engine.importers.base import (
    ImportedRecord,
    ImportItem,
    ImportProblem,
    RowError,
    excerpt,
)
from engine.importers.ofac_remarks import parse_remarks
from engine.importers.surnames import SUFFIXES, split_surnames
from engine.importers.values import clean_name, clean_text
from engine.records import Notice, Person, SharingRule

DEFAULT_SOURCE = "intl"
OWNER = "US"
RECORD_ID_PREFIX = "OFAC-"

SDN_COLUMNS = 12
NO_VALUE = "-0-"
END_OF_FILE = "\x1a"

# Column positions in sdn.csv.
ENT_NUM, SDN_NAME, SDN_TYPE, PROGRAM, REMARKS = 0, 1, 2, 3, 11


def iter_ofac(path: str | Path, *, source: str = DEFAULT_SOURCE) -> Iterator[ImportItem]:
    """Stream the individuals of an OFAC SDN list as person records.

    ``path`` is the directory holding sdn.csv, or sdn.csv itself; alt.csv and
    add.csv are read from the same directory when they exist. Aliases and
    addresses are loaded first (they are small), then sdn.csv is streamed.
    """
    location = Path(path)
    sdn_path = location / "sdn.csv" if location.is_dir() else location
    folder = sdn_path.parent

    problems: list[ImportProblem] = []
    aliases = _load_aliases(folder / "alt.csv", problems)
    addresses = _load_addresses(folder / "add.csv", problems)
    yield from problems

    for line, row in _iter_rows(sdn_path):
        if isinstance(row, ImportProblem):
            yield row
            continue
        if len(row) != SDN_COLUMNS:
            yield ImportProblem.of(str(sdn_path), line, "import.columns_count", excerpt(",".join(row)), expected=SDN_COLUMNS, found=len(row))
            continue
        if _value(row[SDN_TYPE]) != "individual":
            continue

        try:
            person = person_from_sdn_row(row, aliases.get(row[ENT_NUM].strip(), []), source=source)
        except RowError as error:
            yield ImportProblem.from_error(str(sdn_path), line, error, excerpt(",".join(row)))
            continue
        person_addresses = tuple(addresses.get(row[ENT_NUM].strip(), ()))
        person.addresses = list(person_addresses)
        yield ImportedRecord(person, str(sdn_path), line, person_addresses)


def person_from_sdn_row(row: list[str], aliases: list[str], *, source: str = DEFAULT_SOURCE) -> Person:
    """Build a person record from one sdn.csv row of an individual and its alt.csv names."""
    ent_num = row[ENT_NUM].strip()
    if not ent_num.isdigit():
        raise RowError("import.ent_num_invalid", value=ent_num)

    full_name = clean_name(_value(row[SDN_NAME]), "SDN_Name")
    if not full_name:
        raise RowError("import.entry_no_name", ent_num=ent_num)
    given_names, paternal, maternal = split_sdn_name(full_name)

    facts = parse_remarks(_value(row[REMARKS]))
    all_aliases = list(aliases)
    for nickname in facts.nicknames:
        if nickname not in all_aliases:
            all_aliases.append(nickname)

    return Person(
        source=source,
        record_id=RECORD_ID_PREFIX + ent_num,
        owner=OWNER,
        given_names=given_names,
        paternal_surname=paternal,
        maternal_surname=maternal,
        full_name=full_name,
        aliases=all_aliases,
        sex=facts.sex,
        birth_dates=facts.birth_dates,
        places_of_birth=facts.places_of_birth,
        nationalities=facts.nationalities,
        identifiers=facts.identifiers,
        notice=Notice(kind="sanction", reference=ent_num, issuer=OWNER, program=_programs(row[PROGRAM])),
        sharing=SharingRule(),
        flags=facts.flags,
    )


def split_sdn_name(name: str) -> tuple[str | None, str | None, str | None]:
    """Split ``SURNAMES, Given Names[, Jr.]`` into (given names, paternal surname, maternal surname).

    A name without a comma is a single name that cannot be split: all three are None
    and the caller keeps it as the full name.
    """
    surnames, comma, rest = name.partition(",")
    if not comma:
        return None, None, None

    given_parts = [part.strip() for part in rest.split(",") if part.strip().casefold() not in SUFFIXES]
    given_names = " ".join(part for part in given_parts if part) or None
    paternal, maternal = split_surnames(surnames)
    return given_names, paternal, maternal


def _programs(text: str) -> str | None:
    """Turn ``SDGT] [SYRIA`` (the list's way of writing several programs) into ``SDGT, SYRIA``."""
    value = _value(text)
    if not value:
        return None
    programs = [part.strip(" []") for part in value.split("] [")]
    return ", ".join(program for program in programs if program)


def _value(text: str) -> str | None:
    value = text.strip()
    if not value or value == NO_VALUE:
        return None
    return value


class _LineEnds:
    """Lines of a text file, remembering whether the last line read ended with a line break."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self.last_line_ended = True

    def __iter__(self) -> Iterator[str]:
        for line in self._handle:
            self.last_line_ended = line.endswith("\n") or line.rstrip(END_OF_FILE) == ""
            yield line


def _iter_rows(path: Path) -> Iterator[tuple[int, list[str] | ImportProblem]]:
    """Yield (first line, columns) for each CSV row, or (line, problem) for a row the file cuts short.

    Every row of the published files ends with a line break, so a last row
    without one is taken as cut by a truncated copy and reported, not imported.
    """
    with path.open("r", encoding="cp1252", errors="replace", newline="") as handle:
        lines = _LineEnds(handle)
        reader = csv.reader(lines, strict=True)
        next_line = 1
        while True:
            start = next_line
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield start, ImportProblem.of(str(path), start, "import.csv_unreadable", problem=csv_error(error))
                return
            next_line = reader.line_num + 1

            if row and row[-1].endswith(END_OF_FILE):
                row[-1] = row[-1].rstrip(END_OF_FILE)
            if not any(column.strip() for column in row):
                continue
            if not lines.last_line_ended:
                yield start, ImportProblem.of(str(path), start, "import.truncated_row", excerpt(",".join(row)))
                return
            yield start, row


def _load_aliases(path: Path, problems: list[ImportProblem]) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = defaultdict(list)
    if not path.is_file():
        return aliases

    for line, row in _iter_rows(path):
        if isinstance(row, ImportProblem):
            problems.append(row)
            continue
        if len(row) < 4:
            problems.append(ImportProblem.of(str(path), line, "import.columns_count", excerpt(",".join(row)), expected=5, found=len(row)))
            continue
        name = _value(row[3])
        if name:
            aliases[row[0].strip()].append(clean_text(name))
    return aliases


def _load_addresses(path: Path, problems: list[ImportProblem]) -> dict[str, list[str]]:
    """Read add.csv into one ``address, city, country`` string per address, keyed by ent_num."""
    addresses: dict[str, list[str]] = defaultdict(list)
    if not path.is_file():
        return addresses

    for line, row in _iter_rows(path):
        if isinstance(row, ImportProblem):
            problems.append(row)
            continue
        if len(row) < 5:
            problems.append(ImportProblem.of(str(path), line, "import.columns_count", excerpt(",".join(row)), expected=6, found=len(row)))
            continue
        parts = [_value(column) for column in row[2:5]]
        text = ", ".join(clean_text(part) for part in parts if part)
        if text:
            addresses[row[0].strip()].append(text)
    return addresses
