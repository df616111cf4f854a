"""`cruce bulk` killed with SIGKILL mid-way and resumed writes the same bytes as an uninterrupted run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
ROWS = 4000


def cruce(sources_file: Path, jobs: Path, *args: str) -> subprocess.Popen:
    # A checkpoint after every batch, so the kill lands between checkpoints however fast the machine is.
    environment = dict(os.environ, CRUCE_BULK_CHECKPOINT_SECONDS="0")
    command = [sys.executable, str(HERE / "cruce_with_bulk.py"), "--config", str(sources_file), "bulk", "--jobs-dir", str(jobs), *args]
    return subprocess.Popen(command, cwd=PROJECT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def write_roster(path: Path, people: list) -> None:
    rng = random.Random(5)
    lines = ["Folio|Nombre completo|Fecha de nacimiento|Sexo"]
    for number in range(ROWS):
        person = rng.choice(people)
        birth = person.birth_dates[0] if person.birth_dates else None
        written = f"{birth.day:02d}/{birth.month:02d}/{birth.year}" if birth and birth.day else ""
        name = person.display_name() if number % 97 else ""  # a few rows without a name go to the errors file
        lines.append(f"N-{number}|{name}|{written}|{person.sex or ''}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def wait_for_checkpoint(jobs: Path, process: subprocess.Popen, timeout: float = 60.0) -> tuple[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for state_file in jobs.glob("*/state.json"):
            try:
                state = json.loads(state_file.read_text(encoding="utf-8"))
            except ValueError:
                continue  # replaced between the directory listing and the read
            if state["rows_done"] > 0:
                return state_file.parent.name, state["rows_done"]
        assert process.poll() is None, process.stderr.read().decode()
        time.sleep(0.02)
    raise AssertionError("no checkpoint within the time limit")


def test_killed_job_resumes_to_identical_output(tmp_path, sources_file, generated_people):
    roster = tmp_path / "roster.csv"
    write_roster(roster, generated_people)

    reference_jobs = tmp_path / "reference-jobs"
    reference = cruce(sources_file, reference_jobs, str(roster), "--out", str(tmp_path / "reference.csv"), "--workers", "1")
    _, reference_errors = reference.communicate(timeout=240)
    assert reference.returncode == 0, reference_errors.decode()

    jobs = tmp_path / "jobs"
    output = tmp_path / "resumed.csv"
    killed = cruce(sources_file, jobs, str(roster), "--out", str(output), "--workers", "2")
    job_id, rows_at_kill = wait_for_checkpoint(jobs, killed)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=30)

    state = json.loads((jobs / job_id / "state.json").read_text(encoding="utf-8"))
    assert 0 < state["rows_done"] < ROWS, "the job must be killed mid-way"
    assert state["state"] == "running"
    assert state["rows_done"] >= rows_at_kill

    resumed = cruce(sources_file, jobs, "--resume", job_id, "--workers", "1")
    _, resumed_errors = resumed.communicate(timeout=240)
    assert resumed.returncode == 0, resumed_errors.decode()

    assert output.read_bytes() == (tmp_path / "reference.csv").read_bytes()
    assert (tmp_path / "resumed.errors.csv").read_bytes() == (tmp_path / "reference.errors.csv").read_bytes()
    summary = json.loads((tmp_path / "resumed.summary.json").read_text(encoding="utf-8"))
    assert summary["rows"] == ROWS
    assert summary["errors"] == len(range(0, ROWS, 97))
