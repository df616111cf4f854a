"""Authentication and roles on every /v1 route: 401 with WWW-Authenticate, 403 for a wrong role, bilingual messages."""

from __future__ import annotations

import pytest
from access_world import NAME, build_world

from engine.access import KeyStore, access_settings
from engine.audit import audit_log_for

SEARCH = ("POST", "/v1/persons/search", {"name": NAME})
READ = ("GET", "/v1/records/person/mx/MX-ALL", None)
WRITE = ("POST", "/v1/sources/mx/records", [{"kind": "person", "record_id": "MX-R1", "owner": "MX", "full_name": "Ana Ruiz"}])
WITHDRAW = ("DELETE", "/v1/sources/mx/records/person/MX-NOT-THERE", None)
EXPORT = ("GET", "/v1/sources/mx/export", None)


def call(world, route, headers=None):
    method, path, body = route
    return world.client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize("route", [SEARCH, READ, WRITE, WITHDRAW, EXPORT], ids=["search", "read", "write", "withdraw", "export"])
def test_missing_key_is_401(world, route):
    response = call(world, route)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] == "access.key_missing"


def test_missing_key_message_in_both_languages(world):
    spanish = call(world, SEARCH).json()["message"]
    english = call(world, SEARCH, {"Accept-Language": "en"}).json()["message"]

    assert "Falta la clave" in spanish
    assert "API key is missing" in english


def test_invalid_key_is_401(world):
    forged = world.keys["mx_officer"][:-4] + "AAAA"
    for presented in (forged, "not-a-key", "crk_000000000000_" + "A" * 43):
        response = call(world, SEARCH, {"X-API-Key": presented})
        assert response.status_code == 401, presented
        assert response.json()["error"] == "access.key_invalid"
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_bearer_and_cookie_accepted(world):
    bearer = call(world, SEARCH, {"Authorization": f"Bearer {world.keys['mx_officer']}"})
    world.client.cookies.set("cruce_key", world.keys["gt_officer"])
    try:
        cookie = call(world, SEARCH)
    finally:
        world.client.cookies.clear()

    assert bearer.status_code == 200
    assert cookie.status_code == 200


@pytest.mark.parametrize(
    ("who", "route", "status"),
    [
        ("gt_source", SEARCH, 403),
        ("mx_source", READ, 403),
        ("mx_officer", WRITE, 403),
        ("gt_analyst", WITHDRAW, 403),
        ("mx_officer", EXPORT, 403),
        ("gt_source", WRITE, 403),
        ("gt_source", EXPORT, 403),
        ("gt_source", WITHDRAW, 403),
        ("gt_officer", SEARCH, 200),
        ("gt_border", SEARCH, 200),
        ("gt_analyst", SEARCH, 200),
        ("gt_admin", SEARCH, 200),
        ("mx_officer", READ, 200),
        ("mx_source", EXPORT, 200),
        ("gt_admin", EXPORT, 200),
        ("mx_source", WITHDRAW, 404),
    ],
)
def test_role_matrix(world, who, route, status):
    response = call(world, route, world.headers(who))

    assert response.status_code == status, response.text


def test_wrong_role_message_names_roles(world):
    response = call(world, SEARCH, world.headers("gt_source", **{"Accept-Language": "en"}))

    assert response.json()["error"] == "access.role_missing"
    assert "officer" in response.json()["message"]


def test_other_source_is_403_with_sources(world):
    response = call(world, WRITE, world.headers("gt_source", **{"Accept-Language": "en"}))

    assert response.json()["error"] == "access.source_forbidden"
    assert "gt" in response.json()["message"]


def test_revoked_key_is_401_at_once(world):
    store = KeyStore(access_settings(world.runtime.config).keys_path)
    key, secret = store.create(agency="SSPC", country="MX", roles=["officer"], created_by="test")

    before = call(world, SEARCH, {"X-API-Key": secret})
    store.revoke(key.key_id, revoked_by="test")
    after = call(world, SEARCH, {"X-API-Key": secret, "Accept-Language": "en"})
    store.close()

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json()["error"] == "access.key_revoked"
    assert key.key_id in after.json()["message"]


def test_failed_authentication_is_audited(world):
    forged = world.keys["gt_officer"][:-4] + "ZZZZ"
    call(world, SEARCH, {"X-API-Key": forged})
    log = audit_log_for(world.runtime.config)

    entry = list(log.entries())[-1]
    assert entry["action"] == "auth.failed"
    assert entry["outcome"] == "failure"
    assert entry["detail"] == "access.key_invalid"
    assert entry["actor"]["key_id"] == world.key_ids["gt_officer"]
    assert forged not in str(entry)
    assert entry["query"]["path"] == "/v1/persons/search"


def test_refused_role_is_audited(world):
    call(world, EXPORT, world.headers("mx_officer"))
    log = audit_log_for(world.runtime.config)

    entry = list(log.entries())[-1]
    assert entry["action"] == "auth.forbidden"
    assert entry["actor"]["key_id"] == world.key_ids["mx_officer"]
    assert entry["detail"] == "access.role_missing"


def test_openapi_declares_key_schemes(world):
    schema = world.client.get("/openapi.json").json()

    assert {"APIKeyHeader", "HTTPBearer", "APIKeyCookie"} <= set(schema["components"]["securitySchemes"])
    assert "/v1/records/{kind}/{source}/{record_id}" in schema["paths"]


def test_anonymous_principal_when_configured(tmp_path):
    world = build_world(tmp_path, 'anonymous_country = "GT"\nanonymous_roles = ["officer"]\n')
    try:
        hits = world.client.post("/v1/persons/search", json={"name": NAME, "limit": 100}).json()["hits"]
        export = world.client.get("/v1/sources/mx/export")
        entry = list(audit_log_for(world.runtime.config).entries())[-1]
    finally:
        world.runtime.close()

    assert {hit["record_id"] for hit in hits} == {"MX-GT", "MX-ALL"}
    assert export.status_code == 403
    assert entry["actor"]["key_id"] == "anonymous"


def test_anonymous_admin_rejected_in_config(tmp_path):
    from engine.runtime import Runtime
    from engine.sources import ConfigError

    world = build_world(tmp_path)
    world.runtime.close()
    config = world.config_path.read_text() + 'anonymous_country = "MX"\nanonymous_roles = ["admin"]\n'
    world.config_path.write_text(config)
    runtime = Runtime.open(str(world.config_path))
    try:
        with pytest.raises(ConfigError):
            access_settings(runtime.config)
    finally:
        runtime.close()
