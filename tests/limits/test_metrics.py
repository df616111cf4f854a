"""Prometheus /metrics: per-route requests and latency, per-source search latency, index sizes, refusals, sync lag."""

from __future__ import annotations

import pytest
from limits_setup import make_sources
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from engine.api import create_app
from engine.api.metrics import observe_source, set_sync_lag
from engine.runtime import Runtime


@pytest.fixture
def app_client(tmp_path):
    config, keys = make_sources(tmp_path, "rate_per_second = 1000.0\nburst = 1000")
    runtime = Runtime.open(str(config))
    with TestClient(create_app(runtime=runtime)) as client:
        yield client, keys
    runtime.close()


def samples(client: TestClient, key: str) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"X-API-Key": key})
    assert response.status_code == 200
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_counted_by_route_template(app_client):
    client, keys = app_client
    before = samples(client, keys["admin"])

    client.post("/v1/persons/search", json={"name": "Ana Ruiz"}, headers={"X-API-Key": keys["officer"]})
    client.get("/v1/records/person/mx/MX-1", headers={"X-API-Key": keys["officer"]})
    client.get("/v1/records/person/mx/MX-404", headers={"X-API-Key": keys["officer"]})
    after = samples(client, keys["admin"])

    search = dict(method="POST", route="/v1/persons/search", status="200")
    read = dict(method="GET", route="/v1/records/{kind}/{source}/{record_id}")
    assert value(after, "cruce_http_requests_total", **search) == value(before, "cruce_http_requests_total", **search) + 1
    assert value(after, "cruce_http_requests_total", **read, status="200") >= 1
    assert value(after, "cruce_http_requests_total", **read, status="404") >= 1
    assert value(after, "cruce_http_request_duration_seconds_count", method="POST", route="/v1/persons/search") >= 1
    assert not any("MX-404" in str(labels) for _, labels in after)


def test_source_latency_observed(app_client):
    client, keys = app_client
    before = samples(client, keys["admin"])

    client.post("/v1/persons/search", json={"name": "Luis Peña"}, headers={"X-API-Key": keys["officer"]})
    after = samples(client, keys["admin"])

    name = "cruce_source_search_duration_seconds_count"
    assert value(after, name, source="mx", outcome="ok") == value(before, name, source="mx", outcome="ok") + 1


def test_source_failures_counted():
    observe_source("slowsource", 1.5, "timeout")

    from engine.api.metrics import REGISTRY

    assert REGISTRY.get_sample_value("cruce_source_search_failures_total", {"source": "slowsource", "reason": "timeout"}) == 1


def test_index_sizes_at_scrape_time(app_client):
    client, keys = app_client

    found = samples(client, keys["admin"])

    assert value(found, "cruce_index_records", source="mx", kind="person", status="active") == 3
    client.delete("/v1/sources/mx/records/person/MX-3", headers={"X-API-Key": keys["admin"]})
    found = samples(client, keys["admin"])
    assert value(found, "cruce_index_records", source="mx", kind="person", status="active") == 2
    assert value(found, "cruce_index_records", source="mx", kind="person", status="withdrawn") == 1


def test_rejections_by_reason(app_client):
    client, keys = app_client
    before = samples(client, keys["admin"])

    client.post("/v1/persons/search", json={"name": "Ana"})
    client.post("/v1/persons/search", json={"name": "Ana"}, headers={"X-API-Key": "crk_000000000000_" + "x" * 43})
    client.get("/v1/sources/mx/export", headers={"X-API-Key": keys["officer"]})
    client.post("/v1/persons/search", content=b"{" + b" " * 100_000 + b"}", headers={"X-API-Key": keys["officer"]})
    after = samples(client, keys["admin"])

    for status, reason in (("401", "key_missing"), ("401", "key_invalid"), ("403", "role_missing"), ("413", "too_large")):
        name = "cruce_rejected_requests_total"
        assert value(after, name, status=status, reason=reason) == value(before, name, status=status, reason=reason) + 1, reason


def test_sync_lag_gauges(app_client):
    client, keys = app_client

    set_sync_lag(12, 3.5)
    found = samples(client, keys["admin"])

    assert value(found, "cruce_sync_lag_changes") == 12
    assert value(found, "cruce_sync_lag_seconds") == 3.5


def test_metrics_need_admin_key_unless_open(app_client):
    client, keys = app_client

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"X-API-Key": keys["officer"]}).status_code == 403
