"""Blocking keys put every variant of a name in the candidates of a namesake-heavy index."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from engine.names import analyse_person, parse_name, query_blocking_keys, record_blocking_keys
from engine.records import Person

GIVEN = ["José", "María", "Juan", "José Luis", "María Guadalupe", "Juan Carlos", "Jesús", "Francisco", "Guadalupe", "Ana", "Luis", "Miguel Ángel", "María del Carmen", "Alejandro", "Rosa", "Roberto"]
SURNAMES = ["Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Vázquez", "Jiménez", "Reyes", "Torres", "de la Cruz", "Morales", "Ortiz", "Gutiérrez"]
CANDIDATE_LIMIT = 300


@pytest.fixture(scope="module")
def index() -> tuple[dict[str, set[int]], dict[int, Person]]:
    rng = random.Random(7)
    postings: dict[str, set[int]] = defaultdict(set)
    persons: dict[int, Person] = {}
    for number in range(20_000):
        person = Person("mx", str(number), "MX", given_names=rng.choice(GIVEN), paternal_surname=rng.choice(SURNAMES), maternal_surname=rng.choice(SURNAMES))
        persons[number] = person
        for key in record_blocking_keys(analyse_person(person)):
            postings[key].add(number)

    target = Person("mx", "target", "MX", given_names="José de Jesús", paternal_surname="Hernández", maternal_surname="de la Cruz")
    persons[-1] = target
    for key in record_blocking_keys(analyse_person(target)):
        postings[key].add(-1)
    return postings, persons


def candidates(postings: dict[str, set[int]], query: str) -> list[int]:
    shared: Counter[int] = Counter()
    for key in query_blocking_keys(parse_name(query)):
        shared.update(postings.get(key, ()))
    return [number for number, _ in shared.most_common(CANDIDATE_LIMIT)]


@pytest.mark.parametrize(
    "query",
    [
        "José de Jesús Hernández de la Cruz",
        "HERNANDEZ DE LA CRUZ, Jose de Jesus",
        "Hernandez Delacruz Jesus",
        "Jesús Hernández de la Cruz",
        "Chuy Hernández de la Cruz",
        "Jesus Hernandez",
        "Jesús de la Cruz Hernández",
        "Jesus Ernandes Delacruz",
        "Jesus Hernnadez de la Cruz",
        "Jesus Hernandez de la Crus",
        "Jesus Hernandez Cruz",
        "J. Hernandez de la Cruz",
        "HERNANDEZ<DE<LA<CRUZ<<JOSE<DE<JESUS",
        "Jose de Jesus Hernandez-Delacruz",
    ],
)
def test_true_record_among_candidates(index: tuple[dict[str, set[int]], dict[int, Person]], query: str) -> None:
    postings, _ = index
    assert -1 in candidates(postings, query)


def test_query_keys_are_short_and_few() -> None:
    keys = query_blocking_keys(parse_name("José Luis Hernández García"))
    assert 0 < len(keys) <= 60
    assert max(len(key) for key in keys) <= 40


def test_record_keys_include_phonetic_surname_pair() -> None:
    keys = record_blocking_keys(analyse_person(Person("mx", "1", "MX", given_names="Javier", paternal_surname="Vázquez", maternal_surname="Llamas")))
    query = set(query_blocking_keys(parse_name("Xavier Bazquez Yamas")))
    assert "s:baskes|yamas" in keys
    assert query & keys
