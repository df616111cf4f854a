"""Sync from a national source kept in OpenSearch: changes logged after the engine acknowledged them, then replayed."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from engine.ingest import store_records, withdraw_records
from engine.records import RecordKind
from engine.runtime import Runtime
from engine.sync.replay import Replicator
from sync_world import stored_rows, wanted

URL = os.environ.get("CRUCE_OPENSEARCH_URL")

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not URL, reason="set CRUCE_OPENSEARCH_URL to a running OpenSearch node"),
]


def test_engine_source_changes_reach_the_international_source(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[embedded]
path = "{tmp_path}/cruce.db"

[sources.mx]
backend = "opensearch"
owner = "MX"
url = "{URL}"
index_prefix = "sync-{uuid.uuid4().hex[:8]}"

[sources.intl]
owner = "INTL"

[sync]
checkpoint_path = "{tmp_path}/sync.db"
changelog_path = "{tmp_path}/changes.db"

[audit]
path = "{tmp_path}/audit.db"
""",
        encoding="utf-8",
    )
    runtime = Runtime.open(str(sources))
    replicator = Replicator(runtime)
    try:
        store_records(runtime, "mx", [wanted("P1"), wanted("P2"), wanted("P3", notice=None)])
        assert replicator.lag().changes_behind == 3
        assert (tmp_path / "changes.db").exists()

        replicator.run_pass()
        assert stored_rows(tmp_path / "cruce.db", "intl") == {
            ("person", "MX:mx:P1"): (1, "active"),
            ("person", "MX:mx:P2"): (1, "active"),
        }

        withdraw_records(runtime, RecordKind.PERSON, "mx", ["P2"])
        replicator.run_pass()
        assert stored_rows(tmp_path / "cruce.db", "intl")[("person", "MX:mx:P2")] == (1, "withdrawn")
        assert replicator.lag().changes_behind == 0
    finally:
        replicator.close()
        runtime.close()
