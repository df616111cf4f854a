"""Break tests of bulk jobs: sharing changed while a job runs, a full disk, a killed job's workers, job size.

Each test runs real jobs against a real SQLite index, with real files and processes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.bulk.jobs import DONE, FAILED, JobStore, Principal, run_job
from engine.bulk.matcher import MatchSettings
from engine.bulk.snapshots import with_snapshots
from engine.demo.national import generate_persons
from engine.i18n import UserError
from engine.records import Person, RecordKind, SharingRule, SharingScope
from engine.runtime import Runtime

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
FILLER_ROWS = 250  # more than one batch of 200, so the row after them is matched after the first checkpoint


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def small_index(tmp_path: Path) -> tuple[Path, Person]:
    """Build an index of 400 generated Mexican persons; return its sources file and one person every country may see."""
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[embedded]\npath = "{tmp_path / "cruce.db"}"\n\n[sources.mx]\nbackend = "embedded"\nowner = "MX"\n',
        encoding="utf-8",
    )
    people = list(generate_persons(400, 7))
    runtime = Runtime.open(str(config))
    try:
        runtime.backend_for("mx").upsert(people)
    finally:
        runtime.close()
    shared = next(person for person in people if person.sharing.scope is SharingScope.ALL and person.birth_dates)
    return config, shared


def roster_ending_with(path: Path, person: Person) -> Path:
    """Write filler rows with a name and birth year far from every generated person, then ``person`` as the last row."""
    lines = ["Folio|Nombre completo|Fecha de nacimiento"]
    lines += [f"F-{number}|Zacarías Quiñonero Yxtlahuac|1901-01-01" for number in range(FILLER_ROWS)]
    lines.append(f"TARGET|{person.display_name()}|{person.birth_dates[0]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_changing_mid_job(tmp_path: Path, config: Path, person: Person, change) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Run a Guatemalan analyst's job; at its first checkpoint (snapshots built) apply ``change`` to the index."""
    store = JobStore(tmp_path / "jobs")
    output = tmp_path / "out.csv"
    spec = store.create(
        roster_ending_with(tmp_path / "roster.csv", person), output,
        config_path=str(config), workers=1, principal=Principal(country="GT", agency="pnc-gt"),
    )
    changed: list[bool] = []

    def on_progress(done: int, total: int, tally: object) -> None:
        if changed or done >= FILLER_ROWS + 1:
            return
        runtime = Runtime.open(str(config))
        try:
            change(runtime.backend_for("mx"))
        finally:
            runtime.close()
        changed.append(True)

    state = run_job(store, spec.job_id, on_progress=on_progress)
    assert state.state == DONE
    assert changed, "the index must change while the job runs"
    return [line for line in read_csv(output) if line["reference"] == "TARGET"]


def test_withdrawn_mid_job_not_returned(tmp_path, small_index, monkeypatch):
    monkeypatch.setenv("CRUCE_BULK_CHECKPOINT_SECONDS", "0")
    config, person = small_index

    target = run_changing_mid_job(
        tmp_path, config, person, lambda backend: backend.withdraw(RecordKind.PERSON, "mx", [person.record_id])
    )

    assert person.record_id not in {line["record_id"] for line in target}


def test_national_only_mid_job_hidden_from_foreign_viewer(tmp_path, small_index, monkeypatch):
    monkeypatch.setenv("CRUCE_BULK_CHECKPOINT_SECONDS", "0")
    config, person = small_index
    restricted = dataclasses.replace(person, version=person.version + 1, sharing=SharingRule(SharingScope.NATIONAL))

    target = run_changing_mid_job(tmp_path, config, person, lambda backend: backend.upsert([restricted]))

    assert person.record_id not in {line["record_id"] for line in target}


def test_output_disk_full_fails_job_with_message(tmp_path, sources_file):
    roster = tmp_path / "roster.csv"
    roster.write_text("Nombre completo\n" + "José Luis Hernández Ñúñez\n" * 500, encoding="utf-8")
    output = tmp_path / "out.csv"
    output.symlink_to("/dev/full")  # every write that reaches the device fails with ENOSPC
    store = JobStore(tmp_path / "jobs")
    spec = store.create(roster, output, config_path=str(sources_file), workers=1)

    state = run_job(store, spec.job_id)

    assert state.state == FAILED
    stored = store.state(spec.job_id)
    assert stored.state == FAILED
    assert stored.message and not stored.message.startswith("OSError")


