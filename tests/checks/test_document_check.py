"""The document check service over a real index: verdicts, repairs, ambiguous readings, sharing and the holder."""

from __future__ import annotations

import pytest

from engine.checks.document_check import check_document
from engine.checks.input_errors import CheckInputError
from engine.demo.documents import HOLDER_PASSPORT_NUMBER, demo_holder, demo_passport_mrz
from engine.identifiers.mrz_compose import compose_mrz
from engine.identifiers.mrz_layout import MrzFormat
from engine.runtime import Runtime

# Passport KO3479734 with the letter O read as a zero.
MISREAD = "P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<\nK034797345MEX8503013M3001156<<<<<<<<<<<<<<<6"


def passport(number: str, primary: str = "PEREZ LUNA", secondary: str = "ANA") -> str:
    return "\n".join(
        compose_mrz(
            MrzFormat.TD3, document_code="P", issuing_state="MEX", primary=primary, secondary=secondary,
            document_number=number, nationality="MEX", birth_date="880214", sex="F", expiry_date="300101",
        )
    )


def test_demo_passport_is_stolen_and_holder_found(runtime: Runtime) -> None:
    answer = check_document(runtime, mrz=demo_passport_mrz())

    document = answer["document"]
    assert document["status"] == "listed"
    assert document["number"] == HOLDER_PASSPORT_NUMBER
    assert document["issuing_country"] == "MEX"
    listing = document["listings"][0]
    assert (listing["source"], listing["record_id"], listing["reason"], listing["owner"]) == ("mx", "MX-DOC-DEMO-1", "stolen", "MX")
    assert listing["reason_label"] == "robado"
    assert "robado" in document["text"]

    holder = demo_holder()
    top = answer["holder"]["hits"][0]
    assert top["record_id"] == holder.record_id
    assert top["band"] == "strong"
    assert answer["holder"]["query"]["birth_date"] == str(holder.birth_dates[0])
    assert answer["repairs"] == []
    assert answer["mrz"]["valid"] is True


def test_misread_zero_repaired_and_reported(runtime: Runtime) -> None:
    answer = check_document(runtime, mrz=MISREAD, language="en")

    assert answer["document"]["number"] == "KO3479734"
    assert answer["document"]["status"] == "listed"
    assert answer["document"]["listings"][0]["record_id"] == "SLTD-MX-DEMO-2"
    assert answer["document"]["listings"][0]["number_match"] == "exact"
    [repair] = answer["repairs"]
    assert (repair["field"], repair["line"], repair["column"], repair["from"], repair["to"]) == ("document_number", 2, 2, "0", "O")
    assert repair["text"] == "Line 2, column 2 (document number): read as “0”, repaired to “O”."
    assert answer["holder"]["hits"][0]["record_id"] == "MX-DEMO-GOMEZ"


def test_ambiguous_repair_refused_but_number_still_looked_up(runtime: Runtime) -> None:
    # G471Z0385 with its 1 read as I: two single repairs fit the check digit, so none is chosen.
    true_lines = passport("G471Z0385").split("\n")
    misread = true_lines[0] + "\n" + "G47IZ0385" + true_lines[1][9:]

    answer = check_document(runtime, mrz=misread)

    document = answer["document"]
    assert document["number_reliable"] is False
    assert document["number_note"]
    assert answer["repairs"] == []
    problem = next(item for item in answer["problems"] if item["field"] == "document_number")
    assert sorted(problem["alternatives"]) == ["G471Z0385", "G47I20385"]
    assert "Línea 2, columna 10" in problem["text"]
    # The folded key (O/0, I/1, Z/2, G/6…) still finds the listed passport G47120385.
    assert document["status"] == "listed"
    assert document["listings"][0]["number"] == HOLDER_PASSPORT_NUMBER
    assert document["listings"][0]["number_match"] == "confusable"


def test_clear_document_and_other_country_apart(runtime: Runtime) -> None:
    clear = check_document(runtime, mrz=passport("X00000001"))
    assert clear["document"]["status"] == "clear"
    assert clear["document"]["listings"] == []
    assert set(clear["document"]["searched"]) == {"mx", "intl"}

    by_number = check_document(runtime, number="g4712 0385", issuing_country="GT")
    assert by_number["input"] == "number"
    assert by_number["document"]["status"] == "listed"
    assert [item["record_id"] for item in by_number["document"]["listings"]] == ["GT-DOC-SAME-NUMBER"]
    assert [item["record_id"] for item in by_number["document"]["other_countries"]] == ["MX-DOC-DEMO-1"]


def test_number_with_holder_fields(runtime: Runtime) -> None:
    answer = check_document(
        runtime, number="KO3479734", issuing_country="mx", surnames="Gómez Bermúdez", given_names="Raúl", birth_date="1985-03-01", sex="M"
    )

    assert answer["document"]["status"] == "listed"
    assert answer["document"]["issuing_country"] == "MEX"
    assert answer["holder"]["hits"][0]["record_id"] == "MX-DEMO-GOMEZ"
    assert answer["holder"]["hits"][0]["band"] == "strong"
    assert answer["mrz"] is None


def test_sharing_rule_hides_national_listing(runtime: Runtime) -> None:
    assert check_document(runtime, number="N12345678", issuing_country="MX", viewer_country="MX")["document"]["status"] == "listed"
    assert check_document(runtime, number="N12345678", issuing_country="MX", viewer_country="GT")["document"]["status"] == "clear"


@pytest.mark.parametrize(
    ("arguments", "key", "where"),
    [
        ({"mrz": ""}, "mrz.empty", None),
        ({"mrz": MISREAD + "XX"}, "mrz.line_length", (2, 45)),
        ({"mrz": MISREAD + "\nXYZ\nABC"}, "mrz.line_count", None),
        ({"mrz": MISREAD.replace("RAUL", "RAÚL")}, "mrz.character", (1, 24)),
        ({"number": "G1"}, "check.document_input", None),
        ({"number": "G1", "issuing_country": "ZZZ"}, "country.unknown", None),
        ({"number": "--", "issuing_country": "MX"}, "document.number_empty", None),
    ],
)
def test_bad_input_names_the_place(runtime: Runtime, arguments: dict, key: str, where: tuple[int, int] | None) -> None:
    with pytest.raises(CheckInputError) as raised:
        check_document(runtime, **arguments)

    error = raised.value
    assert error.key == key
    assert error.status in (400, 422)
    if where is not None:
        assert (error.line, error.column) == where
        assert f"Línea {where[0]}, columna {where[1]}" in error.render("es")
        assert f"Line {where[0]}, column {where[1]}" in error.render("en")
    assert error.render("es") != error.render("en")
