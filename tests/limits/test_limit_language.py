"""The 413 of the body-size limit speaks the caller's language: `?lang=` first, then Accept-Language, then Spanish."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from limits_setup import make_sources

from engine.api import create_app
from engine.api.limits import DEFAULT_MAX_BODY_BYTES, scope_language
from engine.runtime import Runtime

OVERSIZED = {"name": "Ana " + "x" * (DEFAULT_MAX_BODY_BYTES + 10)}


@pytest.fixture
def api(tmp_path):
    config, keys = make_sources(tmp_path, "rate_per_second = 1000.0\nburst = 1000")
    runtime = Runtime.open(str(config))
    client = TestClient(create_app(runtime=runtime))
    yield client, {"X-API-Key": keys["officer"]}
    runtime.close()


def oversized_search(api, query: str = "", **headers: str):
    client, key = api
    return client.post(f"/v1/persons/search{query}", json=OVERSIZED, headers={**key, **headers})


def test_too_large_in_spanish_by_default(api):
    response = oversized_search(api)

    assert response.status_code == 413
    assert response.json()["error"] == "request.too_large"
    assert response.json()["message"].startswith("La solicitud pesa")


def test_too_large_in_english_by_query(api):
    response = oversized_search(api, "?lang=en")

    assert response.status_code == 413
    assert response.json()["message"].startswith("The request is")


def test_query_wins_over_header(api):
    response = oversized_search(api, "?lang=es", **{"Accept-Language": "en"})

    assert response.json()["message"].startswith("La solicitud pesa")


def test_header_used_without_query(api):
    response = oversized_search(api, **{"Accept-Language": "en-GB,en;q=0.8"})

    assert response.json()["message"].startswith("The request is")


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        (b"", None, "es"),
        (b"lang=en", None, "en"),
        (b"lang=EN", None, "en"),
        (b"lang=fr", b"en", "en"),
        (b"lang=en&lang=es", b"en", "es"),
        (b"q=1&lang=en", b"es", "en"),
        (b"", b"en-US,es;q=0.5", "en"),
    ],
)
def test_scope_language_matches_request_language(query, header, expected):
    headers = [(b"accept-language", header)] if header is not None else []
    scope = {"type": "http", "query_string": query, "headers": headers}

    assert scope_language(scope) == expected
