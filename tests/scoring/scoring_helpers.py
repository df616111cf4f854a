"""Builders shared by the scoring tests: persons from plain dicts, and one-call scoring."""

from __future__ import annotations

from typing import Any

from engine.names import analyse_person, parse_name
from engine.records import Identifier, PartialDate, Person
from engine.scoring import Match, NameFrequencies, PersonQuery, StaticFrequencies, score_person


def person_from(data: dict[str, Any], record_id: str = "r1") -> Person:
    return Person(
        source="test",
        record_id=record_id,
        owner="MX",
        given_names=data.get("given_names"),
        paternal_surname=data.get("paternal_surname"),
        maternal_surname=data.get("maternal_surname"),
        full_name=data.get("full_name"),
        aliases=list(data.get("aliases", [])),
        sex=data.get("sex"),
        birth_dates=[PartialDate.parse(text) for text in data.get("birth_dates", [])],
        nationalities=list(data.get("nationalities", [])),
        identifiers=[Identifier(kind, value) for kind, value in data.get("identifiers", {}).items()],
    )


def query_from(data: dict[str, Any]) -> PersonQuery:
    birth = data.get("birth_date")
    identifiers = [Identifier(kind, value) for kind, value in data.get("identifiers", {}).items()]
    return PersonQuery(
        name=data["name"],
        birth_date=PartialDate.parse(birth) if birth else None,
        sex=data.get("sex"),
        nationality=data.get("nationality"),
        identifiers=identifiers,
    )


def score(query: dict[str, Any] | str, record: dict[str, Any], frequencies: NameFrequencies | None = None) -> Match:
    query_data = {"name": query} if isinstance(query, str) else query
    person = person_from(record)
    person_query = query_from(query_data)
    return score_person(person_query, parse_name(person_query.name), person, analyse_person(person), frequencies or StaticFrequencies())
