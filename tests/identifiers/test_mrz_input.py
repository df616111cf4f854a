"""MRZ input tolerance and rejection of text that cannot be an MRZ."""

from datetime import date

import pytest

from engine.identifiers.errors import MrzError
from engine.identifiers.mrz import compact, is_valid, parse_mrz, validate
from engine.identifiers.mrz_text import MAX_INPUT_SIZE

TODAY = date(2024, 1, 1)
LINE_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.parametrize(
    "text",
    [
        f"{LINE_1}\r\n{LINE_2}\r\n",
        f"\n\n  {LINE_1.lower()}  \n\n\t{LINE_2}  \n",
        f"{LINE_1[:22]} {LINE_1[22:]}\n{LINE_2[:10]}  {LINE_2[10:]}",
        f"{LINE_1}{LINE_2}",
        f"{LINE_1} {LINE_2}",
        f"{LINE_1}\r{LINE_2}",
        f"{LINE_1}\n{LINE_2}".encode("ascii"),
    ],
    ids=["crlf", "lowercase-blank-lines", "inner-spaces", "one-line", "one-line-space", "cr", "bytes"],
)
def test_tolerated_input_forms(text):
    reading = parse_mrz(text, today=TODAY)

    assert reading.valid
    assert reading.lines == (LINE_1, LINE_2)


def test_missing_trailing_fillers_padded():
    reading = parse_mrz(f"{LINE_1.rstrip('<')}\n{LINE_2}", today=TODAY)

    assert reading.valid
    assert reading.lines == (LINE_1, LINE_2)
    assert [warning.code for warning in reading.warnings] == ["mrz.padded"]
    assert reading.warnings[0].line == 1
    assert reading.warnings[0].params == {"added": 19}


def test_td1_name_line_padded():
    text = "I<UTOD231458907\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA"

    reading = parse_mrz(text, today=TODAY)

    assert reading.valid
    assert reading.document_number == "D23145890"
    assert [warning.line for warning in reading.warnings] == [1, 3]


def raised(text: str | bytes) -> MrzError:
    with pytest.raises(MrzError) as caught:
        parse_mrz(text, today=TODAY)
    return caught.value


@pytest.mark.parametrize("text", ["", "   \n\t\r\n  ", b""])
def test_empty_input_rejected(text):
    error = raised(text)

    assert error.code == "mrz.empty"
    assert error.line is None


def test_huge_input_rejected_before_parsing():
    error = raised("<" * (1024 * 1024))

    assert error.code == "mrz.too_long"
    assert error.params == {"size": 1024 * 1024, "limit": MAX_INPUT_SIZE}


def test_binary_bytes_rejected():
    error = raised(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert error.code == "mrz.binary"
    assert error.column == 1


def test_control_character_rejected_with_position():
    error = raised(f"{LINE_1}\n{LINE_2[:5]}\x00{LINE_2[5:]}")

    assert error.code == "mrz.binary"
    assert (error.line, error.column) == (2, 6)


def test_character_outside_alphabet_named():
    error = raised(f"{LINE_1}\n{LINE_2[:12]}É{LINE_2[13:]}")

    assert error.code == "mrz.character"
    assert (error.line, error.column) == (2, 13)
    assert error.params == {"character": "É"}


@pytest.mark.parametrize("text", [LINE_1, f"{LINE_1}\n{LINE_2}\n{LINE_2}\n{LINE_2}"])
def test_wrong_line_count_rejected(text):
    error = raised(text)

    assert error.code == "mrz.line_count"


def test_line_too_long_names_column():
    error = raised(f"{LINE_1}\n{LINE_2}<<")

    assert error.code == "mrz.line_length"
    assert (error.line, error.column) == (2, 45)
    assert error.params["expected"] == 44


def test_line_that_cannot_end_in_fillers_too_short():
    error = raised(f"{LINE_1}\n{LINE_2[:40]}")

    assert error.code == "mrz.line_length"
    assert (error.line, error.column) == (2, 41)


def test_td1_wrong_line_length():
    error = raised("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6<\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")

    assert error.code == "mrz.line_length"
    assert error.line == 2


def test_error_to_dict_for_api():
    data = raised(f"{LINE_1}\n{LINE_2[:3]}?{LINE_2[4:]}").to_dict()

    assert data["code"] == "mrz.character"
    assert data["line"] == 2
    assert data["column"] == 4


def test_compact_joins_clean_lines():
    assert compact(f" {LINE_1.lower()}\r\n{LINE_2} ") == f"{LINE_1}\n{LINE_2}"


def test_validate_raises_first_problem():
    with pytest.raises(MrzError) as caught:
        validate(f"{LINE_1}\n{LINE_2[:19]}3{LINE_2[20:]}", today=TODAY)

    assert caught.value.code == "mrz.check_digit"
    assert caught.value.field == "birth_date"
    assert (caught.value.line, caught.value.column) == (2, 20)


def test_is_valid_false_for_garbage():
    assert is_valid("not an mrz") is False
    assert is_valid(f"{LINE_1}\n{LINE_2}", today=TODAY) is True
