"""A bulk row shows a synced international copy and its national original once, with the copy's provenance kept."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from engine.bulk.jobs import DONE, JobStore, run_job
from engine.ingest import store_records
from engine.records import Notice, PartialDate, Person
from engine.runtime import Runtime
from engine.sync.rules import international_copy

ORIGINAL = Person(
    source="mx", record_id="MX-00000003", owner="MX", given_names="Juana", paternal_surname="Ramos",
    maternal_surname="García", birth_dates=[PartialDate(1992, 10, 25)], notice=Notice("warrant", reference="CP 3"),
)
# Same name, another person: must stay a hit of its own.
NAMESAKE = Person(
    source="intl", record_id="INTL-9", owner="GT", given_names="Juana", paternal_surname="Ramos",
    maternal_surname="García", birth_dates=[PartialDate(1992, 10, 25)],
)


@pytest.fixture
def synced_sources(tmp_path: Path) -> Path:
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[embedded]\npath = "{tmp_path}/cruce.db"\n\n[sources.mx]\nowner = "MX"\n\n[sources.intl]\nowner = "INTL"\n',
        encoding="utf-8",
    )
    runtime = Runtime.open(str(config))
    try:
        store_records(runtime, "mx", [ORIGINAL])
        store_records(runtime, "intl", [international_copy(ORIGINAL, "MX", "intl"), NAMESAKE])
    finally:
        runtime.close()
    return config


def run(tmp_path: Path, config: Path, fmt: str) -> Path:
    roster = tmp_path / "lista.csv"
    roster.write_text("nombre,fecha\nJuana Ramos García,1992-10-25\n", encoding="utf-8")
    output = tmp_path / f"out.{fmt}"
    store = JobStore(tmp_path / "jobs")
    spec = store.create(roster, output, output_format=fmt, k=5, config_path=str(config), workers=1)
    assert run_job(store, spec.job_id).state == DONE
    return output


def test_csv_row_lists_the_copy_beside_its_original(tmp_path, synced_sources):
    output = run(tmp_path, synced_sources, "csv")

    lines = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))

    assert sorted((line["source"], line["record_id"]) for line in lines) == [("intl", "INTL-9"), ("mx", "MX-00000003")]
    assert [line["rank"] for line in lines] == ["1", "2"]
    by_id = {line["record_id"]: line for line in lines}
    assert by_id["MX-00000003"]["also_in"] == "intl/MX:mx:MX-00000003"
    assert by_id["INTL-9"]["also_in"] == ""
    assert list(lines[0])[-1] == "also_in"


def test_jsonl_hit_keeps_the_copy_in_also_in(tmp_path, synced_sources):
    output = run(tmp_path, synced_sources, "jsonl")

    row = json.loads(output.read_text(encoding="utf-8").splitlines()[0])

    ids = sorted((hit["source"], hit["record_id"]) for hit in row["hits"])
    assert ids == [("intl", "INTL-9"), ("mx", "MX-00000003")]
    original = next(hit for hit in row["hits"] if hit["record_id"] == "MX-00000003")
    assert original["also_in"] == [{"source": "intl", "record_id": "MX:mx:MX-00000003"}]
    assert [hit["rank"] for hit in row["hits"]] == [1, 2]
