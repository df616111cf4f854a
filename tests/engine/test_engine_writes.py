"""Upsert, read-back, versions, withdrawal and rejection against a real engine."""

from __future__ import annotations

import pytest

from engine.index.indexed_person import index_person
from engine.index.search_engine import SearchEngineBackend
from engine.records import Person, RecordKind, Status, Vehicle
from engine_records import person, stolen_passport

pytestmark = pytest.mark.engine


def test_upserted_person_reads_back_with_every_field(backend: SearchEngineBackend) -> None:
    stored = person("MX-1-curp", "José Luis", "Hernández", "Cruz", birth="1984-03-07")
    stored.aliases = ["El Güero"]

    report = backend.upsert([stored])

    assert (report.accepted, report.stale, report.rejected) == (1, 0, [])
    found = backend.get(RecordKind.PERSON, "mx", "MX-1-curp")
    assert isinstance(found, Person)
    assert found.display_name() == "José Luis Hernández Cruz"
    assert found.aliases == ["El Güero"]
    assert [str(d) for d in found.birth_dates] == ["1984-03-07"]
    assert found.identifiers[0].value == "HECL840307HPLRRS09"
    assert backend.count(RecordKind.PERSON, "mx") == 1


def test_unknown_record_reads_as_none(backend: SearchEngineBackend) -> None:
    assert backend.get(RecordKind.PERSON, "mx", "never-stored") is None


def test_withdrawn_person_leaves_search_at_once(backend: SearchEngineBackend) -> None:
    target = person("MX-2", "Guadalupe", "Ramírez", "Soto")
    other = person("MX-3", "Guadalupe", "Ramírez", "Ortega")
    backend.upsert([target, other])
    keys = index_person(target).blocking_keys
    assert {c.person.record_id for c in backend.person_candidates(keys)} == {"MX-2", "MX-3"}

    withdrawn = backend.withdraw(RecordKind.PERSON, "mx", ["MX-2", "MX-2", "missing"])

    assert withdrawn == 1
    assert {c.person.record_id for c in backend.person_candidates(keys)} == {"MX-3"}
    assert backend.get(RecordKind.PERSON, "mx", "MX-2") is None
    assert backend.count(RecordKind.PERSON, "mx") == 1
    assert backend.withdraw(RecordKind.PERSON, "mx", ["MX-2"]) == 0


def test_older_version_never_overwrites_a_newer_one(backend: SearchEngineBackend) -> None:
    backend.upsert([person("MX-4", "Francisco", "Gómez", version=3)])

    report = backend.upsert([person("MX-4", "Paco", "Gómez", version=2)])

    assert (report.accepted, report.stale) == (0, 1)
    found = backend.get(RecordKind.PERSON, "mx", "MX-4")
    assert found is not None and found.given_names == "Francisco" and found.version == 3


def test_same_version_replaces_an_active_record(backend: SearchEngineBackend) -> None:
    backend.upsert([person("MX-5", "Jesus", "Lopez", version=2)])

    report = backend.upsert([person("MX-5", "Jesús", "López", version=2)])

    assert report.accepted == 1
    found = backend.get(RecordKind.PERSON, "mx", "MX-5")
    assert found is not None and found.paternal_surname == "López"


def test_replayed_update_does_not_bring_a_withdrawn_record_back(backend: SearchEngineBackend) -> None:
    backend.upsert([person("MX-6", "Dolores", "Vega", version=4)])
    backend.withdraw(RecordKind.PERSON, "mx", ["MX-6"])

    replay = backend.upsert([person("MX-6", "Dolores", "Vega", version=4)])
    assert (replay.accepted, replay.stale) == (0, 1)
    assert backend.get(RecordKind.PERSON, "mx", "MX-6") is None

    newer = backend.upsert([person("MX-6", "Dolores", "Vega", version=5)])
    assert newer.accepted == 1
    assert backend.get(RecordKind.PERSON, "mx", "MX-6") is not None


def test_a_withdrawn_status_in_an_upsert_hides_the_record(backend: SearchEngineBackend) -> None:
    backend.upsert([person("MX-7", "Rosario", "Núñez", version=1)])

    backend.upsert([person("MX-7", "Rosario", "Núñez", version=2, status=Status.WITHDRAWN)])

    assert backend.get(RecordKind.PERSON, "mx", "MX-7") is None
    assert backend.name_part_frequency(index_person(person("x", "Rosario", "Núñez")).name_parts[0]) == 0


