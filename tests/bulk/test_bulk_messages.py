"""Bulk job texts in the job's language: JSON Lines row errors, band and notice labels, wide headers, summary counts."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine.bulk.columns import resolve_columns
from engine.bulk.jobs import DONE, JobStore, run_job
from engine.bulk.output import CSV_COLUMNS, RowHit, render_hits
from engine.i18n import UserError, translate


def read_csv(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def store(tmp_path) -> JobStore:
    return JobStore(tmp_path / "jobs")


def write_bad_jsonl(path) -> None:
    path.write_text(
        json.dumps({"name": "Ana Ruiz Soto"}) + "\n"
        '{"name": "Luis Paz"\n'
        "[1, 2]\n"
        '{"name": "x", "n": ' + "9" * 5000 + "}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                ("2", "bulk.row.not_json", "La línea no es JSON válido en la columna 20: falta «,» entre dos valores o el cierre del objeto o de la lista."),
                ("3", "bulk.row.not_object", "La línea es una lista y no un objeto JSON con los campos de la persona."),
                ("4", "bulk.row.number_too_long", "La línea tiene un número con demasiadas cifras para leerlo."),
            ],
        ),
        (
            "en",
            [
                ("2", "bulk.row.not_json", "The line is not valid JSON at column 20: ',' between two values or the closing bracket is missing."),
                ("3", "bulk.row.not_object", "The line is an array, not a JSON object with the person's fields."),
                ("4", "bulk.row.number_too_long", "The line has a number with too many digits to read."),
            ],
        ),
    ],
)
def test_jsonl_row_errors_in_job_language(tmp_path, sources_file, store, language, expected):
    source = tmp_path / "lista.jsonl"
    write_bad_jsonl(source)
    output = tmp_path / "out.jsonl"

    spec = store.create(source, output, output_format="jsonl", config_path=str(sources_file), workers=1, language=language)
    state = run_job(store, spec.job_id)

    assert state.state == DONE
    errors = read_csv(output.with_name("out.errors.csv"))
    assert [(row["line"], row["error"], row["message"]) for row in errors] == expected


def hit(band: str = "strong", notice: str = "warrant CP-1 SDGT") -> RowHit:
    return RowHit(
        rank=1, score=0.93, band=band, source="mx", owner="MX", record_id="MX-1", matched_name="Ana Ruiz Soto",
        birth_dates=["1980-01-02"], notice=notice, explanation="nombre idéntico",
    )


def csv_row(text: str) -> dict[str, str]:
    return dict(zip(CSV_COLUMNS, next(csv.reader(io.StringIO(text))), strict=True))


@pytest.mark.parametrize(
    ("band", "notice", "band_es", "notice_es"),
    [
        ("strong", "warrant CP-1 SDGT", "fuerte", "orden de aprehensión CP-1 SDGT"),
        ("possible", "red 2020/123", "posible", "notificación roja 2020/123"),
        ("weak", "sanction", "débil", "sanción"),
        ("weak", "red_notice A-100", "débil", "red_notice A-100"),
        ("weak", "", "débil", ""),
    ],
)
def test_csv_band_and_notice_in_spanish(band, notice, band_es, notice_es):
    row = csv_row(render_hits("csv", 0, 2, "R-1", "Ana Ruiz", "", [hit(band, notice)], "es"))

    assert row["band"] == band_es
    assert row["notice"] == notice_es


def test_csv_band_and_notice_in_english_keep_codes():
    row = csv_row(render_hits("csv", 0, 2, "R-1", "Ana Ruiz", "", [hit()], "en"))

    assert row["band"] == "strong"
    assert row["notice"] == "warrant CP-1 SDGT"


def test_jsonl_keeps_codes_and_adds_labels():
    spanish = json.loads(render_hits("jsonl", 0, 2, "R-1", "Ana Ruiz", "", [hit()], "es"))["hits"][0]
    english = json.loads(render_hits("jsonl", 0, 2, "R-1", "Ana Ruiz", "", [hit()], "en"))["hits"][0]

    assert (spanish["band"], spanish["notice"]) == ("strong", "warrant CP-1 SDGT")
    assert (spanish["band_label"], spanish["notice_label"]) == ("fuerte", "orden de aprehensión CP-1 SDGT")
    assert (english["band"], english["band_label"]) == ("strong", "strong")
    assert english["notice_label"] == "arrest warrant CP-1 SDGT"


def test_wide_header_lists_ten_columns_then_a_count():
    header = [f"col{number}" for number in range(3000)]

    with pytest.raises(UserError) as raised:
        resolve_columns(header)

    spanish = raised.value.render("es")
    english = raised.value.render("en")
    assert "'col9' y 2990 más" in spanish
    assert "'col9' and 2990 more" in english
    assert "'col10'" not in spanish
    assert len(spanish) < 400
    assert len(english) < 400


def test_narrow_header_lists_every_column():
    with pytest.raises(UserError) as raised:
        resolve_columns(["folio", "fecha"])

    assert "Columnas encontradas: 'folio', 'fecha'." in raised.value.render("es")
    assert "más" not in raised.value.render("es")


def test_missing_mapped_column_in_wide_header_is_capped():
    header = [f"col{number}" for number in range(12)] + ["nombre"]

    with pytest.raises(UserError) as raised:
        resolve_columns(header, {"birth_date": "fecha"})

    assert raised.value.render("en").endswith("Columns found: 'col0', 'col1', 'col2', 'col3', 'col4', 'col5', 'col6', 'col7', 'col8', 'col9' and 3 more.")


def test_summary_counts_singular_and_plural():
    counts = {"rows": 1, "seconds": 1.0, "rate": 1.0, "strong": 1, "possible": 0, "weak": 2, "errors": 1, "output": "out.csv"}

    assert translate("bulk.summary", "es", **counts).startswith("1 fila en 1.0 s (1 filas/s): 1 fuerte, 0 posibles, 2 débiles, 1 fila con error.")
    assert translate("bulk.summary", "en", **counts).startswith("1 row in 1.0 s (1 rows/s): 1 strong, 0 possible, 2 weak, 1 row with errors.")
    assert translate("bulk.started", "es", job_id="J", rows=1).startswith("Trabajo J: 1 fila aprox.")
    assert translate("bulk.too_many_rows", "en", maximum=1).startswith("The file has more than 1 row.")
