"""`cruce audit verify | export | head`, and the CLI's own searches and imports written to the audit log."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from engine.audit import AuditLog
from engine.cli import app

OFFICER = {"key_id": "a1b2c3d4e5f6", "agency": "SSPC", "country": "MX", "kind": "key"}


@pytest.fixture
def setup(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[embedded]\npath = "{tmp_path}/cruce.db"\n\n[sources.mx]\nowner = "MX"\n\n[audit]\npath = "{tmp_path}/trail.db"\n',
        encoding="utf-8",
    )
    log = AuditLog(tmp_path / "trail.db")
    for number in range(6):
        log.record(OFFICER, "person.search", query={"name": f"N{number}"}, hits=number)
    yield config, log
    log.close()


def run(config, *arguments: str):
    return CliRunner().invoke(app, ["--config", str(config), "--lang", "en", *arguments])


def test_verify_intact(setup):
    config, _ = setup

    result = run(config, "audit", "verify")

    assert result.exit_code == 0, result.output
    assert "6 entries verified" in result.stdout


def test_verify_names_first_bad_entry(setup):
    config, log = setup
    connection = sqlite3.connect(log.path, isolation_level=None)
    connection.execute("DROP TRIGGER audit_entries_no_update")
    connection.execute("UPDATE audit_entries SET body = replace(body, '\"hits\":3', '\"hits\":30') WHERE seq = 4")
    connection.close()

    result = run(config, "audit", "verify")

    assert result.exit_code == 1
    assert "entry 4" in result.output
    assert "3 entries before it are intact" in result.output


def test_anchor_catches_cut_tail(setup):
    config, log = setup
    seq, digest = log.head()
    log.record(OFFICER, "person.search", hits=1)
    connection = sqlite3.connect(log.path, isolation_level=None)
    connection.execute("DROP TRIGGER audit_entries_no_delete")
    connection.execute(f"DELETE FROM audit_entries WHERE seq >= {seq}")
    connection.close()

    plain = run(config, "audit", "verify")
    anchored = run(config, "audit", "verify", "--anchor", f"{seq}:{digest}")

    assert plain.exit_code == 0
    assert anchored.exit_code == 1
    assert "anchor" in anchored.output


def test_export_and_verify_file(setup, tmp_path):
    config, _ = setup
    out = tmp_path / "inspector.jsonl"

    exported = run(config, "audit", "export", "--out", str(out), "--since", "2000-01-01")
    checked = run(config, "audit", "verify", "--file", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()

    assert exported.exit_code == 0, exported.output
    assert "6 entries exported" in exported.stdout
    assert len(lines) == 6
    assert checked.exit_code == 0
    assert json.loads(lines[0])["hash"]


def test_export_bad_time(setup, tmp_path):
    config, _ = setup

    result = run(config, "audit", "export", "--out", str(tmp_path / "x.jsonl"), "--until", "yesterday")

    assert result.exit_code == 2
    assert "yesterday" in result.output


def test_export_until_excludes_later(setup, tmp_path):
    config, _ = setup
    out = tmp_path / "old.jsonl"

    run(config, "audit", "export", "--out", str(out), "--until", "2000-01-01")

    assert out.read_text(encoding="utf-8") == ""


def test_cli_search_audited_with_country(setup):
    config, log = setup

    result = run(config, "search", "Ana Ruiz", "--as-country", "gt", "--json")

    assert result.exit_code == 0, result.output
    entry = list(log.entries())[-1]
    assert entry["action"] == "person.search"
    assert entry["actor"]["kind"] == "operator"
    assert entry["actor"]["country"] == "GT"
    assert entry["query"]["name"] == "Ana Ruiz"


def test_cli_ingest_audited(setup, tmp_path):
    config, log = setup
    records = tmp_path / "rows.jsonl"
    records.write_text(json.dumps({"kind": "person", "source": "mx", "record_id": "MX-I1", "owner": "MX", "full_name": "Ana Ruiz"}) + "\n")

    result = run(config, "ingest", str(records))

    assert result.exit_code == 0, result.output
    entry = list(log.entries())[-1]
    assert entry["action"] == "ingest"
    assert entry["hits"] == 1
    assert entry["query"]["paths"] == [str(records)]
