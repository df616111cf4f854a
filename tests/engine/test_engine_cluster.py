"""A 3-node cluster with one replica keeps answering, and loses no acknowledged write, while a node is stopped.

Needs a cluster started by ``CRUCE_ENGINE_NODES=3 scripts/engine-node/start``:
CRUCE_OPENSEARCH_CLUSTER_URL names node 1 and CRUCE_ENGINE_CLUSTER_DIR the
cluster's working folder (its ``data/control`` folder stops node 2 on
request). Without them the test is skipped, in CI too: CI runs a single node.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.index.search_engine import SearchEngineBackend, connect_client
from engine.index.search_engine.layout import drop_indices
from engine.records import RecordKind
from engine_records import person

pytestmark = pytest.mark.engine

CLUSTER_URL = os.environ.get("CRUCE_OPENSEARCH_CLUSTER_URL", "")
CLUSTER_DIR = os.environ.get("CRUCE_ENGINE_CLUSTER_DIR", "")
GIVEN = ["Andrés", "Beatriz", "Carmen", "Diego", "Esteban", "Fernanda", "Gabriel", "Hilda", "Iván", "Julia"]
SURNAMES = ["Acosta", "Bravo", "Cano", "Duarte", "Escobar", "Flores", "Galindo", "Herrera", "Iglesias", "Juárez"]


@pytest.fixture
def cluster(index_prefix: str) -> Iterator[SearchEngineBackend]:
    if not (CLUSTER_URL and CLUSTER_DIR):
        pytest.skip("no cluster: start one with CRUCE_ENGINE_NODES=3 and set CRUCE_OPENSEARCH_CLUSTER_URL and CRUCE_ENGINE_CLUSTER_DIR")
    store = SearchEngineBackend(connect_client("opensearch", CLUSTER_URL), prefix=index_prefix, replicas=1)
    try:
        yield store
    finally:
        drop_indices(store.client, store.layout)
        store.close()


def _wait_until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_search_and_acknowledged_writes_survive_a_stopped_node(cluster: SearchEngineBackend) -> None:
    client = cluster.client
    assert len(client.node_names()) == 3, "the cluster test needs three running nodes"
    before = [person(f"C-{n}", GIVEN[n % 10], SURNAMES[n // 10]) for n in range(100)]
    assert cluster.upsert(before).accepted == 100
    assert client.health(cluster.layout.alias(RecordKind.PERSON), wait_for_status="green")["status"] == "green"

    (Path(CLUSTER_DIR) / "data" / "control" / "stop-node-2").touch()
    assert _wait_until(lambda: len(client.node_names()) == 2, 60), "node 2 did not leave the cluster"

    assert cluster.count(RecordKind.PERSON) == 100
    assert all(cluster.get(RecordKind.PERSON, "mx", record.record_id) for record in before[::7])
    after = [person(f"D-{n}", GIVEN[n % 10], SURNAMES[n // 10]) for n in range(50)]
    report = cluster.upsert(after)
    acknowledged = {record.record_id for record in after} - {r.record_id for r in report.rejected}
    assert report.accepted == len(acknowledged)
    for record_id in acknowledged:
        assert cluster.get(RecordKind.PERSON, "mx", record_id) is not None, record_id
