"""A source whose search engine is down gives partial, clearly marked results while the other sources answer."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from fault_data import PROJECT
from engine.ingest import store_records
from engine.records import Notice, Person
from engine.runtime import Runtime
from engine.search import search_persons

SOURCES = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
owner = "MX"
timeout_ms = 5000

[sources.remote]
backend = "opensearch"
owner = "GT"
url = "http://127.0.0.1:{port}"
timeout_ms = 2000

[audit]
path = "{folder}/audit.db"
"""


def closed_port() -> int:
    """A local port with nothing listening on it: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sources_with_a_dead_engine(folder: Path) -> Path:
    path = folder / "sources.toml"
    path.write_text(SOURCES.format(folder=folder, port=closed_port()), encoding="utf-8")
    runtime = Runtime.open(str(path))
    try:
        store_records(runtime, "mx", [
            Person(source="mx", record_id="P1", owner="MX", given_names="Rigoberto", paternal_surname="Zamudio",
                   maternal_surname="Quintanilla", notice=Notice("warrant")),
        ])
    finally:
        runtime.close()
    return path


def test_search_answers_from_the_live_source_and_marks_the_dead_one(tmp_path: Path) -> None:
    runtime = Runtime.open(str(sources_with_a_dead_engine(tmp_path)))
    try:
        answer = search_persons(runtime, name="Rigoberto Zamudio Quintanilla", language="en")
        assert [(hit["source"], hit["record_id"]) for hit in answer["hits"]] == [("mx", "P1")]
        assert answer["partial"] is True
        assert [missing["source"] for missing in answer["missing_sources"]] == ["remote"]
        assert answer["missing_sources"][0]["reason"] == "error"
        assert "remote" in answer["missing_sources"][0]["message"]
        assert runtime.check_ready()
        assert runtime.check_ready()[0].startswith("remote:")
    finally:
        runtime.close()


def test_cli_search_prints_the_missing_source_and_succeeds(tmp_path: Path) -> None:
    sources = sources_with_a_dead_engine(tmp_path)
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources), "search", "Rigoberto Zamudio", "--json"]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["partial"] is True
    assert answer["hits"][0]["source"] == "mx"
    assert answer["missing_sources"][0]["source"] == "remote"
