"""OFAC SDN importer on the project's copy of the January 2022 list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.importers.base import ImportedRecord, ImportProblem
from engine.importers.ofac import iter_ofac, split_sdn_name
from engine.records import IdentifierKind, PartialDate, Person

OFAC_DIR = Path(__file__).resolve().parents[2] / "data" / "ofac-sdn-2022-01"
INDIVIDUALS_IN_LIST = 4643


@pytest.fixture(scope="module")
def imported() -> list[ImportedRecord | ImportProblem]:
    return list(iter_ofac(OFAC_DIR))


@pytest.fixture(scope="module")
def by_id(imported: list[ImportedRecord | ImportProblem]) -> dict[str, ImportedRecord]:
    return {item.record.record_id: item for item in imported if isinstance(item, ImportedRecord)}


def person(by_id: dict[str, ImportedRecord], ent_num: int) -> Person:
    record = by_id[f"OFAC-{ent_num}"].record
    assert isinstance(record, Person)
    return record


def test_every_individual_imported(imported: list[ImportedRecord | ImportProblem]) -> None:
    records = [item for item in imported if isinstance(item, ImportedRecord)]
    problems = [item for item in imported if isinstance(item, ImportProblem)]

    assert problems == []
    assert len(records) == INDIVIDUALS_IN_LIST
    assert len({item.record.record_id for item in records}) == INDIVIDUALS_IN_LIST
    assert all(item.record.owner == "US" and item.record.source == "intl" for item in records)


def test_amezcua_contreras(by_id: dict[str, ImportedRecord]) -> None:
    amezcua = person(by_id, 6703)

    assert amezcua.given_names == "Jose de Jesus"
    assert (amezcua.paternal_surname, amezcua.maternal_surname) == ("AMEZCUA", "CONTRERAS")
    assert amezcua.full_name == "AMEZCUA CONTRERAS, Jose de Jesus"
    assert amezcua.birth_dates == [PartialDate(1964, 7, 31), PartialDate(1965, 7, 31)]
    assert amezcua.aliases == [
        "AMESCUA, Chuey", "AMEZCUA, Chuy", "AMEZCUA CONTRERAS, Jesus", "AMEZCUA, Jose de Jesus", "HERNANDEZ, Adan",
    ]
    assert amezcua.places_of_birth == ["Mexico"]
    assert amezcua.notice is not None
    assert (amezcua.notice.kind, amezcua.notice.reference, amezcua.notice.program) == ("sanction", "6703", "SDNTK")
    assert by_id["OFAC-6703"].line == 146


def test_mexican_identifiers(by_id: dict[str, ImportedRecord]) -> None:
    patricia = person(by_id, 11238)

    kinds = {identifier.kind: identifier for identifier in patricia.identifiers}
    assert kinds[IdentifierKind.CURP].value == "AECP670318MJCMNT07"
    assert kinds[IdentifierKind.CURP].valid is True
    assert kinds[IdentifierKind.RFC].value == "AECP670318"
    assert kinds[IdentifierKind.RFC].country == "MX"
    assert patricia.nationalities == ["MX"]
    assert "AMEZCUA DE LADINO, Patricia" in patricia.aliases
    assert patricia.flags == []


def test_seventeen_character_curp_kept_and_flagged(by_id: dict[str, ImportedRecord]) -> None:
    arriola = person(by_id, 9338)

    curps = [identifier for identifier in arriola.identifiers if identifier.kind == IdentifierKind.CURP]
    assert [(curp.value, curp.valid) for curp in curps] == [("AIMM67125HCHRRG06", False)]
    assert [(flag.field, flag.value) for flag in arriola.flags] == [("identifiers.curp", "AIMM67125HCHRRG06")]
    assert arriola.birth_dates == [PartialDate(1967, 12, 15)]
    assert "Calle Mina No. 15, Saucillo, Chihuahua, Mexico" in by_id["OFAC-9338"].addresses


def test_curps_after_hash_sign(by_id: dict[str, ImportedRecord]) -> None:
    hernandez = person(by_id, 9976)

    values = [identifier.value for identifier in hernandez.identifiers if identifier.kind == IdentifierKind.CURP]
    assert values == ["HESU430525HBCRMR13", "HESU430525HBCRMR05", "HEXU430525HBCRXR07"]


def test_partial_circa_and_range_birth_dates(by_id: dict[str, ImportedRecord]) -> None:
    assert person(by_id, 7782).birth_dates == [PartialDate(1951, circa=True)]
    assert person(by_id, 6862).birth_dates == [PartialDate(1938, 9)]
    assert person(by_id, 15496).birth_dates == [PartialDate(1929), PartialDate(1930)]
    assert person(by_id, 15962).birth_dates == [PartialDate(1961), PartialDate(1962)]


def test_places_nicknames_and_other_ids(by_id: dict[str, ImportedRecord]) -> None:
    mendez = person(by_id, 11798)
    rodriguez = person(by_id, 4107)

    assert mendez.places_of_birth[:2] == ["El Coloma, Michoacan", "Eduardo Neri, Guerrero"]
    assert mendez.birth_dates[0] == PartialDate(1974, 2, 28)
    assert len(mendez.birth_dates) == 3
    assert "CHUY" in mendez.aliases
    cedulas = [i for i in rodriguez.identifiers if i.kind == IdentifierKind.NATIONAL_ID]
    assert [(i.value, i.country) for i in cedulas] == [("6068015", "CO"), ("6067015", "CO")]
    passports = [i for i in rodriguez.identifiers if i.kind == IdentifierKind.PASSPORT]
    assert ("6067015", "KM") in [(i.value, i.country) for i in passports]


def test_gender_and_programs(by_id: dict[str, ImportedRecord]) -> None:
    records = [item.record for item in by_id.values()]

    assert sum(1 for record in records if record.sex == "M") == 1642  # type: ignore[union-attr]
    assert sum(1 for record in records if record.sex == "F") == 158  # type: ignore[union-attr]
    naqdi = person(by_id, 12057)
    assert naqdi.notice is not None and naqdi.notice.program == "SDGT, NPWMD, IRGC, IFSR, IRAN-HR, IRAN-EO13876"


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("AMEZCUA CONTRERAS, Jose de Jesus", ("Jose de Jesus", "AMEZCUA", "CONTRERAS")),
        ("DE ICAZA LOZANO, Alejandro", ("Alejandro", "DE ICAZA", "LOZANO")),
        ("DE LA CRUZ LOPEZ, Maria", ("Maria", "DE LA CRUZ", "LOPEZ")),
        ("GOMEZ Y CONDE, Pedro", ("Pedro", "GOMEZ", "CONDE")),
        ("GONZALEZ PIZANA JR., Rogelio", ("Rogelio", "GONZALEZ", "PIZANA")),
        ("DELOS REYES, Feliciano Semborio, Jr.", ("Feliciano Semborio", "DELOS REYES", None)),
        ("DIAZ DE LEON SAUCEDA, Cesar Enrique", ("Cesar Enrique", "DIAZ DE LEON SAUCEDA", None)),
        ("SANTOSO", (None, None, None)),
    ],
)
def test_split_sdn_name(name: str, parts: tuple[str | None, str | None, str | None]) -> None:
    assert split_sdn_name(name) == parts


def test_truncated_sdn_keeps_rows_before_cut(tmp_path: Path) -> None:
    folder = tmp_path / "sdn"
    shutil.copytree(OFAC_DIR, folder)
    text = (folder / "sdn.csv").read_text(encoding="ascii")
    cut = text.index('6704,"AMEZCUA CONTRERAS, Luis Ignacio"') + 120
    (folder / "sdn.csv").write_text(text[:cut], encoding="ascii")

    items = list(iter_ofac(folder / "sdn.csv"))

    records = [item for item in items if isinstance(item, ImportedRecord)]
    problems = [item for item in items if isinstance(item, ImportProblem)]
    assert records[-1].record.record_id == "OFAC-6703"
    assert len(problems) == 1
    assert problems[0].line == 147
    assert problems[0].file == str(folder / "sdn.csv")


def test_bad_rows_reported_and_end_of_file_byte(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    rows = [
        '6703,"AMEZCUA CONTRERAS, Jose de Jesus",individual,SDNTK,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,DOB 31 Jul 1964; alt. DOB 31 Feb 1965.',
        "12,too,few,columns",
        'x9,"NO NUMBER, Juan",individual,SDNTK,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        '306,BANCO NACIONAL DE CUBA,-0- ,CUBA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        '11239,"AMEZCUA CONTRERAS, Adan",individual,SDNTK,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 27 Jun 1969; nationality Atlantis; Passport A-1."',
    ]
    (folder / "sdn.csv").write_bytes(("\n".join(rows) + "\n").encode("ascii") + b"\x1a")

    items = list(iter_ofac(folder))

    records = {item.record.record_id: item.record for item in items if isinstance(item, ImportedRecord)}
    problems = [(item.line, item.message) for item in items if isinstance(item, ImportProblem)]
    assert list(records) == ["OFAC-6703", "OFAC-11239"]
    assert problems == [(2, "expected 12 columns, found 4"), (3, "ent_num 'x9' is not a number")]
    assert [(flag.field, flag.value) for flag in records["OFAC-6703"].flags] == [("birth_dates", "31 Feb 1965")]
    assert [(flag.field, flag.value) for flag in records["OFAC-11239"].flags] == [("nationalities", "Atlantis")]
    assert records["OFAC-6703"].aliases == []


def test_cut_inside_quoted_remarks(tmp_path: Path) -> None:
    text = (OFAC_DIR / "sdn.csv").read_text(encoding="ascii")
    cut = text.index('11238,"AMEZCUA CONTRERAS, Patricia"') + 150
    path = tmp_path / "sdn.csv"
    path.write_text(text[:cut], encoding="ascii")

    items = list(iter_ofac(path))

    records = [item for item in items if isinstance(item, ImportedRecord)]
    problems = [item for item in items if isinstance(item, ImportProblem)]
    assert records[-1].record.record_id == "OFAC-11237"
    assert [(problem.line, problem.message) for problem in problems] == [(1774, "last row has no line end; the file looks truncated")]
