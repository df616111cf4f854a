"""A 3-node cluster with one replica keeps answering, and loses no acknowledged write, while a node is stopped.

scripts/test starts the cluster after the single-node suite
(``CRUCE_ENGINE_NODES=3 scripts/engine-node/start``) and runs this file alone
against it: CRUCE_OPENSEARCH_CLUSTER_URL names node 1 and
CRUCE_ENGINE_CLUSTER_DIR the cluster's working folder, whose ``data/control``
folder stops node 2 on request. Without them the test is skipped; scripts/test
fails under CI when the cluster cannot start.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from engine_records import person

from engine.index.search_engine import EngineError, SearchEngineBackend, connect_client
from engine.index.search_engine.layout import IndexLayout, drop_indices, load_mapping
from engine.names import parse_name, query_blocking_keys
from engine.records import RecordKind

pytestmark = pytest.mark.engine

CLUSTER_URL = os.environ.get("CRUCE_OPENSEARCH_CLUSTER_URL", "")
CLUSTER_DIR = os.environ.get("CRUCE_ENGINE_CLUSTER_DIR", "")
GIVEN = ["Andrés", "Beatriz", "Carmen", "Diego", "Esteban", "Fernanda", "Gabriel", "Hilda", "Iván", "Julia"]
SURNAMES = ["Acosta", "Bravo", "Cano", "Duarte", "Escobar", "Flores", "Galindo", "Herrera", "Iglesias", "Juárez"]
STOPPED_NODE = 2


@pytest.fixture
def cluster(index_prefix: str) -> Iterator[SearchEngineBackend]:
    if not (CLUSTER_URL and CLUSTER_DIR):
        pytest.skip("no cluster: run scripts/test, or start one with CRUCE_ENGINE_NODES=3 and set CRUCE_OPENSEARCH_CLUSTER_URL and CRUCE_ENGINE_CLUSTER_DIR")
    client = connect_client("opensearch", CLUSTER_URL)
    layout = IndexLayout(index_prefix)
    # Three shards with one replica each make six shard copies, so the node that stops holds two of them.
    persons_index = layout.versioned(RecordKind.PERSON, 1)
    client.create_index(persons_index, load_mapping(RecordKind.PERSON, replicas=1, shards=3))
    client.update_aliases([{"add": {"index": persons_index, "alias": layout.alias(RecordKind.PERSON)}}])
    store = SearchEngineBackend(client, prefix=index_prefix, replicas=1)
    try:
        yield store
    finally:
        drop_indices(store.client, store.layout)
        store.close()


@dataclass
class Traffic:
    """Searches and writes sent from other threads while the node stops, and what came back."""

    searches: int = 0
    short_answers: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, work: Callable[[int], None]) -> threading.Thread:
        def loop() -> None:
            round_number = 0
            while not self.stop.is_set():
                try:
                    work(round_number)
                except Exception as error:  # noqa: BLE001 (any failure of the engine is what the test looks for)
                    self.failures.append(f"{type(error).__name__}: {error}")
                round_number += 1

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
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
    acosta_keys = query_blocking_keys(parse_name("Andrés Acosta"))
    assert "C-0" in {c.person.record_id for c in cluster.person_candidates(acosta_keys)}

    traffic = Traffic()

    def search(_: int) -> None:
        found = cluster.count(RecordKind.PERSON)
        candidates = {c.person.record_id for c in cluster.person_candidates(acosta_keys)}
        traffic.searches += 1
        if found < 100 or "C-0" not in candidates:
            traffic.short_answers.append(found)

    def write(round_number: int) -> None:
        batch = [person(f"W-{round_number}-{n}", GIVEN[n], SURNAMES[round_number % 10]) for n in range(5)]
        try:
            report = cluster.upsert(batch)
        except EngineError as error:
            # Not acknowledged (the refresh after the bulk can fail while a shard copy closes): the caller retries.
            traffic.unacknowledged.append(str(error))
            return
        finally:
            time.sleep(0.1)
        rejected = {r.record_id for r in report.rejected}
        traffic.acknowledged.extend(r.record_id for r in batch if r.record_id not in rejected)

    threads = [traffic.run(search), traffic.run(write)]
    time.sleep(1)
    (Path(CLUSTER_DIR) / "data" / "control" / f"stop-node-{STOPPED_NODE}").touch()
    node_left = _wait_until(lambda: len(client.node_names()) == 2, 60)
    time.sleep(2)
    traffic.stop.set()
    for thread in threads:
        thread.join(60)

    assert node_left, f"node {STOPPED_NODE} did not leave the cluster"
    assert traffic.failures == [], traffic.failures[:5]
    assert traffic.searches > 0 and traffic.short_answers == [], f"{len(traffic.short_answers)} short answers of {traffic.searches}"
    assert traffic.acknowledged, "no write was acknowledged while the node stopped"

    assert cluster.count(RecordKind.PERSON) >= 100 + len(traffic.acknowledged)
    assert all(cluster.get(RecordKind.PERSON, "mx", record.record_id) for record in before)
    for record_id in traffic.acknowledged:
        assert cluster.get(RecordKind.PERSON, "mx", record_id) is not None, record_id

    after = [person(f"D-{n}", GIVEN[n % 10], SURNAMES[n // 10]) for n in range(50)]
    report = cluster.upsert(after)
    acknowledged = {record.record_id for record in after} - {r.record_id for r in report.rejected}
    assert report.accepted == len(acknowledged) == 50
    for record_id in acknowledged:
        assert cluster.get(RecordKind.PERSON, "mx", record_id) is not None, record_id
