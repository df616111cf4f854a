"""INTERPOL notice importer on sample list responses, single notices and cut files."""

from __future__ import annotations

import json
from pathlib import Path

from engine.importers.base import ImportedRecord, ImportProblem
from engine.importers.interpol import iter_interpol
from engine.records import PartialDate, Person

DATA = Path(__file__).parent / "data"


def persons(items: list[ImportedRecord | ImportProblem]) -> dict[str, Person]:
    found = {}
    for item in items:
        if isinstance(item, ImportedRecord):
            assert isinstance(item.record, Person)
            found[item.record.record_id] = item.record
    return found


def test_list_response() -> None:
    items = list(iter_interpol(DATA / "interpol_red_list.json"))

    records = persons(items)
    assert list(records) == ["2019/48213", "2021/10577", "2020/77301"]
    assert [item.line for item in items if isinstance(item, ImportedRecord)] == [6, 25, 38]

    ramiro = records["2019/48213"]
    assert (ramiro.given_names, ramiro.paternal_surname, ramiro.maternal_surname) == ("RAMIRO", "TLAPA", "CUAUTLE")
    assert ramiro.full_name == "RAMIRO TLAPA CUAUTLE"
    assert ramiro.birth_dates == [PartialDate(1978, 11, 3)]
    assert ramiro.owner == "MX"
    assert ramiro.source == "intl"
    assert ramiro.notice is not None
    assert (ramiro.notice.kind, ramiro.notice.reference, ramiro.notice.issuer) == ("red", "2019/48213", "MX")
    assert ramiro.notice.charges == ("Homicidio calificado",)
    assert ramiro.flags == []


def test_particle_surname_and_year_only_birth_date() -> None:
    records = persons(list(iter_interpol(DATA / "interpol_red_list.json")))

    maria = records["2021/10577"]

    assert (maria.paternal_surname, maria.maternal_surname) == ("DE LA CRUZ", "XOLALPA")
    assert maria.birth_dates == [PartialDate(1969)]
    assert maria.owner == "US"
    assert maria.nationalities == ["MX", "US"]
    assert maria.notice is not None and len(maria.notice.charges) == 2


def test_invalid_values_kept_and_flagged() -> None:
    records = persons(list(iter_interpol(DATA / "interpol_red_list.json")))

    edgar = records["2020/77301"]

    assert edgar.birth_dates == []
    assert edgar.sex == "Q"
    assert edgar.nationalities == ["MX", "ZZ"]
    assert [(flag.field, flag.value) for flag in edgar.flags] == [
        ("date_of_birth", "1985-02-30"), ("sex_id", "Q"), ("nationalities", "ZZ"),
    ]


def test_single_red_and_yellow_notices() -> None:
    items = list(iter_interpol(DATA / "interpol_single_notice.json", DATA / "interpol_yellow_notice.json"))

    records = persons(items)
    juan = records["2022/30419"]
    guadalupe = records["2023/11872"]

    assert (juan.given_names, juan.paternal_surname, juan.maternal_surname) == ("JUAN CARLOS", "HERNANDEZ", None)
    assert guadalupe.notice is not None and guadalupe.notice.kind == "yellow"
    assert guadalupe.owner == "INTL"
    assert (guadalupe.paternal_surname, guadalupe.maternal_surname) == ("POOT", "CANUL")


def test_truncated_list_keeps_notices_before_cut(tmp_path: Path) -> None:
    text = (DATA / "interpol_red_list.json").read_text(encoding="utf-8")
    cut = text[: text.index('"entity_id": "2020/77301"') + 40]
    path = tmp_path / "cut.json"
    path.write_text(cut, encoding="utf-8")

    items = list(iter_interpol(path))

    assert list(persons(items)) == ["2019/48213", "2021/10577"]
    problems = [item for item in items if isinstance(item, ImportProblem)]
    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert problems[0].line == cut.count("\n") + 1
    assert problems[0].message.startswith("invalid JSON in a notice")


def test_missing_closing_brace_of_single_notice(tmp_path: Path) -> None:
    text = (DATA / "interpol_single_notice.json").read_text(encoding="utf-8").rstrip()[:-1]
    path = tmp_path / "open.json"
    path.write_text(text, encoding="utf-8")

    items = list(iter_interpol(path))

    assert len(items) == 1
    assert isinstance(items[0], ImportProblem)
    assert items[0].line == text.count("\n") + 1


def test_bad_notice_reported_others_kept(tmp_path: Path) -> None:
    notices = [
        {"entity_id": "2020/1", "forename": "ANA", "name": "UC"},
        {"forename": "SIN", "name": "ID"},
        {"entity_id": "2020/3", "forename": 5, "name": "PECH"},
        "not a notice",
        {"entity_id": "2020/5", "name": "X" * 10_000},
        {"entity_id": "2020/6", "forename": "LUIS", "name": "CHAN"},
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(notices, indent=1), encoding="utf-8")

    items = list(iter_interpol(path))

    assert list(persons(items)) == ["2020/1", "2020/6"]
    messages = [item.message for item in items if isinstance(item, ImportProblem)]
    assert messages[0] == "entity_id is missing or not a string"
    assert messages[1] == "forename must be a string, not a number"
    assert messages[2] == "a notice must be a JSON object, not a string"
    assert "10000 characters" in messages[3]


def test_empty_file_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("  \n", encoding="utf-8")

    items = list(iter_interpol(path))

    assert len(items) == 1 and isinstance(items[0], ImportProblem)
