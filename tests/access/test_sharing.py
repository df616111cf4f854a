"""Sharing rules hold on every query path: a national-only MX record never reaches a GT principal.

The index contains four MX persons with the same name, one per sharing scope
(national, countries [GT], countries [US], all), each with its own birth date,
plus a national-only travel document and vehicle.
"""

from __future__ import annotations

import json

from access_world import NAME, PERSONS, VISIBLE_TO

from engine.access import audit_action  # noqa: F401  (the public surface the routes use)
from engine.audit import audit_log_for
from engine.names import query_blocking_keys
from engine.queries import build_person_query
from engine.scoring import prepare_query

HIDDEN_FROM_GT = {"MX-NAT", "MX-US"}
HIDDEN_BIRTH_DATES = {PERSONS[record_id][1] for record_id in HIDDEN_FROM_GT}


def search(world, who: str, **body) -> dict:
    response = world.client.post("/v1/persons/search", json={"name": NAME, "limit": 100, **body}, headers=world.headers(who))
    assert response.status_code == 200, response.text
    return response.json()


def test_search_hits_follow_sharing(world):
    for who, country in (("mx_officer", "MX"), ("gt_officer", "GT"), ("gt_analyst", "GT"), ("gt_border", "GT")):
        hits = search(world, who)["hits"]
        assert {hit["record_id"] for hit in hits} == VISIBLE_TO[country], who


def test_search_with_birth_date_of_hidden_record(world):
    answer = search(world, "gt_officer", birth_date=PERSONS["MX-NAT"][1], sources=["mx"])

    assert {hit["record_id"] for hit in answer["hits"]} == VISIBLE_TO["GT"]


def test_explanations_never_show_hidden_values(world):
    answer = search(world, "gt_officer", birth_date="1971-02-03")
    text = json.dumps(answer, ensure_ascii=False)

    for hidden in HIDDEN_FROM_GT:
        assert hidden not in text
        assert f"CP-{hidden}" not in text
    for birth_date in HIDDEN_BIRTH_DATES - {"1971-02-03"}:
        assert birth_date not in text
    for hit in answer["hits"]:
        for row in hit["explanation"]:
            assert row["record_value"] not in HIDDEN_BIRTH_DATES


def test_candidate_counts_follow_sharing(world):
    federation = world.runtime.federation
    query = build_person_query(NAME, None, None, None)

    found_gt = federation.search_persons(query, viewer_country="GT", sources=["mx"], limit=100)
    found_mx = federation.search_persons(query, viewer_country="MX", sources=["mx"], limit=100)

    assert found_gt.candidates == len(VISIBLE_TO["GT"])
    assert found_mx.candidates == len(VISIBLE_TO["MX"])


def test_backend_candidates_filtered_in_query(world):
    backend = world.runtime.backend_for("mx")
    keys = list(query_blocking_keys(prepare_query(build_person_query(NAME, None, None, None)).parsed))

    candidates = backend.person_candidates(keys, sources=["mx"], viewer_country="GT", limit=1000)

    assert {candidate.person.record_id for candidate in candidates} == VISIBLE_TO["GT"]


def test_read_back_hidden_is_like_absent(world):
    hidden = world.client.get("/v1/records/person/mx/MX-NAT", headers=world.headers("gt_officer", **{"Accept-Language": "en"}))
    absent = world.client.get("/v1/records/person/mx/MX-NOPE", headers=world.headers("gt_officer", **{"Accept-Language": "en"}))

    assert hidden.status_code == 404
    assert absent.status_code == 404
    assert hidden.json()["error"] == absent.json()["error"] == "record.not_found"
    assert hidden.json()["message"].replace("MX-NAT", "ID") == absent.json()["message"].replace("MX-NOPE", "ID")
    assert sorted(hidden.headers.keys()) == sorted(absent.headers.keys())


def test_read_back_visible_records(world):
    for who, country in (("mx_officer", "MX"), ("gt_officer", "GT")):
        for record_id in PERSONS:
            response = world.client.get(f"/v1/records/person/mx/{record_id}", headers=world.headers(who))
            expected = 200 if record_id in VISIBLE_TO[country] else 404
            assert response.status_code == expected, (who, record_id)
            if expected == 200:
                assert response.json()["record"]["record_id"] == record_id


def test_read_back_hidden_document_and_vehicle(world):
    for path in ("/v1/records/travel_document/mx/MX-DOC-NAT", "/v1/records/vehicle/mx/MX-VEH-NAT"):
        assert world.client.get(path, headers=world.headers("gt_officer")).status_code == 404
        assert world.client.get(path, headers=world.headers("mx_officer")).status_code == 200


def test_export_follows_sharing(world):
    gt = world.client.get("/v1/sources/mx/export", headers=world.headers("gt_admin"))
    mx = world.client.get("/v1/sources/mx/export", headers=world.headers("mx_source"))

    assert gt.status_code == 200
    assert mx.status_code == 200
    gt_ids = {json.loads(line)["record_id"] for line in gt.text.splitlines()}
    mx_ids = {json.loads(line)["record_id"] for line in mx.text.splitlines()}
    assert gt_ids == VISIBLE_TO["GT"] | {"MX-VEH-ALL"}
    assert mx_ids == VISIBLE_TO["MX"] | {"MX-DOC-NAT", "MX-VEH-NAT", "MX-VEH-ALL"}


def test_export_of_one_kind(world):
    response = world.client.get("/v1/sources/mx/export?kind=vehicle", headers=world.headers("gt_admin"))

    assert [json.loads(line)["record_id"] for line in response.text.splitlines()] == ["MX-VEH-ALL"]


def test_readyz_counts_follow_sharing(world):
    gt = world.client.get("/readyz", headers=world.headers("gt_officer")).json()
    mx = world.client.get("/readyz", headers=world.headers("mx_officer")).json()
    unauthenticated = world.client.get("/readyz").json()

    assert gt["sources"]["mx"] == {"person": 2, "travel_document": 0, "vehicle": 1}
    assert mx["sources"]["mx"] == {"person": 4, "travel_document": 1, "vehicle": 2}
    assert unauthenticated == {"status": "ready"}


def test_audit_lists_only_records_shown(world):
    search(world, "gt_officer")
    log = audit_log_for(world.runtime.config)

    gt_entries = [entry for entry in log.entries() if entry["actor"]["key_id"] == world.key_ids["gt_officer"]]
    shown = {record_id for entry in gt_entries for record_id in entry["record_ids"]}
    assert gt_entries
    assert not {f"mx/person/{hidden}" for hidden in HIDDEN_FROM_GT} & shown
    assert "mx/person/MX-ALL" in shown


def test_search_audit_entry_fields(world):
    search(world, "mx_officer", birth_date="1974-08-09")
    log = audit_log_for(world.runtime.config)

    entry = list(log.entries())[-1]
    assert entry["action"] == "person.search"
    assert entry["actor"] == {"key_id": world.key_ids["mx_officer"], "agency": "SSPC", "country": "MX", "kind": "key"}
    assert entry["query"]["name"] == NAME
    assert entry["query"]["birth_date"] == "1974-08-09"
    assert entry["hits"] == 4
    assert set(entry["record_ids"]) == {f"mx/person/{record_id}" for record_id in PERSONS}
    assert entry["outcome"] == "success"
    assert world.keys["mx_officer"] not in json.dumps(entry)
