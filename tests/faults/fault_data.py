"""Data and helpers shared by the kill tests: a large national JSON Lines file, sources files, and reads of the state on disk."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from engine.demo.national import generate_persons
from engine.records import SharingRule, SharingScope, Status, record_to_dict

PROJECT = Path(__file__).resolve().parents[2]

SOURCES = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
owner = "MX"

[sources.intl]
owner = "INTL"

[sync]
checkpoint_path = "{folder}/sync.db"
batch_size = {sync_batch}

[audit]
path = "{folder}/audit.db"
"""


def write_sources(folder: Path, *, sync_batch: int = 500) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sources.toml"
    path.write_text(SOURCES.format(folder=folder, sync_batch=sync_batch), encoding="utf-8")
    return path


def write_national_file(path: Path, persons: int, seed: int = 11) -> int:
    """Write generated persons, then later versions of some of them: updates, narrowed rules and withdrawals.

    Returns the number of lines written.
    """
    people = list(generate_persons(persons, seed))
    lines = [record_to_dict(person) for person in people]
    for number, person in enumerate(people):
        if number % 5 == 0:
            lines.append(record_to_dict(replace(person, version=person.version + 1, addresses=["Domicilio actualizado"])))
        elif number % 11 == 0:
            lines.append(record_to_dict(replace(person, version=person.version + 1, sharing=SharingRule(SharingScope.NATIONAL))))
        elif number % 13 == 0:
            lines.append(record_to_dict(replace(person, version=person.version + 1, status=Status.WITHDRAWN)))
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return len(lines)


def cruce(sources_file: Path, *args: str) -> subprocess.Popen:
    """Start `cruce` in its own process group, so SIGKILL reaches any helper process it started."""
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), *args]
    return subprocess.Popen(
        command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=dict(os.environ, PYTHONPATH=str(PROJECT)),
    )


def finish(process: subprocess.Popen, timeout: float = 240) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"exit {process.returncode}\n{out}\n{err}"
    return out


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], timeout: float = 120) -> None:
    """SIGKILL the process group as soon as ``ready()`` holds; fail when the process ends first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the process ended before the kill (exit {process.returncode})\n{out}\n{err}")
        assert time.monotonic() < deadline, "the kill condition never held"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def query(database: Path, sql: str, *parameters: object) -> list[tuple]:
    if not database.exists():
        return []
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError:
        return []  # the schema is not created yet
    finally:
        connection.close()


def records_of(database: Path, source: str) -> dict[tuple[str, str], tuple[int, str]]:
    rows = query(database, "SELECT kind, record_id, version, status FROM records WHERE source = ?", source)
    return {(kind, record_id): (version, status) for kind, record_id, version, status in rows}


def last_logged(database: Path, source: str) -> dict[tuple[str, str], tuple[int, str]]:
    """The last change of each record in the change log of a source."""
    rows = query(database, "SELECT kind, record_id, version, status FROM changes WHERE source = ? ORDER BY seq", source)
    return {(kind, record_id): (version, status) for kind, record_id, version, status in rows}


def change_count(database: Path, source: str) -> int:
    rows = query(database, "SELECT count(*) FROM changes WHERE source = ?", source)
    return rows[0][0] if rows else 0


def audit_verifies(sources_file: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), "audit", "verify"]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)


def expected_records(path: Path) -> dict[tuple[str, str], tuple[int, str]]:
    """The state an uninterrupted import of ``path`` must leave: per record, the highest version, withdrawn winning a tie."""
    expected: dict[tuple[str, str], tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["kind"], row["record_id"])
        incoming = (row.get("version", 1), row.get("status", "active"))
        stored = expected.get(key)
        if stored is None or incoming[0] > stored[0] or (incoming[0] == stored[0] and incoming[1] == "withdrawn"):
            expected[key] = incoming
    return expected


def expected_copies(path: Path) -> dict[tuple[str, str], tuple[int, str]]:
    """The active international copies an uninterrupted sync must leave for the records of ``path``."""
    final: dict[tuple[str, str], dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["kind"], row["record_id"])
        if key not in final or row.get("version", 1) >= final[key].get("version", 1):
            final[key] = row

    copies = {}
    for (kind, record_id), row in final.items():
        shareable = row.get("status", "active") == "active" and row.get("sharing", {}).get("scope", "all") != "national"
        if shareable and kind == "person" and row.get("notice", {}).get("kind") == "warrant":
            copies[(kind, f"MX:mx:{record_id}")] = (row.get("version", 1), "active")
    return copies
