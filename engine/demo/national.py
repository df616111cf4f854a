"""Seeded generator of realistic Mexican person records for the national source ``mx``.

Surnames are drawn by frequency, so common ones (Hernández, García, Martínez…)
produce many namesakes, with a long tail of rare and indigenous surnames.
Each person has two surnames and a given name consistent with the sex
(compound names such as José Luis or María del Carmen included). Each also has
a birth date and state, usually a CURP derived from those, sometimes an alias,
a warrant notice, and a sharing rule. The same ``count`` and ``seed`` always give the same records.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from engine.demo.curp_parts import compose_curp, name_prefix
from engine.demo.tables import DemoTables, GivenName, State, Surname, load_tables
from engine.records import Identifier, IdentifierKind, Notice, PartialDate, Person, SharingRule, SharingScope, record_to_dict

SOURCE = "mx"
OWNER = "MX"
RECORD_ID_PREFIX = "MX-"

FIRST_BIRTH_DAY = date(1950, 1, 1).toordinal()
LAST_BIRTH_DAY = date(2006, 12, 31).toordinal()

# Shares of records with each trait, as probabilities.
CURP_SHARE = 0.9
YEAR_ONLY_BIRTH_DATE_SHARE = 0.05
NO_BIRTH_DATE_SHARE = 0.02
SECOND_BIRTH_DATE_SHARE = 0.03
NICKNAME_SHARE = 0.12
EPITHET_SHARE = 0.08
NATIONAL_ONLY_SHARE = 0.15
NAMED_COUNTRIES_SHARE = 0.05
FEDERAL_WARRANT_SHARE = 0.3
SECOND_CHARGE_SHARE = 0.2

FEDERAL_AGENCY = "Fiscalía General de la República"
SHARING_COUNTRIES = (("US",), ("GT",), ("US", "GT"), ("US", "CA", "GT", "BZ"))

BATCH_SIZE = 4096
DIFFERENTIATOR_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


class _Birth:
    """A birth day's record date and the YYMMDD and century differentiator the CURP takes from it."""

    __slots__ = ("date", "yymmdd", "year", "after_1999")

    def __init__(self, ordinal: int) -> None:
        day = date.fromordinal(ordinal)
        self.date = PartialDate(day.year, day.month, day.day)
        self.yymmdd = f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"
        self.year = day.year
        self.after_1999 = day.year >= 2000


def generate_persons(count: int, seed: int) -> Iterator[Person]:
    """Yield ``count`` national person records, the same ones for the same ``seed``."""
    if count < 0:
        raise ValueError(f"count must be zero or more, not {count}")

    tables = load_tables()
    rng = random.Random(seed)
    births: dict[int, _Birth] = {}

    produced = 0
    while produced < count:
        size = min(BATCH_SIZE, count - produced)
        yield from _batch(tables, rng, births, produced, size)
        produced += size


def _batch(tables: DemoTables, rng: random.Random, births: dict[int, _Birth], offset: int, size: int) -> Iterator[Person]:
    """Draw the weighted choices for ``size`` records at once (much faster than one by one), then build each record."""
    paternals = rng.choices(tables.surnames.values, cum_weights=tables.surnames.cum_weights, k=size)
    maternals = rng.choices(tables.surnames.values, cum_weights=tables.surnames.cum_weights, k=size)
    male_names = rng.choices(tables.male_names.values, cum_weights=tables.male_names.cum_weights, k=size)
    female_names = rng.choices(tables.female_names.values, cum_weights=tables.female_names.cum_weights, k=size)
    states = rng.choices(tables.states.values, cum_weights=tables.states.cum_weights, k=size)
    charges = rng.choices(tables.charges.values, cum_weights=tables.charges.cum_weights, k=size * 2)
    span = LAST_BIRTH_DAY - FIRST_BIRTH_DAY

    for index in range(size):
        male = rng.random() < 0.5
        given = male_names[index] if male else female_names[index]

        ordinal = FIRST_BIRTH_DAY + int(rng.random() * span)
        birth = births.get(ordinal)
        if birth is None:
            birth = births[ordinal] = _Birth(ordinal)

        yield _person(
            rng,
            tables,
            number=offset + index + 1,
            given=given,
            paternal=paternals[index],
            maternal=maternals[index],
            birth=birth,
            state=states[index],
            charges=(charges[2 * index], charges[2 * index + 1]),
        )


