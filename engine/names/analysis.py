"""The stored name analysis of one person record: every name form parsed, and birth years."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson

from engine.names.parsing import InvalidName, ParsedName, name_from_parts, parse_name
from engine.records import Person

_ORDER_KNOWN = 1
_TRUNCATED = 2
_LATIN = 4


@dataclass(frozen=True, slots=True)
class PersonAnalysis:
    """Parsed name forms of a person: ``names[0]`` is the primary name, then Latin-script aliases,
    then aliases transliterated from other scripts. ``birth_years`` lists each distinct year."""

    names: tuple[ParsedName, ...]
    birth_years: tuple[int, ...] = ()

    @property
    def primary(self) -> ParsedName | None:
        return self.names[0] if self.names else None

    def to_json(self) -> str:
        """Serialise compactly: ``[[[given...], paternal, maternal, flags, raw], ...], [years]]``."""
        rows = []
        for name in self.names:
            flags = (_ORDER_KNOWN if name.order_known else 0) | (_TRUNCATED if name.truncated else 0) | (_LATIN if name.latin else 0)
            rows.append([list(name.given), name.paternal, name.maternal, flags, name.raw])
        return json.dumps([rows, list(self.birth_years)], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PersonAnalysis:
        return cls.from_data(orjson.loads(text))

    @classmethod
    def from_data(cls, data: list[Any]) -> PersonAnalysis:
        """Build from the decoded JSON of ``to_json``."""
        rows, years = data
        names = tuple(
            ParsedName(tuple(given), paternal, maternal, bool(flags & _ORDER_KNOWN), bool(flags & _TRUNCATED), raw, bool(flags & _LATIN))
            for given, paternal, maternal, flags, raw in rows
        )
        return cls(names, tuple(years))


def analyse_person(person: Person) -> PersonAnalysis:
    """Parse a person's primary name (structured fields first, else the full name) and every alias."""
    names: list[ParsedName] = []
    primary = _primary_name(person)
    if primary is not None:
        names.append(primary)

    aliases: list[ParsedName] = []
    for alias in person.aliases:
        try:
            parsed = parse_name(alias)
        except InvalidName:
            continue
        if parsed not in names and parsed not in aliases:
            aliases.append(parsed)

    # Latin-script aliases come before transliterated ones so they are tried first.
    aliases.sort(key=lambda name: not name.latin)
    names.extend(aliases)

    years = tuple(sorted({birth.year for birth in person.birth_dates}))
    return PersonAnalysis(tuple(names), years)


def _primary_name(person: Person) -> ParsedName | None:
    if person.given_names or person.paternal_surname or person.maternal_surname:
        raw = person.display_name()
        try:
            return name_from_parts(person.given_names, person.paternal_surname, person.maternal_surname, raw)
        except InvalidName:
            pass
    if person.full_name:
        try:
            return parse_name(person.full_name)
        except InvalidName:
            return None
    return None
