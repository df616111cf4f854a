"""record_from_dict: required fields raise RowError, invalid values are kept and flagged."""

from __future__ import annotations

import pytest

from engine.importers.base import RowError
from engine.importers.record_format import record_from_dict
from engine.records import Flag, PartialDate, Person, SharingScope, Status, TravelDocument, Vehicle, record_to_dict


def person(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "person",
        "source": "mx",
        "record_id": "MX-1",
        "owner": "MX",
        "given_names": "José Luis",
        "paternal_surname": "Hernández",
        "maternal_surname": "Cruz",
    }
    data.update(fields)
    return data


def flag_fields(record: object) -> list[str]:
    return [flag.field for flag in record.flags]  # type: ignore[attr-defined]


def test_full_person_round_trip() -> None:
    data = person(
        aliases=["El Güero"],
        sex="M",
        birth_dates=["1984-03-07", "1985"],
        places_of_birth=["Puebla"],
        nationalities=["mx"],
        identifiers=[{"kind": "curp", "value": "HECL840307HPLRRS09", "country": "MX"}],
        notice={"kind": "warrant", "reference": "CP 12/2021", "issuer": "FGE Puebla", "charges": ["robo"]},
        sharing={"scope": "countries", "countries": ["gt", "US"]},
        version=3,
    )

    record = record_from_dict(data)

    assert isinstance(record, Person)
    assert record.birth_dates == [PartialDate(1984, 3, 7), PartialDate(1985)]
    assert record.nationalities == ["MX"]
    assert record.sharing.scope is SharingScope.COUNTRIES
    assert record.sharing.countries == ("GT", "US")
    assert record.notice is not None and record.notice.charges == ("robo",)
    assert record.version == 3
    assert record_from_dict(record_to_dict(record)) == record


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "ship"}, "kind"),
        ({"kind": None}, "kind is missing"),
        ({"record_id": None}, "record_id"),
        ({"record_id": ["x"]}, "record_id"),
        ({"owner": 52}, "owner must be a string"),
        ({"given_names": 7}, "given_names must be a string"),
        ({"birth_dates": [1984]}, "birth_dates must be a list of strings"),
        ({"version": "2"}, "version"),
        ({"status": "deleted"}, "status"),
        ({"sharing": {"scope": "friends"}}, "sharing scope"),
        ({"sharing": {"scope": "countries"}}, "at least one country"),
        ({"identifiers": [{"value": "X"}]}, "identifiers.kind is missing"),
        ({"notice": "warrant"}, "notice must be an object"),
    ],
)
def test_row_errors(change: dict[str, object], message: str) -> None:
    with pytest.raises(RowError, match=message):
        record_from_dict(person(**change))


def test_person_without_any_name_is_row_error() -> None:
    data = person(given_names=None, paternal_surname="  ", maternal_surname=None)

    with pytest.raises(RowError, match="at least one of"):
        record_from_dict(data)


def test_missing_source_uses_default() -> None:
    data = person()
    del data["source"]

    with pytest.raises(RowError, match="source is missing"):
        record_from_dict(data)
    assert record_from_dict(data, default_source="intl").source == "intl"


def test_impossible_birth_date_flagged() -> None:
    record = record_from_dict(person(birth_dates=["1980-02-30", "1979-12-01"]))

    assert record.birth_dates == [PartialDate(1979, 12, 1)]
    assert record.flags[0].field == "birth_dates"
    assert record.flags[0].value == "1980-02-30"
    assert record.flags[0].problem == "invalid date: day is out of range for month"


def test_malformed_curp_kept_and_flagged() -> None:
    record = record_from_dict(person(identifiers=[{"kind": "CURP", "value": "AIMM67125HCHRRG06"}]))

    assert isinstance(record, Person)
    assert record.identifiers[0].value == "AIMM67125HCHRRG06"
    assert record.identifiers[0].valid is False
    assert flag_fields(record) == ["identifiers.curp"]


def test_valid_curp_and_rfc_marked_valid() -> None:
    identifiers = [{"kind": "curp", "value": "AECP670318MJCMNT07"}, {"kind": "rfc", "value": "AECP-670318"}]

    record = record_from_dict(person(identifiers=identifiers))

    assert isinstance(record, Person)
    assert [i.valid for i in record.identifiers] == [True, True]
    assert record.identifiers[1].value == "AECP670318"
    assert record.flags == []


def test_unknown_sex_and_country_kept_and_flagged() -> None:
    record = record_from_dict(person(sex="Q", nationalities=["MX", "ZZ"]))

    assert isinstance(record, Person)
    assert record.sex == "Q"
    assert record.nationalities == ["MX", "ZZ"]
    assert flag_fields(record) == ["sex", "nationalities"]


def test_names_lose_control_characters() -> None:
    record = record_from_dict(person(given_names="Jo\x00sé\tLuis\x07", aliases=["\x00"]))

    assert isinstance(record, Person)
    assert record.given_names == "José Luis"
    assert record.aliases == []


def test_name_over_300_characters_is_row_error() -> None:
    with pytest.raises(RowError, match="10000 characters"):
        record_from_dict(person(paternal_surname="A" * 10_000))


def test_stored_flags_not_repeated_on_reload() -> None:
    record = record_from_dict(person(birth_dates=["1980-02-30"], sex="Q"))

    again = record_from_dict(record_to_dict(record))

    assert again.flags == record.flags
    assert len(again.flags) == 2


def test_travel_document_and_vehicle() -> None:
    document = record_from_dict(
        {"kind": "travel_document", "source": "intl", "record_id": "D1", "owner": "MX",
         "number": "g1234567", "issuing_country": "MEX", "holder_birth_date": "1990-13-01"}
    )
    vehicle = record_from_dict(
        {"kind": "vehicle", "source": "mx", "record_id": "V1", "owner": "MX", "vin": "3VWFE21C04M000001", "plate": "abc-123-d",
         "status": "withdrawn"}
    )

    assert isinstance(document, TravelDocument)
    assert document.number == "G1234567"
    assert [flag.field for flag in document.flags] == ["issuing_country", "holder_birth_date"]
    assert isinstance(vehicle, Vehicle)
    assert vehicle.plate == "ABC-123-D"
    assert vehicle.status is Status.WITHDRAWN
    assert vehicle.flags == []


def test_vehicle_vin_checks() -> None:
    base = {"kind": "vehicle", "source": "mx", "record_id": "V2", "owner": "MX"}

    flagged = record_from_dict({**base, "vin": "3VWFE21C04M00000O"})

    assert flagged.flags == [Flag("vin", "3VWFE21C04M00000O", "a VIN has 17 characters from 0-9 and A-Z without I, O and Q")]
    with pytest.raises(RowError, match="vin or a plate"):
        record_from_dict(base)
