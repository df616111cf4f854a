"""Writing a transaction in several chunks, with counts summed over the chunks, leaves the same index as one chunk at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engine.index.base import UpsertReport
from engine.index.preparation import prepared_chunks
from engine.index.sqlite_schema import configure, create_schema
from engine.index.sqlite_writes import PreparedRecord, write_batch, write_chunks
from engine.records import Record, Status
from index_records import document, inconsistencies, person, vehicle


def _records() -> list[Record]:
    """Persons sharing names and keys, a record repeated with a newer and an older version, a withdrawal, other kinds."""
    records: list[Record] = [
        person(f"P{number}", given, paternal, maternal)
        for number, (given, paternal, maternal) in enumerate(
            [
                ("José Luis", "Hernández", "Cruz"),
                ("Jose", "Hernandez", "Cruz"),
                ("María de la Luz", "de la Cruz", "Gómez"),
                ("Juan", "García", None),
                ("Raúl", "Gómez", "Bermúdez"),
            ]
        )
    ]
    records.append(person("P1", "José", "Hernández", "Cruz", version=2))  # rewrites P1 with other keys
    records.append(person("P0", "Pedro", "López", "Cruz", version=2))  # same identity, other name
    records.append(person("P1", "Raúl", "López", None, version=1))  # stale: version 2 is stored
    withdrawn = person("P3", "Juan", "García", None, version=2)
    withdrawn.status = Status.WITHDRAWN
    records.append(withdrawn)
    records.append(document("D1", "K03479734", "MEX"))
    records.append(vehicle("V1", "1M8GDM9AXKP042788", "ABC123D", "MEX"))
    records.append(person("P5", "Chuy", "Amezcua", "Contreras"))
    return records


def _chunks(records: list[Record], size: int) -> list[list[PreparedRecord]]:
    # Each record is prepared alone, so that repeated records reach the writer instead of being merged here.
    prepared = [entry for record in records for part in prepared_chunks([record], UpsertReport(), None) for entry in part]
    return [prepared[start : start + size] for start in range(0, len(prepared), size)]


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    configure(connection)
    create_schema(connection)
    return connection


def _contents(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "records": "SELECT id, kind, source, record_id, status, version, seq FROM records ORDER BY id",
        "keys": "SELECT key, postings FROM index_keys WHERE postings > 0 ORDER BY key",
        "postings": "SELECT k.key, p.row_id FROM postings AS p JOIN index_keys AS k ON k.id = p.key_id ORDER BY 1, 2",
        "parts": "SELECT part, count FROM name_parts ORDER BY part",
        "counts": "SELECT kind, source, status, count FROM record_counts WHERE count != 0 ORDER BY 1, 2, 3",
        "meta": "SELECT name, value FROM meta ORDER BY name",
        "changes": "SELECT seq, kind, source, record_id, version, status FROM changes ORDER BY seq",
    }
    return {name: connection.execute(query).fetchall() for name, query in queries.items()}


def test_summed_chunks_match_single_chunks(tmp_path: Path) -> None:
    records = _records()
    summed_report, single_report = UpsertReport(), UpsertReport()

    summed = _open(tmp_path / "summed.db")
    summed.execute("BEGIN IMMEDIATE")
    created = write_chunks(summed, _chunks(records, 2), summed_report, {})
    summed.execute("COMMIT")

    single = _open(tmp_path / "single.db")
    single.execute("BEGIN IMMEDIATE")
    for chunk in _chunks(records, 2):
        write_batch(single, chunk, single_report, {})
    single.execute("COMMIT")

    assert _contents(summed) == _contents(single)
    assert summed_report.accepted == single_report.accepted == len(records) - 1
    assert summed_report.stale == single_report.stale == 1
    assert set(created) >= {key for key, _ in _contents(summed)["keys"]}
    summed.close()
    single.close()
    assert inconsistencies(tmp_path / "summed.db") == []


def test_committed_key_ids_reused(tmp_path: Path) -> None:
    connection = _open(tmp_path / "cruce.db")
    records = _records()

    connection.execute("BEGIN IMMEDIATE")
    first = write_chunks(connection, _chunks(records[:3], 2), UpsertReport(), {})
    connection.execute("COMMIT")

    # Later records share keys with the first ones; passing the committed ids must not create them again.
    connection.execute("BEGIN IMMEDIATE")
    second = write_chunks(connection, _chunks(records[3:], 3), UpsertReport(), first)
    connection.execute("COMMIT")

    shared = first.keys() & second.keys()
    assert shared
    assert all(first[key] == second[key] for key in shared)
    duplicated = connection.execute("SELECT count(*) - count(DISTINCT key) FROM index_keys").fetchone()[0]
    assert duplicated == 0
    connection.close()
    assert inconsistencies(tmp_path / "cruce.db") == []
