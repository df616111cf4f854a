"""`cruce bulk` killed with SIGKILL mid-job and resumed with --resume writes every row once and keeps the audit chain intact."""

from __future__ import annotations

import json
import random
from pathlib import Path

from engine.demo.national import generate_persons
from engine.ingest import store_records
from engine.runtime import Runtime
from fault_data import audit_verifies, cruce, finish, kill_when, write_sources

ROWS = 2500


def write_roster(path: Path) -> None:
    rng = random.Random(3)
    people = list(generate_persons(800, 5))
    lines = ["Folio|Nombre completo|Fecha de nacimiento"]
    for number in range(ROWS):
        person = rng.choice(people)
        name = person.display_name() if number % 101 else ""  # a few rows without a name go to the errors file
        lines.append(f"N-{number}|{name}|")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rows_done(jobs: Path) -> int:
    for state_file in jobs.glob("*/state.json"):
        try:
            return json.loads(state_file.read_text(encoding="utf-8"))["rows_done"]
        except ValueError:
            return 0  # replaced between the listing and the read
    return 0


def test_killed_bulk_job_resumes_with_every_row_once(tmp_path: Path, monkeypatch) -> None:
    sources = write_sources(tmp_path / "index")
    runtime = Runtime.open(str(sources))
    store_records(runtime, "mx", list(generate_persons(800, 5)))
    runtime.close()
    roster, output, jobs = tmp_path / "roster.csv", tmp_path / "out.jsonl", tmp_path / "jobs"
    write_roster(roster)
    monkeypatch.setenv("CRUCE_BULK_CHECKPOINT_SECONDS", "0")

    running = cruce(sources, "bulk", str(roster), "--out", str(output), "--format", "jsonl", "--jobs-dir", str(jobs), "--workers", "1")
    kill_when(running, lambda: rows_done(jobs) > 0)
    assert rows_done(jobs) < ROWS, "the job finished before the kill"

    job_id = next(jobs.glob("*/state.json")).parent.name
    finish(cruce(sources, "bulk", "--resume", job_id, "--jobs-dir", str(jobs), "--workers", "1"))

    written = [json.loads(line)["row"] for line in output.read_text(encoding="utf-8").splitlines()]
    errors_file = next(tmp_path.glob("out*errors*"))
    failed = [int(line.split(",")[0]) for line in errors_file.read_text(encoding="utf-8").splitlines()[1:] if line]
    assert sorted(written + failed) == list(range(1, ROWS + 1))
    assert len(failed) == len(range(0, ROWS, 101))

    verified = audit_verifies(sources)
    assert verified.returncode == 0, verified.stdout + verified.stderr
