"""Reading real input files: encodings, delimiters, header mapping, dates, bad rows with their line numbers."""

from __future__ import annotations

import json

import pytest

from engine.bulk.columns import load_mapping_file, parse_map_options, resolve_columns
from engine.bulk.input import inspect_input, read_rows
from engine.bulk.row_query import normalise_birth_date, row_query
from engine.i18n import UserError

SPANISH_ROWS = [
    ("Folio", "Nombre", "Apellido Paterno", "Apellido Materno", "Fecha de Nacimiento", "Sexo"),
    ("A-1", "José Luis", "Hernández", "Ñúñez", "14/03/1979", "Masculino"),
    ("A-2", "María", "Peña", "Díaz", "1985", "F"),
]


def spanish_csv(delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in SPANISH_ROWS) + "\r\n"


@pytest.mark.parametrize(
    "encoding,delimiter,found_encoding",
    [
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-8", ",", "utf-8"),
        ("cp1252", "\t", "cp1252"),
        ("latin-1", "|", "cp1252"),
    ],
)
def test_spreadsheet_exports_read_the_same(tmp_path, encoding, delimiter, found_encoding):
    path = tmp_path / "lista.csv"
    path.write_bytes(spanish_csv(delimiter).encode(encoding))

    shape = inspect_input(path)
    rows = list(read_rows(shape))

    assert shape.encoding == found_encoding
    assert shape.delimiter == delimiter
    assert shape.rows_estimate == 2
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].values == {
        "reference": "A-1",
        "given_names": "José Luis",
        "paternal_surname": "Hernández",
        "maternal_surname": "Ñúñez",
        "birth_date": "14/03/1979",
        "sex": "Masculino",
    }


def test_english_headers_and_full_name(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("Passenger,DOB,Gender,Nationality,Passport No\nJose Hernandez Nunez,1979-03-14,M,MEX,G123\n", encoding="utf-8")

    values = next(read_rows(inspect_input(path))).values
    query, parsed = row_query(values)

    assert values["name"] == "Jose Hernandez Nunez"
    assert parsed is None
    assert str(query.birth_date) == "1979-03-14"
    assert query.nationality == "MX"
    assert [(item.kind, item.value) for item in query.identifiers] == [("passport", "G123")]


def test_map_flags_override_defaults(tmp_path):
    path = tmp_path / "raro.csv"
    path.write_text("col1;col2;Nombre\nRamírez Soto, Ana;01/02/1990;ignored\n", encoding="utf-8")

    mapping = parse_map_options(["name=COL1", "birth_date=col2"])
    values = next(read_rows(inspect_input(path), mapping)).values

    assert values["name"] == "Ramírez Soto, Ana"
    assert normalise_birth_date(values["birth_date"]) == "1990-02-01"


@pytest.mark.parametrize("suffix,text", [(".toml", 'name = "Persona"\nbirth_date = "Nac."\n'), (".json", '{"name": "Persona", "birth_date": "Nac."}')])
def test_mapping_file(tmp_path, suffix, text):
    mapping_file = tmp_path / f"map{suffix}"
    mapping_file.write_text(text, encoding="utf-8")

    mapping = load_mapping_file(mapping_file)

    assert resolve_columns(["Nac.", "Persona"], mapping) == {"birth_date": 0, "name": 1}


def test_missing_mapped_column_names_the_columns():
    with pytest.raises(UserError) as raised:
        resolve_columns(["Nombre", "Fecha"], {"birth_date": "Nacimiento"})
    assert "Nacimiento" in raised.value.render("es")
    assert "'Fecha'" in raised.value.render("en")


def test_no_name_column_is_refused():
    with pytest.raises(UserError) as raised:
        resolve_columns(["Fecha", "Sexo"])
    assert raised.value.key == "bulk.no_name_column"
    assert "--map name=" in raised.value.render("en")


@pytest.mark.parametrize(
    "written,expected",
    [
        ("14/03/1979", "1979-03-14"),
        ("03/14/1979", "1979-03-14"),
        ("1979", "1979"),
        ("1979-03", "1979-03"),
        ("1979-03-14 00:00:00", "1979-03-14"),
        ("14.03.1979", "1979-03-14"),
        ("marzo", "marzo"),
    ],
)
def test_spreadsheet_dates(written, expected):
    assert normalise_birth_date(written) == expected


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    path = tmp_path / "multilinea.csv"
    path.write_text('nombre,notas\n"Ana Ruiz","dos\nlíneas"\nLuis Soto,x\n', encoding="utf-8")

    rows = list(read_rows(inspect_input(path)))

    assert [(row.index, row.line, row.values["name"]) for row in rows] == [(0, 2, "Ana Ruiz"), (1, 4, "Luis Soto")]


def test_jsonl_rows_and_a_broken_line(tmp_path):
    path = tmp_path / "lista.jsonl"
    lines = [
        json.dumps({"nombre_completo": "Ana Ruiz", "fecha_nacimiento": "1990-01-02"}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"given_names": "Luis", "last_name": "Soto Paz", "dob": 1980}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = list(read_rows(inspect_input(path)))

    assert rows[0].values == {"name": "Ana Ruiz", "birth_date": "1990-01-02"}
    assert rows[1].problem[0] == "bulk.row.not_json"
    assert rows[1].line == 2
    assert rows[2].line == 4
    assert rows[2].values == {"given_names": "Luis", "surnames": "Soto Paz", "birth_date": "1980"}


def test_read_rows_from_a_start_position(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_text("nombre\n" + "".join(f"Persona Numero{i}\n" for i in range(10)), encoding="utf-8")

    rows = list(read_rows(inspect_input(path), start=7))

    assert [row.index for row in rows] == [7, 8, 9]
    assert rows[0].values["name"] == "Persona Numero7"
