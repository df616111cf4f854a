"""Exact lookup keys for travel documents and vehicles.

A stolen document is found by its number and issuing country, a stolen vehicle
by its VIN or by its plate and the country that issued the plate. The keys are
plain strings so that every backend stores them the same way:

- ``doc:<NUMBER>:<COUNTRY>`` and ``doc:<NUMBER>`` (the second finds a document
  when the reader of an MRZ could not tell the issuing country);
- ``vin:<VIN>``;
- ``plate:<PLATE>:<COUNTRY>`` and ``plate:<PLATE>``.

Stored records and queries go through the same normalisers of
``engine.identifiers``, so confusable characters fold the same way on both
sides. A document number maps O/0, I/1, Z/2, S/5, B/8 and G/6 to the digit, so
``KO3479734`` and ``K03479734`` share a key. A VIN maps I, O and Q to the digit
each resembles. A country code given as ICAO, ISO alpha-3 or ISO alpha-2 becomes
the ICAO code (``MX``, ``MEX`` → ``MEX``; ``DE``, ``DEU`` → ``D``).

NOTE: the keys changed from plain upper-casing to these normalisers; an index
written before the change finds documents and vehicles again after a re-import.

>>> document_keys('KO-347 9734', 'MX')
['doc:K03479734:MEX', 'doc:K03479734']
>>> vin_key('1m8gdm9axkpo42788')
'vin:1M8GDM9AXKP042788'
>>> plate_keys('abc-123-d', 'mex')
['plate:ABC123D:MEX', 'plate:ABC123D']
"""

from __future__ import annotations

import re

from engine.identifiers import plate as plate_numbers
from engine.identifiers import vin as vin_numbers
from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import normalise_country
from engine.identifiers.travel_document import normalise_document_number
from engine.records import Record, TravelDocument, Vehicle

_SEPARATORS = re.compile(r"[^0-9A-Z]")


def compact(value: str) -> str:
    """Upper-case a value and drop spaces, dashes, dots and fillers, without folding confusable characters."""
    return _SEPARATORS.sub("", value.upper().replace("<", ""))


def compact_country(value: str | None) -> str:
    """Return the ICAO code of a country given in any common form; an unknown code is only compacted."""
    if not value:
        return ""
    try:
        return normalise_country(value)
    except IdentifierError:
        return compact(value)


def document_keys(number: str, issuing_country: str | None = None) -> list[str]:
    """Return the lookup keys of a travel document number, most specific first."""
    try:
        normalised = normalise_document_number(compact(number))
    except IdentifierError:
        return []

    country = compact_country(issuing_country)
    keys = [f"doc:{normalised}"]
    if country:
        keys.insert(0, f"doc:{normalised}:{country}")
    return keys


def vin_key(vin: str) -> str | None:
    key = vin_numbers.lookup_key(compact(vin))
    return f"vin:{key}" if key else None


def plate_keys(plate: str, country: str | None = None) -> list[str]:
    """Return the lookup keys of a licence plate, most specific first."""
    try:
        compact_plate = plate_numbers.compact(plate, country)
    except IdentifierError:
        return []

    country_code = compact_country(country)
    keys = [f"plate:{compact_plate}"]
    if country_code:
        keys.insert(0, f"plate:{compact_plate}:{country_code}")
    return keys


def vehicle_keys(vin: str | None, plate: str | None, plate_country: str | None) -> list[str]:
    """Return the lookup keys of a vehicle query: its VIN key, then its plate keys."""
    keys = [key for key in [vin_key(vin) if vin else None] if key]
    if plate:
        keys.extend(plate_keys(plate, plate_country))
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
