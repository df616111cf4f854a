"""The engine backend finds the same candidates as the embedded index for the same records and queries."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from engine.index.search_engine import SearchEngineBackend
from engine.index.sqlite import EmbeddedIndex
from engine.names import parse_name, query_blocking_keys
from engine.records import RecordKind, SharingRule, SharingScope
from engine_records import person

pytestmark = pytest.mark.engine

GIVEN = ["José Luis", "María Guadalupe", "Francisco", "Jesús", "Ma. de la Luz", "Xóchitl", "Ignacio", "Dolores"]
PATERNAL = ["Hernández", "Peña", "Pena", "Gómez", "Vázquez", "Bazquez", "Núñez", "Ibarra"]
MATERNAL = ["Cruz", "López", "Ortiz", None]
QUERIES = ["Jose Luis Hernandez Cruz", "Guadalupe Pena Lopez", "Paco Gomez", "Chuy Vazquez Ortiz", "NUÑEZ, Dolores", "Ignacio Ybarra"]


def _records() -> list:
    records = []
    combinations = itertools.product(GIVEN, PATERNAL, MATERNAL)
    for number, (given, paternal, maternal) in enumerate(combinations):
        scope = [SharingScope.ALL, SharingScope.NATIONAL, SharingScope.COUNTRIES][number % 3]
        sharing = SharingRule(scope, ("GT",) if scope is SharingScope.COUNTRIES else ())
        records.append(person(f"P-{number}", given, paternal, maternal, sharing=sharing))
    return records


@pytest.mark.parametrize("viewer", [None, "GT", "US"])
def test_candidates_match_the_embedded_index(backend: SearchEngineBackend, tmp_path: Path, viewer: str | None) -> None:
    records = _records()
    embedded = EmbeddedIndex(tmp_path / "index.db")
    try:
        assert embedded.upsert(records).accepted == len(records)
        assert backend.upsert(records).accepted == len(records)
        assert backend.count(RecordKind.PERSON, viewer_country=viewer) == embedded.count(
            RecordKind.PERSON, viewer_country=viewer
        )

        for text in QUERIES:
            keys = query_blocking_keys(parse_name(text))
            expected = {c.person.record_id: c.matched_keys for c in embedded.person_candidates(keys, viewer_country=viewer)}
            found = {c.person.record_id: c.matched_keys for c in backend.person_candidates(keys, viewer_country=viewer)}
            assert found == expected, text
            assert expected, f"query {text!r} found nothing; the test data no longer exercises it"
    finally:
        embedded.close()