def test_the_newest_copy_wins_inside_one_batch(backend: SearchEngineBackend) -> None:
    report = backend.upsert([person("MX-8", "Ana", "Ruiz", version=2), person("MX-8", "Anita", "Ruiz", version=1)])

    assert (report.accepted, report.stale) == (1, 1)
    found = backend.get(RecordKind.PERSON, "mx", "MX-8")
    assert found is not None and found.given_names == "Ana"


def test_records_the_engine_rejected_records_reported_by_id(backend: SearchEngineBackend) -> None:
    good = Vehicle(source="int", record_id="V-1", owner="MX", vin="3VWFE21C04M000001", year=2004)
    refused = Vehicle(source="int", record_id="V-2", owner="MX", vin="3VWFE21C04M000002", year="dos mil")  # type: ignore[arg-type]
    also_good = Vehicle(source="int", record_id="V-3", owner="MX", plate="ABC-123", plate_country="MX")

    report = backend.upsert([good, refused, also_good])

    assert report.accepted == 2
    assert [r.record_id for r in report.rejected] == ["V-2"]
    assert "year" in report.rejected[0].reason
    assert backend.count(RecordKind.VEHICLE, "int") == 2
    assert backend.get(RecordKind.VEHICLE, "int", "V-2") is None


def test_overlong_id_rejected_before_sending(backend: SearchEngineBackend) -> None:
    too_long_id = "X" * 600  # an engine _id holds at most 512 bytes
    batch = [person("MX-9", "Ramón", "Díaz"), person(too_long_id, "Ramón", "Díaz"), person("MX-10", "Lucía", "Paz")]

    report = backend.upsert(batch)

    assert report.accepted == 2
    assert [r.record_id for r in report.rejected] == [too_long_id]
    assert "512" in report.rejected[0].reason
    assert backend.count(RecordKind.PERSON, "mx") == 2


def test_read_only_index_accepts_none(backend: SearchEngineBackend) -> None:
    alias = backend.layout.alias(RecordKind.PERSON)
    backend.client.put_settings(alias, {"index.blocks.write": True})
    try:
        report = backend.upsert([person("MX-11", "Elena", "Mora"), person("MX-12", "Sara", "Luna")])
    finally:
        backend.client.put_settings(alias, {"index.blocks.write": False})

    assert report.accepted == 0
    assert sorted(r.record_id for r in report.rejected) == ["MX-11", "MX-12"]
    assert backend.count(RecordKind.PERSON) == 0


def test_travel_documents_are_found_by_number_issuing_country_first(backend: SearchEngineBackend) -> None:
    backend.upsert([stolen_passport("D-1", "G1234567", "GTM"), stolen_passport("D-2", "G1234567"), stolen_passport("D-3", "G7654321")])

    found = backend.find_documents("G 1234567", "MEX")

    assert [record.record_id for record in found] == ["D-2", "D-1"]
    assert backend.withdraw(RecordKind.TRAVEL_DOCUMENT, "int", ["D-2"]) == 1
    assert [record.record_id for record in backend.find_documents("G1234567", "MEX")] == ["D-1"]
    assert backend.record_status(RecordKind.TRAVEL_DOCUMENT, "int", "D-2") is Status.WITHDRAWN
    assert backend.record_status(RecordKind.TRAVEL_DOCUMENT, "int", "D-9") is None


def test_vehicles_are_found_by_vin_or_plate(backend: SearchEngineBackend) -> None:
    backend.upsert(
        [
            Vehicle(source="int", record_id="V-1", owner="MX", vin="3VWFE21C04M000001", plate="ABC-123", plate_country="MX"),
            Vehicle(source="int", record_id="V-2", owner="GT", plate="ABC123", plate_country="GT"),
        ]
    )

    assert [v.record_id for v in backend.find_vehicles(vin="3vwfe21c04m000001")] == ["V-1"]
    assert [v.record_id for v in backend.find_vehicles(plate="abc 123", plate_country="GT")] == ["V-2", "V-1"]
    assert backend.find_vehicles() == []


def test_stats_count_records_per_source_and_status(backend: SearchEngineBackend) -> None:
    backend.upsert([person("S-1", "Irma", "Solís"), person("S-2", "Irma", "Solís", source="int", owner="GT")])
    backend.withdraw(RecordKind.PERSON, "int", ["S-2"])

    stats = backend.stats()

    assert stats["counts"]["person"] == {"mx": {"active": 1}, "int": {"withdrawn": 1}}
    assert stats["active_persons"] == 1
    assert backend.name_frequencies().total == 1
