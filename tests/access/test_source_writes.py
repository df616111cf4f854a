"""Source writes and withdrawals over HTTP: row errors with their line, ownership, batch limits, audit entries."""

from __future__ import annotations

import json

import pytest
from access_world import build_world

from engine.audit import audit_log_for


@pytest.fixture
def fresh(tmp_path):
    world = build_world(tmp_path, "max_write_records = 5\nmax_write_bytes = 4096\n")
    yield world
    world.runtime.close()


def person(record_id: str, name: str = "Ana Ruiz Salas", **extra) -> dict:
    return {"kind": "person", "record_id": record_id, "owner": "MX", "full_name": name, **extra}


def write(world, who: str, body: str | bytes, content_type: str = "application/x-ndjson", source: str = "mx"):
    return world.client.post(
        f"/v1/sources/{source}/records", content=body, headers=world.headers(who, **{"Content-Type": content_type})
    )


def test_json_lines_with_bad_rows(fresh):
    lines = [
        json.dumps(person("MX-W1")),
        "{not json",
        json.dumps({"kind": "person", "record_id": "MX-W2", "owner": "MX"}),
        "",
        json.dumps(person("MX-W3", sharing={"scope": "national"})),
    ]
    response = write(fresh, "mx_source", "\n".join(lines))

    assert response.status_code == 207
    summary = response.json()
    assert summary["received"] == 4
    assert summary["accepted"] == 2
    assert [error["line"] for error in summary["errors"]] == [2, 3]
    assert "name" in summary["errors"][1]["message"]


def test_json_array_all_good(fresh):
    body = json.dumps([person("MX-A1"), person("MX-A2", "Luis Peña Soto")])
    response = write(fresh, "mx_admin", body, "application/json")

    assert response.status_code == 200
    assert response.json()["accepted"] == 2
    read = fresh.client.get("/v1/records/person/mx/MX-A2", headers=fresh.headers("mx_officer"))
    assert read.json()["record"]["full_name"] == "Luis Peña Soto"


def test_written_national_record_hidden_from_gt(fresh):
    write(fresh, "mx_source", json.dumps(person("MX-N1", "Eusebio Tlacotalpan Ríos", sharing={"scope": "national"})))

    body = {"name": "Eusebio Tlacotalpan Ríos"}
    gt = fresh.client.post("/v1/persons/search", json=body, headers=fresh.headers("gt_officer")).json()
    mx = fresh.client.post("/v1/persons/search", json=body, headers=fresh.headers("mx_officer")).json()
    assert [hit["record_id"] for hit in gt["hits"]] == []
    assert [hit["record_id"] for hit in mx["hits"]] == ["MX-N1"]


def test_row_of_another_source_rejected(fresh):
    response = write(fresh, "mx_source", json.dumps(person("MX-S1", source="gt")))

    assert response.status_code == 207
    assert response.json()["accepted"] == 0
    assert "no coincide" in response.json()["errors"][0]["message"]


def test_source_key_cannot_forge_owner(fresh):
    response = write(fresh, "mx_source", json.dumps(person("MX-F1", owner="GT")))

    assert response.status_code == 207
    assert response.json()["accepted"] == 0
    assert "propietario" in response.json()["errors"][0]["message"]


def test_too_many_records_is_413(fresh):
    body = "\n".join(json.dumps(person(f"MX-B{number}")) for number in range(6))
    response = write(fresh, "mx_source", body)

    assert response.status_code == 413
    assert response.json()["error"] == "records.too_many"


def test_too_large_body_is_413(fresh):
    body = json.dumps([person("MX-L1", aliases=["x" * 5000])])
    response = write(fresh, "mx_source", body, "application/json")

    assert response.status_code == 413
    assert response.json()["error"] == "request.too_large"


def test_body_not_json_array_or_lines(fresh):
    assert write(fresh, "mx_source", "[1, 2").status_code == 400
    assert write(fresh, "mx_source", "").status_code == 422


def test_withdraw_removes_from_every_path(fresh):
    headers = fresh.headers("mx_officer")
    assert fresh.client.get("/v1/records/person/mx/MX-ALL", headers=headers).status_code == 200

    response = fresh.client.delete("/v1/sources/mx/records/person/MX-ALL", headers=fresh.headers("mx_source"))
    again = fresh.client.delete("/v1/sources/mx/records/person/MX-ALL", headers=fresh.headers("mx_source"))

    assert response.status_code == 200
    assert response.json()["withdrawn"] is True
    assert again.json()["withdrawn"] is False
    assert fresh.client.get("/v1/records/person/mx/MX-ALL", headers=headers).status_code == 410
    assert fresh.client.get("/v1/records/person/mx/MX-ALL", headers=fresh.headers("gt_officer")).status_code == 410
    hits = fresh.client.post("/v1/persons/search", json={"name": "Rigoberto Zamudio Quintanilla"}, headers=headers).json()["hits"]
    assert "MX-ALL" not in {hit["record_id"] for hit in hits}
    export = fresh.client.get("/v1/sources/mx/export", headers=fresh.headers("mx_source")).text
    assert "MX-ALL" not in export


def test_withdrawn_hidden_record_stays_404_for_gt(fresh):
    fresh.client.delete("/v1/sources/mx/records/person/MX-NAT", headers=fresh.headers("mx_source"))

    response = fresh.client.get("/v1/records/person/mx/MX-NAT", headers=fresh.headers("gt_officer"))

    assert response.status_code == 404


def test_writes_are_audited(fresh):
    write(fresh, "mx_source", "\n".join([json.dumps(person("MX-U1")), "{bad"]))
    fresh.client.delete("/v1/sources/mx/records/person/MX-U1", headers=fresh.headers("mx_source"))
    entries = list(audit_log_for(fresh.runtime.config).entries())

    written, withdrawn = entries[-2], entries[-1]
    assert written["action"] == "source.write"
    assert written["outcome"] == "partial"
    assert written["record_ids"] == ["mx/person/MX-U1"]
    assert written["query"] == {"source": "mx", "received": 2}
    assert withdrawn["action"] == "source.withdraw"
    assert withdrawn["record_ids"] == ["mx/person/MX-U1"]
    assert withdrawn["actor"]["agency"] == "FGR"
