"""Person analysis: name forms, aliases, JSON storage and frequency parts."""

from engine.names import PersonAnalysis, analyse_person, frequency_parts
from engine.records import PartialDate, Person


def ofac_person() -> Person:
    return Person(
        source="intl",
        record_id="6703",
        owner="US",
        full_name="AMEZCUA CONTRERAS, Jose de Jesus",
        aliases=["AMEZCUA, Chuy", "Фернандо Перальта", "AMEZCUA CONTRERAS, Jesus", "", "\x00"],
        birth_dates=[PartialDate(1964, 7, 31), PartialDate(1965, 7, 31), PartialDate(1964, 7, 31)],
    )


def test_full_name_parsed_when_no_fields() -> None:
    analysis = analyse_person(ofac_person())
    primary = analysis.names[0]
    assert primary.given == ("jose de jesus",)
    assert (primary.paternal, primary.maternal) == ("amezcua", "contreras")


def test_structured_fields_preferred() -> None:
    person = Person("mx", "1", "MX", given_names="María del Carmen", paternal_surname="Castillo-Zepeda", full_name="ignored name")
    primary = analyse_person(person).names[0]
    assert primary.given == ("maria del carmen",)
    assert (primary.paternal, primary.maternal) == ("castillo", "zepeda")


def test_invalid_aliases_skipped_and_latin_first() -> None:
    analysis = analyse_person(ofac_person())
    assert [name.latin for name in analysis.names] == [True, True, True, False]
    assert len(analysis.names) == 4


def test_birth_years_distinct() -> None:
    assert analyse_person(ofac_person()).birth_years == (1964, 1965)


def test_json_round_trip() -> None:
    analysis = analyse_person(ofac_person())
    assert PersonAnalysis.from_json(analysis.to_json()) == analysis


def test_json_compact() -> None:
    assert len(analyse_person(ofac_person()).to_json()) < 400


def test_person_without_name_has_no_forms() -> None:
    assert analyse_person(Person("mx", "2", "MX")).names == ()


def test_frequency_parts_skip_transliterated_alias() -> None:
    parts = frequency_parts(analyse_person(ofac_person()))
    assert "amezcua" in parts and "contreras" in parts and "jesus" in parts
    assert "peralta" not in parts
    assert len(parts) == len(set(parts))
