"""A real SQLite index with the demo persons' first batch, the demo documents and vehicles, and a few known records."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from engine.demo.documents import load_demo_documents
from engine.demo.national import BATCH_SIZE, generate_persons
from engine.ingest import ingest_paths
from engine.runtime import Runtime

# Records that the demo does not hold, for sharing rules and other-country listings.
EXTRA_RECORDS = [
    {
        "kind": "travel_document", "source": "mx", "record_id": "MX-DOC-NAT", "owner": "MX",
        "number": "N12345678", "issuing_country": "MX", "reason": "revoked", "sharing": {"scope": "national"},
    },
    {
        "kind": "travel_document", "source": "intl", "record_id": "GT-DOC-SAME-NUMBER", "owner": "GT",
        "number": "G47120385", "issuing_country": "GT", "reason": "lost",
    },
    {
        "kind": "vehicle", "source": "intl", "record_id": "GT-PLATE", "owner": "GT",
        "plate": "ABC123D", "plate_country": "GT", "make": "Toyota",
    },
    {
        "kind": "vehicle", "source": "intl", "record_id": "ES-VIN", "owner": "ES",
        "vin": "VSSZZZ6JZ9R012345", "plate_country": "ES", "make": "Seat",
    },
]

SOURCES = """
[embedded]
path = "{database}"

[sources.mx]
backend = "embedded"
owner = "MX"

[sources.intl]
backend = "embedded"
owner = "INTL"

[access]
anonymous_country = "{country}"
anonymous_roles = ["officer", "border"]
"""


@pytest.fixture(scope="session")
def checks_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checks")
    database = folder / "cruce.db"
    for country in ("MX", "GT"):
        (folder / f"sources-{country}.toml").write_text(SOURCES.format(database=database, country=country), encoding="utf-8")

    extra = folder / "extra.jsonl"
    extra.write_text("\n".join(json.dumps(row) for row in EXTRA_RECORDS) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(folder / "sources-MX.toml"))
    try:
        persons = generate_persons(BATCH_SIZE, 7)
        while batch := list(itertools.islice(persons, 2048)):
            runtime.backend_for("mx").upsert(batch)
        load_demo_documents(runtime, documents=500, vehicles=300, seed=7)
        report = ingest_paths(runtime, [extra])
        assert not report.problems
    finally:
        runtime.close()
    return folder


@pytest.fixture(scope="session")
def sources_file(checks_folder: Path) -> Path:
    return checks_folder / "sources-MX.toml"


@pytest.fixture(scope="session")
def runtime(sources_file: Path):
    opened = Runtime.open(str(sources_file))
    yield opened
    opened.close()
