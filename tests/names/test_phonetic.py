"""The Spanish phonetic key merges spellings of one sound and keeps different sounds apart."""

import pytest

from engine.names import phonetic_key

SAME = [
    ("Vázquez", "Básquez"), ("Javier", "Xavier"), ("Llamas", "Yamas"), ("Amezcua", "Amescua"),
    ("Hernández", "Ernandez"), ("Jiménez", "Gimenez"), ("Ximénez", "Jiménez"), ("González", "Gonzales"),
    ("Guadalupe", "Wadalupe"), ("Huerta", "Uerta"), ("Agüero", "Aguero"), ("Mejía", "Mexía"),
    ("Xochitl", "Sochitl"), ("Quintero", "Kintero"), ("Carla", "Karla"), ("Cervantes", "Servantes"),
    ("Barrera", "Barera"), ("Villa", "Biya"), ("Zepeda", "Cepeda"), ("Invierno", "Imbierno"),
    ("Ruy", "Rui"), ("Cuauhtémoc", "Cuautemoc"), ("Hugo", "Ugo"), ("Philip", "Filip"),
]

DIFFERENT = [
    ("Muñoz", "Munoz"), ("Peña", "Pena"), ("Guerrero", "Gerrero"), ("Carla", "Carlo"),
    ("Rosa", "Rocha"), ("Luna", "Lara"), ("Mata", "Nata"), ("Gil", "Gol"),
]


@pytest.mark.parametrize(("first", "second"), SAME)
def test_variants_share_key(first: str, second: str) -> None:
    assert phonetic_key(first) == phonetic_key(second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_distinct_names_differ(first: str, second: str) -> None:
    assert phonetic_key(first) != phonetic_key(second)


def test_key_examples() -> None:
    assert phonetic_key("Vázquez") == "baskes"
    assert phonetic_key("Chávez") == "cabes"
    assert phonetic_key("Quetzalcóatl") == "ketsalkoatl"
