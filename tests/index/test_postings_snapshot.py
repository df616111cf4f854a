"""Postings snapshots rank candidates in memory as the embedded index ranks them in SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_records import person

from engine.demo.national import generate_persons
from engine.index.postings_snapshot import PostingsSnapshot
from engine.index.sqlite import EmbeddedIndex
from engine.names import parse_name, query_blocking_keys
from engine.records import RecordKind, SharingScope

HEAVY = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedIndex:
    index = EmbeddedIndex(tmp_path_factory.mktemp("snapshot") / "cruce.db", heavy_key_postings=HEAVY)
    persons = list(generate_persons(4000, seed=3))
    index.upsert(persons)
    index.withdraw(RecordKind.PERSON, persons[0].source, [person.record_id for person in persons[:300]])
    yield index
    index.close()


def _query_keys(name: str, year: int | None) -> list[str]:
    return list(query_blocking_keys(parse_name(name), year))


def _sql_ranking(index: EmbeddedIndex, keys: list[str], source: str, viewer: str | None, limit: int) -> list[tuple[int, int, int]]:
    with index._read_snapshot() as connection:
        rows = index._ranked_rows(connection, keys, [source], viewer, limit)
    return [(row.row_id, row.sequence, row.shared) for row in rows]


def test_unweighted_ranking_equals_the_sql_ranking(generated: EmbeddedIndex, tmp_path: Path) -> None:
    source = next(iter(generate_persons(1, seed=3))).source
    snapshot = PostingsSnapshot.build(generated.path, tmp_path / "mx", source=source, viewer_country=None)
    queries = [(candidate.display_name(), candidate.birth_dates[0].year if candidate.birth_dates else None) for candidate in generate_persons(400, seed=3)]
    queries += [("Juan Hernández", None), ("María García López", 1980), ("Lopez", None)]

    compared = heavy_seen = 0
    for name, year in queries:
        keys = _query_keys(name, year)
        expected = _sql_ranking(generated, keys, source, None, 25)
        key_ids = generated.key_ids(keys)
        found = snapshot.ranked(list(key_ids.values()), limit=25, heavy_key_postings=HEAVY)
        assert [(row.row_id, row.sequence, row.shared) for row in found] == expected, name
        compared += bool(expected)
        sizes = [int(snapshot.offsets[key + 1] - snapshot.offsets[key]) for key in key_ids.values() if key + 1 < snapshot.offsets.size]
        heavy_seen += any(size > HEAVY for size in sizes)

    assert compared > 350
    assert heavy_seen > 10, "the queries must exercise heavy keys"
    assert snapshot.persons == 3700


def test_snapshot_keeps_only_what_the_viewer_may_see(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "cruce.db")
    index.upsert([
        person("MX-NAT", scope=SharingScope.NATIONAL),
        person("MX-GT", scope=SharingScope.COUNTRIES, countries=("GT",)),
        person("MX-ALL", scope=SharingScope.ALL),
    ])
    keys = index.key_ids(_query_keys("José Luis Hernández Cruz", 1980))

    def ranked_ids(viewer: str | None) -> list[str]:
        snapshot = PostingsSnapshot.build(index.path, tmp_path / str(viewer), source="mx", viewer_country=viewer)
        rows = snapshot.analysed(snapshot.ranked(list(keys.values()), limit=10, heavy_key_postings=1000))
        return [candidate.person.record_id for candidate in index.shortlisted_candidates(rows)]

    try:
        assert ranked_ids("GT") == ["MX-GT", "MX-ALL"]
        assert ranked_ids("SV") == ["MX-ALL"]
        assert ranked_ids(None) == ["MX-NAT", "MX-GT", "MX-ALL"]
    finally:
        index.close()


def test_rare_keys_outrank_common_ones_when_weighted(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "cruce.db")
    namesakes = [person(f"MX-GARCIA-{number}", given="Juan", paternal="García", maternal="López", birth="1970-01-01") for number in range(30)]
    rare = person("MX-RARE", given="Juan", paternal="Xochitiotzin", maternal="López", birth="1991-05-05")
    index.upsert([*namesakes, rare])
    snapshot = PostingsSnapshot.build(index.path, tmp_path / "mx", source="mx", viewer_country=None)
    keys = list(index.key_ids(_query_keys("Juan Xochitiotzin López", 1991)).values())

    try:
        weighted = snapshot.ranked(keys, limit=3, heavy_key_postings=1000, weighted=True)
        assert weighted[0].row_id == _row_id(index, "MX-RARE")
        assert weighted[0].shared > weighted[1].shared
    finally:
        index.close()


def test_rows_withdrawn_after_the_snapshot_are_not_returned(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "cruce.db")
    index.upsert([person("MX-1"), person("MX-2")])
    snapshot = PostingsSnapshot.build(index.path, tmp_path / "mx", source="mx", viewer_country=None)
    index.withdraw(RecordKind.PERSON, "mx", ["MX-1"])
    keys = list(index.key_ids(_query_keys("José Luis Hernández Cruz", 1980)).values())

    try:
        ranked = snapshot.ranked(keys, limit=10, heavy_key_postings=1000)
        assert len(ranked) == 2
        found = index.shortlisted_candidates(snapshot.analysed(ranked))
        assert [candidate.person.record_id for candidate in found] == ["MX-2"]
    finally:
        index.close()


def test_empty_source_and_unknown_keys(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "cruce.db")
    index.upsert([person("MX-1")])
    try:
        empty = PostingsSnapshot.build(index.path, tmp_path / "intl", source="intl", viewer_country=None)
        assert empty.persons == 0
        assert empty.ranked([1, 2, 3], limit=5, heavy_key_postings=10) == []
        full = PostingsSnapshot.build(index.path, tmp_path / "mx", source="mx", viewer_country=None)
        assert full.ranked([10_000_000, -4], limit=5, heavy_key_postings=10) == []
        assert full.ranked([], limit=5, heavy_key_postings=10) == []
    finally:
        index.close()


def _row_id(index: EmbeddedIndex, record_id: str) -> int:
    return index._reader().execute("SELECT id FROM records WHERE record_id = ?", (record_id,)).fetchone()[0]


def test_snapshot_analyses_equal_the_stored_ones(generated: EmbeddedIndex, tmp_path: Path) -> None:
    source = next(iter(generate_persons(1, seed=3))).source
    snapshot = PostingsSnapshot.build(generated.path, tmp_path / "mx", source=source, viewer_country=None)
    keys = generated.key_ids(_query_keys("María Guadalupe Hernández López", 1975))
    ranked = snapshot.ranked(list(keys.values()), limit=20, heavy_key_postings=HEAVY)
    from_snapshot = {row.row_id: (row.analysis, row.facts) for row in snapshot.analysed(ranked)}

    stored = generated.person_shortlist(list(keys), sources=[source], limit=500)
    from_index = {row.row_id: (row.analysis, row.facts) for row in stored}
    assert len(from_snapshot) == 20
    for row_id, entry in from_snapshot.items():
        assert entry == from_index[row_id]
