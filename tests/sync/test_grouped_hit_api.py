"""A synced copy and its original come back as one hit through the API and the officer page."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from engine.api import create_app
from engine.records import Notice, PartialDate, Person, SharingRule, SharingScope
from engine.runtime import Runtime
from engine.sync.rules import international_copy

SOURCES = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
owner = "MX"

[sources.intl]
owner = "INTL"

[access]
anonymous_country = "MX"
anonymous_roles = ["officer"]
"""


def test_copy_grouped_in_api_and_page(tmp_path: Path):
    config = tmp_path / "sources.toml"
    config.write_text(SOURCES.format(folder=tmp_path), encoding="utf-8")
    runtime = Runtime.open(str(config))
    original = Person(
        source="mx", record_id="MX-9", owner="MX", given_names="Juana", paternal_surname="Ramos",
        maternal_surname="García", birth_dates=[PartialDate(1992, 10, 25)],
        notice=Notice(kind="warrant", reference="CP-9"), sharing=SharingRule(SharingScope.ALL),
    )
    runtime.backend_for("mx").upsert([original])
    runtime.backend_for("intl").upsert([international_copy(original, "MX", "intl")])
    client = TestClient(create_app(runtime=runtime))

    answer = client.post("/v1/persons/search", json={"name": "Juana Ramos García", "birth_date": "1992-10-25"})
    page = client.post("/search", data={"full_name": "Juana Ramos García", "birth_date": "25/10/1992"})

    assert answer.status_code == 200
    hits = [hit for hit in answer.json()["hits"] if hit["band"] == "strong"]
    assert len(hits) == 1
    assert hits[0]["also_in"][0]["source"] == "intl"
    assert page.status_code == 200
    assert "MX-9" in page.text
    runtime.close()
