"""MRZ parsing of the ICAO Doc 9303 specimens and of common national layouts."""

from datetime import date

import pytest

from engine.identifiers.mrz import MrzFormat, parse_mrz
from engine.identifiers.mrz_compose import compose_mrz
from engine.records import PartialDate

TODAY = date(2024, 1, 1)

TD3_SPECIMEN = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1_SPECIMEN = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
TD2_SPECIMEN = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
MRVA_SPECIMEN = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRVB_SPECIMEN = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"


def test_td3_specimen_fields():
    reading = parse_mrz(TD3_SPECIMEN, today=TODAY)

    assert reading.valid
    assert reading.format is MrzFormat.TD3
    assert reading.document_code == "P"
    assert reading.issuing_state == "UTO"
    assert reading.name.primary == "ERIKSSON"
    assert reading.name.secondary == "ANNA MARIA"
    assert reading.name.truncated is False
    assert reading.document_number == "L898902C3"
    assert reading.nationality == "UTO"
    assert reading.birth_date == PartialDate(1974, 8, 12)
    assert reading.sex == "F"
    assert reading.expiry_date == date(2012, 4, 15)
    assert reading.optional_data == "ZE184226B"
    assert dict(reading.check_digits) == {
        "document_number": True,
        "birth_date": True,
        "expiry_date": True,
        "optional_data": True,
        "composite": True,
    }
    assert reading.repairs == ()
    assert reading.warnings == ()


def test_td1_specimen_fields():
    reading = parse_mrz(TD1_SPECIMEN, today=TODAY)

    assert reading.valid
    assert reading.format is MrzFormat.TD1
    assert reading.document_code == "I"
    assert reading.document_number == "D23145890"
    assert reading.birth_date == PartialDate(1974, 8, 12)
    assert reading.expiry_date == date(2012, 4, 15)
    assert reading.nationality == "UTO"
    assert reading.name.surnames == ("ERIKSSON",)
    assert reading.name.given_names == ("ANNA", "MARIA")
    assert reading.optional_data == ""
    assert reading.optional_data_2 == ""
    assert dict(reading.check_digits)["composite"] is True


def test_td2_specimen_fields():
    reading = parse_mrz(TD2_SPECIMEN, today=TODAY)

    assert reading.valid
    assert reading.format is MrzFormat.TD2
    assert reading.document_number == "D23145890"
    assert reading.sex == "F"
    assert reading.name.primary == "ERIKSSON"
    assert dict(reading.check_digits)["composite"] is True


@pytest.mark.parametrize(("text", "mrz_format"), [(MRVA_SPECIMEN, MrzFormat.MRV_A), (MRVB_SPECIMEN, MrzFormat.MRV_B)])
def test_visa_specimens(text, mrz_format):
    reading = parse_mrz(text, today=TODAY)

    assert reading.valid
    assert reading.format is mrz_format
    assert reading.document_code == "V"
    assert reading.document_number == "L8988901C"
    assert reading.nationality == "XXX"
    assert reading.birth_date == PartialDate(1940, 9, 7)
    assert reading.expiry_date == date(1996, 12, 10)
    assert "composite" not in dict(reading.check_digits)


def test_mrv_a_optional_data():
    assert parse_mrz(MRVA_SPECIMEN, today=TODAY).optional_data == "6ZE184226B"


def test_mexican_passport_two_surnames():
    lines = compose_mrz(
        MrzFormat.TD3,
        document_code="P",
        issuing_state="MEX",
        primary="HERNANDEZ DE LA CRUZ",
        secondary="MARIA GUADALUPE",
        document_number="G12345678",
        nationality="MEX",
        birth_date="880229",
        sex="F",
        expiry_date="310101",
    )
    assert lines[0] == "P<MEXHERNANDEZ<DE<LA<CRUZ<<MARIA<GUADALUPE<<"

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.valid
    assert reading.name.surnames == ("HERNANDEZ", "DE", "LA", "CRUZ")
    assert reading.name.given_names == ("MARIA", "GUADALUPE")
    assert reading.birth_date == PartialDate(1988, 2, 29)
    assert reading.expiry_date == date(2031, 1, 1)


def test_td1_long_document_number():
    text = "I<UTOD23145890<7349<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"

    reading = parse_mrz(text, today=TODAY)

    assert reading.valid
    assert reading.document_number == "D23145890734"
    assert reading.optional_data == ""


