"""The national demo generator: seeded, realistic, valid CURPs, readable back by the JSON Lines importer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from stdnum.mx import curp

from engine.demo.curp_parts import given_name_letters, surname_letters
from engine.demo.national import generate_persons, write_demo_jsonl
from engine.importers.base import ImportedRecord, ImportProblem
from engine.importers.jsonl import iter_jsonl
from engine.records import IdentifierKind, Person, SharingScope, record_to_dict

SAMPLE = 20_000


@pytest.fixture(scope="module")
def persons() -> list[Person]:
    return list(generate_persons(SAMPLE, seed=11))


def test_same_seed_same_records() -> None:
    first = [record_to_dict(p) for p in generate_persons(500, seed=3)]
    again = [record_to_dict(p) for p in generate_persons(500, seed=3)]
    other = [record_to_dict(p) for p in generate_persons(500, seed=4)]

    assert first == again
    assert first != other


def test_count_and_ids(persons: list[Person]) -> None:
    assert len(persons) == SAMPLE
    assert len({p.record_id for p in persons}) == SAMPLE
    assert persons[0].record_id == "MX-00000001"
    assert list(generate_persons(0, seed=1)) == []
    assert all(p.source == "mx" and p.owner == "MX" for p in persons)


def test_many_namesakes(persons: list[Person]) -> None:
    surnames = Counter(p.paternal_surname for p in persons)
    full_names = Counter((p.given_names, p.paternal_surname, p.maternal_surname) for p in persons)

    assert surnames.most_common(1)[0][0] == "Hernández"
    assert surnames["Hernández"] > SAMPLE * 0.03
    assert sum(1 for count in full_names.values() if count > 1) > 200
    assert len(surnames) > 150


def test_names_realistic(persons: list[Person]) -> None:
    given = Counter(p.given_names for p in persons)

    assert all(p.paternal_surname and p.maternal_surname and p.given_names for p in persons)
    assert given["María Guadalupe"] > 0
    assert given["José Luis"] > 0
    assert given["María del Carmen"] > 0
    assert any(p.paternal_surname == "de la Cruz" for p in persons)
    assert any(p.paternal_surname in {"Xolalpa", "Tlapa", "Cuautle"} for p in persons)
    assert all(p.sex == "F" for p in persons if p.given_names == "María Guadalupe")
    assert all(p.sex == "M" for p in persons if p.given_names == "José Luis")


def test_curps_valid_and_consistent(persons: list[Person]) -> None:
    checked = 0
    for person in persons:
        for identifier in person.identifiers:
            assert identifier.kind == IdentifierKind.CURP
            assert curp.is_valid(identifier.value), identifier.value
            assert curp.get_gender(identifier.value) == person.sex
            if person.birth_dates and person.birth_dates[0].day is not None:
                birth = curp.get_birth_date(identifier.value)
                assert (birth.year, birth.month, birth.day) == (
                    person.birth_dates[0].year, person.birth_dates[0].month, person.birth_dates[0].day,
                )
            checked += 1

    assert checked > SAMPLE * 0.85


def test_curp_name_letters() -> None:
    assert surname_letters("de la Cruz").first == "C"
    assert surname_letters("Muñoz").inner_consonant == "X"
    assert surname_letters(None).first == "X"
    assert given_name_letters("María del Carmen").first == "C"
    assert given_name_letters("José Luis").first == "L"
    assert given_name_letters("Juan Carlos").first == "J"


def test_traits_mixed(persons: list[Person]) -> None:
    scopes = Counter(p.sharing.scope for p in persons)

    assert scopes[SharingScope.ALL] > SAMPLE * 0.7
    assert scopes[SharingScope.NATIONAL] > SAMPLE * 0.1
    assert scopes[SharingScope.COUNTRIES] > 0
    assert all(p.notice is not None and p.notice.kind == "warrant" and p.notice.charges for p in persons)
    assert sum(1 for p in persons if p.aliases) > SAMPLE * 0.1
    assert any(p.birth_dates and p.birth_dates[0].month is None for p in persons)
    assert any(not p.birth_dates for p in persons)


def test_demo_jsonl_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "mx.jsonl"

    written = write_demo_jsonl(path, 1000, seed=5)
    items = list(iter_jsonl(path))

    assert written == 1000
    assert not [item for item in items if isinstance(item, ImportProblem)]
    records = [item.record for item in items if isinstance(item, ImportedRecord)]
    assert [record_to_dict(r) for r in records] == [record_to_dict(p) for p in generate_persons(1000, seed=5)]
    assert all(not r.flags for r in records)
