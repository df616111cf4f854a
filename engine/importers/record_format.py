"""The project's own record format: one JSON object per record, as ``engine.records.record_to_dict`` writes it.

Every object has ``kind`` (``person``, ``travel_document`` or ``vehicle``),
``source``, ``record_id`` and ``owner``, and the fields of that record kind
in ``engine.records``. A person needs at least one name field. Example::

    {"kind": "person", "source": "mx", "record_id": "MX-000123", "owner": "MX",
     "given_names": "José Luis", "paternal_surname": "Hernández",
     "maternal_surname": "Cruz", "aliases": ["El Güero"], "sex": "M",
     "birth_dates": ["1984-03-07", "1985"], "places_of_birth": ["Puebla"],
     "nationalities": ["MX"],
     "identifiers": [{"kind": "curp", "value": "HECL840307HPLRRS09", "country": "MX"}],
     "notice": {"kind": "warrant", "reference": "CP-2021-0042",
                "issuer": "FGE Puebla", "charges": ["robo calificado"]},
     "status": "active", "version": 1,
     "sharing": {"scope": "countries", "countries": ["GT", "US"]}}

A missing required field, or a field of the wrong JSON type, makes the row an
error (``RowError``). An invalid value of the right type (an impossible birth
date, a malformed CURP, an unknown sex or country code) is kept as received
and listed in the record's ``flags``. Fields this format does not know are
ignored.
"""

from __future__ import annotations

from typing import Any

from engine.i18n import json_type
from engine.importers.base import RowError
from engine.importers.values import (
    check_countries,
    check_country,
    check_sex,
    clean_name,
    clean_text,
    make_identifier,
    parse_birth_date,
)
from engine.records import (
    Flag,
    Identifier,
    Notice,
    Origin,
    Person,
    Record,
    RecordKind,
    SharingRule,
    SharingScope,
    Status,
    TravelDocument,
    Vehicle,
)

# Owners that are organisations rather than countries (INTERPOL notices that name no issuing country).
ORGANISATION_OWNERS = frozenset({"INTL"})

PERSON_NAME_FIELDS = ("given_names", "paternal_surname", "maternal_surname", "full_name")

VIN_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPRSTUVWXYZ")


def record_from_dict(data: dict[str, Any], *, default_source: str | None = None) -> Record:
    """Validate one decoded JSON object and build the record it describes.

    ``default_source`` fills ``source`` when the object has none. Raises
    RowError naming the field when the object cannot become a record.
    """
    if not isinstance(data, dict):
        raise RowError("import.not_object", type=json_type(data))

    kind = _required_str(data, "kind")
    if kind == RecordKind.PERSON:
        return _without_repeats(_person_from_dict(data, default_source))
    if kind == RecordKind.TRAVEL_DOCUMENT:
        return _without_repeats(_travel_document_from_dict(data, default_source))
    if kind == RecordKind.VEHICLE:
        return _without_repeats(_vehicle_from_dict(data, default_source))
    raise RowError("import.kind_unknown", kind=kind)


def _common_fields(data: dict[str, Any], default_source: str | None, flags: list[Flag]) -> dict[str, Any]:
    """Read the fields every record kind has: source, id, owner, status, version, update time, sharing."""
    source = _optional_str(data, "source") or default_source
    if not source:
        raise RowError("import.field_missing", field="source")

    record_id = data.get("record_id")
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = str(record_id)
    if not isinstance(record_id, str) or not clean_text(record_id):
        raise RowError("import.record_id_invalid")

    owner = clean_text(_required_str(data, "owner")).upper()
    if owner not in ORGANISATION_OWNERS:
        check_country(owner, flags, "owner")

    status_text = _optional_str(data, "status") or Status.ACTIVE.value
    try:
        status = Status(status_text)
    except ValueError:
        raise RowError("import.status_unknown", value=status_text) from None

    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise RowError("import.version_invalid", value=version)

    return {
        "source": clean_text(source),
        "record_id": clean_text(record_id),
        "owner": owner,
        "status": status,
        "version": version,
        "updated_at": _optional_str(data, "updated_at"),
        "sharing": _sharing_rule(data.get("sharing")),
        "flags": flags,
        "origin": _origin(data.get("origin")),
    }


