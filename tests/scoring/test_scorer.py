"""Scorer behaviour over whole kinds of name and date mistakes."""

from __future__ import annotations

import pytest

from engine.scoring import FEATURES, HOWS, Band, StaticFrequencies
from scoring_helpers import score

AMEZCUA = {
    "given_names": "Jose de Jesus",
    "paternal_surname": "Amezcua",
    "maternal_surname": "Contreras",
    "aliases": ["AMEZCUA, Chuy", "AMEZCUA CONTRERAS, Jesus", "Jesus Amezcua"],
    "birth_dates": ["1964-07-31", "1965-07-31"],
}

BASE = {"given_names": "Raúl", "paternal_surname": "Gómez", "maternal_surname": "Bermúdez", "birth_dates": ["1977-05-03"], "sex": "M"}


def test_amezcua_strong_with_matching_birth_date() -> None:
    match = score({"name": "Jesús Amescua Contreras", "birth_date": "1964-07-31"}, AMEZCUA)
    assert match.band is Band.STRONG
    features = {item.feature: item.how for item in match.explanation}
    assert features["paternal_surname"] == "phonetic"
    assert features["birth_date"] == "exact"


def test_amezcua_not_strong_with_conflicting_birth_date() -> None:
    match = score({"name": "Jesús Amescua Contreras", "birth_date": "1990-01-01"}, AMEZCUA)
    assert match.band is not Band.STRONG


def test_amezcua_matches_without_aliases() -> None:
    record = {key: value for key, value in AMEZCUA.items() if key != "aliases"}
    match = score({"name": "Jesús Amescua Contreras", "birth_date": "1964-07-31"}, record)
    assert match.band is Band.STRONG
    given = next(item for item in match.explanation if item.feature == "given_name")
    assert given.how == "second_name"


def test_score_is_sum_of_points() -> None:
    match = score({"name": "Jesús Amescua Contreras", "birth_date": "1964-07-31"}, AMEZCUA)
    assert match.score == pytest.approx(sum(item.points for item in match.explanation), abs=1e-3)


def test_explanation_uses_declared_vocabulary() -> None:
    for query in ("Chuy Amescua", "J. Amezcua Contreras", "Contreras Amezcua Jesus", "Jesus Amezcua Lopez"):
        for item in score({"name": query, "birth_date": "1965-31-07"[:4]}, AMEZCUA).explanation:
            assert item.feature in FEATURES
            assert item.how in HOWS


@pytest.mark.parametrize(
    "query",
    [
        "Raul Gomez Bermudez",
        "GOMEZ BERMUDEZ, Raul",
        "GOMEZ BERMUDEZ RAUL",
        "GOMEZ<BERMUDEZ<<RAUL<<<<<<<",
        "Raúl Bermúdez Gómez",
        "Raul Gomes Bermudes",
        "Raul Gomez Vermudez",
        "Rual Gomez Bermudez",
        "Raul Gomez Bermduez",
        "Raul Gomez-Bermudez",
        "R. Gomez Bermudez",
    ],
)
def test_name_variants_strong_with_birth_date(query: str) -> None:
    match = score({"name": query, "birth_date": "1977-05-03"}, BASE)
    assert match.band is Band.STRONG, match


@pytest.mark.parametrize("query", ["Raul Gomez", "Raul Bermudez", "Gomez Bermudez"])
def test_partial_names_possible_with_birth_date(query: str) -> None:
    match = score({"name": query, "birth_date": "1977-05-03"}, BASE)
    assert match.band.rank >= Band.POSSIBLE.rank, match


@pytest.mark.parametrize(
    ("nickname", "given"),
    [("Pepe", "José"), ("Paco", "Francisco"), ("Chuy", "Jesús"), ("Lupe", "Guadalupe"), ("Beto", "Humberto"), ("Beto", "Roberto"), ("Toño", "Antonio"), ("Memo", "Guillermo"), ("Chema", "José María")],
)
def test_nicknames_match_full_name(nickname: str, given: str) -> None:
    record = {"given_names": given, "paternal_surname": "Salgado", "maternal_surname": "Reyes"}
    match = score(f"{nickname} Salgado Reyes", record)
    assert match.band.rank >= Band.POSSIBLE.rank
    assert next(item for item in match.explanation if item.feature == "given_name").how == "nickname"


def test_unrelated_nickname_does_not_match() -> None:
    record = {"given_names": "Eduardo", "paternal_surname": "Salgado", "maternal_surname": "Reyes"}
    match = score("Chuy Salgado Reyes", record)
    assert next(item for item in match.explanation if item.feature == "given_name").how == "conflict"


@pytest.mark.parametrize(
    ("query_date", "how"),
    [("1977-05-03", "exact"), ("1977-03-05", "day_month_swap"), ("1978-05-03", "year_off"), ("1977", "partial"), ("1977-05", "partial"), ("1991-11-02", "conflict"), ("1977-05-09", "conflict")],
)
def test_birth_date_kinds(query_date: str, how: str) -> None:
    match = score({"name": "Raul Gomez Bermudez", "birth_date": query_date}, BASE)
    assert next(item for item in match.explanation if item.feature == "birth_date").how == how


