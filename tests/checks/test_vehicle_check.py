"""The vehicle check service over a real index: by VIN, by plate and country, bad VINs."""

from __future__ import annotations

import pytest

from engine.checks.input_errors import CheckInputError
from engine.checks.vehicle_check import check_vehicle
from engine.demo.documents import KNOWN_PLATE, KNOWN_VIN
from engine.runtime import Runtime


def test_stolen_by_vin(runtime: Runtime) -> None:
    answer = check_vehicle(runtime, vin=KNOWN_VIN.lower())

    assert answer["status"] == "listed"
    listing = answer["listings"][0]
    assert (listing["record_id"], listing["matched_by"], listing["make"]) == ("MX-VEH-DEMO-1", "vin", "Volkswagen")
    assert answer["vin"]["valid"] is True
    assert answer["vin"]["check_digit_applies"] is True
    assert answer["vin"]["country"] == "MX"
    assert answer["warnings"] == []


def test_vin_with_letter_o_still_found_and_reported(runtime: Runtime) -> None:
    answer = check_vehicle(runtime, vin=KNOWN_VIN.replace("000001", "OOOOO1"), language="en")

    assert answer["status"] == "listed"
    assert answer["vin"]["valid"] is False
    [problem] = answer["problems"]
    assert problem["code"] == "vin.forbidden_letter"
    assert problem["text"].startswith("Position 12:")


def test_stolen_by_plate_and_country(runtime: Runtime) -> None:
    answer = check_vehicle(runtime, plate="abc 123 d", plate_country="MEX")

    assert answer["status"] == "listed"
    assert [item["record_id"] for item in answer["listings"]] == ["SMV-MX-DEMO-2"]
    assert [item["record_id"] for item in answer["other_countries"]] == ["GT-PLATE"]
    assert answer["plate"]["format"] == "MX: three letters, three digits, one letter"

    elsewhere = check_vehicle(runtime, plate=KNOWN_PLATE, plate_country="US")
    assert elsewhere["status"] == "clear"
    assert len(elsewhere["other_countries"]) == 2


def test_non_north_american_vin_flagged(runtime: Runtime) -> None:
    answer = check_vehicle(runtime, vin="VSSZZZ6JZ9R012345")

    assert answer["status"] == "listed"
    assert answer["vin"]["check_digit_applies"] is False
    assert answer["warnings"][0]["code"] == "vin.no_check_digit"
    assert "Europe" in answer["warnings"][0]["text"]


def test_clear_vehicle(runtime: Runtime) -> None:
    answer = check_vehicle(runtime, vin="1M8GDM9AXKP042788")

    assert answer["status"] == "clear"
    assert answer["listings"] == []


@pytest.mark.parametrize(
    ("arguments", "key", "position"),
    [
        ({}, "check.vehicle_input", None),
        ({"vin": "3VWFE21C04M00000"}, "vin.invalid_length", None),
        ({"vin": "3VWFE21C04M0000#1"}, "vin.character", 16),
        ({"vin": "3VWFE21C04M0000Ñ1"}, "vin.character", 16),
        ({"plate": "--", "plate_country": "MX"}, "plate.empty", None),
        ({"plate": "ABC123", "plate_country": "ZZ"}, "country.unknown", None),
    ],
)
def test_bad_vehicle_input(runtime: Runtime, arguments: dict, key: str, position: int | None) -> None:
    with pytest.raises(CheckInputError) as raised:
        check_vehicle(runtime, **arguments)

    assert raised.value.key == key
    assert raised.value.position == position
    if position is not None:
        assert raised.value.render("es").startswith(f"Posición {position}:")
