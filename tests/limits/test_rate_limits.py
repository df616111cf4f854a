"""Per-key token buckets: 429 with Retry-After past the burst, refilled over time, one bucket per key."""

from __future__ import annotations

from limits_setup import make_sources
from fastapi.testclient import TestClient

from engine.access.rate import RateLimiter
from engine.api import create_app
from engine.runtime import Runtime


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_burst_then_waits():
    clock = Clock()
    limiter = RateLimiter(rate_per_second=2.0, burst=3, clock=clock)

    allowed = [limiter.take("k") for _ in range(3)]
    refused = limiter.take("k")

    assert allowed == [0, 0, 0]
    assert refused == 1


def test_bucket_refills_with_time():
    clock = Clock()
    limiter = RateLimiter(rate_per_second=0.25, burst=1, clock=clock)

    limiter.take("k")
    assert limiter.take("k") == 4
    clock.now += 2.0
    assert limiter.take("k") == 2
    clock.now += 2.0
    assert limiter.take("k") == 0


def test_buckets_are_per_key():
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=Clock())

    assert limiter.take("a") == 0
    assert limiter.take("a") == 1
    assert limiter.take("b") == 0


def test_api_returns_429_with_retry_after(tmp_path):
    config, keys = make_sources(tmp_path, "rate_per_second = 0.01\nburst = 3")
    runtime = Runtime.open(str(config))
    client = TestClient(create_app(runtime=runtime))
    body = {"name": "Ana Ruiz"}

    try:
        statuses = [client.post("/v1/persons/search", json=body, headers={"X-API-Key": keys["officer"]}).status_code for _ in range(3)]
        limited = client.post("/v1/persons/search", json=body, headers={"X-API-Key": keys["officer"], "Accept-Language": "en"})
        other = client.post("/v1/persons/search", json=body, headers={"X-API-Key": keys["other"]})
    finally:
        runtime.close()

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"] == "access.rate_limited"
    assert "Wait" in limited.json()["message"]
    assert other.status_code == 200
