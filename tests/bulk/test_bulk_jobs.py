"""Running jobs in-process against a real index: hits, formula neutralisation, the errors file, the summary, cancel."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine.bulk.jobs import CANCELLED, DONE, JobStore, Principal, run_job
from engine.bulk.output import FORMULA_STARTS, neutralise
from engine.i18n import UserError


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_starts_are_quoted(start):
    assert neutralise(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


def test_plain_cells_are_untouched():
    assert neutralise("José 'Pepe' Hernández") == "José 'Pepe' Hernández"
    assert neutralise(0.7612) == "0.7612"


def read_csv(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def store(tmp_path) -> JobStore:
    return JobStore(tmp_path / "jobs")


def test_job_finds_known_people_and_reports_bad_rows(tmp_path, sources_file, store):
    source = tmp_path / "roster.csv"
    source.write_text(
        "Folio;Nombre;Apellido Paterno;Apellido Materno;Fecha de Nacimiento\n"
        "R-1;Jose Luis;Hernandez;Nunez;14/03/1979\n"
        "R-2;;;;1980-01-01\n"
        "=HYPERLINK(\"http://x\");Maria Guadalupe;Zuniga;Barcenas;30/06/1985\n"
        "R-4;Pedro;Páramo;Xolalpa;31/02/1970\n"
        "@R-5;Zzyzx;Qwerty;Vbnm;1900\n",
        encoding="cp1252",
    )
    output = tmp_path / "out" / "resultados.csv"

    spec = store.create(source, output, config_path=str(sources_file), workers=1)
    state = run_job(store, spec.job_id)

    assert state.state == DONE
    lines = read_csv(output)
    by_row: dict[str, list[dict[str, str]]] = {}
    for line in lines:
        by_row.setdefault(line["row"], []).append(line)
    assert set(by_row) == {"1", "3", "5"}
    first = by_row["1"][0]
    assert (first["record_id"], first["band"], first["source"], first["rank"]) == ("MX-KNOWN-1", "fuerte", "mx", "1")
    assert "fecha de nacimiento" in first["explanation"]
    third = by_row["3"][0]
    assert third["record_id"] == "INTL-KNOWN-2"
    assert third["owner"] == "CO"
    assert third["reference"].startswith("'=HYPERLINK")
    assert by_row["5"] == [dict(by_row["5"][0], rank="", record_id="")]
    assert by_row["5"][0]["reference"] == "'@R-5"

    errors = read_csv(output.with_name("resultados.errors.csv"))
    assert [(row["row"], row["line"], row["error"]) for row in errors] == [
        ("2", "3", "bulk.row.no_name"),
        ("4", "5", "birth_date.invalid"),
    ]
    assert "1970-02-31" in errors[1]["message"]

    summary = json.loads(output.with_name("resultados.summary.json").read_text(encoding="utf-8"))
    assert summary["rows"] == 5
    assert summary["errors"] == 2
    assert summary["rows_by_best_band"]["strong"] == 2
    assert summary["rows_per_second"] > 0


def test_jsonl_output_and_k(tmp_path, sources_file, store):
    source = tmp_path / "lista.jsonl"
    source.write_text(json.dumps({"name": "José Luis Hernández Ñúñez", "dob": "1979"}) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"

    spec = store.create(source, output, output_format="jsonl", k=1, min_band="weak", config_path=str(sources_file), workers=1)
    run_job(store, spec.job_id)

    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    assert rows[0]["line"] == 1
    assert [hit["record_id"] for hit in rows[0]["hits"]] == ["MX-KNOWN-1"]


def test_viewer_country_hides_records_it_may_not_see(tmp_path, sources_file, store):
    source = tmp_path / "lista.csv"
    source.write_text("nombre,fecha\nMaría Guadalupe Zúñiga Bárcenas,1985-06-30\n", encoding="utf-8")

    seen = {}
    for country in ("MX", "AR"):
        output = tmp_path / f"out-{country}.csv"
        spec = store.create(
            source, output, mapping={"birth_date": "fecha"}, config_path=str(sources_file), workers=1,
            principal=Principal(country=country, agency="test"),
        )
        run_job(store, spec.job_id)
        seen[country] = {row["record_id"] for row in read_csv(output)}

    assert "INTL-KNOWN-2" in seen["MX"]
    assert "INTL-KNOWN-2" not in seen["AR"]


def test_cancelled_job_stops_and_cannot_resume(tmp_path, sources_file, store):
    source = tmp_path / "lista.csv"
    source.write_text("nombre\nAna Ruiz Soto\n", encoding="utf-8")
    spec = store.create(source, tmp_path / "out.csv", config_path=str(sources_file), workers=1)

    store.request_cancel(spec.job_id)
    state = run_job(store, spec.job_id)

    assert state.state == CANCELLED
    with pytest.raises(UserError) as raised:
        run_job(store, spec.job_id)
    assert raised.value.key == "bulk.job_finished"


def test_changed_input_refuses_to_resume(tmp_path, sources_file, store):
    source = tmp_path / "lista.csv"
    source.write_text("nombre\nAna Ruiz Soto\n", encoding="utf-8")
    spec = store.create(source, tmp_path / "out.csv", config_path=str(sources_file), workers=1)

    source.write_text("nombre\nAna Ruiz Soto\nLuis Paz\n", encoding="utf-8")

    with pytest.raises(UserError) as raised:
        run_job(store, spec.job_id)
    assert raised.value.key == "bulk.input_changed"


def test_bad_options_are_refused(tmp_path, sources_file, store):
    source = tmp_path / "lista.csv"
    source.write_text("nombre\nAna Ruiz Soto\n", encoding="utf-8")

    for options, key in (({"k": 0}, "bulk.k_invalid"), ({"min_band": "maybe"}, "bulk.min_band_invalid"), ({"output_format": "xlsx"}, "bulk.format_invalid")):
        with pytest.raises(UserError) as raised:
            store.create(source, tmp_path / "out.csv", config_path=str(sources_file), **options)
        assert raised.value.key == key
