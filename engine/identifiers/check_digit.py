"""The ICAO Doc 9303 check digit (Part 3, section 4.9), used by every MRZ field check.

Each character gets a value (``0``-``9`` as themselves, ``A``-``Z`` as 10-35,
the filler ``<`` as 0), the values are multiplied by the repeating weights
7, 3, 1, and the check digit is the sum modulo 10.

>>> compute_check_digit('L898902C3')
'6'
>>> compute_check_digit('740812')
'2'
>>> compute_check_digit('<<<<<<<<<<<<<<')
'0'
"""

from __future__ import annotations

_WEIGHTS = (7, 3, 1)


def character_value(character: str) -> int:
    """Return the check-digit value of one MRZ character; raise ValueError outside A-Z, 0-9 and <."""
    if character == "<":
        return 0
    if "0" <= character <= "9":
        return ord(character) - ord("0")
    if "A" <= character <= "Z":
        return ord(character) - ord("A") + 10
    raise ValueError(f"invalid MRZ character {character!r}: expected A-Z, 0-9 or <")


def compute_check_digit(data: str) -> str:
    """Return the check digit (one character, ``0``-``9``) for ``data``."""
    total = sum(character_value(character) * _WEIGHTS[index % 3] for index, character in enumerate(data))
    return str(total % 10)