def _children(parent: int) -> list[int]:
    """Return the ids of the processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Tell whether a process exists and is not a zombie."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc")
def test_killed_job_leaves_no_workers(tmp_path, sources_file, generated_people):
    roster = tmp_path / "roster.csv"
    names = itertools.cycle(person.display_name() for person in generated_people)
    roster.write_text("Nombre completo\n" + "\n".join(next(names) for _ in range(3000)) + "\n", encoding="utf-8")
    environment = dict(os.environ, CRUCE_BULK_CHECKPOINT_SECONDS="0")
    command = [
        sys.executable, str(HERE / "cruce_with_bulk.py"), "--config", str(sources_file), "bulk", str(roster),
        "--out", str(tmp_path / "out.csv"), "--jobs-dir", str(tmp_path / "jobs"), "--workers", "2",
    ]
    job = subprocess.Popen(command, cwd=PROJECT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = list((tmp_path / "jobs").glob("*/state.json"))
            if states and json.loads(states[0].read_text(encoding="utf-8") or "{}").get("rows_done", 0) > 0:
                break
            assert job.poll() is None, "the job ended before it could be killed"
            time.sleep(0.02)
        workers = _children(job.pid)
        assert workers, "a job with two workers runs child processes"

        job.kill()  # the runner only, as the kernel's OOM killer or `kill -9 PID` would
        job.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)

        assert not [pid for pid in workers if _alive(pid)]
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_row_hits_same_alone_and_in_larger_job(tmp_path, sources_file, generated_people):
    header = "Nombre completo|Fecha de nacimiento"
    rows = [
        f"{person.display_name()}|{person.birth_dates[0] if person.birth_dates else ''}"
        for person in generated_people[:400]
    ]
    probe = 137
    store = JobStore(tmp_path / "jobs")

    def hits(name: str, lines: list[str]) -> dict[str, list[tuple[str, ...]]]:
        """Run a job of ``lines`` and return each row's hits by row number."""
        source = tmp_path / f"{name}.csv"
        source.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        spec = store.create(source, tmp_path / f"{name}.out.csv", config_path=str(sources_file), workers=1)
        assert run_job(store, spec.job_id).state == DONE
        found: dict[str, list[tuple[str, ...]]] = {}
        for line in read_csv(tmp_path / f"{name}.out.csv"):
            found.setdefault(line["row"], []).append((line["rank"], line["score"], line["band"], line["record_id"]))
        return found

    alone = hits("alone", [rows[probe]])["1"]
    together = hits("together", rows)[str(probe + 1)]

    assert alone and alone[0][3]
    assert alone == together


def test_snapshot_of_deleted_job_fails_without_recreating_it(tmp_path, small_index):
    config, _ = small_index
    deleted_job = tmp_path / "jobs" / "gone" / "snapshots"

    with pytest.raises(UserError) as raised:
        with_snapshots(MatchSettings(config_path=str(config)), deleted_job)

    assert raised.value.key == "bulk.snapshot_failed"
    assert "jobs" in raised.value.render("es")
    assert not (tmp_path / "jobs").exists()


def test_control_characters_not_echoed_to_output(tmp_path, sources_file):
    roster = tmp_path / "roster.csv"
    roster.write_text("Folio,Nombre completo\nA\x00-1,José\x00 Luis\x1b[31m Hernández\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    store = JobStore(tmp_path / "jobs")
    spec = store.create(roster, output, config_path=str(sources_file), workers=1)

    state = run_job(store, spec.job_id)

    assert state.state == DONE
    written = output.read_text(encoding="utf-8-sig")
    assert "\x00" not in written
    assert "\x1b" not in written
    assert ",A-1,José Luis[31m Hernández," in written


def test_source_down_fails_job_in_its_language(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[embedded]\npath = "{tmp_path / "cruce.db"}"\n\n'
        '[sources.mx]\nbackend = "opensearch"\nurl = "http://127.0.0.1:9"\nowner = "MX"\ntimeout_ms = 2000\n',
        encoding="utf-8",
    )
    roster = tmp_path / "roster.csv"
    roster.write_text("Nombre completo\nJosé Luis Hernández Cruz\n", encoding="utf-8")
    store = JobStore(tmp_path / "jobs")
    spec = store.create(roster, tmp_path / "out.csv", config_path=str(config), workers=1)

    state = run_job(store, spec.job_id)

    assert state.state == FAILED
    assert state.message.startswith("El trabajo se detuvo por un error")
    assert f"cruce bulk --resume {spec.job_id}" in state.message


def test_new_job_removes_snapshots_left_by_killed_jobs(tmp_path, sources_file):
    roster = tmp_path / "roster.csv"
    roster.write_text("Nombre completo\nJosé Luis Hernández Cruz\n", encoding="utf-8")
    store = JobStore(tmp_path / "jobs")
    killed = store.create(roster, tmp_path / "killed.csv", config_path=str(sources_file), workers=1)
    left_behind = store.directory(killed.job_id) / "snapshots" / "mx"
    left_behind.mkdir(parents=True)
    (left_behind / "positions.npy").write_bytes(b"\0" * 1024)
    running = store.create(roster, tmp_path / "running.csv", config_path=str(sources_file), workers=1)
    running_snapshots = store.directory(running.job_id) / "snapshots"
    running_snapshots.mkdir()

    with store.lock(running.job_id):
        fresh = store.create(roster, tmp_path / "fresh.csv", config_path=str(sources_file), workers=1)
        state = run_job(store, fresh.job_id)

    assert state.state == DONE
    assert not (store.directory(killed.job_id) / "snapshots").exists()
    assert running_snapshots.is_dir()
    assert store.spec(killed.job_id).job_id == killed.job_id
