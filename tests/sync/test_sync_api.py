"""GET /v1/sync/status for admin and source keys, and the sync lag in /metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.access import KeyStore, access_settings
from engine.api import create_app
from engine.ingest import store_records
from engine.sync.replay import Replicator
from sync_world import wanted


def keys(runtime) -> dict[str, str]:
    store = KeyStore(access_settings(runtime.config).keys_path)
    made = {}
    for who, roles, sources in (("admin", ["admin"], []), ("source", ["source"], ["mx"]), ("officer", ["officer"], [])):
        _, secret = store.create(agency="SSPC", country="MX", roles=roles, sources=sources, created_by="test")
        made[who] = secret
    store.close()
    return made


def test_status_needs_an_admin_or_source_key_and_reports_the_lag(runtime) -> None:
    secrets = keys(runtime)
    store_records(runtime, "mx", [wanted("P1"), wanted("P2")])
    client = TestClient(create_app(runtime=runtime))

    assert client.get("/v1/sync/status").status_code == 401
    assert client.get("/v1/sync/status", headers={"X-API-Key": secrets["officer"]}).status_code == 403

    behind = client.get("/v1/sync/status", headers={"X-API-Key": secrets["source"]})
    assert behind.status_code == 200
    assert behind.json()["changes_behind"] == 2
    assert behind.json()["seconds_behind"] > 0
    assert behind.json()["from_source"] == "mx"
    assert behind.json()["to_source"] == "intl"

    metrics = client.get("/metrics", headers={"X-API-Key": secrets["admin"]}).text
    assert "cruce_sync_lag_changes 2.0" in metrics

    replicator = Replicator(runtime)
    replicator.run_pass()
    replicator.close()

    caught_up = client.get("/v1/sync/status", headers={"X-API-Key": secrets["admin"]}).json()
    assert caught_up["changes_behind"] == 0
    assert caught_up["seconds_behind"] == 0
    assert "cruce_sync_lag_changes 0.0" in client.get("/metrics", headers={"X-API-Key": secrets["admin"]}).text
