"""422 validation messages of the API: Spanish by default with the field, pydantic's English for English callers."""

from __future__ import annotations

from typing import Literal

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.api import create_app
from engine.api.errors import validation_problem


@pytest.fixture(scope="module")
def client(runtime) -> TestClient:
    return TestClient(create_app(runtime=runtime))


def search(client: TestClient, body: object, query: str = "", headers: dict[str, str] | None = None):
    return client.post(f"/v1/persons/search{query}", json=body, headers=headers or {})


def test_missing_field_in_spanish(client):
    response = search(client, {"birth_date": "1980"})

    assert response.status_code == 422
    assert response.json()["message"] == "Solicitud no válida en name: falta el campo; es obligatorio."


def test_missing_field_in_english_by_query(client):
    response = search(client, {"birth_date": "1980"}, "?lang=en")

    assert response.json()["message"] == "Invalid request in name: Field required"


def test_missing_field_in_english_by_header(client):
    response = search(client, {"birth_date": "1980"}, headers={"Accept-Language": "en"})

    assert response.json()["message"] == "Invalid request in name: Field required"


def test_integer_parsing_in_spanish(client):
    response = search(client, {"name": "Ana Ruiz", "limit": "diez"})

    assert response.status_code == 422
    assert response.json()["message"] == "Solicitud no válida en limit: debe ser un número entero."


def test_string_type_in_spanish(client):
    response = search(client, {"name": 12})

    assert response.json()["message"] == "Solicitud no válida en name: debe ser un texto entre comillas."


def test_unknown_field_named_in_spanish(client):
    response = search(client, {"name": "Juan Pérez", "nmae": "x"})

    message = response.json()["message"]
    assert message.startswith("Solicitud no válida en nmae: el campo no existe")
    assert "Extra inputs" not in message


def test_details_carry_text_in_caller_language(client):
    response = search(client, {"limit": "diez"})

    details = response.json()["details"]
    assert {detail["type"] for detail in details} == {"missing", "int_parsing"}
    assert all(detail["message"].startswith("Solicitud no válida en") for detail in details)
    assert all(detail["msg"] for detail in details)


class Sample(BaseModel):
    """A model with the constraints whose messages the API translates."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(default="ab", min_length=2, max_length=3)
    count: int = Field(default=1, gt=0, le=100)
    ratio: float = Field(default=0.5, ge=0, lt=1)
    language: Literal["es", "en"] = "es"
    tags: list[str] = Field(default_factory=list, max_length=1)
    flag: bool = False


def sample_problem(**values: object) -> dict:
    with pytest.raises(ValidationError) as raised:
        Sample(**values)
    return raised.value.errors()[0]


@pytest.mark.parametrize(
    ("values", "spanish"),
    [
        ({"code": "a"}, "el texto debe tener al menos 2 caracteres."),
        ({"code": "abcd"}, "el texto debe tener como máximo 3 caracteres."),
        ({"count": 0}, "debe ser mayor que 0."),
        ({"count": 101}, "debe ser menor o igual que 100."),
        ({"ratio": -1}, "debe ser mayor o igual que 0."),
        ({"ratio": 1}, "debe ser menor que 1."),
        ({"count": 1.5}, "debe ser un número entero, sin decimales."),
        ({"language": "fr"}, "debe ser uno de estos valores: 'es', 'en'."),
        ({"tags": ["a", "b"]}, "la lista debe tener como máximo 1 elemento."),
        ({"tags": "a"}, "debe ser una lista JSON."),
        ({"flag": "tal vez"}, "debe ser true o false."),
        ({"other": 1}, "el campo no existe en esta ruta; revise el nombre o consulte /docs."),
    ],
)
def test_pydantic_types_in_spanish(values, spanish):
    problem = sample_problem(**values)

    assert validation_problem(problem, "es") == spanish
    assert validation_problem(problem, "en") == problem["msg"]


def test_unknown_type_gets_spanish_sentence():
    problem = {"type": "uuid_parsing", "loc": ("body", "id"), "msg": "Input should be a valid UUID", "ctx": {"error": "bad"}}

    text = validation_problem(problem, "es")

    assert text == "el valor del campo no es válido; consulte /docs para ver el formato."
    assert validation_problem(problem, "en") == "Input should be a valid UUID"


def test_known_type_without_its_context_falls_back():
    problem = {"type": "greater_than", "loc": ("body", "count"), "msg": "Input should be greater than 0"}

    assert validation_problem(problem, "es") == "el valor del campo no es válido; consulte /docs para ver el formato."
