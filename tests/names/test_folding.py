"""Folding keeps ñ, drops accents, control characters and other scripts."""

from engine.names import fold


def test_accents_and_case_removed() -> None:
    assert fold("JOSÉ Ángel Núñez") == "jose angel nuñez"


def test_enye_kept_apart_from_n() -> None:
    assert fold("Muñoz") != fold("Munoz")
    assert fold("MUÑOZ") == "muñoz"


def test_decomposed_enye_kept() -> None:
    assert fold("Mun\u0303oz") == "muñoz"


def test_diaeresis_removed() -> None:
    assert fold("Güemes") == "guemes"


def test_cyrillic_transliterated() -> None:
    assert fold("Фернандо Перальта") == "fernando peralta"


def test_control_and_whitespace() -> None:
    assert fold("  Ana\x00\t\n  Paz\u200b ") == "ana paz"
