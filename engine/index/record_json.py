"""Fast serialisation of records to and from the project's JSON record format, for the index.

``engine.records.record_to_dict`` walks records with ``dataclasses.asdict``,
which deep-copies every value and costs more than the whole SQLite write of a
record. ``record_dict`` builds the same dictionary by reading the known fields
directly; a test checks that both give equal output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from enum import Enum
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any

import orjson

from engine.names.analysis import PersonAnalysis
from engine.records import (
    Flag,
    Identifier,
    Notice,
    Origin,
    PartialDate,
    Person,
    Record,
    RecordKind,
    SharingRule,
    Status,
    TravelDocument,
    Vehicle,
)
from engine.scoring.scorer import RecordFacts


def record_dict(record: Record) -> dict[str, Any]:
    """Return the same dictionary as ``record_to_dict``: JSON-ready values, empty ones left out."""
    data: dict[str, Any] = {}
    names, values_of = _field_reader(type(record))
    for name, value in zip(names, values_of(record)):
        value_type = type(value)
        if value_type is str or value_type is int:
            data[name] = value
        elif value is None:
            continue
        elif value_type is list:
            if value:
                data[name] = [item if type(item) is str else _plain(item) for item in value]
        else:
            plain = _plain(value)
            if plain != []:
                data[name] = plain
    return data


def record_json(record: Record) -> str:
    return _encode(record_dict(record))


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(record_type))


@cache
def _field_reader(record_type: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """Return the field names of a record type and a function that reads all of them at once, in that order."""
    names = _field_names(record_type)
    getter = attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda record: (getter(record),))


def _plain(value: Any) -> Any:
    value_type = type(value)
    if value_type is str or value_type is int or value_type is float or value_type is bool or value is None:
        return value
    if isinstance(value, Enum):
        return value._value_  # the plain attribute behind the slower ``value`` property
    if value_type is PartialDate:
        return str(value)
    if value_type is SharingRule:
        return value.to_dict()
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, SharingRule):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [item if type(item) is str else _plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}


def record_from_json(text: str) -> Record:
    """Rebuild a record from JSON that ``record_json`` wrote, without validating values again.

    Stored records were validated when they were imported, and invalid values
    already sit in ``flags``, so reading them back trusts the stored fields.
    Use ``engine.importers.record_format.record_from_dict`` for data from outside.
    """
    return record_from_data(json.loads(text))


def record_from_data(data: dict[str, Any]) -> Record:
    """Rebuild a record from the decoded JSON of ``record_json``, without validating values again."""
    record_type = _RECORD_TYPES[data["kind"]]
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "kind":
            continue
        reader = _FIELD_READERS.get(name)
        values[name] = reader(value) if reader is not None else value
    return record_type(**values)


@lru_cache(maxsize=65_536)
def _partial_date(text: str) -> PartialDate:
    """Read a date that ``PartialDate.__str__`` wrote (``~YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), already checked."""
    circa = text.startswith("~")
    pieces = [int(piece) for piece in text.lstrip("~").split("-")]
    pieces.extend([None] * (3 - len(pieces)))
    return PartialDate(pieces[0], pieces[1], pieces[2], circa)


def _partial_dates(values: list[str]) -> list[PartialDate]:
    return [_partial_date(value) for value in values]


def _notice(value: dict[str, Any]) -> Notice:
    return Notice(**{**value, "charges": tuple(value.get("charges", ()))})


_RECORD_TYPES: dict[str, type] = {
    RecordKind.PERSON.value: Person,
    RecordKind.TRAVEL_DOCUMENT.value: TravelDocument,
    RecordKind.VEHICLE.value: Vehicle,
}

_FIELD_READERS: dict[str, Callable[[Any], Any]] = {
    "birth_dates": _partial_dates,
    "holder_birth_date": _partial_date,
    "identifiers": lambda values: [Identifier(**value) for value in values],
    "flags": lambda values: [Flag(**value) for value in values],
    "notice": _notice,
    "origin": lambda value: Origin(**value),
    "sharing": SharingRule.from_dict,
    "status": Status,
}


def analysis_and_facts(text: str | bytes) -> tuple[PersonAnalysis, RecordFacts]:
    """Read the JSON ``[analysis, [birth dates, sex, nationalities]]`` that candidate reads get from SQLite."""
    analysis, facts = orjson.loads(text)
    return PersonAnalysis.from_data(analysis), record_facts(facts)


def record_facts(facts: list[Any]) -> RecordFacts:
    """Read the score facts ``[birth_dates, sex, nationalities]`` of a stored person, as ``json_extract`` returns them."""
    birth_dates, sex, nationalities = facts
    return RecordFacts(tuple(_partial_date(value) for value in birth_dates or ()), sex, tuple(nationalities or ()))
