"""Behaviour of the embedded SQLite index on real database files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.importers.record_format import record_from_dict
from engine.index.base import Backend
from engine.index.record_json import record_from_json, record_json
from engine.index.sqlite import EmbeddedIndex
from engine.records import (
    Flag,
    Identifier,
    Notice,
    PartialDate,
    Person,
    RecordKind,
    SharingScope,
    Status,
    record_to_dict,
)
from index_records import document, inconsistencies, keys_of, person, vehicle


@pytest.fixture
def index(tmp_path: Path) -> EmbeddedIndex:
    opened = EmbeddedIndex(tmp_path / "cruce.db")
    yield opened
    opened.close()


def candidate_ids(index: EmbeddedIndex, query: Person, **options) -> list[str]:
    return [candidate.person.record_id for candidate in index.person_candidates(keys_of(query), **options)]


def test_index_implements_backend(index: EmbeddedIndex) -> None:
    assert isinstance(index, Backend)


def test_person_round_trip(index: EmbeddedIndex) -> None:
    stored = person("MX-1")
    stored.aliases = ["El Güero"]
    stored.identifiers = [Identifier("passport", "G12345678", "MX")]
    stored.notice = Notice("warrant", "CP-1", "FGE Puebla", ("robo",))

    report = index.upsert([stored])

    assert report.accepted == 1
    assert report.rejected == []
    read = index.get(RecordKind.PERSON, "mx", "MX-1")
    assert read is not None
    assert record_to_dict(read) == record_to_dict(stored)


def test_flagged_values_round_trip(index: EmbeddedIndex) -> None:
    imported = record_from_dict({
        "kind": "person", "source": "mx", "record_id": "MX-1", "owner": "MX",
        "given_names": "Jesús", "paternal_surname": "Amezcua", "birth_dates": ["1980-02-30", "1964"],
        "identifiers": [{"kind": "curp", "value": "NOT-A-CURP"}],
    })
    assert len(imported.flags) == 2

    index.upsert([imported])

    read = index.get(RecordKind.PERSON, "mx", "MX-1")
    assert record_to_dict(read) == record_to_dict(imported)


def test_documents_and_vehicles_found_by_keys(index: EmbeddedIndex) -> None:
    index.upsert([
        document("D1", "G-123 456", "GT"),
        document("D2", "G123456", "SV"),
        vehicle("V1", "1hgcm82633a004352", "ABC-12-34", "MX"),
    ])

    by_number = index.find_documents("g123456", "SV")
    assert [found.record_id for found in by_number] == ["D2", "D1"]
    assert index.find_documents("X999") == []
    assert [found.record_id for found in index.find_vehicles(vin="1HGCM82633A004352")] == ["V1"]
    assert [found.record_id for found in index.find_vehicles(plate="abc1234")] == ["V1"]
    assert index.count(RecordKind.TRAVEL_DOCUMENT) == 2
    assert index.count(RecordKind.VEHICLE, "mx") == 1


def test_candidates_ranked_by_shared_keys(index: EmbeddedIndex) -> None:
    index.upsert([
        person("MX-1", "José Luis", "Hernández", "Cruz"),
        person("MX-2", "José", "Hernández", "López"),
        person("MX-3", "María", "García", "Pérez"),
    ])

    ranked = index.person_candidates(keys_of(person("Q", "José Luis", "Hernández", "Cruz")))

    assert [candidate.person.record_id for candidate in ranked] == ["MX-1", "MX-2"]
    assert ranked[0].matched_keys > ranked[1].matched_keys
    assert ranked[0].analysis.primary is not None


def test_candidates_respect_limit_and_sources(index: EmbeddedIndex) -> None:
    index.upsert([person(f"MX-{n}") for n in range(5)] + [person("I-1", source="intl", owner="US")])
    query = person("Q")

    assert len(candidate_ids(index, query, limit=3)) == 3
    assert candidate_ids(index, query, sources=["intl"]) == ["I-1"]
    assert candidate_ids(index, query, sources=[]) == []
    assert index.person_candidates([]) == []


def test_heavy_keys_only_add_to_counts(tmp_path: Path) -> None:
    records = [
        person("MX-A", "José", "Hernández", "Cruz"),
        person("MX-B", "José", "Hernández", "Cruz"),
        person("MX-C", "José", "Hernández", "Pérez"),
    ]
    capped = EmbeddedIndex(tmp_path / "capped.db", heavy_key_postings=2)
    uncapped = EmbeddedIndex(tmp_path / "uncapped.db")
    capped.upsert(records)
    uncapped.upsert(records)
    query = keys_of(person("Q", "José", "Hernández", "Cruz"))

    found_capped = {c.person.record_id: c.matched_keys for c in capped.person_candidates(query)}
    found_uncapped = {c.person.record_id: c.matched_keys for c in uncapped.person_candidates(query)}

    assert set(found_uncapped) == {"MX-A", "MX-B", "MX-C"}
    assert set(found_capped) == {"MX-A", "MX-B"}
    assert found_capped["MX-A"] == found_uncapped["MX-A"]
    capped.close()
    uncapped.close()


def test_withdraw_removes_from_search(index: EmbeddedIndex) -> None:
    index.upsert([person("MX-1"), person("MX-2", "Luis", "Hernández", "Ortiz")])

    withdrawn = index.withdraw(RecordKind.PERSON, "mx", ["MX-1", "MX-404"])

    assert withdrawn == 1
    assert candidate_ids(index, person("Q")) == ["MX-2"]
    assert index.get(RecordKind.PERSON, "mx", "MX-1") is None
    assert index.record_status(RecordKind.PERSON, "mx", "MX-1") is Status.WITHDRAWN
    assert index.record_status(RecordKind.PERSON, "mx", "MX-404") is None
    assert index.count(RecordKind.PERSON) == 1
    assert index.name_part_frequency("cruz") == 0
    assert index.name_part_frequency("hernandez") == 1
    assert index.withdraw(RecordKind.PERSON, "mx", ["MX-1"]) == 0
    assert inconsistencies(index.path) == []


def test_withdrawn_document_not_found(index: EmbeddedIndex) -> None:
    index.upsert([document("D1", "G123456", "GT")])

    index.withdraw(RecordKind.TRAVEL_DOCUMENT, "intl", ["D1"])

    assert index.find_documents("G123456") == []
    assert index.count(RecordKind.TRAVEL_DOCUMENT) == 0
    assert inconsistencies(index.path) == []


def test_older_version_is_stale(index: EmbeddedIndex) -> None:
    index.upsert([person("MX-1", "Juan", version=3)])

    report = index.upsert([person("MX-1", "Pedro", version=2)])

    assert report.stale == 1
    assert report.accepted == 0
    assert index.get(RecordKind.PERSON, "mx", "MX-1").given_names == "Juan"


def test_newer_version_replaces_keys_and_frequencies(index: EmbeddedIndex) -> None:
    index.upsert([person("MX-1", "Juan", "Hernández", "Cruz", version=1)])

    report = index.upsert([person("MX-1", "Pedro", "Amezcua", "Contreras", version=2)])

    assert report.accepted == 1
    assert candidate_ids(index, person("Q", "Juan", "Hernández", "Cruz")) == []
    assert candidate_ids(index, person("Q", "Pedro", "Amezcua", "Contreras")) == ["MX-1"]
    assert index.name_part_frequency("juan") == 0
    assert index.name_part_frequency("hernandez") == 0
    assert index.name_part_frequency("pedro") == 1
    assert index.name_part_frequency("amezcua") == 1
    assert index.active_persons() == 1
    assert inconsistencies(index.path) == []


def test_same_version_does_not_revive_withdrawn(index: EmbeddedIndex) -> None:
    index.upsert([person("MX-1", version=4)])
    index.withdraw(RecordKind.PERSON, "mx", ["MX-1"])

    replay = index.upsert([person("MX-1", version=4)])
    assert replay.stale == 1
    assert index.get(RecordKind.PERSON, "mx", "MX-1") is None

    newer = index.upsert([person("MX-1", version=5)])
    assert newer.accepted == 1
    assert index.get(RecordKind.PERSON, "mx", "MX-1") is not None
    assert inconsistencies(index.path) == []


def test_repeated_record_in_batch_keeps_newest(index: EmbeddedIndex) -> None:
    report = index.upsert([
        person("MX-1", "Juan", version=2),
        person("MX-1", "Pedro", version=1),
        person("MX-1", "Luis", version=3),
    ])

    assert report.accepted == 1
    assert report.stale == 2
    assert index.get(RecordKind.PERSON, "mx", "MX-1").given_names == "Luis"
    assert index.name_part_frequency("juan") == 0
    assert index.name_part_frequency("luis") == 1


def test_record_upserted_as_withdrawn_is_not_searchable(index: EmbeddedIndex) -> None:
    withdrawn = person("MX-1")
    withdrawn.status = Status.WITHDRAWN

    index.upsert([withdrawn])

    assert index.record_status(RecordKind.PERSON, "mx", "MX-1") is Status.WITHDRAWN
    assert candidate_ids(index, person("Q")) == []
    assert index.name_part_frequency("hernandez") == 0
    assert inconsistencies(index.path) == []


def test_unusable_record_rejected_rest_stored(index: EmbeddedIndex) -> None:
    ownerless = person("MX-2")
    ownerless.owner = ""

    report = index.upsert([person("MX-1"), ownerless, person("MX-3")])

    assert report.accepted == 2
    assert [rejected.record_id for rejected in report.rejected] == ["MX-2"]
    assert "owner" in report.rejected[0].reason


def test_frequencies_count_each_person_once(index: EmbeddedIndex) -> None:
    index.upsert([
        person("MX-1", "José José", "Hernández", "Hernández"),
        person("MX-2", "José", "López", "Hernández"),
        person("I-1", "José", "Pérez", None, source="intl", owner="US"),
    ])

    frequencies = index.name_frequencies()

    assert frequencies.total == 3
    assert frequencies.frequency("jose") == 3
    assert frequencies.frequency("hernandez") == 2
    assert frequencies.frequency("lopez") == 1
    assert frequencies.frequency("nadie") == 0


def test_sharing_filter_inside_queries(index: EmbeddedIndex) -> None:
    index.upsert([
        person("MX-NAT", scope=SharingScope.NATIONAL),
        person("MX-GT", scope=SharingScope.COUNTRIES, countries=("GT",)),
        person("MX-ALL", scope=SharingScope.ALL),
        document("D-NAT", "G1", "MX", source="mx", owner="MX", scope=SharingScope.NATIONAL),
    ])
    query = person("Q")

    assert candidate_ids(index, query, viewer_country="GT") == ["MX-GT", "MX-ALL"]
    assert candidate_ids(index, query, viewer_country="SV") == ["MX-ALL"]
    assert candidate_ids(index, query, viewer_country="MX") == ["MX-NAT", "MX-GT", "MX-ALL"]
    assert candidate_ids(index, query, viewer_country=None) == ["MX-NAT", "MX-GT", "MX-ALL"]
    assert index.get(RecordKind.PERSON, "mx", "MX-NAT", viewer_country="GT") is None
    assert index.get(RecordKind.PERSON, "mx", "MX-NAT", viewer_country="MX") is not None
    assert index.record_status(RecordKind.PERSON, "mx", "MX-NAT", viewer_country="GT") is None
    assert index.count(RecordKind.PERSON, viewer_country="GT") == 2
    assert index.count(RecordKind.PERSON, "mx", viewer_country="SV") == 1
    assert index.count(RecordKind.PERSON, viewer_country="MX") == 3
    assert index.find_documents("G1", viewer_country="GT") == []
    assert [found.record_id for found in index.find_documents("G1", viewer_country="MX")] == ["D-NAT"]


def test_sharing_change_applies_at_once(index: EmbeddedIndex) -> None:
    index.upsert([person("MX-1", scope=SharingScope.ALL, version=1)])
    assert candidate_ids(index, person("Q"), viewer_country="GT") == ["MX-1"]

    index.upsert([person("MX-1", scope=SharingScope.NATIONAL, version=2)])

    assert candidate_ids(index, person("Q"), viewer_country="GT") == []
    assert candidate_ids(index, person("Q"), viewer_country="MX") == ["MX-1"]


def test_data_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    first = EmbeddedIndex(path)
    first.upsert([person("MX-1"), person("MX-2", "Luis"), document("D1", "G1", "GT")])
    first.withdraw(RecordKind.PERSON, "mx", ["MX-2"])
    first.close()

    second = EmbeddedIndex(path)

    assert second.get(RecordKind.PERSON, "mx", "MX-1") is not None
    assert second.record_status(RecordKind.PERSON, "mx", "MX-2") is Status.WITHDRAWN
    assert candidate_ids(second, person("Q")) == ["MX-1"]
    assert second.name_part_frequency("jose") == 1
    assert second.stats()["counts"] == {
        "person": {"mx": {"active": 1, "withdrawn": 1}},
        "travel_document": {"intl": {"active": 1}},
    }
    second.close()
    assert inconsistencies(path) == []


def test_database_uses_wal(index: EmbeddedIndex) -> None:
    mode = index._reader().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_batches_report_after_commit(tmp_path: Path) -> None:
    index = EmbeddedIndex(tmp_path / "batches.db", batch_size=2)
    seen: list[int] = []

    report = index.upsert((person(f"MX-{n}") for n in range(5)), on_batch=lambda batch: seen.append(batch.accepted))

    assert seen == [2, 2, 1]
    assert report.accepted == 5
    index.close()


def test_record_json_matches_record_to_dict() -> None:
    full = person("MX-1", scope=SharingScope.COUNTRIES, countries=("GT", "SV"))
    full.aliases = ["Chuy", "El Flaco"]
    full.birth_dates.append(PartialDate(1962, circa=True))
    full.identifiers = [Identifier("passport", "G123", "MX", False)]
    full.notice = Notice("red", "A-1/2020", "MX", ("homicidio", "secuestro"), "wanted")
    full.flags = [Flag("birth_dates", "1980-02-30", "no such date")]
    samples = [full, person("MX-2", maternal=None), document("D1", "G1", "GT"), vehicle("V1", "VIN", None, None)]

    for record in samples:
        assert json.loads(record_json(record)) == json.loads(json.dumps(record_to_dict(record)))
        assert record_from_json(record_json(record)) == record


def test_helper_process_matches_inline(tmp_path: Path) -> None:
    given = ["José", "María Guadalupe", "Juan", "Ana Luisa", "Jesús"]
    surnames = ["Hernández", "Amezcua", "de la Cruz", "Núñez", "López", "Ibarra", "Zúñiga"]
    records = [
        person(f"MX-{n}", given[n % 5], surnames[n % 7], surnames[(n // 7) % 7], birth=f"{1950 + n % 50}-01-01")
        for n in range(2500)
    ]
    records.append(document("D1", "G1", "GT"))
    with_helper = EmbeddedIndex(tmp_path / "helper.db")
    inline = EmbeddedIndex(tmp_path / "inline.db", analysis_helper=False)

    helper_report = with_helper.upsert(records)
    inline_report = inline.upsert(records)

    assert helper_report.accepted == inline_report.accepted == 2501
    query = keys_of(person("Q", "Jesús", "Amezcua", "Núñez"))
    assert [(c.person.record_id, c.matched_keys) for c in with_helper.person_candidates(query)] == [
        (c.person.record_id, c.matched_keys) for c in inline.person_candidates(query)
    ]
    for part in ("jose", "hernandez", "de la cruz", "guadalupe"):
        assert with_helper.name_part_frequency(part) == inline.name_part_frequency(part)
    with_helper.close()
    inline.close()
    assert inconsistencies(tmp_path / "helper.db") == []
