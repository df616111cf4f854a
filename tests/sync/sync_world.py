"""A national and an international source in a temporary folder, with records that do and do not qualify for sync."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.records import Notice, PartialDate, Person, SharingRule, SharingScope, TravelDocument, Vehicle

SOURCES = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
owner = "MX"
timeout_ms = 5000

[sources.intl]
owner = "INTL"
timeout_ms = 5000

[sync]
checkpoint_path = "{folder}/sync.db"
batch_size = {batch_size}

[audit]
path = "{folder}/audit.db"

[access]
keys_path = "{folder}/keys.db"
"""


def write_sources(folder: Path, *, batch_size: int = 1000, extra: str = "") -> Path:
    """Write a sources file for ``folder`` and return its path."""
    path = folder / "sources.toml"
    path.write_text(SOURCES.format(folder=folder, batch_size=batch_size) + extra, encoding="utf-8")
    return path


def wanted(record_id: str, *, version: int = 1, scope: SharingScope = SharingScope.ALL, countries: tuple[str, ...] = (),
           notice: str | None = "warrant", given: str = "José Luis", surname: str = "Hernández") -> Person:
    return Person(
        source="mx", record_id=record_id, owner="MX", given_names=given, paternal_surname=surname,
        maternal_surname="Cruz", birth_dates=[PartialDate(1984, 3, 7)], version=version,
        notice=Notice(notice, reference=f"CP {record_id}") if notice else None,
        sharing=SharingRule(scope, countries),
    )


def document(record_id: str, *, reason: str = "stolen", version: int = 1) -> TravelDocument:
    return TravelDocument(source="mx", record_id=record_id, owner="MX", number=f"G{record_id[-6:]}", issuing_country="MX",
                          reason=reason, version=version)


def vehicle(record_id: str, *, reason: str = "stolen", version: int = 1) -> Vehicle:
    return Vehicle(source="mx", record_id=record_id, owner="MX", vin="3VWFE21C04M000001", plate=f"ABC{record_id[-3:]}",
                   plate_country="MX", reason=reason, version=version)


def stored_rows(database: Path, source: str) -> dict[tuple[str, str], tuple[int, str]]:
    """Read (kind, record_id) → (version, status) of every stored record of a source, straight from the file."""
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT kind, record_id, version, status FROM records WHERE source = ?", (source,))
        return {(kind, record_id): (version, status) for kind, record_id, version, status in rows}
    finally:
        connection.close()


def logged_changes(database: Path, source: str) -> list[tuple[int, str, str, int, str]]:
    """Read the change log of a source: (seq, kind, record_id, version, status), in order."""
    connection = sqlite3.connect(database)
    try:
        return connection.execute(
            "SELECT seq, kind, record_id, version, status FROM changes WHERE source = ? ORDER BY seq", (source,)
        ).fetchall()
    finally:
        connection.close()
