"""VIN validation (ISO 3779) and the North American check digit."""

import pytest

from engine.identifiers import vin
from engine.identifiers.errors import InvalidChecksum, InvalidFormat, InvalidLength


def test_north_american_vin_valid():
    assert vin.validate("1M8GDM9AXKP042788") == "1M8GDM9AXKP042788"
    assert vin.is_valid("1m8gdm9a xkp-042788")


def test_check_digit_computed_with_transliteration():
    assert vin.calc_check_digit("1M8GDM9A0KP042788") == "X"
    assert vin.calc_check_digit("11111111111111111") == "1"


def test_wrong_check_digit_rejected_at_position_nine():
    with pytest.raises(InvalidChecksum) as caught:
        vin.validate("1M8GDM9A1KP042788")

    assert caught.value.code == "vin.check_digit"
    assert caught.value.position == 9
    assert caught.value.params == {"expected": "X", "found": "1"}


@pytest.mark.parametrize(("number", "letter", "position"), [("1M8GDM9AXKPO42788", "O", 12), ("IM8GDM9AXKP042788", "I", 1), ("1M8GDM9AXKP04278Q", "Q", 17)])
def test_forbidden_letters_rejected_with_position(number, letter, position):
    with pytest.raises(InvalidFormat) as caught:
        vin.validate(number)

    assert caught.value.code == "vin.forbidden_letter"
    assert caught.value.position == position
    assert caught.value.params == {"character": letter}


@pytest.mark.parametrize("number", ["1M8GDM9AXKP04278", "1M8GDM9AXKP0427881", ""])
def test_wrong_length_rejected(number):
    with pytest.raises(InvalidLength) as caught:
        vin.validate(number)

    assert caught.value.code == "vin.invalid_length"


def test_other_characters_rejected():
    with pytest.raises(InvalidFormat) as caught:
        vin.validate("1M8GDM9AXKP04278Ñ")

    assert caught.value.code == "vin.character"
    assert caught.value.position == 17


def test_european_vin_accepted_without_check():
    reading = vin.parse("WVWZZZ1JZXW000001")

    assert reading.check_digit_applies is False
    assert reading.origin == vin.VinOrigin("Europe", "DE")
    assert (reading.wmi, reading.vds, reading.vis) == ("WVW", "ZZZ1JZ", "XW000001")


def test_mexican_vin_needs_check_digit():
    number = "3VWFE21C04M000001"
    expected = vin.calc_check_digit(number)
    fixed = number[:8] + expected + number[9:]

    assert vin.parse(fixed).check_digit_applies is True
    assert vin.get_country_region(fixed) == vin.VinOrigin("North America", "MX")
    if expected != number[8]:
        assert not vin.is_valid(number)


@pytest.mark.parametrize(
    ("number", "region"),
    [("JHMCM56557C404453", "Asia"), ("SALGA2EF5DA123456", "Europe"), ("9BWZZZ377VT004251", "South America"), ("6FPAAAJGCM9A12345", "Oceania"), ("AAVZZZ6RZCU012345", "Africa")],
)
def test_regions_from_first_character(number, region):
    assert vin.get_country_region(number).region == region


def test_lookup_key_maps_impossible_letters():
    assert vin.lookup_key("1m8gdm9axkpo42788") == "1M8GDM9AXKP042788"
    assert vin.lookup_key("IM8GDM9AXKPQ42788") == "1M8GDM9AXKP042788"
