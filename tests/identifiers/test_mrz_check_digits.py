"""Every MRZ check digit, in every format, detected when wrong."""

from datetime import date

import pytest

from engine.identifiers.check_digit import character_value, compute_check_digit
from engine.identifiers.mrz import parse_mrz

TODAY = date(2024, 1, 1)
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
MRV_A = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<")
MRV_B = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")


def with_digit(lines: tuple[str, ...], line: int, column: int, digit: str) -> str:
    changed = list(lines)
    row = changed[line - 1]
    changed[line - 1] = row[: column - 1] + digit + row[column:]
    return "\n".join(changed)


def other_digit(digit: str) -> str:
    """A different digit with no OCR confusion toward the original (3, 7, 9 have none)."""
    return "3" if digit != "3" else "7"


CASES = [
    (TD3, 2, 10, ["document_number", "composite"]),
    (TD3, 2, 20, ["birth_date", "composite"]),
    (TD3, 2, 28, ["expiry_date", "composite"]),
    (TD3, 2, 43, ["optional_data", "composite"]),
    (TD3, 2, 44, ["composite"]),
    (TD2, 2, 10, ["document_number", "composite"]),
    (TD2, 2, 20, ["birth_date", "composite"]),
    (TD2, 2, 28, ["expiry_date", "composite"]),
    (TD2, 2, 36, ["composite"]),
    (TD1, 1, 15, ["document_number", "composite"]),
    (TD1, 2, 7, ["birth_date", "composite"]),
    (TD1, 2, 15, ["expiry_date", "composite"]),
    (TD1, 2, 30, ["composite"]),
    (MRV_A, 2, 10, ["document_number"]),
    (MRV_A, 2, 20, ["birth_date"]),
    (MRV_A, 2, 28, ["expiry_date"]),
    (MRV_B, 2, 10, ["document_number"]),
    (MRV_B, 2, 20, ["birth_date"]),
    (MRV_B, 2, 28, ["expiry_date"]),
]


@pytest.mark.parametrize(("lines", "line", "column", "failed"), CASES)
def test_wrong_check_digit_reported(lines, line, column, failed):
    wrong = other_digit(lines[line - 1][column - 1])

    reading = parse_mrz(with_digit(lines, line, column, wrong), today=TODAY)

    assert not reading.valid
    assert list(reading.failed_fields) == failed
    assert reading.repairs == ()
    first = reading.problems[0]
    assert first.code == "mrz.check_digit"
    assert (first.line, first.column) == (line, column)
    assert first.params["found"] == wrong
    assert first.params["expected"] == lines[line - 1][column - 1]


def test_check_digit_values():
    assert [character_value(character) for character in "09AZ<"] == [0, 9, 10, 35, 0]
    assert compute_check_digit("D23145890") == "7"
    assert compute_check_digit("D23145890734") == "9"


def test_character_value_rejects_other_characters():
    with pytest.raises(ValueError):
        character_value("a")


def test_empty_personal_number_accepts_filler_or_zero_check():
    line_2 = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<"
    filler = line_2 + "<" + compute_check_digit(line_2[0:10] + line_2[13:20] + line_2[21:] + "<")
    zero = line_2 + "0" + compute_check_digit(line_2[0:10] + line_2[13:20] + line_2[21:] + "0")

    assert parse_mrz(f"{TD3[0]}\n{filler}", today=TODAY).valid
    assert parse_mrz(f"{TD3[0]}\n{zero}", today=TODAY).valid


def test_filler_check_digit_rejected_for_filled_field():
    lines = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C3<UTO7408122F1204159ZE184226B<<<<<10")

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert "document_number" in reading.failed_fields


def test_td1_long_number_check_digit_wrong():
    text = "I<UTOD23145890<7343<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"

    reading = parse_mrz(text, today=TODAY)

    assert reading.failed_fields[0] == "document_number"
    assert (reading.problems[0].line, reading.problems[0].column) == (1, 19)


def test_repair_disabled_reports_confusions():
    misread = (TD3[0].replace("ERIKSSON", "ER1KSSON"), TD3[1])

    reading = parse_mrz("\n".join(misread), today=TODAY, repair=False)

    assert not reading.valid
    assert [problem.code for problem in reading.problems] == ["mrz.character_class"]
    assert reading.name.primary == "ER1KSSON"
