"""The change log: every accepted insert, update and withdrawal numbered in order, nothing for a stale write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.index.sqlite import EmbeddedIndex
from engine.ingest import store_records, withdraw_records
from engine.records import RecordKind, Status
from engine.sync.changelog import ChangeLog
from sync_world import logged_changes, stored_rows, wanted


def test_inserts_updates_and_withdrawals_are_logged_in_order(runtime, tmp_path: Path) -> None:
    store_records(runtime, "mx", [wanted("P1"), wanted("P2")])
    store_records(runtime, "mx", [wanted("P1", version=2)])
    withdraw_records(runtime, RecordKind.PERSON, "mx", ["P2", "P-UNKNOWN"])

    changes = logged_changes(tmp_path / "cruce.db", "mx")
    assert [(kind, record_id, version, status) for _, kind, record_id, version, status in changes] == [
        ("person", "P1", 1, "active"),
        ("person", "P2", 1, "active"),
        ("person", "P1", 2, "active"),
        ("person", "P2", 1, "withdrawn"),
    ]
    sequence = [seq for seq, *_ in changes]
    assert sequence == sorted(sequence)
    assert len(set(sequence)) == len(sequence)


def test_stale_writes_and_repeated_withdrawals_are_not_logged(runtime, tmp_path: Path) -> None:
    store_records(runtime, "mx", [wanted("P1", version=3)])
    report = store_records(runtime, "mx", [wanted("P1", version=2)])
    assert report.stale == 1
    withdraw_records(runtime, RecordKind.PERSON, "mx", ["P1"])
    withdraw_records(runtime, RecordKind.PERSON, "mx", ["P1"])

    assert [(version, status) for *_, version, status in logged_changes(tmp_path / "cruce.db", "mx")] == [
        (3, "active"),
        (3, "withdrawn"),
    ]


def test_every_stored_record_has_its_last_write_in_the_log(runtime, tmp_path: Path) -> None:
    store_records(runtime, "mx", [wanted(f"P{number}") for number in range(50)])
    store_records(runtime, "mx", [wanted(f"P{number}", version=2) for number in range(0, 50, 3)])
    withdraw_records(runtime, RecordKind.PERSON, "mx", [f"P{number}" for number in range(0, 50, 7)])

    database = tmp_path / "cruce.db"
    last_logged = {}
    for _, kind, record_id, version, status in logged_changes(database, "mx"):
        last_logged[(kind, record_id)] = (version, status)
    assert last_logged == stored_rows(database, "mx")


def test_reader_counts_pending_changes_of_one_source(runtime, tmp_path: Path) -> None:
    store_records(runtime, "mx", [wanted("P1"), wanted("P2")])
    copy = wanted("X1")
    copy.source = "intl"
    store_records(runtime, "intl", [copy])

    log = ChangeLog(tmp_path / "cruce.db")
    try:
        first = log.read("mx", 0, 10)
        assert [change.record_id for change in first] == ["P1", "P2"]
        assert first[0].status is Status.ACTIVE
        assert first[0].kind is RecordKind.PERSON
        pending = log.pending("mx", first[0].seq)
        assert pending.changes == 1
        assert pending.newest_seq == first[1].seq
        assert pending.oldest_at is not None
        assert log.pending("mx", first[1].seq).changes == 0
    finally:
        log.close()


def test_a_file_without_change_log_gets_one_from_its_records(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    index = EmbeddedIndex(path, analysis_helper=False)
    index.upsert([wanted("P1"), wanted("P2", version=4)])
    index.withdraw(RecordKind.PERSON, "mx", ["P1"])
    index.close()

    # Make the file look like one written before the change log existed.
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE changes")
    connection.execute("PRAGMA user_version = 2")
    connection.commit()
    connection.close()

    reopened = EmbeddedIndex(path, analysis_helper=False)
    reopened.close()
    assert sorted((record_id, version, status) for _, _, record_id, version, status in logged_changes(path, "mx")) == [
        ("P1", 1, "withdrawn"),
        ("P2", 4, "active"),
    ]


def test_search_engine_change_log_appends_in_order(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path / "changes.db", writable=True)
    try:
        assert log.append("remote", [wanted("P1"), wanted("P2", version=3)]) == 2
        assert log.append_withdrawals(RecordKind.PERSON, "remote", ["P1"]) == 1

        changes = log.read("remote", 0, 10)
        assert [(change.record_id, change.version, change.status) for change in changes] == [
            ("P1", 1, Status.ACTIVE),
            ("P2", 3, Status.ACTIVE),
            ("P1", 0, Status.WITHDRAWN),
        ]
        assert [change.seq for change in changes] == [1, 2, 3]
        assert log.pending("remote", 1).changes == 2
        assert log.read("mx", 0, 10) == []
    finally:
        log.close()
