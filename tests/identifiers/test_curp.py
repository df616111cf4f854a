"""CURP validation through python-stdnum and derivation from names."""

from datetime import date

import pytest
from stdnum.mx import curp as stdnum_curp

from engine.identifiers import curp
from engine.identifiers.curp import CurpMatchLevel, curp_matches, derive_curp_prefix
from engine.identifiers.errors import IdentifierError, InvalidChecksum, InvalidLength


def with_check_digit(first_17: str) -> str:
    return first_17 + stdnum_curp.calc_check_digit(first_17)


def test_validate_valid_curp():
    assert curp.validate("boxw-310820-hnerxn09") == "BOXW310820HNERXN09"


def test_validate_maps_stdnum_errors():
    with pytest.raises(InvalidChecksum) as caught:
        curp.validate("BOXW310820HNERXN08")
    assert caught.value.code == "curp.check_digit"

    with pytest.raises(InvalidLength) as caught_length:
        curp.validate("BOXW310820")
    assert caught_length.value.code == "curp.invalid_length"


def test_bad_state_is_component_error():
    number = with_check_digit("GOBR850301HZZMRL0")

    with pytest.raises(IdentifierError) as caught:
        curp.validate(number)

    assert caught.value.code == "curp.invalid_component"


@pytest.mark.parametrize(
    ("given", "paternal", "maternal", "born", "sex", "state", "expected"),
    [
        ("Raúl", "Gómez", "Bermúdez", date(1985, 3, 1), "H", "DF", "GOBR850301HDFMRL"),
        ("Juan", "Pérez", "López", date(1990, 1, 15), "H", None, "PELJ900115"),
        ("José Luis", "Hernández", "García", date(1978, 7, 4), "H", None, "HEGL780704"),
        ("María Guadalupe", "Núñez", "Ávila", date(1995, 12, 12), "M", "JC", "NUAG951212MJCXVD"),
        ("Ma. de los Ángeles", "Ruiz", "Cruz", date(1960, 2, 29), "M", None, "RUCA600229"),
        ("J. Jesús", "Ortiz", None, date(2001, 5, 5), "H", "NE", "OIXJ010505HNERXS"),
        ("José", "Ibarra", "Zamora", date(1980, 1, 1), "H", None, "IAZJ800101"),
        ("María", "Oñate", "Luna", date(1980, 1, 1), "M", None, "OALM800101"),
        ("Ana", "de la Torre", "del Valle", date(1980, 1, 1), "M", "MC", "TOVA800101MMCRLN"),
        ("Patrick", "Mc Donald", "Smith", date(1980, 1, 1), "H", None, "DOSP800101"),
        ("Luis", "Y", "Ramos", date(1980, 1, 1), "H", None, "YXRL800101"),
    ],
)
def test_derive_prefix(given, paternal, maternal, born, sex, state, expected):
    assert derive_curp_prefix(given, paternal, maternal, born, sex, state=state) == expected


@pytest.mark.parametrize(
    ("given", "paternal", "maternal", "expected"),
    [
        ("Oscar", "Pedraza", "Domínguez", "PXDO"),
        ("Yolanda", "Bueno", "Estrada", "BXEY"),
        ("Omar", "Cabrera", "Cano", "CXCO"),
        ("Alberto", "Muñoz", "López", "MXLA"),
    ],
)
def test_inconvenient_words_replaced(given, paternal, maternal, expected):
    assert derive_curp_prefix(given, paternal, maternal, date(1980, 1, 1), "H")[:4] == expected


def test_derived_prefix_agrees_with_valid_curp():
    derived = derive_curp_prefix("Raúl", "Gómez", "Bermúdez", date(1985, 3, 1), "H", state="DF")
    full = with_check_digit(derived + "0")

    assert curp.is_valid(full)
    assert curp.get_birth_date(full) == date(1985, 3, 1)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("Ana", "", "Ruiz", date(1980, 1, 1), "M"), "curp.missing_name"),
        (("", "Ruiz", "Cruz", date(1980, 1, 1), "M"), "curp.missing_name"),
        (("Ana", "Ruiz", "Cruz", date(1980, 1, 1), "F"), "curp.invalid_sex"),
    ],
)
def test_derive_rejects_bad_input(args, code):
    with pytest.raises(IdentifierError) as caught:
        derive_curp_prefix(*args)

    assert caught.value.code == code


def test_derive_rejects_unknown_state():
    with pytest.raises(IdentifierError) as caught:
        derive_curp_prefix("Ana", "Ruiz", "Cruz", date(1980, 1, 1), "M", state="XX")

    assert caught.value.code == "curp.invalid_state"


def test_sex_from_icao():
    assert [curp.curp_sex_from_icao(sex) for sex in "MFX"] == ["H", "M", "X"]


def test_states_match_stdnum():
    number = "GOBR850301H{}MRL0"
    for state in curp.STATES:
        assert curp.is_valid(with_check_digit(number.format(state))), state


def test_match_equal_valid_curps_exact():
    match = curp_matches("BOXW310820HNERXN09", "BOXW 310820 HNERXN09")

    assert match.level is CurpMatchLevel.EXACT
    assert match.compared == 18


def test_match_different_valid_curps():
    other = with_check_digit("BOXW310820HNERXN1")

    assert curp_matches("BOXW310820HNERXN09", other).level is CurpMatchLevel.DIFFERENT


def test_match_malformed_record_compared_on_prefix():
    match = curp_matches("BOXW310820HNERXN08", "BOXW310820HNERXN09")

    assert match.level is CurpMatchLevel.PREFIX
    assert match.compared == 10
    assert match.record_problem == "curp.check_digit"
    assert match.query_problem is None


def test_match_malformed_record_prefix_differs():
    match = curp_matches("BOXW310821HNERXN0", "BOXW310820HNERXN09")

    assert match.level is CurpMatchLevel.DIFFERENT
    assert match.record_problem == "curp.invalid_length"


@pytest.mark.parametrize(("record", "query"), [(None, "BOXW310820HNERXN09"), ("", "BOXW310820HNERXN09"), ("12345", "BOXW310820HNERXN09"), ("BOXW311320", "BOXW310820HNERXN09")])
def test_match_not_comparable(record, query):
    assert curp_matches(record, query).level is CurpMatchLevel.NOT_COMPARABLE
