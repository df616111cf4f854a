"""The hash-chained audit log: entries, tamper detection, concurrent writers in threads and processes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from engine.audit import AuditLog, verify_segment
from engine.audit.chain import canonical_json, entry_hash
from engine.audit.export import export_entries, read_export

PROJECT = Path(__file__).resolve().parents[2]
OFFICER = {"key_id": "a1b2c3d4e5f6", "agency": "SSPC", "country": "MX", "kind": "key"}


@pytest.fixture
def log(tmp_path):
    opened = AuditLog(tmp_path / "audit.db")
    for number in range(1, 9):
        opened.record(
            OFFICER, "person.search", query={"name": f"Persona {number}", "birth_date": None}, hits=number,
            record_ids=[f"mx/person/MX-{number}"],
        )
    yield opened
    opened.close()


def tamper(log: AuditLog, *statements: tuple[str, tuple]) -> None:
    """Change the file as an attacker with write access would: drop the guards, then run the statements."""
    connection = sqlite3.connect(log.path, isolation_level=None)
    connection.execute("DROP TRIGGER audit_entries_no_update")
    connection.execute("DROP TRIGGER audit_entries_no_delete")
    for statement, parameters in statements:
        connection.execute(statement, parameters)
    connection.close()


def row(log: AuditLog, seq: int) -> tuple[str, str]:
    return sqlite3.connect(log.path).execute("SELECT body, hash FROM audit_entries WHERE seq = ?", (seq,)).fetchone()


def test_entry_fields(log):
    entry = list(log.entries())[2]

    assert entry["seq"] == 3
    assert entry["actor"] == OFFICER
    assert entry["action"] == "person.search"
    assert entry["query"] == {"name": "Persona 3"}
    assert entry["hits"] == 3
    assert entry["record_ids"] == ["mx/person/MX-3"]
    assert entry["outcome"] == "success"
    assert entry["at"].endswith("Z")
    assert entry["hash"] == entry_hash(entry["prev_hash"], canonical_json({k: v for k, v in entry.items() if k != "hash"}))


def test_intact_chain_verifies(log):
    result = log.verify()

    assert result.ok
    assert result.checked == 8
    assert (result.head_seq, result.head_hash) == log.head()


def test_update_and_delete_refused_by_triggers(log):
    connection = sqlite3.connect(log.path)
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE audit_entries SET body = '{}' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("DELETE FROM audit_entries WHERE seq = 1")


def test_edited_entry_detected(log):
    body, _ = row(log, 5)
    tamper(log, ("UPDATE audit_entries SET body = ? WHERE seq = 5", (body.replace('"hits":5', '"hits":0'),)))

    result = log.verify()

    assert not result.ok
    assert result.bad_seq == 5
    assert result.problem == "hash"
    assert result.checked == 4


def test_edited_entry_with_new_hash_detected_at_next(log):
    body, _ = row(log, 5)
    edited = body.replace("MX-5", "MX-X")
    previous = row(log, 4)[1]
    tamper(log, ("UPDATE audit_entries SET body = ?, hash = ? WHERE seq = 5", (edited, entry_hash(previous, edited))))

    result = log.verify()

    assert result.bad_seq == 6
    assert result.problem == "previous_hash"


def test_deleted_entry_detected(log):
    tamper(log, ("DELETE FROM audit_entries WHERE seq = 5", ()))

    result = log.verify()

    assert result.bad_seq == 6
    assert result.problem == "sequence"


def test_reordered_entries_detected(log):
    four, five = row(log, 4), row(log, 5)
    tamper(
        log,
        ("UPDATE audit_entries SET body = ?, hash = ? WHERE seq = 4", five),
        ("UPDATE audit_entries SET body = ?, hash = ? WHERE seq = 5", four),
    )

    result = log.verify()

    assert result.bad_seq == 4
    assert result.problem == "sequence"


def test_inserted_entry_detected(log):
    previous = row(log, 4)[1]
    forged = canonical_json({"seq": 5, "at": "2020-01-01T00:00:00.000000Z", "prev_hash": previous, "actor": OFFICER, "action": "person.search", "query": {}, "hits": 0, "record_ids": [], "outcome": "success"})
    statements = [(f"UPDATE audit_entries SET seq = {seq + 100} WHERE seq = {seq}", ()) for seq in range(8, 4, -1)]
    statements += [(f"UPDATE audit_entries SET seq = {seq + 1} WHERE seq = {seq + 100}", ()) for seq in range(5, 9)]
    statements.append(("INSERT INTO audit_entries (seq, at, body, hash) VALUES (5, '2020', ?, ?)", (forged, entry_hash(previous, forged))))
    tamper(log, *statements)

    result = log.verify()

    assert result.bad_seq == 6
    assert result.problem == "sequence"


def test_hand_formatted_entry_detected(log):
    body, stored_hash = row(log, 2)
    spaced = json.dumps(json.loads(body), sort_keys=True, indent=1, ensure_ascii=False)
    tamper(log, ("UPDATE audit_entries SET body = ? WHERE seq = 2", (spaced,)))

    assert log.verify().problem == "not_canonical"


def test_record_ids_capped(tmp_path):
    log = AuditLog(tmp_path / "audit.db")
    entry = log.record(OFFICER, "source.export", hits=10_005, record_ids=[f"mx/person/{n}" for n in range(10_005)])

    assert len(entry["record_ids"]) == 10_000
    assert entry["record_ids_total"] == 10_005
    assert log.verify().ok


def test_export_segment_verifies_and_detects_edit(log, tmp_path):
    entries = list(log.entries())
    since = entries[3]["at"]
    out = tmp_path / "inspector.jsonl"

    count = export_entries(log, out, since=since)
    lines = out.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["hits"] = 99
    lines[1] = json.dumps(edited)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert count == 5
    assert verify_segment(read_export(out)).ok
    bad = verify_segment(read_export(tampered))
    assert not bad.ok
    assert bad.bad_seq == 2


def test_concurrent_threads_and_processes_keep_chain(tmp_path):
    path = tmp_path / "audit.db"
    AuditLog(path).close()
    writer = (
        "import sys; from engine.audit import AuditLog\n"
        "log = AuditLog(sys.argv[1])\n"
        "for n in range(60): log.record({'key_id': 'proc', 'agency': 'x', 'country': 'MX'}, 'bulk.row', hits=n)\n"
    )
    processes = [subprocess.Popen([sys.executable, "-c", writer, str(path)], cwd=PROJECT) for _ in range(3)]

    log = AuditLog(path)

    def append_many() -> None:
        for number in range(40):
            log.record(OFFICER, "person.search", hits=number)

    threads = [threading.Thread(target=append_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for process in processes:
        assert process.wait(timeout=60) == 0

    result = log.verify()
    assert result.ok
    assert result.checked == 3 * 60 + 4 * 40
    assert [entry["seq"] for entry in log.entries()] == list(range(1, 341))
