"""Index names, mappings and aliases.

Each record kind lives in a versioned index (``cruce-persons-v1``) behind an
alias (``cruce-persons``) that every read and write goes through. A reindex
builds the next version and moves the alias in one ``_aliases`` call, so a
search sees either the old index or the new one, never neither; moving the
alias back is the rollback.
"""

from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from engine.index.search_engine.client import EngineClient
from engine.records import RecordKind

MAPPING_FILES = {
    RecordKind.PERSON: "persons.json",
    RecordKind.TRAVEL_DOCUMENT: "travel_documents.json",
    RecordKind.VEHICLE: "vehicles.json",
}

INDEX_STEMS = {
    RecordKind.PERSON: "persons",
    RecordKind.TRAVEL_DOCUMENT: "travel-documents",
    RecordKind.VEHICLE: "vehicles",
}


def mappings_dir() -> Path:
    """Return the folder of mapping files: ``CRUCE_MAPPINGS_DIR``, or ``mappings/`` at the repository root."""
    configured = os.environ.get("CRUCE_MAPPINGS_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "mappings"


@cache
def _read_mapping(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_mapping(kind: RecordKind, *, replicas: int | None = None, shards: int | None = None) -> dict[str, Any]:
    """Return the settings and mappings of a record kind's index, with shard and replica counts overridden if given."""
    body = copy.deepcopy(_read_mapping(mappings_dir() / MAPPING_FILES[kind]))
    index_settings = body.setdefault("settings", {}).setdefault("index", {})
    if replicas is not None:
        index_settings["number_of_replicas"] = replicas
    if shards is not None:
        index_settings["number_of_shards"] = shards
    return body


@dataclass(frozen=True, slots=True)
class IndexLayout:
    """The names of one deployment's indices; ``prefix`` separates deployments (and test runs) on one engine."""

    prefix: str = "cruce"

    def alias(self, kind: RecordKind) -> str:
        return f"{self.prefix}-{INDEX_STEMS[kind]}"

    def versioned(self, kind: RecordKind, version: int) -> str:
        return f"{self.alias(kind)}-v{version}"

    def version_of(self, kind: RecordKind, index: str) -> int | None:
        match = re.fullmatch(re.escape(self.alias(kind)) + r"-v(\d+)", index)
        return int(match.group(1)) if match else None


def current_index(client: EngineClient, layout: IndexLayout, kind: RecordKind) -> str | None:
    """Return the versioned index the alias points to, or ``None`` when the alias does not exist yet."""
    indices = client.indices_of_alias(layout.alias(kind))
    if len(indices) > 1:
        raise RuntimeError(f"alias {layout.alias(kind)} points to several indices: {indices}")
    return indices[0] if indices else None


def ensure_index(client: EngineClient, layout: IndexLayout, kind: RecordKind, *, replicas: int | None = None) -> str:
    """Create version 1 of a kind's index with its alias when the alias is missing; return the current index."""
    existing = current_index(client, layout, kind)
    if existing is not None:
        return existing

    index = layout.versioned(kind, 1)
    if not client.index_exists(index):
        client.create_index(index, load_mapping(kind, replicas=replicas))
    client.update_aliases([{"add": {"index": index, "alias": layout.alias(kind)}}])
    return index


def versions(client: EngineClient, layout: IndexLayout, kind: RecordKind) -> list[int]:
    """Return the versions of a kind's index that exist on the engine, oldest first."""
    found = client.indices_matching(f"{layout.alias(kind)}-v*")
    numbers = (layout.version_of(kind, index) for index in found)
    return sorted(number for number in numbers if number is not None)


def reindex(client: EngineClient, layout: IndexLayout, kind: RecordKind, *, replicas: int | None = None) -> str:
    """Build the next version of a kind's index from the current one, then move the alias to it; return its name.

    The new index takes the current mapping file, so this is how a mapping
    change reaches a running deployment. Records keep their versions.
    NOTE: writes that arrive while the copy runs go to the old index and are
    not in the new one; pause ingestion and sync during a reindex.
    """
    old = current_index(client, layout, kind)
    if old is None:
        raise RuntimeError(f"alias {layout.alias(kind)} does not exist; nothing to reindex")

    new = layout.versioned(kind, max(versions(client, layout, kind)) + 1)
    client.create_index(new, load_mapping(kind, replicas=replicas))
    client.reindex(old, new)
    swap_alias(client, layout.alias(kind), old, new)
    return new


def rollback(client: EngineClient, layout: IndexLayout, kind: RecordKind) -> str:
    """Move the alias back to the newest version older than the current one; return that index's name."""
    current = current_index(client, layout, kind)
    if current is None:
        raise RuntimeError(f"alias {layout.alias(kind)} does not exist; nothing to roll back")

    current_version = layout.version_of(kind, current) or 0
    older = [number for number in versions(client, layout, kind) if number < current_version]
    if not older:
        raise RuntimeError(f"{current} has no older version to roll back to")

    previous = layout.versioned(kind, older[-1])
    swap_alias(client, layout.alias(kind), current, previous)
    return previous


def swap_alias(client: EngineClient, alias: str, old: str, new: str) -> None:
    """Point ``alias`` from ``old`` to ``new`` in one atomic ``_aliases`` request."""
    client.update_aliases([{"remove": {"index": old, "alias": alias}}, {"add": {"index": new, "alias": alias}}])


def drop_indices(client: EngineClient, layout: IndexLayout) -> None:
    """Delete every versioned index of the layout (tests and ``cruce`` reset only)."""
    for kind in INDEX_STEMS:
        for number in versions(client, layout, kind):
            client.delete_index(layout.versioned(kind, number))
