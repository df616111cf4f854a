"""Lookup keys for travel documents: the document number and the issuing country.

A stolen or lost document is found by its number and issuing country, and
the number may reach the index from a typed list, a database export or an
OCR reading. :func:`normalise_document_number` maps both sides of the lookup
the same way. It upper-cases the number and removes spaces, dashes, dots,
slashes and ``<`` fillers. Then it replaces the letter of each confusable
pair O/0, I/1, Z/2, S/5, B/8 and G/6 (the pairs the MRZ repair uses) by its
digit. Two numbers that differ only in those pairs share a key,
so a misread the MRZ check digits cannot settle (a 6 read as G) still finds
the record; the cost is a rare extra candidate, which the officer is shown
with its real number.

>>> normalise_document_number('L898902C3')
'L898902C3'
>>> normalise_document_number('ko-347 9734') == normalise_document_number('K03479734')
True
>>> normalise_document_number('P<1234<<<')
'P1234'
>>> document_key('KO3479734', 'MEX')
'MEX:K03479734'
>>> document_key('C01X00T47', 'DE')
'D:C01X00T47'

Country codes go through :mod:`engine.identifiers.icao_codes`:

>>> icao_to_iso2('D'), iso2_to_icao('MX'), normalise_country('deu')
('DE', 'MEX', 'D')
"""

from __future__ import annotations

from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import icao_to_iso2, iso2_to_icao, normalise_country

__all__ = ["document_key", "icao_to_iso2", "iso2_to_icao", "normalise_country", "normalise_document_number"]

# Letter → digit for the confusable pairs; P, L, C and the rest stay letters.
_CONFUSABLE_TO_DIGIT = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "B": "8", "G": "6"})
_SEPARATORS = str.maketrans("", "", " \t-./<_")


def normalise_document_number(number: str) -> str:
    """Return the lookup form of a document number; raise IdentifierError when nothing is left."""
    key = number.upper().translate(_SEPARATORS).translate(_CONFUSABLE_TO_DIGIT)
    if not key:
        raise IdentifierError(
            f"invalid document number {number!r}: empty after removing spaces, dashes and fillers",
            value=number,
            code="document.number_empty",
        )
    return key


def document_key(number: str, issuing_country: str) -> str:
    """Return ``ICAO:NUMBER``, the key a stolen-document index stores and queries."""
    return f"{normalise_country(issuing_country)}:{normalise_document_number(number)}"
