"""A real SQLite index of generated national persons plus two known records, and helpers to write input files."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from engine.demo.national import generate_persons
from engine.ingest import ingest_paths
from engine.runtime import Runtime

PROJECT = Path(__file__).resolve().parents[2]
GENERATED_PERSONS = 1500

KNOWN_RECORDS = [
    {
        "kind": "person", "source": "mx", "record_id": "MX-KNOWN-1", "owner": "MX",
        "given_names": "José Luis", "paternal_surname": "Hernández", "maternal_surname": "Ñúñez",
        "birth_dates": ["1979-03-14"], "sex": "M",
        "notice": {"kind": "warrant", "reference": "CP-1", "issuer": "FGE Jalisco", "charges": ["robo"]},
    },
    {
        "kind": "person", "source": "intl", "record_id": "INTL-KNOWN-2", "owner": "CO",
        "given_names": "María Guadalupe", "paternal_surname": "Zúñiga", "maternal_surname": "Bárcenas",
        "birth_dates": ["1985-06-30"], "sex": "F",
        "notice": {"kind": "red_notice", "reference": "A-100/2020"},
        "sharing": {"scope": "countries", "countries": ["MX"]},
    },
]


@pytest.fixture(scope="session")
def sources_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bulk-index")
    config = folder / "sources.toml"
    config.write_text(
        f"""
[embedded]
path = "{folder / 'cruce.db'}"

[sources.mx]
backend = "embedded"
owner = "MX"

[sources.intl]
backend = "embedded"
owner = "INTL"

[access]
anonymous_country = "MX"
anonymous_roles = ["analyst"]
anonymous_agency = "bulk-tests"
""",
        encoding="utf-8",
    )
    known = folder / "known.jsonl"
    known.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in KNOWN_RECORDS) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(config))
    try:
        persons = generate_persons(GENERATED_PERSONS, 11)
        while batch := list(itertools.islice(persons, 500)):
            runtime.backend_for("mx").upsert(batch)
        ingest_paths(runtime, [known])
    finally:
        runtime.close()
    return config


@pytest.fixture(scope="session")
def generated_people() -> list:
    return list(generate_persons(GENERATED_PERSONS, 11))


def write_bytes(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path
