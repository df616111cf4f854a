"""`cruce sync` killed with SIGKILL mid-pass resumes from its checkpoint and ends where an uninterrupted pass ends."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.ingest import ingest_paths
from engine.runtime import Runtime
from fault_data import (
    audit_verifies,
    change_count,
    cruce,
    expected_copies,
    finish,
    kill_when,
    query,
    records_of,
    write_national_file,
    write_sources,
)

PERSONS = 4000
SYNC_BATCH = 200


def checkpoint_seq(folder: Path) -> int:
    rows = query(folder / "sync.db", "SELECT seq FROM checkpoints WHERE pair = 'mx->intl'")
    return rows[0][0] if rows else 0


def test_killed_sync_resumes_and_matches_an_uninterrupted_pass(tmp_path: Path) -> None:
    national = tmp_path / "national.jsonl"
    write_national_file(national, PERSONS)
    killed, reference = tmp_path / "killed", tmp_path / "reference"
    sources = write_sources(killed, sync_batch=SYNC_BATCH)
    runtime = Runtime.open(str(sources))
    ingest_paths(runtime, [national])
    runtime.close()
    shutil.copytree(killed, reference, ignore=shutil.ignore_patterns("sources.toml", "audit.db*"))
    reference_sources = write_sources(reference, sync_batch=SYNC_BATCH)

    finish(cruce(reference_sources, "sync"))
    expected = records_of(reference / "cruce.db", "intl")
    assert {key: value for key, value in expected.items() if value[1] == "active"} == expected_copies(national)

    syncing = cruce(sources, "sync")
    kill_when(syncing, lambda: checkpoint_seq(killed) > 0)
    at_kill = records_of(killed / "cruce.db", "intl")
    assert at_kill and len(at_kill) < len(expected), "the sync was not killed mid-pass"
    assert all(expected[key] == value for key, value in at_kill.items())

    finish(cruce(sources, "sync"))

    assert records_of(killed / "cruce.db", "intl") == expected
    # A restarted pass applies again at most the one batch whose checkpoint the kill prevented.
    extra_writes = change_count(killed / "cruce.db", "intl") - change_count(reference / "cruce.db", "intl")
    assert 0 <= extra_writes <= SYNC_BATCH
    lag = query(killed / "cruce.db", "SELECT max(seq) FROM changes WHERE source = 'mx'")[0][0]
    assert checkpoint_seq(killed) == lag

    verified = audit_verifies(sources)
    assert verified.returncode == 0, verified.stdout + verified.stderr
