"""Vehicle check: a VIN, or a plate and the country that issued it, against the stolen-vehicle lists.

A VIN of the wrong length or with characters outside A-Z and 0-9 is rejected
with the position of the fault. A VIN with I, O or Q, or with a wrong North
American check digit, is still looked up, and the response lists the problem.
The lookup key reads I as 1 and O/Q as 0, so a listing made from the same
misread number is still found. A VIN from outside North America
carries no check digit, which the response flags.

A plate is looked up with its country; a plate listed by another country is
shown apart and does not make the verdict ``listed``.
"""

from __future__ import annotations

import time
from typing import Any

from engine.checks.input_errors import CheckInputError
from engine.checks.listings import LISTING_LIMIT, icao_or_none, listing_to_dict, lookup, selected_sources
from engine.checks.messages import identifier_error_text, render
from engine.identifiers import plate as plate_numbers
from engine.identifiers import vin as vin_numbers
from engine.identifiers.errors import IdentifierError, InvalidChecksum, InvalidFormat
from engine.identifiers.icao_codes import normalise_country
from engine.presenting import missing_to_dicts
from engine.records import Vehicle
from engine.runtime import Runtime


def check_vehicle(
    runtime: Runtime,
    *,
    vin: str | None = None,
    plate: str | None = None,
    plate_country: str | None = None,
    sources: list[str] | None = None,
    viewer_country: str | None = None,
    language: str = "es",
) -> dict[str, Any]:
    """Check a vehicle by VIN or by plate (with its country); return the body shared by the API and the CLI.

    Raises CheckInputError naming the position for a VIN that cannot be one,
    an empty plate or an unknown country, and UnknownSource for a bad source.
    """
    started = time.perf_counter()
    names = selected_sources(runtime, sources)
    if not (vin and vin.strip()) and not (plate and plate.strip()):
        raise CheckInputError("check.vehicle_input")

    problems: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    vin_view = read_vin(vin, problems, warnings, language) if vin and vin.strip() else None
    plate_view = read_plate(plate, plate_country) if plate and plate.strip() else None

    def find(backend: Any, group: list[str]) -> list[Any]:
        return backend.find_vehicles(
            vin=vin_view["vin"] if vin_view else None,
            plate=plate_view["plate"] if plate_view else None,
            plate_country=plate_view["country"] if plate_view else None,
            sources=group,
            viewer_country=viewer_country,
            limit=LISTING_LIMIT,
        )

    found = lookup(runtime, names, "find_vehicles", find)
    same, other = _split_by_country(found.records, vin_view, plate_view)
    listings = [_vehicle_listing(record, vin_view, language) for record in same]
    described = _describe(vin_view, plate_view)

    if listings:
        first = listings[0]
        status = "listed"
        text = render(
            "check.vehicle_listed", language, vehicle=described, reason=first["reason_label"],
            source=first["source"], owner=first["owner"], record_id=first["record_id"],
        )
    elif found.searched:
        status, text = "clear", render("check.vehicle_clear", language, vehicle=described)
    else:
        status, text = "unchecked", render("check.vehicle_unchecked", language)

    return {
        "status": status,
        "text": text,
        "vin": vin_view,
        "plate": plate_view,
        "listings": listings,
        "other_countries": [_vehicle_listing(record, vin_view, language) for record in other],
        "problems": problems,
        "warnings": warnings,
        "searched": found.searched,
        "missing_sources": missing_to_dicts(found.missing, language),
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def read_vin(text: str, problems: list[dict[str, Any]], warnings: list[dict[str, Any]], language: str) -> dict[str, Any]:
    """Validate a VIN: reject one of the wrong shape, and report a forbidden letter or a wrong check digit without stopping."""
    number = vin_numbers.compact(text)
    try:
        reading = vin_numbers.parse(number)
    except (InvalidChecksum, InvalidFormat) as error:
        if error.code not in ("vin.check_digit", "vin.forbidden_letter"):
            raise CheckInputError.from_identifier_error(error) from None
        problems.append(_error_dict(error, language))
        if error.code == "vin.forbidden_letter":
            _check_shape(vin_numbers.lookup_key(number))
        origin = vin_numbers.get_country_region(number)
        return {
            "vin": number, "valid": False, "lookup_key": vin_numbers.lookup_key(number),
            "check_digit_applies": vin_numbers.check_digit_applies(number), "region": origin.region, "country": origin.country,
        }
    except IdentifierError as error:
        raise CheckInputError.from_identifier_error(error) from None

    if not reading.check_digit_applies:
        warnings.append({"code": "vin.no_check_digit", "text": render("check.vin_no_check_digit", language, region=reading.origin.region)})
    return {
        "vin": reading.vin, "valid": True, "lookup_key": vin_numbers.lookup_key(reading.vin),
        "check_digit_applies": reading.check_digit_applies, "region": reading.origin.region, "country": reading.origin.country,
    }


def read_plate(text: str, country: str | None) -> dict[str, Any]:
    """Normalise a plate and its country (ICAO code); raises CheckInputError for an empty plate or unknown country."""
    try:
        compact = plate_numbers.compact(text, country)
        icao = normalise_country(country) if country and country.strip() else None
    except IdentifierError as error:
        raise CheckInputError.from_identifier_error(error) from None
    return {
        "plate": compact,
        "country": icao,
        "format": plate_numbers.get_format(compact, icao) if icao else None,
        "lookup_key": plate_numbers.plate_key(compact, icao) if icao else compact,
    }


def _check_shape(key: str) -> None:
    """Reject a VIN that is still invalid after I, O and Q are read as digits (wrong length or characters)."""
    try:
        vin_numbers.validate(key)
    except InvalidChecksum:
        return
    except IdentifierError as error:
        raise CheckInputError.from_identifier_error(error) from None


def _split_by_country(records: list[Any], vin_view: dict[str, Any] | None, plate_view: dict[str, Any] | None) -> tuple[list[Vehicle], list[Vehicle]]:
    """Keep listings found by VIN, or by plate in the same country; others go apart."""
    same: list[Vehicle] = []
    other: list[Vehicle] = []
    for record in records:
        if not isinstance(record, Vehicle):
            continue
        if vin_view and record.vin and vin_numbers.lookup_key(record.vin) == vin_view["lookup_key"]:
            same.append(record)
            continue
        expected = plate_view["country"] if plate_view else None
        stored = icao_or_none(record.plate_country)
        if expected is None or stored is None or stored == expected:
            same.append(record)
        else:
            other.append(record)
    return same, other


def _vehicle_listing(record: Vehicle, vin_view: dict[str, Any] | None, language: str) -> dict[str, Any]:
    data = listing_to_dict(record, language)
    matched_vin = bool(vin_view and record.vin and vin_numbers.lookup_key(record.vin) == vin_view["lookup_key"])
    data.update(
        {
            "matched_by": "vin" if matched_vin else "plate",
            "vin": record.vin, "plate": record.plate, "plate_country": record.plate_country,
            "make": record.make, "model": record.model, "year": record.year, "color": record.color,
        }
    )
    return data


def _describe(vin_view: dict[str, Any] | None, plate_view: dict[str, Any] | None) -> str:
    parts = []
    if vin_view:
        parts.append(vin_view["vin"])
    if plate_view:
        parts.append(f"{plate_view['plate']} ({plate_view['country'] or '?'})")
    return " / ".join(parts)


def _error_dict(error: IdentifierError, language: str) -> dict[str, Any]:
    data = error.to_dict()
    data["text"] = identifier_error_text(error.code, error.params, language, position=error.position, value=error.value, fallback=error.message)
    return data