def _person(
    rng: random.Random,
    tables: DemoTables,
    *,
    number: int,
    given: GivenName,
    paternal: Surname,
    maternal: Surname,
    birth: _Birth,
    state: State,
    charges: tuple[str, str],
) -> Person:
    sex = given.sex
    identifiers = []
    if rng.random() < CURP_SHARE:
        identifiers.append(Identifier(IdentifierKind.CURP, _curp(rng, given, paternal, maternal, birth, state), "MX", True))

    return Person(
        source=SOURCE,
        record_id=f"{RECORD_ID_PREFIX}{number:08d}",
        owner=OWNER,
        given_names=given.text,
        paternal_surname=paternal.text,
        maternal_surname=maternal.text,
        aliases=_aliases(rng, tables, given, sex),
        sex=sex,
        birth_dates=_birth_dates(rng, birth),
        places_of_birth=[state.name] if state.code != "NE" else [],
        nationalities=["MX"],
        identifiers=identifiers,
        notice=_warrant(rng, state, charges),
        sharing=_sharing(rng),
    )


def _curp(rng: random.Random, given: GivenName, paternal: Surname, maternal: Surname, birth: _Birth, state: State) -> str:
    prefix = name_prefix(paternal.letters, maternal.letters, given.letters)
    consonants = paternal.letters.inner_consonant + maternal.letters.inner_consonant + given.letters.inner_consonant
    if birth.after_1999:
        differentiator = DIFFERENTIATOR_LETTERS[int(rng.random() * len(DIFFERENTIATOR_LETTERS))]
    else:
        differentiator = str(int(rng.random() * 10))
    sex_letter = "H" if given.sex == "M" else "M"
    return compose_curp(prefix, birth.yymmdd, sex_letter, state.code, consonants, differentiator)


def _birth_dates(rng: random.Random, birth: _Birth) -> list[PartialDate]:
    draw = rng.random()
    if draw < NO_BIRTH_DATE_SHARE:
        return []
    if draw < NO_BIRTH_DATE_SHARE + YEAR_ONLY_BIRTH_DATE_SHARE:
        return [PartialDate(birth.year)]

    dates = [birth.date]
    if rng.random() < SECOND_BIRTH_DATE_SHARE:
        # A second recorded date one year off, as when a record was keyed from a different document.
        off = birth.date
        dates.append(PartialDate(off.year + 1, off.month, min(off.day or 1, 28)))
    return dates


def _aliases(rng: random.Random, tables: DemoTables, given: GivenName, sex: str) -> list[str]:
    aliases = []
    if given.nicknames and rng.random() < NICKNAME_SHARE:
        aliases.append(given.nicknames[int(rng.random() * len(given.nicknames))])
    if rng.random() < EPITHET_SHARE:
        masculine, feminine = tables.epithets[int(rng.random() * len(tables.epithets))]
        aliases.append(masculine if sex == "M" else feminine)
    return aliases


def _warrant(rng: random.Random, state: State, charges: tuple[str, str]) -> Notice:
    if state.code == "NE" or rng.random() < FEDERAL_WARRANT_SHARE:
        issuer = FEDERAL_AGENCY
    else:
        issuer = state.prosecutor

    listed = charges if rng.random() < SECOND_CHARGE_SHARE and charges[0] != charges[1] else charges[:1]
    year = 2010 + int(rng.random() * 15)
    return Notice(kind="warrant", reference=f"CP {int(rng.random() * 2000) + 1}/{year}", issuer=issuer, charges=listed)


def _sharing(rng: random.Random) -> SharingRule:
    draw = rng.random()
    if draw < NATIONAL_ONLY_SHARE:
        return SharingRule(SharingScope.NATIONAL)
    if draw < NATIONAL_ONLY_SHARE + NAMED_COUNTRIES_SHARE:
        return SharingRule(SharingScope.COUNTRIES, SHARING_COUNTRIES[int(rng.random() * len(SHARING_COUNTRIES))])
    return SharingRule(SharingScope.ALL)


def write_demo_jsonl(path: str | Path, count: int, seed: int) -> int:
    """Write ``count`` generated national records to a JSON Lines file in the project's record format; return the count."""
    location = Path(path)
    location.parent.mkdir(parents=True, exist_ok=True)

    written = 0
    with location.open("w", encoding="utf-8") as handle:
        for person in generate_persons(count, seed):
            handle.write(json.dumps(record_to_dict(person), ensure_ascii=False))
            handle.write("\n")
            written += 1
    return written
