"""VIN (vehicle identification number, ISO 3779).

A VIN has 17 characters from A-Z and 0-9 without I, O and Q (they look like
1 and 0). Positions 1-3 are the world manufacturer identifier (WMI), 4-9 the
vehicle descriptor section, 10-17 the vehicle identifier section (position
10 is the model-year code, 11 the plant). The first character gives the
region: 1-5 North America, 6-7 Oceania, 8-9 South America, A-H Africa, J-R
Asia, S-Z Europe.

Vehicles made for North America (first character 1-5: 1, 4, 5 United
States, 2 Canada, 3 Mexico) carry a check digit at position 9 (US 49 CFR
part 565). Letters are transliterated (A-H → 1-8, J-N → 1-5, P → 7, R → 9,
S-Z → 2-9) and each value is multiplied by the weights 8 7 6 5 4 3 2 10 0 9
8 7 6 5 4 3 2. The sum modulo 11 is the check digit, written X for 10. Other
regions do not require it, so those VINs are accepted without the check and
:func:`parse` reports ``check_digit_applies=False``.

>>> validate('1m8gdm9a-xkp042788')
'1M8GDM9AXKP042788'
>>> validate('1M8GDM9AXKP042789')
Traceback (most recent call last):
    ...
engine.identifiers.errors.InvalidChecksum: invalid VIN '1M8GDM9AXKP042789': check digit at position 9 is 'X', expected '1'
>>> validate('WVWZZZ1JZXW000001')
'WVWZZZ1JZXW000001'
>>> parse('WVWZZZ1JZXW000001').check_digit_applies
False
>>> validate('1M8GDM9AXKPO42788')
Traceback (most recent call last):
    ...
engine.identifiers.errors.InvalidFormat: invalid VIN '1M8GDM9AXKPO42788': 'O' at position 12 never occurs in a VIN (it looks like 0)
>>> get_country_region('3VWFE21C04M000001')
VinOrigin(region='North America', country='MX')
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.identifiers.errors import InvalidChecksum, InvalidFormat, InvalidLength

VIN_LENGTH = 17
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_TRANSLITERATION = {
    **{letter: value for value, letter in enumerate("ABCDEFGH", start=1)},
    **{letter: value for value, letter in enumerate("JKLMN", start=1)},
    "P": 7,
    "R": 9,
    **{letter: value for value, letter in enumerate("STUVWXYZ", start=2)},
    **{digit: int(digit) for digit in "0123456789"},
}
_FORBIDDEN = {"I": "1", "O": "0", "Q": "0"}
_SEPARATORS = str.maketrans("", "", " \t-./_")

_REGIONS = (
    ("12345", "North America"),
    ("67", "Oceania"),
    ("89", "South America"),
    ("ABCDEFGH", "Africa"),
    ("JKLMNPR", "Asia"),
    ("STUVWXYZ", "Europe"),
)

# WMI prefixes by first two characters (SAE assignments). NOTE: partial: the main
# producing countries only; other prefixes return country None.
_COUNTRY_RANGES = (
    ("1", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "US"),
    ("4", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "US"),
    ("5", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "US"),
    ("2", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "CA"),
    ("3", "ABCDEFGHJKLMNPRSTUVW", "MX"),
    ("6", "ABCDEFGHJKLMNPRSTUVW", "AU"),
    ("7", "ABCDE", "NZ"),
    ("8", "ABCDE", "AR"),
    ("9", "ABCDE", "BR"),
    ("9", "3456789", "BR"),
    ("J", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "JP"),
    ("K", "LMNPR", "KR"),
    ("L", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "CN"),
    ("M", "ABCDE", "IN"),
    ("S", "ABCDEFGHJKLM", "GB"),
    ("S", "UVWXYZ", "PL"),
    ("T", "ABCDEFGH", "CH"),
    ("T", "JKLMNP", "CZ"),
    ("V", "ABCDE", "AT"),
    ("V", "FGHJKLMNPR", "FR"),
    ("V", "STUVW", "ES"),
    ("W", "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", "DE"),
    ("X", "3456789", "RU"),
    ("Y", "ABCDE", "BE"),
    ("Y", "FGHJK", "FI"),
    ("Y", "STUVW", "SE"),
    ("Z", "ABCDEFGHJKLMNPR", "IT"),
)


@dataclass(frozen=True, slots=True)
class VinOrigin:
    region: str
    country: str | None  # ISO 3166-1 alpha-2, None when the WMI is not in the table


@dataclass(frozen=True, slots=True)
class VinReading:
    """A validated VIN split into its sections."""

    vin: str
    wmi: str
    vds: str
    vis: str
    check_digit: str
    check_digit_applies: bool
    origin: VinOrigin


def compact(vin: str) -> str:
    """Return the VIN in upper case without spaces, dashes, dots, slashes or underscores."""
    return vin.upper().translate(_SEPARATORS)


def lookup_key(vin: str) -> str:
    """Return the key a stolen-vehicle index stores: compact, with I→1 and O/Q→0.

    I, O and Q never occur in a valid VIN, so a typed or misread one can only
    stand for the digit it looks like. Both sides of a lookup use this key.
    """
    key = compact(vin)
    return "".join(_FORBIDDEN.get(character, character) for character in key)


def calc_check_digit(vin: str) -> str:
    """Return the North American check digit (``0``-``9`` or ``X``) for a compact 17-character VIN."""
    total = sum(_TRANSLITERATION[character] * weight for character, weight in zip(vin, _WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_digit_applies(vin: str) -> bool:
    """Tell whether the VIN is for the North American market (first character 1-5)."""
    return vin[:1] in ("1", "2", "3", "4", "5")


def validate(vin: str) -> str:
    """Return the compact VIN; raise InvalidLength, InvalidFormat or InvalidChecksum naming the position."""
    number = compact(vin)
    if len(number) != VIN_LENGTH:
        raise InvalidLength(
            f"invalid VIN {vin!r}: {len(number)} characters, expected 17",
            value=vin,
            code="vin.invalid_length",
            params={"length": len(number)},
        )

    for position, character in enumerate(number, start=1):
        if character in _FORBIDDEN:
            raise InvalidFormat(
                f"invalid VIN {number!r}: {character!r} at position {position} never occurs in a VIN "
                f"(it looks like {_FORBIDDEN[character]})",
                value=vin,
                code="vin.forbidden_letter",
                position=position,
                params={"character": character},
            )
        if character not in _TRANSLITERATION:
            raise InvalidFormat(
                f"invalid VIN {number!r}: {character!r} at position {position} is not a letter or digit",
                value=vin,
                code="vin.character",
                position=position,
                params={"character": character},
            )

    if check_digit_applies(number):
        expected = calc_check_digit(number)
        if number[8] != expected:
            raise InvalidChecksum(
                f"invalid VIN {number!r}: check digit at position 9 is {number[8]!r}, expected {expected!r}",
                value=vin,
                code="vin.check_digit",
                position=9,
                params={"expected": expected, "found": number[8]},
            )
    return number


def is_valid(vin: str) -> bool:
    """Tell whether ``vin`` passes :func:`validate`."""
    try:
        validate(vin)
    except (InvalidLength, InvalidFormat, InvalidChecksum):
        return False
    return True


def get_country_region(vin: str) -> VinOrigin:
    """Return the region from the first character and, when the WMI is in the table, the country."""
    number = compact(vin)
    first = number[:1]
    region = next((name for firsts, name in _REGIONS if first and first in firsts), "unknown")
    country = None
    if len(number) >= 2:
        country = next(
            (iso2 for first, seconds, iso2 in _COUNTRY_RANGES if number[0] == first and number[1] in seconds),
            None,
        )
    return VinOrigin(region=region, country=country)


def parse(vin: str) -> VinReading:
    """Validate the VIN and split it into WMI, VDS and VIS, with its origin and check-digit status."""
    number = validate(vin)
    return VinReading(
        vin=number,
        wmi=number[:3],
        vds=number[3:9],
        vis=number[9:],
        check_digit=number[8],
        check_digit_applies=check_digit_applies(number),
        origin=get_country_region(number),
    )
