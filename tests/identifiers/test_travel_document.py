"""Document-number and country lookup keys."""

import pytest

from engine.identifiers import icao_codes
from engine.identifiers.errors import IdentifierError
from engine.identifiers.travel_document import (
    document_key,
    icao_to_iso2,
    iso2_to_icao,
    normalise_country,
    normalise_document_number,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("KO3479734", "K03479734"),
        ("AB-123 456", "ab123456"),
        ("GI2S8B6", "61258 86"),
        ("P<1234<<", "p.1234"),
    ],
)
def test_confusable_numbers_share_key(left, right):
    assert normalise_document_number(left) == normalise_document_number(right)


def test_distinct_letters_kept():
    assert normalise_document_number("L898902C3") == "L898902C3"
    assert normalise_document_number("PAA123456") != normalise_document_number("PAB123456")


def test_empty_number_rejected():
    with pytest.raises(IdentifierError) as caught:
        normalise_document_number(" <<- ")

    assert caught.value.code == "document.number_empty"


def test_document_key_combines_country_and_number():
    assert document_key("ko3479734", "MX") == "MEX:K03479734"
    assert document_key("KO3479734", "MEX") == document_key("K03479734", "mex")
    assert document_key("C01X00T47", "DEU") == "D:C01X00T47"


@pytest.mark.parametrize(
    ("icao", "iso2"),
    [("MEX", "MX"), ("USA", "US"), ("GTM", "GT"), ("D", "DE"), ("D<<", "DE"), ("ESP", "ES"), ("GBR", "GB"), ("RKS", "XK"), ("BRA", "BR")],
)
def test_icao_iso2_round_trip(icao, iso2):
    assert icao_to_iso2(icao) == iso2
    assert iso2_to_icao(iso2) == icao.rstrip("<")


@pytest.mark.parametrize("code", ["UTO", "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "UNK", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS"])
def test_icao_only_codes_known_without_iso2(code):
    assert icao_codes.is_known(code)
    assert icao_codes.country_name(code)
    assert icao_to_iso2(code) is None


def test_table_has_unique_codes_and_americas_europe():
    table = icao_codes.icao_table()
    iso2_codes = [row.iso2 for row in table.values() if row.iso2]

    assert len(iso2_codes) == len(set(iso2_codes))
    assert len(iso2_codes) >= 249
    for iso2 in ("AR", "BO", "BR", "CA", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "HT", "JM",
                 "MX", "NI", "PA", "PY", "PE", "US", "UY", "VE", "FR", "IT", "PT", "NL", "PL", "RU", "UA", "CN", "IN", "JP"):
        assert iso2_to_icao(iso2) is not None, iso2


def test_normalise_country_accepts_every_form():
    assert normalise_country("mx") == "MEX"
    assert normalise_country("MEX") == "MEX"
    assert normalise_country("DEU") == "D"
    assert normalise_country("de") == "D"
    assert normalise_country("D<<") == "D"


def test_normalise_country_rejects_unknown():
    with pytest.raises(IdentifierError) as caught:
        normalise_country("ZZZ")

    assert caught.value.code == "country.unknown"
    assert caught.value.value == "ZZZ"
