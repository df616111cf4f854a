"""Replaying the national change log into the international source: rules, withdrawals, versions, checkpoints, lag."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from engine.ingest import store_records, withdraw_records
from engine.records import Origin, RecordKind, SharingScope
from engine.runtime import Runtime
from engine.sync.replay import Replicator
from sync_world import document, stored_rows, vehicle, wanted, write_sources


@pytest.fixture
def replicator(runtime: Runtime):
    opened = Replicator(runtime)
    yield opened
    opened.close()


def intl(tmp_path: Path) -> dict:
    return stored_rows(tmp_path / "cruce.db", "intl")


def test_only_shareable_wanted_persons_documents_and_vehicles_are_copied(runtime, replicator, tmp_path) -> None:
    store_records(runtime, "mx", [
        wanted("P-ALL"),
        wanted("P-GT", scope=SharingScope.COUNTRIES, countries=("GT",)),
        wanted("P-NAT", scope=SharingScope.NATIONAL),
        wanted("P-NO-NOTICE", notice=None),
        wanted("P-MISSING", notice="missing_person"),
        document("D-000001"), document("D-000002", reason="lost"), document("D-000003", reason="revoked"),
        vehicle("V-001"), vehicle("V-002", reason="recovered"),
    ])

    report = replicator.run_pass()

    assert report.changes == 10
    assert report.copied == 5
    assert intl(tmp_path) == {
        ("person", "MX:mx:P-ALL"): (1, "active"),
        ("person", "MX:mx:P-GT"): (1, "active"),
        ("travel_document", "MX:mx:D-000001"): (1, "active"),
        ("travel_document", "MX:mx:D-000002"): (1, "active"),
        ("vehicle", "MX:mx:V-001"): (1, "active"),
    }


def test_copy_keeps_owner_sharing_and_a_link_to_the_national_record(runtime, replicator) -> None:
    store_records(runtime, "mx", [wanted("P-GT", scope=SharingScope.COUNTRIES, countries=("GT",))])
    replicator.run_pass()

    copy = runtime.backend_for("intl").get(RecordKind.PERSON, "intl", "MX:mx:P-GT")
    assert copy is not None
    assert copy.owner == "MX"
    assert copy.origin == Origin("mx", "P-GT")
    assert copy.sharing.scope is SharingScope.COUNTRIES
    assert copy.sharing.countries == ("GT",)
    assert copy.notice is not None
    assert copy.notice.kind == "warrant"
    backend = runtime.backend_for("intl")
    assert backend.get(RecordKind.PERSON, "intl", "MX:mx:P-GT", viewer_country="GT") is not None
    assert backend.get(RecordKind.PERSON, "intl", "MX:mx:P-GT", viewer_country="US") is None


def test_updates_withdrawals_and_narrowed_rules_reach_the_copies_in_one_pass(runtime, replicator, tmp_path) -> None:
    store_records(runtime, "mx", [wanted("P1"), wanted("P2"), wanted("P3"), vehicle("V-001")])
    replicator.run_pass()

    store_records(runtime, "mx", [wanted("P1", version=2, surname="Hernandes"), wanted("P2", version=2, scope=SharingScope.NATIONAL)])
    store_records(runtime, "mx", [vehicle("V-001", reason="recovered", version=2)])
    withdraw_records(runtime, RecordKind.PERSON, "mx", ["P3"])
    report = replicator.run_pass()

    assert report.batches == 1
    assert intl(tmp_path) == {
        ("person", "MX:mx:P1"): (2, "active"),
        ("person", "MX:mx:P2"): (1, "withdrawn"),
        ("person", "MX:mx:P3"): (1, "withdrawn"),
        ("vehicle", "MX:mx:V-001"): (1, "withdrawn"),
    }
    assert runtime.backend_for("intl").get(RecordKind.PERSON, "intl", "MX:mx:P1").paternal_surname == "Hernandes"

    store_records(runtime, "mx", [wanted("P2", version=3)])
    replicator.run_pass()
    assert intl(tmp_path)[("person", "MX:mx:P2")] == (3, "active")


def test_replaying_everything_again_changes_nothing(runtime, replicator, tmp_path) -> None:
    store_records(runtime, "mx", [wanted(f"P{number}") for number in range(30)])
    store_records(runtime, "mx", [wanted(f"P{number}", version=2) for number in range(10)])
    withdraw_records(runtime, RecordKind.PERSON, "mx", ["P29"])
    replicator.run_pass()
    before = intl(tmp_path)

    replicator.checkpoints.save(replicator.settings.pair, 0, 0)
    replicator.run_pass()

    assert intl(tmp_path) == before


def test_an_older_national_version_never_overwrites_a_newer_copy(runtime, replicator, tmp_path) -> None:
    newer = wanted("P1", version=5, surname="Nuevo")
    newer.source, newer.record_id, newer.origin = "intl", "MX:mx:P1", Origin("mx", "P1")
    store_records(runtime, "intl", [newer])
    store_records(runtime, "mx", [wanted("P1", version=3, surname="Viejo")])

    report = replicator.run_pass()

    assert report.stale == 1
    assert runtime.backend_for("intl").get(RecordKind.PERSON, "intl", "MX:mx:P1").paternal_surname == "Nuevo"


def test_a_pass_resumes_from_the_checkpoint(tmp_path: Path) -> None:
    runtime = Runtime.open(str(write_sources(tmp_path, batch_size=10)))
    replicator = Replicator(runtime)
    try:
        store_records(runtime, "mx", [wanted(f"P{number:02d}") for number in range(35)])
        first = replicator.run_pass(max_batches=2)
        assert first.batches == 2
        assert first.changes == 20
        assert len(intl(tmp_path)) == 20

        # A new replicator (a restarted process) starts after the checkpoint.
        replicator.close()
        replicator = Replicator(runtime)
        second = replicator.run_pass()
        assert second.changes == 15
        assert second.batches == 2
        assert len(intl(tmp_path)) == 35
        assert replicator.checkpoints.load("mx->intl").applied == 35
    finally:
        replicator.close()
        runtime.close()


def test_lag_counts_changes_and_seconds_behind(runtime, replicator) -> None:
    assert replicator.lag().changes_behind == 0
    assert replicator.lag().seconds_behind == 0

    store_records(runtime, "mx", [wanted("P1"), wanted("P2", scope=SharingScope.NATIONAL)])
    lag = replicator.lag()
    assert lag.changes_behind == 2
    assert lag.seconds_behind > 0
    assert lag.newest_seq >= 2
    assert lag.checkpoint_seq == 0

    replicator.run_pass()
    lag = replicator.lag()
    assert lag.changes_behind == 0
    assert lag.seconds_behind == 0
    assert lag.checkpoint_seq == lag.newest_seq


def test_a_failed_international_write_keeps_the_checkpoint(runtime, replicator, tmp_path) -> None:
    store_records(runtime, "mx", [wanted("P1")])
    database = tmp_path / "cruce.db"
    # Another process holds the write lock of the index file, so the copy cannot be stored.
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("PRAGMA busy_timeout = 0")
    blocker.execute("BEGIN IMMEDIATE")
    runtime.backend_for("intl")._writer.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(sqlite3.OperationalError):
            replicator.run_pass()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    assert replicator.checkpoints.load("mx->intl").seq == 0
    assert replicator.run_pass().copied == 1
