"""CSV lists of stolen documents and vehicles: Spanish and English headers, defaults, bad rows with their line."""

from __future__ import annotations

from pathlib import Path

from engine.importers.base import ImportedRecord, ImportProblem, guess_format, read_records
from engine.ingest import ingest_paths
from engine.records import TravelDocument, Vehicle
from engine.runtime import Runtime


def items(path: Path) -> tuple[list, list]:
    read = list(read_records(path))
    return [item.record for item in read if isinstance(item, ImportedRecord)], [item for item in read if isinstance(item, ImportProblem)]


def test_documents_with_english_header(tmp_path: Path) -> None:
    path = tmp_path / "documents.csv"
    path.write_text(
        "number,issuing_country,document_type,reason,holder_name,holder_birth_date\n"
        "G 1234 5678,MEX,P,stolen,Ana Pérez Luna,1988-02-14\n"
        ",MX,P,lost,,\n"
        "C01X00T47,D,P,lost,Erika Mustermann,1964-08-12\n"
        "X1,MX,P,burnt,,\n",
        encoding="utf-8",
    )

    assert guess_format(path) == "csv"
    records, problems = items(path)

    first, german = records
    assert isinstance(first, TravelDocument)
    assert (first.number, first.issuing_country, first.owner, first.source) == ("G 1234 5678", "MX", "MX", "intl")
    assert first.record_id == "MX-G12345678"
    assert str(first.holder_birth_date) == "1988-02-14"
    assert (german.issuing_country, german.reason) == ("DE", "lost")
    assert [(problem.line, problem.message) for problem in problems] == [
        (3, "number is empty"),
        (5, "reason 'burnt' is unknown; expected stolen/robado, lost/extraviado or revoked/revocado"),
    ]


def test_vehicles_with_spanish_header_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "vehiculos.csv"
    path.write_bytes(
        "niv;placa;país placa;marca;modelo;año;color;motivo;fuente\n"
        "3VWFE21C04M000001;MNP-4521;MX;Volkswagen;Jetta;2004;gris;robado;mx\n"
        ";;MX;Nissan;;;;robado;mx\n"
        "1M8GDM9AXKP042788;;US;Ford;;dos mil;;robado;mx\n".encode("cp1252")
    )

    records, problems = items(path)

    [car] = records
    assert isinstance(car, Vehicle)
    assert (car.vin, car.plate, car.plate_country, car.year, car.reason, car.source) == ("3VWFE21C04M000001", "MNP-4521", "MX", 2004, "stolen", "mx")
    assert [problem.line for problem in problems] == [3, 4]
    assert "vin or a plate" in problems[0].message
    assert "year 'dos mil'" in problems[1].message


def test_header_without_known_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("nombre,apellido\nAna,Pérez\n", encoding="utf-8")

    records, problems = items(path)

    assert records == []
    assert problems[0].line == 1
    assert "number" in problems[0].message


def test_ingested_csv_is_found_by_the_check(tmp_path: Path, checks_folder: Path) -> None:
    from engine.checks.document_check import check_document

    path = tmp_path / "lista.csv"
    path.write_text("numero,pais_emisor,motivo,registro\nZX-998877,GTM,extraviado,GT-CSV-1\n", encoding="utf-8")
    runtime = Runtime.open(str(checks_folder / "sources-MX.toml"))
    try:
        report = ingest_paths(runtime, [path], source="mx")
        answer = check_document(runtime, number="ZX998877", issuing_country="GT")
    finally:
        runtime.close()

    assert report.accepted == 1
    assert answer["document"]["status"] == "listed"
    assert answer["document"]["listings"][0]["reason"] == "lost"
    assert answer["document"]["listings"][0]["record_id"] == "GT-CSV-1"