def _origin(value: Any) -> Origin | None:
    """Read the link of a synced copy back to its national record: ``{"source": ..., "record_id": ...}``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RowError("import.origin_invalid")
    return Origin(_required_str(value, "source", "origin.source"), _required_str(value, "record_id", "origin.record_id"))


def _sharing_rule(value: Any) -> SharingRule:
    # An unreadable sharing rule is a row error, never a guess: a wrong guess would show the record to the wrong countries.
    if value is None:
        return SharingRule()
    if isinstance(value, str):
        value = {"scope": value}
    if not isinstance(value, dict):
        raise RowError("import.sharing_invalid")

    scope = value.get("scope", "all")
    countries = value.get("countries", [])
    if scope not in {s.value for s in SharingScope}:
        raise RowError("import.sharing_scope_unknown", scope=scope)
    if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
        raise RowError("import.sharing_countries_invalid")
    if scope == SharingScope.COUNTRIES and not countries:
        raise RowError("import.sharing_countries_empty")
    return SharingRule.from_dict({"scope": scope, "countries": countries})


def _person_from_dict(data: dict[str, Any], default_source: str | None) -> Person:
    flags = _stored_flags(data)
    common = _common_fields(data, default_source, flags)

    names = {field: clean_name(_optional_str(data, field), field) for field in PERSON_NAME_FIELDS}
    if not any(names.values()):
        raise RowError("import.person_no_name")
    aliases = [alias for alias in (clean_name(a, "aliases") for a in _str_list(data, "aliases")) if alias]

    birth_dates = []
    for text in _str_list(data, "birth_dates"):
        parsed = parse_birth_date(text, flags)
        if parsed is not None:
            birth_dates.append(parsed)

    return Person(
        **names,
        aliases=aliases,
        sex=check_sex(_optional_str(data, "sex"), flags),
        birth_dates=birth_dates,
        places_of_birth=[p for p in (clean_text(p) for p in _str_list(data, "places_of_birth")) if p],
        addresses=[a for a in (clean_text(a) for a in _str_list(data, "addresses")) if a],
        nationalities=check_countries(_str_list(data, "nationalities"), flags, "nationalities"),
        identifiers=_identifiers(data.get("identifiers"), flags),
        notice=_notice(data.get("notice")),
        **common,
    )


def _travel_document_from_dict(data: dict[str, Any], default_source: str | None) -> TravelDocument:
    flags = _stored_flags(data)
    common = _common_fields(data, default_source, flags)

    number = clean_text(_required_str(data, "number")).upper()
    issuing_country = check_country(_required_str(data, "issuing_country"), flags, "issuing_country") or ""
    birth_text = _optional_str(data, "holder_birth_date")
    holder_birth_date = parse_birth_date(birth_text, flags, "holder_birth_date") if birth_text else None

    return TravelDocument(
        number=number,
        issuing_country=issuing_country,
        document_type=_optional_str(data, "document_type") or "P",
        reason=_optional_str(data, "reason") or "stolen",
        holder_name=clean_name(_optional_str(data, "holder_name"), "holder_name"),
        holder_birth_date=holder_birth_date,
        **common,
    )


def _vehicle_from_dict(data: dict[str, Any], default_source: str | None) -> Vehicle:
    flags = _stored_flags(data)
    common = _common_fields(data, default_source, flags)

    vin = _optional_str(data, "vin")
    plate = _optional_str(data, "plate")
    if not vin and not plate:
        raise RowError("import.vehicle_no_id")
    if vin:
        vin = clean_text(vin).upper()
        if len(vin) != 17 or not set(vin) <= VIN_ALPHABET:
            flags.append(Flag("vin", vin, "a VIN has 17 characters from 0-9 and A-Z without I, O and Q"))

    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise RowError("import.year_not_integer", value=year)

    return Vehicle(
        vin=vin,
        plate=clean_text(plate).upper() if plate else None,
        plate_country=check_country(_optional_str(data, "plate_country"), flags, "plate_country"),
        make=_optional_str(data, "make"),
        model=_optional_str(data, "model"),
        year=year,
        color=_optional_str(data, "color"),
        reason=_optional_str(data, "reason") or "stolen",
        **common,
    )


def _identifiers(value: Any, flags: list[Flag]) -> list[Identifier]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError("import.identifiers_invalid")

    identifiers = []
    for item in value:
        if not isinstance(item, dict):
            raise RowError("import.identifier_invalid")
        kind = _required_str(item, "kind", "identifiers.kind").lower()
        number = _required_str(item, "value", "identifiers.value")
        country = check_country(_optional_str(item, "country"), flags, "identifiers.country")
        identifiers.append(make_identifier(kind, number, country, flags))
    return identifiers


def _notice(value: Any) -> Notice | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RowError("import.notice_invalid")

    return Notice(
        kind=_required_str(value, "kind", "notice.kind"),
        reference=_optional_str(value, "reference", "notice.reference"),
        issuer=_optional_str(value, "issuer", "notice.issuer"),
        charges=tuple(clean_text(c) for c in _str_list(value, "charges", "notice.charges")),
        program=_optional_str(value, "program", "notice.program"),
    )


def _without_repeats(record: Record) -> Record:
    """Drop repeated flags: a stored record that is read again gets the same flags from validation."""
    unique: list[Flag] = []
    for flag in record.flags:
        if flag not in unique:
            unique.append(flag)
    record.flags = unique
    return record


def _stored_flags(data: dict[str, Any]) -> list[Flag]:
    """Read flags written by an earlier import, so that exporting and importing again keeps them."""
    value = data.get("flags")
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError("import.flags_invalid")

    flags = []
    for item in value:
        if not isinstance(item, dict):
            raise RowError("import.flag_invalid")
        flags.append(Flag(str(item.get("field", "")), str(item.get("value", "")), str(item.get("problem", ""))))
    return flags


def _required_str(data: dict[str, Any], key: str, label: str | None = None) -> str:
    value = data.get(key)
    if value is None:
        raise RowError("import.field_missing", field=label or key)
    if not isinstance(value, str):
        raise RowError("import.field_not_string", field=label or key, type=json_type(value))
    if not value.strip():
        raise RowError("import.field_empty", field=label or key)
    return value


def _optional_str(data: dict[str, Any], key: str, label: str | None = None) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError("import.field_not_string", field=label or key, type=json_type(value))
    return value


def _str_list(data: dict[str, Any], key: str, label: str | None = None) -> list[str]:
    """Read a list of strings; a single string counts as a list of one."""
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RowError("import.field_not_string_list", field=label or key)
    return value
