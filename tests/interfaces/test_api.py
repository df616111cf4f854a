"""The HTTP API, in-process over a real SQLite index with the OFAC list loaded."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.api import create_app

AMEZCUA = "Jesús Amescua Contreras"


@pytest.fixture(scope="module")
def client(runtime) -> TestClient:
    return TestClient(create_app(runtime=runtime))


def search(client: TestClient, body: dict, language: str | None = None):
    headers = {"Accept-Language": language} if language else {}
    return client.post("/v1/persons/search", json=body, headers=headers)


def test_amezcua_ranks_first_and_strong(client):
    response = search(client, {"name": AMEZCUA, "birth_date": "1964-07-31"})

    assert response.status_code == 200
    top = response.json()["hits"][0]
    assert top["source"] == "intl"
    assert "AMEZCUA CONTRERAS" in top["name"].upper()
    assert "JESUS" in top["name"].upper().replace("Ú", "U")
    assert top["band"] == "strong"
    assert top["band_label"] == "fuerte"
    features = {row["feature"] for row in top["explanation"]}
    assert "birth_date" in features
    assert top["explanation"][0]["text"]


def test_amezcua_conflicting_birth_date_not_strong(client):
    response = search(client, {"name": AMEZCUA, "birth_date": "1990-01-01"})

    assert response.status_code == 200
    for hit in response.json()["hits"]:
        if "AMEZCUA" in hit["name"].upper():
            assert hit["band"] != "strong"


def test_english_by_accept_language(client):
    response = search(client, {"name": AMEZCUA, "birth_date": "1964-07-31"}, language="en-US,en;q=0.9")

    assert response.json()["hits"][0]["band_label"] == "strong"


def test_national_source_answers(client):
    response = search(client, {"name": "Jose Luis Hernandez Garcia", "birth_date": "1979-03-14"})

    top = response.json()["hits"][0]
    assert top["record_id"] == "MX-1"
    assert top["owner"] == "MX"
    assert top["record"]["notice"]["reference"] == "CP-1"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_name_rejected_in_spanish(client, name):
    response = search(client, {"name": name})

    assert response.status_code == 422
    assert response.json()["error"] == "name.empty"
    assert "nombre" in response.json()["message"]


def test_empty_name_rejected_in_english(client):
    response = search(client, {"name": " "}, language="en")

    assert response.status_code == 422
    assert "name is empty" in response.json()["message"]


def test_long_name_rejected(client):
    response = search(client, {"name": "a" * 10_000})

    assert response.status_code == 422
    assert response.json()["error"] == "name.too_long"
    assert "10000" in response.json()["message"]


def test_name_without_letters_rejected(client):
    response = search(client, {"name": "12345 !!!"})

    assert response.status_code == 422
    assert response.json()["error"] == "name.no_letters"


def test_control_characters_and_nul_are_stripped(client):
    response = search(client, {"name": "Jose\x00 Luis\x07 Hernandez\u200b Garcia", "birth_date": "1979-03-14"})

    assert response.status_code == 200
    assert response.json()["hits"][0]["record_id"] == "MX-1"


def test_mixed_scripts_answer(client):
    response = search(client, {"name": "Хосе Luis Hernández"})

    assert response.status_code == 200


def test_impossible_date_named(client):
    response = search(client, {"name": "Juan Pérez", "birth_date": "1980-02-30"})

    assert response.status_code == 422
    assert response.json()["error"] == "birth_date.invalid"
    assert "1980-02-30" in response.json()["message"]


@pytest.mark.parametrize("field,value,error", [("sex", "X", "sex.invalid"), ("nationality", "Mexico", "nationality.invalid")])
def test_bad_optional_fields(client, field, value, error):
    response = search(client, {"name": "Juan Pérez", field: value})

    assert response.status_code == 422
    assert response.json()["error"] == error
    assert value in response.json()["message"]


def test_unknown_source_named(client):
    response = search(client, {"name": "Juan Pérez", "sources": ["nowhere"]})

    assert response.status_code == 422
    assert response.json()["error"] == "source.unknown"
    assert "nowhere" in response.json()["message"]
    assert "mx" in response.json()["message"]


def test_limit_out_of_range(client):
    response = search(client, {"name": "Juan Pérez", "limit": 0})

    assert response.status_code == 422
    assert response.json()["error"] == "limit.invalid"


def test_unknown_field_rejected(client):
    response = search(client, {"name": "Juan Pérez", "nmae": "x"})

    assert response.status_code == 422
    assert "nmae" in response.json()["message"]


def test_body_not_json(client):
    response = client.post("/v1/persons/search", content=b"\x00\xff{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"] == "request.not_json"


def test_huge_body_rejected_before_parsing(client):
    response = client.post("/v1/persons/search", content=b"{" + b" " * (1024 * 1024) + b"}", headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.json()["error"] == "request.too_large"


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}

    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["sources"]["intl"]["person"] >= 4643


def test_openapi_documents_search(client):
    schema = client.get("/openapi.json").json()

    assert "/v1/persons/search" in schema["paths"]


def test_lone_surrogate_rejected(client):
    response = client.post(
        "/v1/persons/search", content=b'{"name": "\\ud800 Juan"}', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "request.invalid_text"


def test_emoji_only_name_rejected(client):
    response = search(client, {"name": "😀😀"})

    assert response.status_code == 422
    assert response.json()["error"] == "name.no_letters"


def test_terminal_escape_not_echoed(client):
    response = search(client, {"name": "Juan\x1b[31m Pérez"})

    assert response.status_code == 200
    assert "\x1b" not in response.json()["query"]["name"]


def test_json_sent_as_text_named(client):
    response = client.post("/v1/persons/search", content=b'{"name": "Juan"}', headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.json()["error"] == "request.not_json"
    assert "application/json" in response.json()["message"]
