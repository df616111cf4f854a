"""Licence plates: the normalised form that a stolen-vehicle index stores and queries.

A plate arrives as painted (``ABC-123-D``), as typed (``abc 123 d``) or from a
database export (``ABC.123.D``). :func:`compact` keeps only letters and
digits, in upper case, with accents folded, so every form of one plate gives
one key. Plates carry no check digit, so nothing here can reject a plate
beyond an empty one.

Mexico: plates are issued by each state within the federal standard for
plates (NOM-001-SCT-2-2016), in series of letters and digits separated by
dashes that are not part of the registration. The shapes below are the ones
:func:`get_format` names; a plate of another shape is still accepted.

>>> compact('abc-123-d')
'ABC123D'
>>> compact(' ABC.123·D ', 'MX')
'ABC123D'
>>> get_shape('ABC123D')
'LLLNNNL'
>>> get_format('ABC-123-D', 'MEX')
'MX: three letters, three digits, one letter'
>>> get_format('ABC-123-D', 'US') is None
True
>>> plate_key('abc-123-d', 'mx')
'MEX:ABC123D'
"""

from __future__ import annotations

import unicodedata

from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import normalise_country

# NOTE: a few shapes common on Mexican plates, not checked against the series that
# each state registers under the standard. An unlisted shape is therefore not an error.
_FORMATS: dict[str, dict[str, str]] = {
    "MEX": {
        "LLLNNNL": "MX: three letters, three digits, one letter",
        "LLLNNNN": "MX: three letters, four digits",
        "LLNNNNN": "MX: two letters, five digits",
        "NNNLLL": "MX: three digits, three letters",
    },
}


def _fold(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


# NOTE: an estimate; the plate formats known here have at most 10 letters and digits, and 12 leaves room.
MAX_PLATE_LENGTH = 12


def compact(plate: str, country: str | None = None) -> str:
    """Return the plate in upper case, letters and digits only; raise IdentifierError when nothing is left.

    ``country`` is accepted so that every caller passes it; today every
    country gets the same cleaning.
    """
    del country
    cleaned = "".join(_fold(character) for character in plate.upper())
    key = "".join(character for character in cleaned if character.isascii() and character.isalnum())
    if not key:
        raise IdentifierError(
            f"invalid licence plate {plate!r}: no letters or digits",
            value=plate,
            code="plate.empty",
        )
    if len(key) > MAX_PLATE_LENGTH:
        raise IdentifierError(
            f"invalid licence plate: {len(key)} letters and digits, at most {MAX_PLATE_LENGTH}",
            value=plate[:40],
            code="plate.too_long",
            params={"length": len(key), "maximum": MAX_PLATE_LENGTH},
        )
    return key


def get_shape(plate: str) -> str:
    """Return the plate's shape: ``L`` for each letter and ``N`` for each digit of the compact plate."""
    return "".join("N" if character.isdigit() else "L" for character in compact(plate))


def get_format(plate: str, country: str) -> str | None:
    """Return the description of the plate's shape for ``country``, or ``None`` when it is not listed."""
    return _FORMATS.get(normalise_country(country), {}).get(get_shape(plate))


def plate_key(plate: str, country: str) -> str:
    """Return ``ICAO:PLATE``, the key a stolen-vehicle index stores and queries."""
    return f"{normalise_country(country)}:{compact(plate, country)}"
