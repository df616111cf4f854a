"""ICAO nationality and issuing-state codes, and their ISO 3166-1 alpha-2 equivalents.

An MRZ names the issuing state and the holder's nationality with the codes of
ICAO Doc 9303 Part 3: the ISO 3166-1 alpha-3 code for a country, except
Germany, which is ``D`` (written ``D<<`` in the three-character field), plus
codes that ISO does not have: British nationality classes (``GBD``, ``GBN``,
``GBO``, ``GBP``, ``GBS``), organisations (``UNO``, ``UNA``, ``EUE``, ``XPO``),
Kosovo (``RKS``, and ``UNK`` for UNMIK documents), stateless persons and
refugees (``XXA``, ``XXB``, ``XXC``), unspecified nationality (``XXX``) and
``UTO``, the imaginary state of the ICAO specimens. The table itself is
``icao_codes.tsv`` next to this module.

>>> icao_to_iso2('MEX')
'MX'
>>> icao_to_iso2('D<<')
'DE'
>>> iso2_to_icao('de')
'D'
>>> normalise_country('DEU')
'D'
>>> country_name('XXA')
'Stateless person (1954 Convention)'
>>> icao_to_iso2('XXB') is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.identifiers.errors import IdentifierError

_TABLE_PATH = Path(__file__).with_name("icao_codes.tsv")

# ISO alpha-3 codes that ICAO writes differently in an MRZ.
_ISO3_TO_ICAO = {"DEU": "D"}


@dataclass(frozen=True, slots=True)
class IcaoCountry:
    """One row of the ICAO code table."""

    icao: str
    iso2: str | None
    name: str


@cache
def icao_table() -> dict[str, IcaoCountry]:
    """Load the code table, keyed by ICAO code without fillers."""
    table: dict[str, IcaoCountry] = {}
    for raw_line in _TABLE_PATH.read_text(encoding="utf-8").splitlines():
        if not raw_line or raw_line.startswith("#") or raw_line.startswith("icao\t"):
            continue

        icao, iso2, name = raw_line.split("\t")
        table[icao] = IcaoCountry(icao=icao, iso2=iso2 or None, name=name)
    return table


@cache
def _iso2_table() -> dict[str, str]:
    return {row.iso2: row.icao for row in icao_table().values() if row.iso2}


def _strip(code: str) -> str:
    return code.strip().upper().replace("<", "")


def is_known(code: str) -> bool:
    """Tell whether ``code`` (fillers allowed, any case) is an ICAO code in the table."""
    return _strip(code) in icao_table()


def country_name(code: str) -> str | None:
    """Return the English name for an ICAO code, or ``None`` when the code is unknown."""
    row = icao_table().get(_strip(code))
    return row.name if row else None


def icao_to_iso2(code: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code for an ICAO code.

    Returns ``None`` for ICAO codes without a country (organisations, refugees,
    stateless persons, ``UTO``) and for unknown codes. The British nationality
    classes ``GBD``/``GBN``/``GBO``/``GBP``/``GBS`` have no alpha-2 code of their
    own and also return ``None``.
    """
    row = icao_table().get(_strip(code))
    return row.iso2 if row else None


def iso2_to_icao(code: str) -> str | None:
    """Return the ICAO code that an MRZ uses for an ISO 3166-1 alpha-2 code, or ``None``."""
    return _iso2_table().get(code.strip().upper())


def normalise_country(code: str) -> str:
    """Return the ICAO code for an ICAO code, an ISO alpha-3 code or an ISO alpha-2 code.

    Raises IdentifierError with code ``country.unknown`` when no table row matches.
    """
    cleaned = _strip(code)
    cleaned = _ISO3_TO_ICAO.get(cleaned, cleaned)
    if cleaned in icao_table():
        return cleaned

    if len(cleaned) == 2:
        icao = iso2_to_icao(cleaned)
        if icao is not None:
            return icao

    raise IdentifierError(
        f"unknown country code {code!r}: expected an ICAO, ISO alpha-3 or ISO alpha-2 code",
        value=code,
        code="country.unknown",
    )
