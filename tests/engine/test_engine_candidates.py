"""Candidate retrieval by blocking key, batches over _msearch, and name-part frequencies."""

from __future__ import annotations

import pytest

from engine.index.indexed_person import index_person
from engine.index.search_engine import SearchEngineBackend
from engine.records import RecordKind
from engine_records import person

pytestmark = pytest.mark.engine


def test_candidates_rank_by_the_number_of_matching_keys(backend: SearchEngineBackend) -> None:
    full = person("P-1", "María Guadalupe", "Hernández", "Cruz")
    other = person("P-2", "Ignacio", "Zamora", "Quintero")
    backend.upsert([other, full])
    full_keys = index_person(full).blocking_keys
    one_other_key = index_person(other).blocking_keys[:1]

    query = full_keys + one_other_key
    candidates = backend.person_candidates(query)

    assert [c.person.record_id for c in candidates] == ["P-1", "P-2"]
    for candidate, record in zip(candidates, (full, other), strict=True):
        assert candidate.matched_keys == len(set(index_person(record).blocking_keys) & set(query))
    assert candidates[0].analysis is not None


def test_candidate_limit_and_empty_keys(backend: SearchEngineBackend) -> None:
    backend.upsert([person(f"L-{n}", "Juan", "Pérez") for n in range(5)])
    keys = index_person(person("q", "Juan", "Pérez")).blocking_keys

    assert len(backend.person_candidates(keys, limit=3)) == 3
    assert backend.person_candidates([]) == []


def test_batch_candidates_match_single_queries(backend: SearchEngineBackend) -> None:
    people = [person("B-1", "Sofía", "Castro"), person("B-2", "Tomás", "Aguilar"), person("B-3", "Sofía", "Castro")]
    backend.upsert(people)
    key_lists = [index_person(p).blocking_keys for p in people[:2]] + [[], ["no-such-key"]]

    batch = backend.person_candidates_batch(key_lists)

    assert len(batch) == 4
    for keys, found in zip(key_lists, batch, strict=True):
        single = backend.person_candidates(keys)
        assert [c.person.record_id for c in found] == [c.person.record_id for c in single]
    assert {c.person.record_id for c in batch[0]} == {"B-1", "B-3"}
    assert batch[2] == [] and batch[3] == []


def test_name_part_frequency_counts_active_persons(backend: SearchEngineBackend) -> None:
    backend.upsert([person("F-1", "Xóchitl", "Tlacuilo"), person("F-2", "Xóchitl", "Martínez")])
    part = sorted(set(index_person(person("q", "Xóchitl", "Tlacuilo")).name_parts) & set(
        index_person(person("q", "Xóchitl", "Martínez")).name_parts
    ))[0]

    assert backend.name_part_frequency(part) == 2
    backend.withdraw(RecordKind.PERSON, "mx", ["F-1"])
    assert backend.name_part_frequency(part) == 1
    assert backend.name_part_frequency("zzzz-no-such-part") == 0
