"""Row errors of a source write are reported in the caller's language, Spanish by default."""

from __future__ import annotations

import json

import pytest
from access_world import build_world


@pytest.fixture
def fresh(tmp_path):
    world = build_world(tmp_path, "max_write_records = 10\nmax_write_bytes = 8192\n")
    yield world
    world.runtime.close()


def person(record_id: str, **extra) -> dict:
    return {"kind": "person", "record_id": record_id, "owner": "MX", "full_name": "Ana Ruiz Salas", **extra}


BODY = "\n".join(
    [
        json.dumps(person("MX-L1")),
        '{"kind": "person", "record_id": "MX-L2"',
        json.dumps({"kind": "person", "record_id": "MX-L3", "owner": "MX"}),
        json.dumps(person("MX-L4", source="gt")),
        json.dumps(person("MX-L5", origin={"source": "mx", "record_id": "X"})),
        json.dumps(person("MX-L6", sharing="everyone")),
    ]
)


def write(world, query: str = "", **headers: str):
    headers = {"Content-Type": "application/x-ndjson", **headers}
    return world.client.post(f"/v1/sources/mx/records{query}", content=BODY, headers=world.headers("mx_source", **headers))


def test_row_errors_in_spanish(fresh):
    response = write(fresh)

    assert response.status_code == 207
    messages = {error["line"]: error["message"] for error in response.json()["errors"]}
    assert messages == {
        2: "JSON no válido en la columna 40: falta «,» entre dos valores o el cierre del objeto o de la lista",
        3: "una persona necesita al menos uno de given_names, paternal_surname, maternal_surname, full_name",
        4: "la fuente 'gt' no coincide con la fuente de la solicitud 'mx'; quítela o envíe la fila a /v1/sources/gt/records",
        5: "solo la sincronización escribe el campo origin; quítelo del registro",
        6: "el alcance de sharing 'everyone' es desconocido; use national, countries o all",
    }


def test_row_errors_in_english_by_query(fresh):
    response = write(fresh, "?lang=en")

    messages = {error["line"]: error["message"] for error in response.json()["errors"]}
    assert messages[2].startswith("invalid JSON at column 40")
    assert messages[3].startswith("a person needs at least one of")
    assert messages[4].startswith("source 'gt' does not match the source of the request 'mx'")
    assert messages[5] == "field origin is set by sync only; remove it from the record"
    assert messages[6] == "sharing scope 'everyone' is unknown; expected national, countries or all"


def test_row_errors_in_english_by_header(fresh):
    response = write(fresh, **{"Accept-Language": "en"})

    messages = [error["message"] for error in response.json()["errors"]]
    assert messages[1].startswith("a person needs at least one of")


def test_forged_owner_in_both_languages(fresh):
    body = json.dumps(person("MX-L7", owner="GT"))
    headers = fresh.headers("mx_source", **{"Content-Type": "application/x-ndjson"})

    spanish = fresh.client.post("/v1/sources/mx/records", content=body, headers=headers).json()
    english = fresh.client.post("/v1/sources/mx/records?lang=en", content=body, headers=headers).json()

    assert spanish["errors"][0]["message"].startswith("'GT' no es el país propietario de la fuente 'mx' (MX)")
    assert english["errors"][0]["message"].startswith("owner 'GT' is not the owner of source 'mx' (MX)")
