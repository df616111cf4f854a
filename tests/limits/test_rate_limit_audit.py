"""Requests refused by the rate limiter are audited, at most once per key and second."""

from __future__ import annotations

from limits_setup import make_sources
from fastapi.testclient import TestClient

from engine.access.rate import AuditThrottle
from engine.api import create_app
from engine.audit import audit_log_for
from engine.runtime import Runtime


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_throttle_admits_one_entry_per_key_and_interval_and_counts_the_rest():
    clock = Clock()
    throttle = AuditThrottle(interval=1.0, clock=clock)

    first = throttle.admit("k")
    held = [throttle.admit("k") for _ in range(4)]
    other = throttle.admit("j")
    clock.now += 1.0
    next_entry = throttle.admit("k")

    assert first == 0
    assert held == [None, None, None, None]
    assert other == 0
    assert next_entry == 4


def test_refused_requests_are_audited_without_flooding_the_log(tmp_path):
    config, keys = make_sources(tmp_path, "rate_per_second = 0.01\nburst = 1")
    runtime = Runtime.open(str(config))
    client = TestClient(create_app(runtime=runtime))
    body = {"name": "Ana Ruiz"}
    headers = {"X-API-Key": keys["officer"]}

    try:
        allowed = client.post("/v1/persons/search", json=body, headers=headers).status_code
        refused = [client.post("/v1/persons/search", json=body, headers=headers).status_code for _ in range(20)]
        entries = list(audit_log_for(runtime.config).entries())
    finally:
        runtime.close()

    limited = [entry for entry in entries if entry["action"] == "auth.rate_limited"]
    assert allowed == 200
    assert refused == [429] * 20
    # 20 refusals in far less than 20 seconds: one entry for the first, a few at most for the rest.
    assert 1 <= len(limited) < 20
    first = limited[0]
    assert first["outcome"] == "failure"
    assert first["detail"] == "access.rate_limited"
    assert first["actor"]["agency"] == "SSPC"
    assert first["query"]["path"] == "/v1/persons/search"
    assert first["query"]["suppressed"] == 0