def test_birth_date_order_of_evidence() -> None:
    scores = [score({"name": "Raul Gomez Bermudez", "birth_date": date}, BASE).score for date in ("1977-05-03", "1977-03-05", "1977", "1991-11-02")]
    without = score("Raul Gomez Bermudez", BASE).score
    assert scores[0] > scores[1] > scores[2] > without > scores[3]


@pytest.mark.parametrize("query", ["José Luis Hernández García", "Jose Luis Hernandez", "Hernandez Garcia Jose Luis", "Pepe Hernandez Garcia"])
def test_conflicting_birth_date_never_strong(query: str) -> None:
    record = {"given_names": "José Luis", "paternal_surname": "Hernández", "maternal_surname": "García", "birth_dates": ["1991-11-02"]}
    match = score({"name": query, "birth_date": "1979-03-14"}, record)
    assert match.band is not Band.STRONG


def test_common_names_still_strong_with_birth_date_in_large_index() -> None:
    counts = {"jose": 60_000, "luis": 40_000, "hernandez": 70_000, "garcia": 50_000}
    frequencies = StaticFrequencies(counts, 1_000_000)
    record = {"given_names": "José Luis", "paternal_surname": "Hernández", "maternal_surname": "García", "birth_dates": ["1979-03-14"]}
    match = score({"name": "Jose Luis Hernandez Garcia", "birth_date": "1979-03-14"}, record, frequencies)
    assert match.band is Band.STRONG


def test_rare_names_outscore_common_names() -> None:
    frequencies = StaticFrequencies({"hernandez": 70_000, "garcia": 50_000, "xolalpa": 3, "tepox": 2}, 1_000_000)
    common = score("Pedro Hernandez Garcia", {"given_names": "Pedro", "paternal_surname": "Hernández", "maternal_surname": "García"}, frequencies)
    rare = score("Pedro Xolalpa Tepox", {"given_names": "Pedro", "paternal_surname": "Xolalpa", "maternal_surname": "Tepox"}, frequencies)
    assert rare.score > common.score


def test_name_alone_is_never_strong() -> None:
    match = score("Raul Gomez Bermudez", BASE)
    assert match.band is Band.POSSIBLE


def test_sex_conflict_lowers_score() -> None:
    agree = score({"name": "Raul Gomez Bermudez", "sex": "M"}, BASE)
    conflict = score({"name": "Raul Gomez Bermudez", "sex": "F"}, BASE)
    assert agree.score > conflict.score


def test_nationality_compared() -> None:
    record = dict(BASE, nationalities=["MX"])
    agree = score({"name": "Raul Gomez Bermudez", "nationality": "MX"}, record)
    conflict = score({"name": "Raul Gomez Bermudez", "nationality": "CO"}, record)
    assert agree.score > conflict.score


def test_equal_curp_is_strong() -> None:
    record = dict(BASE, identifiers={"curp": "GOBR770503HJCMRL09"})
    match = score({"name": "Raul Gomez", "identifiers": {"curp": "gobr770503hjcmrl09"}}, record)
    assert match.band is Band.STRONG


def test_different_curp_pulls_down() -> None:
    record = dict(BASE, identifiers={"curp": "GOBR770503HJCMRL09"})
    match = score({"name": "Raul Gomez Bermudez", "birth_date": "1977-05-03", "identifiers": {"curp": "GOBR770503HDFMRL02"}}, record)
    assert match.band is not Band.STRONG


def test_different_given_name_is_sibling_not_match() -> None:
    sibling = score({"name": "Mario Gomez Bermudez", "birth_date": "1977-05-03"}, BASE)
    assert sibling.band is not Band.STRONG


def test_transliterated_alias_never_beats_latin_name() -> None:
    latin = {"given_names": "Fernando", "paternal_surname": "Peralta"}
    with_alias = dict(latin, aliases=["Фернандо Перальта"])
    assert score("Fernando Peralta", with_alias).score == score("Fernando Peralta", latin).score


def test_transliterated_alias_weaker_than_latin_alias() -> None:
    cyrillic = {"given_names": "Ivan", "paternal_surname": "Petrov", "aliases": ["Фернандо Перальта"]}
    latin = {"given_names": "Ivan", "paternal_surname": "Petrov", "aliases": ["Fernando Peralta"]}
    assert score("Fernando Peralta", latin).score > score("Fernando Peralta", cyrillic).score


def test_alias_match_reported() -> None:
    match = score("Chuy Amezcua", AMEZCUA)
    assert match.via_alias
    assert any(item.feature == "name_form" and item.how == "alias" for item in match.explanation)


def test_truncated_mrz_given_name() -> None:
    record = {"given_names": "María del Carmen Guadalupe", "paternal_surname": "González", "maternal_surname": "Ochoa", "birth_dates": ["1968-08-08"]}
    match = score({"name": "GONZALEZ<OCHOA<<MARIA<DEL<CARMEN<GUADALUPE"[:39], "birth_date": "1968-08-08"}, record)
    assert match.band is Band.STRONG


def test_particle_kinds_rank() -> None:
    record = {"given_names": "Ricardo", "paternal_surname": "de la Cruz", "maternal_surname": "Ochoa"}
    apart = score("Ricardo de la Cruz Ochoa", record).score
    fused = score("Ricardo Delacruz Ochoa", record).score
    dropped = score("Ricardo Cruz Ochoa", record).score
    assert apart >= fused > dropped
