"""Parsing of every written form of a Spanish name."""

from __future__ import annotations

import pytest

from engine.names import InvalidName, parse_name


def parts(text: str) -> tuple[tuple[str, ...], str | None, str | None]:
    name = parse_name(text)
    return name.given, name.paternal, name.maternal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jesús Amescua Contreras", (("jesus",), "amescua", "contreras")),
        ("Juan Carlos Ibarra Montes", (("juan", "carlos"), "ibarra", "montes")),
        ("ORTEGA MEJÍA, Luis Fernando", (("luis", "fernando"), "ortega", "mejia")),
        ("AMEZCUA CONTRERAS, Jose de Jesus", (("jose de jesus",), "amezcua", "contreras")),
        ("GOMEZ BERMUDEZ RAUL", (("raul",), "gomez", "bermudez")),
        ("Gómez Bermúdez Raúl", (("raul",), "gomez", "bermudez")),
        ("GONZALEZ<OCHOA<<MARIA<DEL<CARMEN", (("maria del carmen",), "gonzalez", "ochoa")),
        ("P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<<", (("raul",), "gomez", "bermudez")),
        ("Ramon Castillo-Zepeda", (("ramon",), "castillo", "zepeda")),
        ("Pedro Xolalpa", (("pedro",), "xolalpa", None)),
        ("Ricardo Delacruz Ochoa", (("ricardo",), "de la cruz", "ochoa")),
        ("Ricardo de la Cruz Ochoa", (("ricardo",), "de la cruz", "ochoa")),
        ("Luis Delosantos Ruiz", (("luis",), "de los santos", "ruiz")),
        ("Ana Delvalle Soto", (("ana",), "del valle", "soto")),
        ("Ana Delgado Soto", (("ana",), "delgado", "soto")),
        ("Torre Muñoz, José de la", (("jose",), "de la torre", "muñoz")),
        ("María de la Luz Pérez Gil", (("maria de la luz",), "perez", "gil")),
        ("María del Carmen Ruiz", (("maria del carmen",), "ruiz", None)),
        ("María de los Ángeles Soto Paz", (("maria de los angeles",), "soto", "paz")),
        ("José de la Cruz Pérez", (("jose",), "de la cruz", "perez")),
        ("Ma. Guadalupe Torres Ruiz", (("maria", "guadalupe"), "torres", "ruiz")),
        ("Ma Guadalupe Torres", (("maria", "guadalupe"), "torres", None)),
        ("Ma. de la Luz Pérez", (("maria de la luz",), "perez", None)),
        ("Fco. Hdez. Mtz.", (("francisco",), "hernandez", "martinez")),
        ("Gpe. Salinas", (("guadalupe",), "salinas", None)),
        ("J. Hernández García", (("j",), "hernandez", "garcia")),
        ("M. Hernández García", (("m",), "hernandez", "garcia")),
        ("Chuy Valenzuela Ortega", (("chuy",), "valenzuela", "ortega")),
        ("Gómez y Conde, Ana", (("ana",), "gomez", "conde")),
        ("Xolalpa", ((), "xolalpa", None)),
        ("Guadalupe", (("guadalupe",), None, None)),
    ],
)
def test_parse_form(text: str, expected: tuple[tuple[str, ...], str | None, str | None]) -> None:
    assert parts(text) == expected


def test_order_known_for_marked_forms() -> None:
    assert parse_name("ORTEGA MEJÍA, Luis").order_known
    assert parse_name("ORTEGA<MEJIA<<LUIS").order_known


def test_order_unknown_when_lexicon_silent() -> None:
    name = parse_name("Xolalpa Itzcoatl Tepox")
    assert not name.order_known
    reversed_name = name.reversed_order()
    assert reversed_name is not None
    assert reversed_name.given == ("tepox",)


def test_mrz_truncated_field_flagged() -> None:
    field = "GONZALEZ<OCHOA<<MARIA<DEL<CARMEN<GUADALU"[:39]
    name = parse_name(field)
    assert name.truncated
    assert name.paternal == "gonzalez"
    assert name.given[0] == "maria del carmen"


def test_mrz_with_filler_not_truncated() -> None:
    assert not parse_name("GOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<").truncated


def test_mrz_repairs_ocr_digits_and_nxx() -> None:
    assert parts("MUNXXOZ<L0PEZ<<JUAN") == (("juan",), "muñoz", "lopez")


def test_non_latin_transliterated() -> None:
    name = parse_name("Фернандо Перальта")
    assert (name.given, name.paternal) == (("fernando",), "peralta")
    assert not name.latin


def test_mixed_scripts_transliterated() -> None:
    name = parse_name("Fernando Перальта")
    assert name.paternal == "peralta"


def test_control_characters_stripped() -> None:
    assert parts("Raúl\x00 Gómez\x07 Bermúdez") == (("raul",), "gomez", "bermudez")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("   \t ", "empty"), ("\x00\x01", "empty"), ("a" * 301, "too_long"), ("x" * 10_000, "too_long"), ("123 456", "no_letters"), ("<<<", "no_letters")],
)
def test_invalid_names(text: str, reason: str) -> None:
    with pytest.raises(InvalidName) as caught:
        parse_name(text)
    assert caught.value.reason == reason


def test_name_at_length_limit_accepted() -> None:
    assert parse_name("a" * 300).paternal == "a" * 300
