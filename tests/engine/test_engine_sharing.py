"""Sharing rules are filters inside the engine query."""

from __future__ import annotations

import pytest

from engine.index.indexed_person import index_person
from engine.index.search_engine import SearchEngineBackend
from engine.records import RecordKind
from engine_records import national, person, shared_with

pytestmark = pytest.mark.engine


@pytest.fixture
def shared_records(backend: SearchEngineBackend) -> list[str]:
    records = [
        national("N-1", "Martín", "Salas"),
        shared_with("C-1", "Martín", "Salas", ("GT", "SV")),
        person("A-1", "Martín", "Salas"),
    ]
    backend.upsert(records)
    return index_person(records[0]).blocking_keys


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        (None, {"N-1", "C-1", "A-1"}),
        ("MX", {"N-1", "C-1", "A-1"}),
        ("GT", {"C-1", "A-1"}),
        ("gt", {"C-1", "A-1"}),
        ("US", {"A-1"}),
    ],
)
def test_each_viewer_sees_only_what_the_owner_shares(
    backend: SearchEngineBackend, shared_records: list[str], viewer: str | None, visible: set[str]
) -> None:
    candidates = backend.person_candidates(shared_records, viewer_country=viewer)

    assert {c.person.record_id for c in candidates} == visible
    assert backend.count(RecordKind.PERSON, viewer_country=viewer) == len(visible)
    for record_id in ("N-1", "C-1", "A-1"):
        found = backend.get(RecordKind.PERSON, "mx", record_id, viewer_country=viewer)
        assert (found is not None) == (record_id in visible)


def test_sources_limit_the_candidates(backend: SearchEngineBackend) -> None:
    backend.upsert([person("M-1", "Inés", "Campos"), person("I-1", "Inés", "Campos", source="int", owner="GT")])
    keys = index_person(person("q", "Inés", "Campos")).blocking_keys

    assert {c.person.source for c in backend.person_candidates(keys, sources=["int"])} == {"int"}
    assert {c.person.source for c in backend.person_candidates(keys)} == {"mx", "int"}
