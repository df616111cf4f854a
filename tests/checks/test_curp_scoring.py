"""CURP in scoring: a valid equal CURP is a strong identifier match; a malformed stored one compares its prefix."""

from __future__ import annotations

from engine.names import analyse_person, parse_name
from engine.records import Identifier, PartialDate, Person
from engine.scoring import Band, PersonQuery, StaticFrequencies, score_person

VALID = "BOXW310820HNERXN09"


def person(curp: str, valid: bool | None = True) -> Person:
    return Person(
        source="mx", record_id="MX-1", owner="MX", given_names="Wenceslao", paternal_surname="Bosque",
        birth_dates=[PartialDate(1931, 8, 20)], identifiers=[Identifier("curp", curp, "MX", valid)],
    )


def curp_row(query_curp: str, record: Person, name: str = "Wenceslao Bosque"):
    query = PersonQuery(name, identifiers=[Identifier("curp", query_curp)])
    match = score_person(query, parse_name(name), record, analyse_person(record), StaticFrequencies())
    return match, next(item for item in match.explanation if item.feature == "identifier")


def test_valid_equal_curp_is_strong() -> None:
    match, row = curp_row(VALID.lower(), person(VALID), name="W. Bosque")

    assert row.how == "exact"
    assert row.points >= 0.35
    assert match.band is Band.STRONG


def test_different_valid_curp_conflicts() -> None:
    other = "BOXW310820HNERXN17"  # valid, another differentiator: another person
    match, row = curp_row(VALID, person(other))

    assert row.how == "conflict"
    assert row.points < 0


def test_malformed_stored_curp_compares_its_prefix() -> None:
    malformed = VALID[:-1] + "8"  # wrong check digit, as received from the source
    match, row = curp_row(VALID, person(malformed, valid=False))

    assert row.how == "partial"
    assert 0 < row.points < 0.35

    other_person = "BOXW310820HJCRXN08"  # same prefix, another state of birth
    _, differs = curp_row(VALID, person(other_person, valid=False))
    assert differs.how == "conflict"
