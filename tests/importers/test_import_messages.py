"""Per-row import problems in Spanish and English: importers, `cruce ingest` and the record keys behind them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.i18n import MESSAGES
from engine.importers.base import ImportProblem, read_records
from engine.importers.interpol import iter_interpol
from engine.importers.jsonl import iter_jsonl
from engine.importers.stolen_csv import iter_stolen_csv

GOOD = {"kind": "person", "source": "mx", "record_id": "MX-1", "owner": "MX", "full_name": "Ana Ruiz Salas"}


def problems_of(items) -> list[ImportProblem]:
    return [item for item in items if isinstance(item, ImportProblem)]


def write_jsonl(path: Path) -> Path:
    lines = [
        json.dumps(GOOD).encode(),
        b'{"kind": "person", "source": "mx",',
        json.dumps({**GOOD, "record_id": "MX-2", "full_name": None}).encode(),
        json.dumps({**GOOD, "record_id": "MX-3", "owner": 52}).encode(),
        b'{"kind": "person", "full_name": "Ana \xff"}',
        json.dumps([1, 2]).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_jsonl_problems_render_in_spanish(tmp_path):
    problems = problems_of(iter_jsonl(write_jsonl(tmp_path / "rows.jsonl")))

    texts = [problem.render("es") for problem in problems]
    assert [problem.line for problem in problems] == [2, 3, 4, 5, 6]
    assert texts[0] == "JSON no válido en la columna 35: se esperaba un nombre de campo entre comillas dobles"
    assert texts[1] == "una persona necesita al menos uno de given_names, paternal_surname, maternal_surname, full_name"
    assert texts[2] == "owner debe ser un texto, no un número"
    assert texts[3] == "UTF-8 no válido en el byte 37 de la línea"
    assert texts[4] == "un registro debe ser un objeto JSON, no una lista"


def test_jsonl_problems_render_in_english(tmp_path):
    problems = problems_of(iter_jsonl(write_jsonl(tmp_path / "rows.jsonl")))

    texts = [problem.render("en") for problem in problems]
    assert texts[0].startswith("invalid JSON at column")
    assert texts[2] == "owner must be a string, not a number"
    assert texts[4] == "a record must be a JSON object, not an array"
    assert [problem.message for problem in problems] == texts


def test_every_problem_has_a_key_with_both_languages(tmp_path):
    problems = problems_of(iter_jsonl(write_jsonl(tmp_path / "rows.jsonl")))

    for problem in problems:
        assert problem.key in MESSAGES, problem
        assert set(MESSAGES[problem.key]) == {"es", "en"}


def test_stolen_csv_problems_in_spanish(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text(
        "numero,pais_emisor,motivo,año\n"
        ",MX,robado,\n"
        "X1,MX,quemado,\n"
        "X3,MX,robado,,,\n",
        encoding="utf-8",
    )

    problems = problems_of(iter_stolen_csv(path))

    assert [problem.render("es") for problem in problems] == [
        "number está vacío",
        "el motivo 'quemado' es desconocido; use robado/stolen, extraviado/lost o revocado/revoked",
        "la fila tiene 6 celdas pero el encabezado tiene 4",
    ]


def test_stolen_csv_unknown_header_in_both_languages(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("nombre,apellido\nAna,Pérez\n", encoding="utf-8")

    [problem] = problems_of(iter_stolen_csv(path))

    assert problem.render("es").startswith("el encabezado no tiene columna de número")
    assert problem.render("en").startswith("the header names no number column")


def test_interpol_problems_in_spanish(tmp_path):
    path = tmp_path / "notices.json"
    notices = [{"entity_id": "2020/1", "name": "RUIZ"}, {"forename": "ANA"}, "text", {"entity_id": "2020/2"}]
    path.write_text(json.dumps(notices), encoding="utf-8")

    texts = [problem.render("es") for problem in problems_of(iter_interpol(path))]

    assert texts == [
        "falta entity_id o no es un texto",
        "una notificación debe ser un objeto JSON, no un texto",
        "la notificación 2020/2 no tiene forename ni name",
    ]


def test_interpol_cut_file_in_spanish(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[{"entity_id": "2020/1", "name": "RUIZ"}, {"entity_id": "2020/2", "na', encoding="utf-8")

    [problem] = problems_of(iter_interpol(path))

    assert problem.render("es").startswith("JSON no válido en una notificación, columna")
    assert problem.render("en").startswith("invalid JSON in a notice at column")


def test_ofac_column_count_singular_and_plural(tmp_path):
    folder = tmp_path / "ofac"
    folder.mkdir()
    (folder / "sdn.csv").write_text('1,"RUIZ, Ana",individual\n', encoding="cp1252")
    (folder / "alt.csv").write_text("7\n", encoding="cp1252")

    problems = problems_of(read_records(folder, "ofac"))

    assert [problem.render("es") for problem in problems] == [
        "se esperaban 5 columnas y hay 1",
        "se esperaban 12 columnas y hay 3",
    ]


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    config = tmp_path / "sources.toml"
    config.write_text(f'[embedded]\npath = "{tmp_path / "cruce.db"}"\n\n[sources.mx]\nowner = "MX"\n', encoding="utf-8")
    return config


def ingest(sources_file: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), *args]
    # A wide terminal keeps each problem on one line of the rich console's output.
    environment = {**os.environ, "COLUMNS": "1000"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=environment, check=False)


def test_cli_ingest_reports_rows_in_spanish(tmp_path, sources_file):
    path = write_jsonl(tmp_path / "rows.jsonl")

    result = ingest(sources_file, "ingest", str(path))

    assert f"{path}:4: owner debe ser un texto, no un número" in result.stderr
    assert f"{path}:6: un registro debe ser un objeto JSON, no una lista" in result.stderr
    assert "must be" not in result.stderr
    assert "1 registro importado en la fuente mx" in result.stdout


def test_cli_ingest_reports_rows_in_english(tmp_path, sources_file):
    path = write_jsonl(tmp_path / "rows.jsonl")

    result = ingest(sources_file, "--lang", "en", "ingest", str(path))

    assert f"{path}:4: owner must be a string, not a number" in result.stderr
    assert "Imported 1 record into source mx" in result.stdout
    assert "5 rows with errors" in result.stdout


def test_cli_ingest_unknown_source_in_spanish(tmp_path, sources_file):
    path = tmp_path / "gt.jsonl"
    path.write_text(json.dumps({**GOOD, "source": "gt"}) + "\n", encoding="utf-8")

    result = ingest(sources_file, "ingest", str(path))

    assert f"{path}:1: fuente desconocida 'gt'" in result.stderr
    assert "1 fila con errores" in result.stdout
