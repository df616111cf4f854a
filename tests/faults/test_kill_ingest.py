"""`cruce ingest` killed with SIGKILL mid-import, then run again, loses and duplicates nothing."""

from __future__ import annotations

from pathlib import Path

from fault_data import (
    audit_verifies,
    change_count,
    cruce,
    expected_copies,
    expected_records,
    finish,
    kill_when,
    last_logged,
    records_of,
    write_national_file,
    write_sources,
)

PERSONS = 6000


def test_killed_import_restarted_matches_an_uninterrupted_one(tmp_path: Path) -> None:
    national = tmp_path / "national.jsonl"
    write_national_file(national, PERSONS)
    sources = write_sources(tmp_path / "killed")
    database = tmp_path / "killed" / "cruce.db"

    importing = cruce(sources, "ingest", str(national))
    kill_when(importing, lambda: change_count(database, "mx") > 0)

    # What survived the kill: whole committed batches, each record logged if and only if it is stored.
    survived = records_of(database, "mx")
    assert survived, "the import was killed before its first batch committed"
    assert len(survived) < len(expected_records(national)), "the import finished before the kill"
    assert last_logged(database, "mx") == survived

    finish(cruce(sources, "ingest", str(national)))

    stored = records_of(database, "mx")
    assert stored == expected_records(national)
    assert last_logged(database, "mx") == stored

    finish(cruce(sources, "sync"))
    copies = {key: value for key, value in records_of(database, "intl").items() if value[1] == "active"}
    assert copies == expected_copies(national)

    verified = audit_verifies(sources)
    assert verified.returncode == 0, verified.stdout + verified.stderr
