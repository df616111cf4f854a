"""POST /v1/documents/check and /v1/vehicles/check, in-process over the real index, bad input included."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from engine.api import create_app
from engine.demo.documents import KNOWN_VIN, demo_holder, demo_passport_mrz

MISREAD = "P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<\nK034797345MEX8503013M3001156<<<<<<<<<<<<<<<6"


@pytest.fixture(scope="module")
def client(runtime) -> TestClient:
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client


def check(client: TestClient, body: dict, language: str | None = None):
    headers = {"Accept-Language": language} if language else {}
    return client.post("/v1/documents/check", json=body, headers=headers)


def test_stolen_passport_and_holder(client: TestClient) -> None:
    response = check(client, {"mrz": demo_passport_mrz()})

    assert response.status_code == 200
    body = response.json()
    assert body["document"]["status"] == "listed"
    assert body["document"]["listings"][0]["record_id"] == "MX-DOC-DEMO-1"
    assert body["holder"]["hits"][0]["record_id"] == demo_holder().record_id
    assert body["holder"]["hits"][0]["band"] == "strong"


def test_misread_mrz_repaired_in_english(client: TestClient) -> None:
    response = check(client, {"mrz": MISREAD.lower().replace("\n", "  \r\n ")}, language="en")

    assert response.status_code == 200
    body = response.json()
    assert body["document"]["number"] == "KO3479734"
    assert body["document"]["status"] == "listed"
    assert "is listed as stolen" in body["document"]["text"]
    assert body["repairs"][0]["text"] == "Line 2, column 2 (document number): read as “0”, repaired to “O”."


def test_number_and_holder_fields(client: TestClient) -> None:
    response = check(client, {"number": "K03479734", "issuing_country": "MEX", "name": "Raúl Gómez Bermúdez", "birth_date": "1985-03-01"})

    assert response.status_code == 200
    assert response.json()["document"]["listings"][0]["number_match"] == "confusable"
    assert response.json()["holder"]["hits"][0]["record_id"] == "MX-DEMO-GOMEZ"


@pytest.mark.parametrize(
    ("mrz", "status", "key", "line", "column"),
    [
        (MISREAD + "<<", 422, "mrz.line_length", 2, 45),
        (MISREAD.split("\n")[0], 422, "mrz.line_count", None, None),
        (MISREAD + "\nABC\nDEF", 422, "mrz.line_count", None, None),
        (MISREAD.replace("K034", "K0$4"), 422, "mrz.character", 2, 3),
        (MISREAD.replace("RAUL", "RA\x00L"), 400, "mrz.binary", 1, 24),
        ("   \n  ", 400, "mrz.empty", None, None),
        ("P" * 5000, 413, "mrz.too_long", None, None),
    ],
)
def test_bad_mrz_names_line_and_column(client: TestClient, mrz: str, status: int, key: str, line: int | None, column: int | None) -> None:
    response = check(client, {"mrz": mrz})

    assert response.status_code == status
    body = response.json()
    assert body["error"] == key
    assert body.get("line") == line
    assert body.get("column") == column
    assert set(body["messages"]) == {"es", "en"}
    assert body["message"] == body["messages"]["es"]
    if line is not None:
        assert body["messages"]["es"].startswith(f"Línea {line}, columna {column}:")
        assert body["messages"]["en"].startswith(f"Line {line}, column {column}:")


def test_empty_and_missing_body(client: TestClient) -> None:
    for response in (client.post("/v1/documents/check"), check(client, {})):
        assert response.status_code == 422
        assert response.json()["error"] == "check.document_input"
        assert "MRZ" in response.json()["messages"]["en"]


def test_binary_and_oversized_bodies_refused(client: TestClient) -> None:
    binary = client.post("/v1/documents/check", content=os.urandom(2048), headers={"Content-Type": "application/json"})
    assert binary.status_code == 400
    assert binary.json()["error"] == "request.not_json"

    megabyte = client.post("/v1/documents/check", content=b'{"mrz": "' + b"<" * 1_048_576 + b'"}', headers={"Content-Type": "application/json"})
    assert megabyte.status_code == 413

    unknown_field = check(client, {"mrz": MISREAD, "colour": "red"})
    assert unknown_field.status_code == 422


def test_vehicle_by_vin_and_plate(client: TestClient) -> None:
    by_vin = client.post("/v1/vehicles/check", json={"vin": KNOWN_VIN})
    assert by_vin.status_code == 200
    assert by_vin.json()["status"] == "listed"

    by_plate = client.post("/v1/vehicles/check", json={"plate": "ABC-123-D", "plate_country": "MX"})
    assert by_plate.json()["listings"][0]["record_id"] == "SMV-MX-DEMO-2"


def test_bad_vin_names_position(client: TestClient) -> None:
    response = client.post("/v1/vehicles/check", json={"vin": "3VWFE21C04M0000*1"}, headers={"Accept-Language": "en"})

    assert response.status_code == 422
    body = response.json()
    assert (body["error"], body["position"]) == ("vin.character", 16)
    assert body["message"].startswith("Position 16:")

    empty = client.post("/v1/vehicles/check", json={})
    assert empty.status_code == 422
    assert empty.json()["error"] == "check.vehicle_input"


def test_filler_mrz_is_not_clear(client):
    response = check(client, {"mrz": "<" * 44 + "\n" + "<" * 44})

    assert response.status_code == 200
    assert response.json()["document"]["status"] == "unchecked"
    assert response.json()["document"]["status"] != "clear"


def test_overlong_plate_rejected(client):
    response = client.post("/v1/vehicles/check", json={"plate": "A" * 3000, "plate_country": "MX"})

    assert response.status_code == 422
    assert response.json()["error"] == "plate.too_long"
    assert "3000" in response.json()["message"]
