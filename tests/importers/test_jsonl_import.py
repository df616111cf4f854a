"""JSON Lines importer on real files with good and bad rows."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from engine.importers.base import ImportedRecord, ImportProblem
from engine.importers.jsonl import iter_jsonl
from engine.records import Person

GOOD = {"kind": "person", "source": "mx", "owner": "MX", "given_names": "María Guadalupe", "paternal_surname": "Xolalpa"}


def row(record_id: str, **fields: object) -> str:
    return json.dumps({**GOOD, "record_id": record_id, **fields}, ensure_ascii=False)


def split(items: list[ImportedRecord | ImportProblem]) -> tuple[list[ImportedRecord], list[ImportProblem]]:
    records = [item for item in items if isinstance(item, ImportedRecord)]
    problems = [item for item in items if isinstance(item, ImportProblem)]
    return records, problems


def test_bad_rows_reported_rest_imported(tmp_path: Path) -> None:
    lines = [
        row("MX-1"),                                          # 1 good
        '{"kind": "person", "record_id": "MX-2", "owner"',   # 2 bad JSON
        row("MX-3", given_names=None, paternal_surname=None),  # 3 no name
        row("MX-4", birth_dates=["1980-02-30"]),              # 4 kept, flagged
        "",                                                   # 5 blank, skipped
        row("MX-6", given_names="Jo\u0000sé"),                # 6 NUL byte removed
        row("MX-7", paternal_surname="X" * 10_000),           # 7 name too long
        row("MX-8", sex="Z"),                                 # 8 kept, flagged
        row("MX-9")[:-7],                                     # 9 truncated last line
    ]
    path = tmp_path / "persons.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")

    records, problems = split(list(iter_jsonl(path)))

    assert [item.record.record_id for item in records] == ["MX-1", "MX-4", "MX-6", "MX-8"]
    assert [item.line for item in records] == [1, 4, 6, 8]
    assert [problem.line for problem in problems] == [2, 3, 7, 9]
    assert all(problem.file == str(path) for problem in problems)
    assert problems[0].message.startswith("invalid JSON")
    assert "at least one of" in problems[1].message
    assert "10000 characters" in problems[2].message
    assert len(problems[2].value or "") < 200
    assert problems[3].message.startswith("invalid JSON")

    by_id = {item.record.record_id: item.record for item in records}
    assert by_id["MX-4"].flags[0].value == "1980-02-30"
    assert isinstance(by_id["MX-6"], Person) and by_id["MX-6"].given_names == "José"
    assert by_id["MX-8"].flags[0].field == "sex"


def test_invalid_utf8_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + row("MX-1").encode() + b"\n" + b'{"kind": "\xff\xfe"}\n' + row("MX-3").encode() + b"\n")

    records, problems = split(list(iter_jsonl(path)))

    assert [item.record.record_id for item in records] == ["MX-1", "MX-3"]
    assert [(problem.line, problem.message) for problem in problems] == [(2, "invalid UTF-8 at byte offset 10 of the line")]


def test_several_files_and_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_text(row("A-1") + "\n", encoding="utf-8")
    packed = tmp_path / "b.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(row("B-1") + "\n" + row("B-2") + "\n")

    records, problems = split(list(iter_jsonl(plain, packed)))

    assert problems == []
    assert [(Path(item.file).name, item.record.record_id) for item in records] == [
        ("a.jsonl", "A-1"), ("b.jsonl.gz", "B-1"), ("b.jsonl.gz", "B-2"),
    ]


def test_default_source_fills_missing(tmp_path: Path) -> None:
    path = tmp_path / "nosource.jsonl"
    data = {key: value for key, value in GOOD.items() if key != "source"}
    path.write_text(json.dumps({**data, "record_id": "X1"}) + "\n", encoding="utf-8")

    without, problems = split(list(iter_jsonl(path)))
    with_default, _ = split(list(iter_jsonl(path, default_source="mx")))

    assert without == []
    assert problems[0].message == "source is missing"
    assert with_default[0].record.source == "mx"


def test_import_is_streaming(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text(row("S-1") + "\n" + row("S-2") + "\n", encoding="utf-8")

    items = iter_jsonl(path)
    first = next(items)

    assert isinstance(first, ImportedRecord)
    assert first.record.record_id == "S-1"
