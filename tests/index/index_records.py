"""Record builders and a consistency check shared by the embedded index tests."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from engine.index.indexed_person import index_person
from engine.index.sqlite_writes import unpack_key_ids
from engine.records import PartialDate, Person, SharingRule, SharingScope, TravelDocument, Vehicle


def person(
    record_id: str,
    given: str = "José Luis",
    paternal: str = "Hernández",
    maternal: str | None = "Cruz",
    *,
    source: str = "mx",
    owner: str = "MX",
    scope: SharingScope = SharingScope.ALL,
    countries: tuple[str, ...] = (),
    version: int = 1,
    birth: str = "1980-05-01",
) -> Person:
    return Person(
        source=source,
        record_id=record_id,
        owner=owner,
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        birth_dates=[PartialDate.parse(birth)],
        version=version,
        sharing=SharingRule(scope, countries),
    )


def document(record_id: str, number: str, country: str, *, source: str = "intl", owner: str = "GT",
             scope: SharingScope = SharingScope.ALL) -> TravelDocument:
    return TravelDocument(source=source, record_id=record_id, owner=owner, number=number,
                          issuing_country=country, sharing=SharingRule(scope))


def vehicle(record_id: str, vin: str | None, plate: str | None, plate_country: str | None, *,
            source: str = "mx", owner: str = "MX", scope: SharingScope = SharingScope.ALL) -> Vehicle:
    return Vehicle(source=source, record_id=record_id, owner=owner, vin=vin, plate=plate,
                   plate_country=plate_country, sharing=SharingRule(scope))


def keys_of(record: Person) -> list[str]:
    return index_person(record).blocking_keys


def inconsistencies(path: Path) -> list[str]:
    """Recompute every derived table of an index file from its records and list the differences."""
    connection = sqlite3.connect(path)
    problems: list[str] = []

    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")

    stored_postings: Counter[tuple[int, int]] = Counter()
    expected_parts: Counter[str] = Counter()
    active_persons = 0
    rows = connection.execute(
        "SELECT r.id, r.kind, r.status, b.key_ids, b.parts FROM records AS r JOIN record_bodies AS b ON b.id = r.id"
    )
    for row_id, kind, status, key_ids, parts in rows:
        key_id_list = unpack_key_ids(key_ids)
        if status != "active" and (key_id_list or parts):
            problems.append(f"withdrawn row {row_id} still lists keys or name parts")
        if kind == "person" and status == "active":
            active_persons += 1
            expected_parts.update(parts.split("\n") if parts else [])
        for key_id in key_id_list:
            stored_postings[(key_id, row_id)] += 1

    postings = Counter(connection.execute("SELECT key_id, row_id FROM postings").fetchall())
    if postings != stored_postings:
        problems.append("postings differ from the key ids stored with the records")

    for key, counted, actual in connection.execute(
        "SELECT k.key, k.postings, (SELECT count(*) FROM postings AS p WHERE p.key_id = k.id) FROM index_keys AS k"
    ):
        if counted != actual:
            problems.append(f"blocking key {key!r} counts {counted} postings, has {actual}")

    parts = dict(connection.execute("SELECT part, count FROM name_parts").fetchall())
    if parts != dict(expected_parts):
        problems.append("name_parts differ from the parts of active persons")

    counted = {
        (kind, source, status): count
        for kind, source, status, count in connection.execute("SELECT kind, source, status, count FROM record_counts")
        if count
    }
    actual = {
        (kind, source, status): count
        for kind, source, status, count in connection.execute(
            "SELECT kind, source, status, count(*) FROM records GROUP BY kind, source, status"
        )
    }
    if counted != actual:
        problems.append(f"record_counts {counted} differ from records {actual}")

    meta = dict(connection.execute("SELECT name, value FROM meta").fetchall())
    if meta.get("active_persons", 0) != active_persons:
        problems.append(f"active_persons is {meta.get('active_persons')}, records have {active_persons}")

    connection.close()
    return problems