def test_td2_long_document_number_with_optional_data():
    lines = compose_mrz(
        MrzFormat.TD2, document_code="I", issuing_state="ESP", primary="PEREZ", secondary="ANA",
        document_number="AB123456789", nationality="ESP", birth_date="800101", sex="F",
        expiry_date="300101", optional_data="12",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.valid
    assert reading.document_number == "AB123456789"
    assert reading.optional_data == "12"


def test_germany_single_letter_code():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="D", primary="MUSTERMANN", secondary="ERIKA",
        document_number="C01X00T47", nationality="D", birth_date="640812", sex="F", expiry_date="270101",
    )
    assert lines[0].startswith("P<D<<MUSTERMANN")

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.issuing_state == "D"
    assert reading.nationality == "D"
    assert reading.warnings == ()


def test_unknown_country_is_warning():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="QQQ", primary="DOE", secondary="JOHN",
        document_number="123456789", nationality="UTO", birth_date="700101", sex="M", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.valid
    assert [warning.code for warning in reading.warnings] == ["mrz.unknown_country"]
    assert reading.warnings[0].field == "issuing_state"
    assert (reading.warnings[0].line, reading.warnings[0].column) == (1, 3)


def test_truncated_name_flagged():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX",
        primary="ECHEVERRIA GOICOECHEA", secondary="MARIA DE LOS ANGELES GUADALUPE",
        document_number="G12345678", nationality="MEX", birth_date="700101", sex="F", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.name.truncated is True
    assert reading.valid
    assert "mrz.name_truncated" in [warning.code for warning in reading.warnings]


def test_name_without_secondary_identifier():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="IND", primary="RAJESH", secondary="",
        document_number="Z1234567", nationality="IND", birth_date="700101", sex="M", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.name.primary == "RAJESH"
    assert reading.name.secondary == ""


def test_unknown_birth_day_and_month():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="XXA", primary="NAME", secondary="UNKNOWN",
        document_number="X0000001", nationality="XXA", birth_date="74<<<<", sex="<", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert reading.valid
    assert reading.birth_date == PartialDate(1974)
    assert reading.sex is None


@pytest.mark.parametrize(
    ("birth", "today", "year"),
    [("991231", date(2024, 1, 1), 1999), ("231231", date(2023, 6, 1), 1923), ("231231", date(2024, 12, 31), 2023), ("000101", date(2024, 1, 1), 2000)],
)
def test_birth_century_not_in_future(birth, today, year):
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX", primary="A", secondary="B",
        document_number="1", nationality="MEX", birth_date=birth, sex="M", expiry_date="300101",
    )

    assert parse_mrz("\n".join(lines), today=today).birth_date.year == year


@pytest.mark.parametrize(("expiry", "year"), [("440101", 2044), ("450101", 1945), ("120415", 2012), ("961210", 1996)])
def test_expiry_century_within_twenty_years(expiry, year):
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX", primary="A", secondary="B",
        document_number="1", nationality="MEX", birth_date="800101", sex="M", expiry_date=expiry,
    )

    assert parse_mrz("\n".join(lines), today=date(2024, 6, 1)).expiry_date.year == year


def test_invalid_calendar_date_reported():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX", primary="A", secondary="B",
        document_number="1", nationality="MEX", birth_date="741332", sex="M", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert not reading.valid
    assert [problem.code for problem in reading.problems] == ["mrz.date"]
    assert reading.problems[0].field == "birth_date"
    assert (reading.problems[0].line, reading.problems[0].column) == (2, 14)


def test_invalid_sex_reported():
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state="MEX", primary="A", secondary="B",
        document_number="1", nationality="MEX", birth_date="800101", sex="K", expiry_date="300101",
    )

    reading = parse_mrz("\n".join(lines), today=TODAY)

    assert [problem.code for problem in reading.problems] == ["mrz.sex"]
    assert reading.problems[0].column == 21


def test_reading_to_dict_lists_repairs():
    misread = TD3_SPECIMEN.replace("ERIKSSON", "ER1KSSON")

    data = parse_mrz(misread, today=TODAY).to_dict()

    assert data["valid"] is True
    assert data["repairs"] == [
        {"field": "name", "line": 1, "column": 8, "position": 3, "from": "1", "to": "I", "reason": "character_class"}
    ]
    assert data["birth_date"] == "1974-08-12"
