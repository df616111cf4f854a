"""A small real index and API keys for the limit and metrics tests."""

from __future__ import annotations

import json
from pathlib import Path

from engine.access import KeyStore, access_settings
from engine.ingest import ingest_paths
from engine.runtime import Runtime

ROWS = [
    {"kind": "person", "source": "mx", "record_id": f"MX-{number}", "owner": "MX", "full_name": name, "sharing": {"scope": scope}}
    for number, (name, scope) in enumerate(
        [("Ana Ruiz Salas", "all"), ("Ana Ruiz Soto", "national"), ("Luis Peña Soto", "all")], start=1
    )
]


def make_sources(folder: Path, access: str) -> tuple[Path, dict[str, str]]:
    """Write a sources file with ``access`` as its [access] table, load three persons, and create two keys."""
    config = folder / "sources.toml"
    config.write_text(
        f'[embedded]\npath = "{folder}/cruce.db"\n\n[sources.mx]\nowner = "MX"\n\n[access]\n{access}\n', encoding="utf-8"
    )
    records = folder / "rows.jsonl"
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in ROWS) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(config))
    try:
        ingest_paths(runtime, [records])
        store = KeyStore(access_settings(runtime.config).keys_path)
        keys = {
            "officer": store.create(agency="SSPC", country="MX", roles=["officer"], created_by="test")[1],
            "other": store.create(agency="PNC", country="GT", roles=["officer"], created_by="test")[1],
            "admin": store.create(agency="SSPC", country="MX", roles=["admin"], created_by="test")[1],
        }
        store.close()
    finally:
        runtime.close()
    return config, keys
