"""read_records picks the importer from the file name or content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.importers.base import ImportedRecord, UnknownFormatError, guess_format, read_records

DATA = Path(__file__).parent / "data"
OFAC_DIR = Path(__file__).resolve().parents[2] / "data" / "ofac-sdn-2022-01"


def test_guess_from_names_and_content(tmp_path: Path) -> None:
    jsonl_named_json = tmp_path / "export.json"
    jsonl_named_json.write_text(json.dumps({"kind": "person", "record_id": "1"}) + "\n", encoding="utf-8")

    assert guess_format(OFAC_DIR) == "ofac"
    assert guess_format(OFAC_DIR / "sdn.csv") == "ofac"
    assert guess_format(DATA / "interpol_red_list.json") == "interpol"
    assert guess_format(DATA / "interpol_single_notice.json") == "interpol"
    assert guess_format(tmp_path / "people.jsonl") == "jsonl"
    assert guess_format(jsonl_named_json) == "jsonl"


def test_unknown_format_rejected(tmp_path: Path) -> None:
    other = tmp_path / "people.xlsx"
    other.write_bytes(b"PK")

    with pytest.raises(UnknownFormatError, match="unknown import format"):
        guess_format(other)
    with pytest.raises(UnknownFormatError, match="expected one of"):
        read_records(DATA / "interpol_red_list.json", "xml")
    with pytest.raises(UnknownFormatError, match="sdn.csv"):
        guess_format(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_records(tmp_path / "missing.jsonl")


def test_read_records_dispatches() -> None:
    interpol = [item for item in read_records(DATA / "interpol_red_list.json") if isinstance(item, ImportedRecord)]
    ofac_first = next(iter(read_records(OFAC_DIR)))

    assert len(interpol) == 3
    assert isinstance(ofac_first, ImportedRecord)
    assert ofac_first.record.record_id.startswith("OFAC-")
