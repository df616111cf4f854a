"""The `cruce` command, run as a real process against a real SQLite index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

AMEZCUA = "Jesús Amescua Contreras"


def cruce(sources_file: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), *args]
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=120)


def test_search_json_ranks_amezcua_strong(sources_file):
    result = cruce(sources_file, "search", AMEZCUA, "--birth-date", "1964-07-31", "--json")

    assert result.returncode == 0, result.stderr
    top = json.loads(result.stdout)["hits"][0]
    assert "AMEZCUA" in top["name"].upper()
    assert top["band"] == "strong"
    assert top["explanation"]


def test_search_conflicting_birth_date_not_strong(sources_file):
    result = cruce(sources_file, "search", AMEZCUA, "--birth-date", "1990-01-01", "--json")

    assert result.returncode == 0, result.stderr
    bands = [hit["band"] for hit in json.loads(result.stdout)["hits"] if "AMEZCUA" in hit["name"].upper()]
    assert bands
    assert "strong" not in bands


def test_search_table_in_spanish(sources_file):
    result = cruce(sources_file, "search", AMEZCUA, "--birth-date", "1964-07-31")

    assert result.returncode == 0, result.stderr
    assert "fuerte" in result.stdout
    assert "fecha de nacimiento" in result.stdout


def test_search_table_in_english(sources_file):
    result = cruce(sources_file, "--lang", "en", "search", AMEZCUA, "--birth-date", "1964-07-31")

    assert result.returncode == 0, result.stderr
    assert "strong" in result.stdout
    assert "birth date" in result.stdout


@pytest.mark.parametrize(
    "args,expected",
    [
        (["search", "   "], "vacío"),
        (["search", "x" * 10_000], "10000"),
        (["search", "Juan Pérez", "--birth-date", "1980-02-30"], "1980-02-30"),
        (["search", "Juan Pérez", "--source", "nowhere"], "nowhere"),
        (["search", "Juan Pérez", "--limit", "500"], "500"),
    ],
)
def test_bad_input_exits_non_zero(sources_file, args, expected):
    result = cruce(sources_file, *args)

    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_language_rejected(sources_file):
    result = cruce(sources_file, "--lang", "fr", "search", "Juan")

    assert result.returncode == 2
    assert "fr" in result.stderr


def test_ingest_reports_bad_rows_and_keeps_the_rest(sources_file, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"kind": "person", "source": "mx", "record_id": "MX-CLI-1", "owner": "MX", "given_names": "Ramón", "paternal_surname": "Castillo", "maternal_surname": "Zepeda", "birth_dates": ["1983-04-09"]}\n'
        "{not json\n"
        '{"kind": "person", "source": "mx", "record_id": "MX-CLI-2", "owner": "MX", "given_names": "Ana", "birth_dates": ["1980-02-30"]}\n',
        encoding="utf-8",
    )

    result = cruce(sources_file, "ingest", str(rows))

    assert result.returncode == 1
    assert f"{rows}:2" in result.stderr
    assert "2" in result.stdout

    found = cruce(sources_file, "search", "Ramon Castillo-Zepeda", "--birth-date", "1983-04-09", "--json")
    assert json.loads(found.stdout)["hits"][0]["record_id"] == "MX-CLI-1"

    kept = cruce(sources_file, "search", "Ana", "--source", "mx", "--json")
    flagged = [hit for hit in json.loads(kept.stdout)["hits"] if hit["record_id"] == "MX-CLI-2"]
    assert flagged
    assert flagged[0]["record"]["flags"][0]["value"] == "1980-02-30"


def test_ingest_missing_file(sources_file, tmp_path):
    result = cruce(sources_file, "ingest", str(tmp_path / "absent.jsonl"))

    assert result.returncode == 2
    assert "absent.jsonl" in result.stderr


def test_status_lists_sources(sources_file):
    result = cruce(sources_file, "status")

    assert result.returncode == 0, result.stderr
    assert "intl" in result.stdout
    assert "mx" in result.stdout
