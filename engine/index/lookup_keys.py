"""Exact lookup keys for travel documents and vehicles.

A stolen document is found by its number and issuing country, a stolen vehicle
by its VIN or by its plate and the country that issued the plate. The keys are
plain strings so that every backend stores them the same way:

- ``doc:<NUMBER>:<COUNTRY>`` and ``doc:<NUMBER>`` (the second finds a document
  when the reader of an MRZ could not tell the issuing country);
- ``vin:<VIN>``;
- ``plate:<PLATE>:<COUNTRY>`` and ``plate:<PLATE>``.

NOTE: normalisation here only upper-cases and drops separators. It does not
repair OCR confusions (O/0, I/1) or map ICAO three-letter country codes to
two-letter ones; the identifier modules are the place for that.
"""

from __future__ import annotations

import re

from engine.records import Record, TravelDocument, Vehicle

_SEPARATORS = re.compile(r"[^0-9A-Z]")


def compact(value: str) -> str:
    """Upper-case a document number, VIN or plate and drop spaces, dashes, dots and fillers."""
    return _SEPARATORS.sub("", value.upper().replace("<", ""))


def compact_country(value: str | None) -> str:
    return compact(value) if value else ""


def document_keys(number: str, issuing_country: str | None = None) -> list[str]:
    """Return the lookup keys of a travel document number, most specific first."""
    compact_number = compact(number)
    if not compact_number:
        return []

    country = compact_country(issuing_country)
    keys = [f"doc:{compact_number}"]
    if country:
        keys.insert(0, f"doc:{compact_number}:{country}")
    return keys


def vin_key(vin: str) -> str | None:
    compact_vin = compact(vin)
    return f"vin:{compact_vin}" if compact_vin else None


def plate_keys(plate: str, country: str | None = None) -> list[str]:
    """Return the lookup keys of a licence plate, most specific first."""
    compact_plate = compact(plate)
    if not compact_plate:
        return []

    country_code = compact_country(country)
    keys = [f"plate:{compact_plate}"]
    if country_code:
        keys.insert(0, f"plate:{compact_plate}:{country_code}")
    return keys


def record_lookup_keys(record: Record) -> list[str]:
    """Return every lookup key of a travel document or vehicle record; persons have none."""
    if isinstance(record, TravelDocument):
        return document_keys(record.number, record.issuing_country)

    if isinstance(record, Vehicle):
        keys: list[str] = []
        if record.vin:
            key = vin_key(record.vin)
            if key:
                keys.append(key)
        if record.plate:
            keys.extend(plate_keys(record.plate, record.plate_country))
        return keys

    return []
