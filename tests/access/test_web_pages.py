"""The web pages honour the same keys, roles and sharing rules as the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.api import create_app

ZAMUDIO = {"full_name": "Rigoberto Zamudio Quintanilla"}


def page_client(world) -> TestClient:
    return TestClient(create_app(runtime=world.runtime), follow_redirects=False)


def sign_in(client: TestClient, key: str, target: str = "/search") -> None:
    response = client.post("/login", data={"key": key, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == target


def test_page_without_key_shows_login(world):
    response = page_client(world).get("/search")

    assert response.status_code == 401
    assert 'name="key"' in response.text
    assert "Clave de API" in response.text


def test_bad_key_rejected_at_login(world):
    response = page_client(world).post("/login", data={"key": "crk_000000000000_nope", "next": "/search"})

    assert response.status_code == 401
    assert "cruce_key" not in response.headers.get("set-cookie", "")


def test_login_sets_strict_http_only_cookie(world):
    response = page_client(world).post("/login", data={"key": world.keys["mx_officer"], "next": "/search"})

    cookie = response.headers["set-cookie"]
    assert "cruce_key=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie


def test_login_redirect_stays_local(world):
    response = page_client(world).post("/login", data={"key": world.keys["mx_officer"], "next": "//evil.example/"})

    assert response.headers["location"] == "/search"


def test_wrong_role_refused(world):
    client = page_client(world)
    sign_in(client, world.keys["gt_analyst"])

    response = client.get("/border")

    assert response.status_code == 403


def test_foreign_officer_sees_only_shared_records(world):
    mexican, guatemalan = page_client(world), page_client(world)
    sign_in(mexican, world.keys["mx_officer"])
    sign_in(guatemalan, world.keys["gt_officer"])

    seen_by_mx = mexican.post("/search", data=ZAMUDIO).text
    seen_by_gt = guatemalan.post("/search", data=ZAMUDIO).text

    assert "MX-NAT" in seen_by_mx
    assert "MX-NAT" not in seen_by_gt
    assert "MX-US" not in seen_by_gt
    assert "MX-ALL" in seen_by_gt


def test_logout_forgets_key(world):
    client = page_client(world)
    sign_in(client, world.keys["mx_officer"])

    client.post("/logout")

    assert client.get("/search").status_code == 401
