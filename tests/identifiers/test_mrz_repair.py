"""OCR repair of MRZ readings: unique repairs applied and listed, ambiguous ones refused."""

from datetime import date

from engine.identifiers.mrz import MrzFormat, parse_mrz
from engine.identifiers.mrz_compose import compose_mrz

TODAY = date(2024, 1, 1)
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def mexican_passport(number: str, optional_data: str = "") -> tuple[str, ...]:
    return compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX", primary="GOMEZ BERMUDEZ", secondary="RAUL",
        document_number=number, nationality="MEX", birth_date="850301", sex="M", expiry_date="300115",
        optional_data=optional_data,
    )


def replace_at(lines: tuple[str, ...], line: int, column: int, character: str) -> str:
    changed = list(lines)
    row = changed[line - 1]
    changed[line - 1] = row[: column - 1] + character + row[column:]
    return "\n".join(changed)


def test_document_number_o_as_zero_repaired():
    lines = mexican_passport("KO3479734")

    reading = parse_mrz(replace_at(lines, 2, 2, "0"), today=TODAY)

    assert reading.valid
    assert reading.document_number == "KO3479734"
    assert reading.lines == lines
    assert [(r.field, r.line, r.column, r.position, r.original, r.replacement, r.reason) for r in reading.repairs] == [
        ("document_number", 2, 2, 2, "0", "O", "check_digit")
    ]


def test_document_number_zero_as_o_repaired():
    lines = mexican_passport("K03479734")

    reading = parse_mrz(replace_at(lines, 2, 2, "O"), today=TODAY)

    assert reading.valid
    assert reading.document_number == "K03479734"
    assert len(reading.repairs) == 1


def test_ambiguous_document_number_repair_refused():
    lines = mexican_passport("L898902C3")
    misread = replace_at(lines, 2, 5, "7")  # 9 read as 7 is not in the confusion table

    reading = parse_mrz(misread, today=TODAY)

    assert not reading.valid
    assert reading.repairs == ()
    assert reading.failed_fields == ("document_number", "composite")
    assert reading.problems[0].params["candidates"] == 0


def test_refused_repair_lists_candidates():
    lines = mexican_passport("L898902C3")
    misread = replace_at(lines, 2, 2, "B")  # 8 read as B: three swaps satisfy the check digit

    reading = parse_mrz(misread, today=TODAY)

    assert not reading.valid
    problem = reading.problems[0]
    assert problem.field == "document_number"
    assert problem.params["candidates"] == 3
    assert sorted(problem.params["alternatives"]) == ["L898902C3", "LB9890ZC3", "LB9B902C3"]
    assert len(problem.params["alternatives"]) == problem.params["candidates"]


def test_digit_in_name_repaired_by_class():
    misread = (TD3[0].replace("ANNA", "4NNA"), TD3[1])

    reading = parse_mrz("\n".join(misread), today=TODAY)

    assert reading.valid
    assert reading.name.secondary == "ANNA MARIA"
    assert [(r.field, r.original, r.replacement, r.reason) for r in reading.repairs] == [("name", "4", "A", "character_class")]


def test_letters_in_dates_repaired_by_class():
    misread = replace_at(TD3, 2, 16, "O")
    misread = misread.replace("F120415", "F12O4IS")

    reading = parse_mrz(misread, today=TODAY)

    assert reading.valid
    assert reading.lines == TD3
    assert sorted((r.field, r.position) for r in reading.repairs) == [
        ("birth_date", 3),
        ("expiry_date", 3),
        ("expiry_date", 5),
        ("expiry_date", 6),
    ]


def test_country_code_digit_repaired():
    reading = parse_mrz(replace_at(TD3, 2, 13, "0"), today=TODAY)

    assert reading.valid
    assert reading.nationality == "UTO"
    assert reading.repairs[0].field == "nationality"


def test_unrepairable_character_class_reported():
    reading = parse_mrz(replace_at(TD3, 1, 8, "3"), today=TODAY)

    assert not reading.valid
    problem = reading.problems[0]
    assert problem.code == "mrz.character_class"
    assert (problem.line, problem.column, problem.field) == (1, 8, "name")


def test_check_digit_letter_repaired():
    reading = parse_mrz(replace_at(TD3, 2, 10, "G"), today=TODAY)

    assert reading.valid
    assert [(r.field, r.original, r.replacement) for r in reading.repairs] == [("document_number_check", "G", "6")]


def test_errors_in_two_fields_both_repaired():
    lines = mexican_passport("KO3479734", optional_data="X7S43")
    misread = replace_at(lines, 2, 2, "0")
    misread = replace_at(tuple(misread.split("\n")), 2, 31, "5")

    reading = parse_mrz(misread, today=TODAY)

    assert reading.valid
    assert reading.lines == lines
    assert sorted(r.field for r in reading.repairs) == ["document_number", "optional_data"]


def test_td1_optional_data_repaired_through_composite():
    lines = compose_mrz(
        MrzFormat.TD1, document_code="I", issuing_state="MEX", primary="PEREZ", secondary="ANA",
        document_number="X12345678", nationality="MEX", birth_date="800101", sex="F", expiry_date="300101",
        optional_data="Z7<<<<<<<<<<<<<",
    )

    reading = parse_mrz(replace_at(lines, 1, 16, "2"), today=TODAY)

    assert reading.valid
    assert reading.optional_data == "Z7"
    assert [(r.field, r.reason) for r in reading.repairs] == [("optional_data", "check_digit")]


def test_six_g_swap_invisible_to_check_digits():
    # NOTE: 6↔G changes a check sum by a multiple of 10; the lookup key absorbs it instead.
    lines = mexican_passport("K63479734")

    reading = parse_mrz(replace_at(lines, 2, 2, "G"), today=TODAY)

    assert reading.valid
    assert reading.document_number == "KG3479734"
    assert reading.repairs == ()


def test_long_document_number_extension_repaired():
    lines = compose_mrz(
        MrzFormat.TD1, document_code="I", issuing_state="UTO", primary="ERIKSSON", secondary="ANNA",
        document_number="X7347349375", nationality="UTO", birth_date="740812", sex="F", expiry_date="120415",
    )
    assert lines[0] == "I<UTOX73473493<759<<<<<<<<<<<<"

    reading = parse_mrz(replace_at(lines, 1, 17, "S"), today=TODAY)

    assert reading.valid
    assert reading.document_number == "X7347349375"
    assert [(r.field, r.column, r.original, r.replacement) for r in reading.repairs] == [
        ("document_number_extension", 17, "S", "5")
    ]


def test_long_document_number_check_digit_unknown_confusion_refused():
    lines = compose_mrz(
        MrzFormat.TD1, document_code="I", issuing_state="UTO", primary="ERIKSSON", secondary="ANNA",
        document_number="D23145890734", nationality="UTO", birth_date="740812", sex="F", expiry_date="120415",
    )

    reading = parse_mrz(replace_at(lines, 1, 19, "G"), today=TODAY)  # a 9 read as G is not in the table

    assert not reading.valid
    assert reading.failed_fields == ("document_number", "composite")
