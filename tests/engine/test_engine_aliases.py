"""Versioned indices behind aliases: reindex swaps atomically, rollback swaps back."""

from __future__ import annotations

import pytest

from engine.index.search_engine import SearchEngineBackend
from engine.index.search_engine.layout import current_index, reindex, rollback
from engine.records import RecordKind
from engine_records import person

pytestmark = pytest.mark.engine


def test_reindex_moves_the_alias_and_rollback_moves_it_back(backend: SearchEngineBackend) -> None:
    client, layout = backend.client, backend.layout
    backend.upsert([person("R-1", "Alberto", "Fuentes", version=7)])
    assert current_index(client, layout, RecordKind.PERSON) == layout.versioned(RecordKind.PERSON, 1)

    new = reindex(client, layout, RecordKind.PERSON)

    assert new == layout.versioned(RecordKind.PERSON, 2)
    assert current_index(client, layout, RecordKind.PERSON) == new
    found = backend.get(RecordKind.PERSON, "mx", "R-1")
    assert found is not None and found.version == 7
    stale = backend.upsert([person("R-1", "Beto", "Fuentes", version=6)])
    assert stale.stale == 1, "the copy must keep the record versions"

    backend.upsert([person("R-2", "Humberto", "Fuentes")])
    previous = rollback(client, layout, RecordKind.PERSON)

    assert previous == layout.versioned(RecordKind.PERSON, 1)
    assert current_index(client, layout, RecordKind.PERSON) == previous
    assert backend.get(RecordKind.PERSON, "mx", "R-1") is not None
    assert backend.get(RecordKind.PERSON, "mx", "R-2") is None, "R-2 was written to version 2 only"
    with pytest.raises(RuntimeError):
        rollback(client, layout, RecordKind.PERSON)
