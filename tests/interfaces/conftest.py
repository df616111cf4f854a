"""A runtime over a real SQLite file holding the real OFAC list and a few national records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.ingest import ingest_paths
from engine.runtime import Runtime

PROJECT = Path(__file__).resolve().parents[2]
OFAC = PROJECT / "data" / "ofac-sdn-2022-01"

NATIONAL_RECORDS = [
    {
        "kind": "person", "source": "mx", "record_id": "MX-1", "owner": "MX",
        "given_names": "José Luis", "paternal_surname": "Hernández", "maternal_surname": "García",
        "birth_dates": ["1979-03-14"], "sex": "M",
        "notice": {"kind": "warrant", "reference": "CP-1", "issuer": "FGE Jalisco", "charges": ["robo"]},
    },
    {
        "kind": "person", "source": "mx", "record_id": "MX-2", "owner": "MX",
        "given_names": "María Guadalupe", "paternal_surname": "Torres", "maternal_surname": "Ruiz",
        "birth_dates": ["1985-06-30"], "sex": "F",
        "sharing": {"scope": "national"},
    },
]


@pytest.fixture(scope="session")
def sources_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cruce")
    config = folder / "sources.toml"
    config.write_text(
        f"""
[embedded]
path = "{folder / 'cruce.db'}"

[sources.mx]
backend = "embedded"
owner = "MX"
label_es = "Nacional"
label_en = "National"

[sources.intl]
backend = "embedded"
owner = "INTL"

# These interface tests run without API keys, as the local demo does.
[access]
anonymous_country = "MX"
anonymous_roles = ["officer", "border", "analyst"]
""",
        encoding="utf-8",
    )

    records = folder / "national.jsonl"
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in NATIONAL_RECORDS) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(config))
    try:
        ingest_paths(runtime, [records])
        ingest_paths(runtime, [OFAC], fmt="ofac", source="intl")
    finally:
        runtime.close()
    return config


@pytest.fixture(scope="session")
def runtime(sources_file: Path):
    opened = Runtime.open(str(sources_file))
    yield opened
    opened.close()
