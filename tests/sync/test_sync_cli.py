"""`cruce sync`, `cruce sync --status` and `cruce sync --follow`, run as real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from engine.ingest import store_records
from engine.runtime import Runtime
from sync_world import stored_rows, wanted

PROJECT = Path(__file__).resolve().parents[2]


def cruce(sources_file: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=PROJECT)


def wait_until_following(follower: subprocess.Popen) -> None:
    """Read the follower's stderr up to its "following" line, printed once its signal handlers are in place."""
    assert follower.stderr is not None
    seen = []
    for line in follower.stderr:
        seen.append(line)
        if "Siguiendo" in line:
            return
    raise AssertionError("the follower ended before following: " + "".join(seen))


def national(sources_file: Path, records: list) -> None:
    runtime = Runtime.open(str(sources_file))
    try:
        store_records(runtime, "mx", records)
    finally:
        runtime.close()


def test_one_pass_then_status_then_audit(sources_file: Path, tmp_path: Path) -> None:
    national(sources_file, [wanted("P1"), wanted("P2"), wanted("P3", notice=None)])

    status = cruce(sources_file, "sync", "--status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["changes_behind"] == 3

    result = cruce(sources_file, "sync", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["changes"], summary["copied"], summary["rejected"]) == (3, 2, [])

    lag = json.loads(cruce(sources_file, "sync", "--status", "--json").stdout)
    assert lag["changes_behind"] == 0
    assert lag["checkpoint_seq"] == lag["newest_seq"]
    text = cruce(sources_file, "--lang", "en", "sync", "--status")
    assert "0 changes pending" in text.stdout

    verified = cruce(sources_file, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    exported = tmp_path / "audit.jsonl"
    cruce(sources_file, "audit", "export", "--out", str(exported))
    assert "sync.batch" in exported.read_text(encoding="utf-8")


def test_follow_applies_new_changes_and_stops_cleanly_on_sigterm(sources_file: Path, tmp_path: Path) -> None:
    follower = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "--config", str(sources_file), "sync", "--follow", "--interval-ms", "50"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until_following(follower)

        national(sources_file, [wanted("P1")])
        deadline = time.monotonic() + 20
        while ("person", "MX:mx:P1") not in stored_rows(tmp_path / "cruce.db", "intl"):
            assert time.monotonic() < deadline, "the follower did not copy the change"
            time.sleep(0.05)

        busy = cruce(sources_file, "sync")
        assert busy.returncode == 2
        assert "mx->intl" in busy.stderr
    finally:
        follower.send_signal(signal.SIGTERM)
        out, err = follower.communicate(timeout=30)

    assert follower.returncode == 0, err
    assert "1" in out


def test_follow_stops_on_sigint_too(sources_file: Path) -> None:
    follower = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "--config", str(sources_file), "sync", "--follow"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    wait_until_following(follower)
    os.kill(follower.pid, signal.SIGINT)
    follower.communicate(timeout=30)
    assert follower.returncode == 0
