"""`cruce scan` and `cruce vehicle`, run as real processes against the real index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from engine.demo.documents import KNOWN_VIN, demo_holder, demo_passport_mrz

MISREAD = "P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<\nK034797345MEX8503013M3001156<<<<<<<<<<<<<<<6"


def cruce(sources_file: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "engine.cli", "--config", str(sources_file), *args]
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=120)


def test_scan_demo_passport_json(sources_file: Path) -> None:
    result = cruce(sources_file, "scan", demo_passport_mrz(), "--json")

    assert result.returncode == 1, result.stderr
    answer = json.loads(result.stdout)
    assert answer["document"]["status"] == "listed"
    assert answer["document"]["listings"][0]["reason"] == "stolen"
    assert answer["holder"]["hits"][0]["record_id"] == demo_holder().record_id
    assert answer["holder"]["hits"][0]["band"] == "strong"


def test_scan_misread_from_stdin_says_what_was_repaired(sources_file: Path) -> None:
    result = cruce(sources_file, "scan", stdin=MISREAD + "\n")

    assert result.returncode == 1, result.stderr
    assert "KO3479734" in result.stdout
    assert "robado" in result.stdout
    assert "Línea 2, columna 2 (número de documento): se leyó «0» y se corrigió a «O»." in result.stdout
    assert "Gómez" in result.stdout


def test_scan_clear_document_exits_zero(sources_file: Path) -> None:
    result = cruce(sources_file, "--lang", "en", "scan", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10")

    assert result.returncode == 0, result.stderr
    assert "is not listed" in result.stdout


def test_scan_bad_mrz_names_line_and_column(sources_file: Path) -> None:
    result = cruce(sources_file, "scan", MISREAD + "XX")

    assert result.returncode == 2
    assert "Línea 2, columna 45" in result.stderr
    assert "46 caracteres" in result.stderr


def test_vehicle_by_vin_and_plate(sources_file: Path) -> None:
    by_vin = cruce(sources_file, "vehicle", "--vin", KNOWN_VIN, "--json")
    assert by_vin.returncode == 1, by_vin.stderr
    assert json.loads(by_vin.stdout)["listings"][0]["record_id"] == "MX-VEH-DEMO-1"

    by_plate = cruce(sources_file, "--lang", "en", "vehicle", "--plate", "ABC-123-D", "--country", "MX")
    assert by_plate.returncode == 1, by_plate.stderr
    assert "is listed as stolen" in by_plate.stdout

    bad = cruce(sources_file, "vehicle", "--vin", "3VWFE21C04M")
    assert bad.returncode == 2
    assert "17" in bad.stderr
