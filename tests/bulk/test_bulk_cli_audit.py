"""`cruce bulk` writes one audit entry, as the local operator, when a job starts and when it resumes."""

from __future__ import annotations

from typer.testing import CliRunner

from engine.audit import audit_log_for
from engine.bulk.jobs import JobStore
from engine.cli import app
from engine.sources import load_sources


def bulk_entries(sources_file) -> list[dict]:
    log = audit_log_for(load_sources(str(sources_file)))
    return [entry for entry in log.entries() if entry["action"].startswith("bulk.")]


def run(sources_file, *arguments: str):
    return CliRunner().invoke(app, ["--config", str(sources_file), "--lang", "en", "bulk", *arguments])


def test_cli_job_start_and_resume_are_audited(tmp_path, sources_file):
    roster = tmp_path / "lista.csv"
    roster.write_text("nombre,fecha\nJose Luis Hernandez Nunez,1979-03-14\nAna Ruiz Soto,\n", encoding="utf-8")
    jobs = tmp_path / "jobs"
    before = len(bulk_entries(sources_file))

    started = run(sources_file, str(roster), "--out", str(tmp_path / "out.csv"), "--k", "2", "--workers", "1", "--jobs-dir", str(jobs))

    assert started.exit_code == 0, started.output
    created = bulk_entries(sources_file)[before:]
    assert [entry["action"] for entry in created] == ["bulk.create"]
    assert created[0]["actor"]["kind"] == "operator"
    assert created[0]["query"]["rows"] == 2
    assert created[0]["query"]["k"] == 2
    assert created[0]["query"]["min_band"] == "possible"

    queued = JobStore(jobs).create(roster, tmp_path / "again.csv", config_path=str(sources_file), workers=1)
    resumed = run(sources_file, "--resume", queued.job_id, "--workers", "1", "--jobs-dir", str(jobs))

    assert resumed.exit_code == 0, resumed.output
    latest = bulk_entries(sources_file)[before + 1 :]
    assert [entry["action"] for entry in latest] == ["bulk.resume"]
    assert latest[0]["query"]["job_id"] == queued.job_id
    assert created[0]["query"]["job_id"] != queued.job_id


def test_refused_cli_job_writes_no_entry(tmp_path, sources_file):
    before = len(bulk_entries(sources_file))

    refused = run(sources_file, "--resume", "20990101T000000-deadbeef", "--jobs-dir", str(tmp_path / "jobs"))

    assert refused.exit_code == 2
    assert len(bulk_entries(sources_file)) == before
