"""A real SQLite index with Mexican records under every sharing scope, API keys for MX and GT principals, and the app."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from engine.access import KeyStore, access_settings
from engine.api import create_app
from engine.ingest import ingest_paths
from engine.runtime import Runtime

NAME = "Rigoberto Zamudio Quintanilla"

# One person per sharing scope, each with its own birth date, so a leak shows in hits, explanations and ids.
PERSONS = {
    "MX-NAT": ({"scope": "national"}, "1971-02-03"),
    "MX-GT": ({"scope": "countries", "countries": ["GT"]}, "1972-04-05"),
    "MX-US": ({"scope": "countries", "countries": ["US"]}, "1973-06-07"),
    "MX-ALL": ({"scope": "all"}, "1974-08-09"),
}
VISIBLE_TO = {"MX": {"MX-NAT", "MX-GT", "MX-US", "MX-ALL"}, "GT": {"MX-GT", "MX-ALL"}}


def national_rows() -> list[dict]:
    rows = []
    for record_id, (sharing, birth_date) in PERSONS.items():
        rows.append(
            {
                "kind": "person", "source": "mx", "record_id": record_id, "owner": "MX",
                "given_names": "Rigoberto", "paternal_surname": "Zamudio", "maternal_surname": "Quintanilla",
                "birth_dates": [birth_date], "sex": "M", "sharing": sharing,
                "notice": {"kind": "warrant", "reference": f"CP-{record_id}", "issuer": "FGE Sonora"},
            }
        )
    rows.append(
        {
            "kind": "travel_document", "source": "mx", "record_id": "MX-DOC-NAT", "owner": "MX",
            "number": "G11223344", "issuing_country": "MX", "reason": "stolen", "sharing": {"scope": "national"},
        }
    )
    rows.append(
        {
            "kind": "vehicle", "source": "mx", "record_id": "MX-VEH-NAT", "owner": "MX",
            "vin": "3VWFE21C04M000001", "plate": "ABC1234", "plate_country": "MX", "sharing": {"scope": "national"},
        }
    )
    rows.append(
        {
            "kind": "vehicle", "source": "mx", "record_id": "MX-VEH-ALL", "owner": "MX",
            "vin": "3VWFE21C04M000002", "plate": "XYZ9876", "plate_country": "MX", "sharing": {"scope": "all"},
        }
    )
    return rows


SOURCES_TOML = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
backend = "embedded"
owner = "MX"

[sources.gt]
backend = "embedded"
owner = "GT"

[access]
rate_per_second = 1000.0
burst = 1000
{extra}
"""


@dataclass
class World:
    folder: Path
    config_path: Path
    runtime: Runtime
    client: TestClient
    keys: dict[str, str]
    key_ids: dict[str, str]

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who], **extra}


KEY_SPECS = {
    "mx_officer": ("SSPC", "MX", ["officer"], []),
    "gt_officer": ("PNC", "GT", ["officer"], []),
    "gt_border": ("DGM", "GT", ["border"], []),
    "gt_analyst": ("PNC", "GT", ["analyst"], []),
    "mx_admin": ("SSPC", "MX", ["admin"], []),
    "gt_admin": ("PNC", "GT", ["admin"], []),
    "mx_source": ("FGR", "MX", ["source"], ["mx"]),
    "gt_source": ("MP", "GT", ["source"], ["gt"]),
}


def build_world(folder: Path, extra_access: str = "") -> World:
    config_path = folder / "sources.toml"
    config_path.write_text(SOURCES_TOML.format(folder=folder, extra=extra_access), encoding="utf-8")
    records = folder / "national.jsonl"
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in national_rows()) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(config_path))
    report = ingest_paths(runtime, [records])
    assert report.accepted == len(national_rows()), report

    store = KeyStore(access_settings(runtime.config).keys_path)
    keys, key_ids = {}, {}
    for who, (agency, country, roles, sources) in KEY_SPECS.items():
        key, secret = store.create(agency=agency, country=country, roles=roles, sources=sources, created_by="test")
        keys[who] = secret
        key_ids[who] = key.key_id
    store.close()

    client = TestClient(create_app(runtime=runtime))
    return World(folder, config_path, runtime, client, keys, key_ids)
