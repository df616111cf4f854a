"""Licence plate normalisation."""

import pytest

from engine.identifiers import plate
from engine.identifiers.errors import IdentifierError


@pytest.mark.parametrize("written", ["ABC-123-D", "abc 123 d", "ABC.123.D", " a·b·c 1-2-3 d "])
def test_every_written_form_same_key(written):
    assert plate.compact(written, "MX") == "ABC123D"


def test_accents_folded():
    assert plate.compact("ÁBC-12Ü") == "ABC12U"


def test_empty_plate_rejected():
    with pytest.raises(IdentifierError) as caught:
        plate.compact(" - . ")

    assert caught.value.code == "plate.empty"


def test_mexican_shapes_described():
    assert plate.get_format("ABC-123-D", "MX") == "MX: three letters, three digits, one letter"
    assert plate.get_format("123-ABC", "MEX") == "MX: three digits, three letters"
    assert plate.get_format("A1", "MX") is None


def test_unknown_country_generic():
    assert plate.compact("b-ab 1234", "DE") == "BAB1234"
    assert plate.get_format("B-AB 1234", "DE") is None


def test_plate_key_includes_country():
    assert plate.plate_key("abc-123-d", "mx") == "MEX:ABC123D"
    assert plate.plate_key("abc-123-d", "US") != plate.plate_key("abc-123-d", "MX")
