"""What the index stores for a person besides the record: its name analysis, blocking keys and name parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.names import PersonAnalysis, analyse_person, frequency_parts, record_blocking_keys
from engine.records import Person


@dataclass(slots=True)
class IndexedPerson:
    """A person's name analysis as JSON, the blocking keys it is posted under and its distinct name parts."""

    analysis_json: str
    blocking_keys: list[str]
    name_parts: list[str]


def index_person(person: Person) -> IndexedPerson:
    """Run name analysis on a person and derive the keys and name parts the index keeps for it."""
    analysis = analyse_person(person)
    keys = sorted(set(record_blocking_keys(analysis)))
    # The index stores name parts one per line, so a value with a line break cannot be kept.
    parts = sorted(part for part in set(frequency_parts(analysis)) if "\n" not in part)
    return IndexedPerson(analysis.to_json(), keys, parts)


def load_analysis(text: str) -> Any:
    return PersonAnalysis.from_json(text)
