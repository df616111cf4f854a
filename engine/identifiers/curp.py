"""CURP (Clave Única de Registro de Población), the Mexican population registry key.

Eighteen characters, built by RENAPO (Instructivo Normativo para la
Asignación de la CURP):

======  ================================================================
1       first letter of the paternal surname
2       first vowel of the paternal surname after its first letter
3       first letter of the maternal surname (X when there is none)
4       first letter of the given name
5-10    birth date, YYMMDD
11      sex: H (hombre), M (mujer), X (non-binary)
12-13   state of birth (NE: born abroad)
14-16   first consonant after the first letter of the paternal surname,
        the maternal surname and the given name (X when there is none)
17      differentiator assigned by RENAPO: a digit for births before 2000,
        a letter from 2000
18      check digit
======  ================================================================

Name rules: accents are dropped and Ñ counts as X. Particles (de, del, la,
las, los, y, mc, mac, van, von, der, da, di and similar) are skipped. When
the first given name is José or María (or J., Ma., M.) and another given
name follows, the second one is used. When the first four letters spell an
inconvenient word, the second letter becomes X.

Validation of the structure, state and check digit is python-stdnum's
(:mod:`stdnum.mx.curp`); :func:`validate` only turns its exceptions into this
package's error vocabulary.

>>> validate('BOXW310820HNERXN09')
'BOXW310820HNERXN09'
>>> derive_curp_prefix('Raúl', 'Gómez', 'Bermúdez', date(1985, 3, 1), 'H')
'GOBR850301'
>>> derive_curp_prefix('María de la Luz', 'de la Torre', 'Núñez', date(1990, 12, 24), 'M', state='DF')
'TONL901224MDFRXZ'
>>> derive_curp_prefix('Oscar', 'Pedraza', 'Domínguez', date(1970, 1, 2), 'H')
'PXDO700102'
>>> curp_matches('BOXW310820HNERXN09', 'boxw310820hnerxn09').level
<CurpMatchLevel.EXACT: 'exact'>
>>> curp_matches('BOXW310820HNERXN08', 'BOXW310820HNERXN09').level
<CurpMatchLevel.PREFIX: 'prefix'>
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum.exceptions import InvalidChecksum as StdnumInvalidChecksum
from stdnum.exceptions import InvalidComponent as StdnumInvalidComponent
from stdnum.exceptions import InvalidFormat as StdnumInvalidFormat
from stdnum.exceptions import InvalidLength as StdnumInvalidLength
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.mx import curp as stdnum_curp

from engine.identifiers.errors import IdentifierError, InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

STATES: dict[str, str] = {
    "AS": "Aguascalientes", "BC": "Baja California", "BS": "Baja California Sur", "CC": "Campeche",
    "CL": "Coahuila", "CM": "Colima", "CS": "Chiapas", "CH": "Chihuahua", "DF": "Ciudad de México",
    "DG": "Durango", "GT": "Guanajuato", "GR": "Guerrero", "HG": "Hidalgo", "JC": "Jalisco",
    "MC": "Estado de México", "MN": "Michoacán", "MS": "Morelos", "NT": "Nayarit", "NL": "Nuevo León",
    "OC": "Oaxaca", "PL": "Puebla", "QT": "Querétaro", "QR": "Quintana Roo", "SP": "San Luis Potosí",
    "SL": "Sinaloa", "SR": "Sonora", "TC": "Tabasco", "TS": "Tamaulipas", "TL": "Tlaxcala",
    "VZ": "Veracruz", "YN": "Yucatán", "ZS": "Zacatecas", "NE": "Nacido en el extranjero",
}  # fmt: skip

PARTICLES = frozenset(
    "DA DAS DE DEL DER DI DIE DD EL LA LAS LE LES LO LOS MAC MC VAN VON Y".split()
)

# Given names skipped when another given name follows (with their usual abbreviations).
SKIPPED_GIVEN_NAMES = frozenset({"JOSE", "J", "MARIA", "MA", "M"})

# First four letters that RENAPO does not issue; the second letter becomes X.
INCONVENIENT_WORDS = frozenset(
    """
    BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO
    COLA CULO FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE
    KOGI KOJA KOJE KOJI KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS
    MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO PUTA
    PUTO QULO RATA ROBA ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI
    WUEY
    """.split()
)

_VOWELS = frozenset("AEIOU")


class CurpMatchLevel(StrEnum):
    EXACT = "exact"  # both valid and equal: a strong identifier match
    PREFIX = "prefix"  # a side is malformed, but the first ten characters agree
    DIFFERENT = "different"  # both valid and different, or the comparable prefixes differ
    NOT_COMPARABLE = "not_comparable"  # a side is missing or too broken to read a prefix


@dataclass(frozen=True, slots=True)
class CurpMatch:
    """How a stored CURP compares with a query CURP, for scoring.

    ``record_problem`` and ``query_problem`` hold the error code of a side
    that failed validation (``curp.check_digit``), so the record can be flagged.
    """

    level: CurpMatchLevel
    compared: int  # characters compared: 18 for valid pairs, 10 for a prefix
    record_problem: str | None = None
    query_problem: str | None = None


def compact(number: str) -> str:
    """Return the CURP in upper case without spaces, dashes or underscores."""
    return stdnum_curp.compact(number)


def validate(number: str) -> str:
    """Return the compact CURP; raise this package's errors with ``curp.*`` codes when invalid."""
    try:
        return stdnum_curp.validate(number)
    except StdnumInvalidLength:
        raise InvalidLength(f"invalid CURP {number!r}: expected 18 characters", value=number, code="curp.invalid_length") from None
    except StdnumInvalidFormat:
        raise InvalidFormat(f"invalid CURP {number!r}: not the CURP structure", value=number, code="curp.invalid_format") from None
    except StdnumInvalidComponent:
        raise InvalidComponent(
            f"invalid CURP {number!r}: birth date, sex or state is not valid", value=number, code="curp.invalid_component"
        ) from None
    except StdnumInvalidChecksum:
        raise InvalidChecksum(f"invalid CURP {number!r}: wrong check digit", value=number, code="curp.check_digit") from None
    except StdnumValidationError:
        raise InvalidFormat(f"invalid CURP {number!r}", value=number, code="curp.invalid_format") from None


def is_valid(number: str) -> bool:
    """Tell whether ``number`` is a valid CURP."""
    return stdnum_curp.is_valid(number)


def get_birth_date(number: str) -> date:
    """Return the birth date of a valid CURP (the differentiator settles the century)."""
    return stdnum_curp.get_birth_date(validate(number))


def curp_sex_from_icao(sex: str) -> str:
    """Return the CURP sex letter (H, M, X) for an ICAO/MRZ sex (M, F, X)."""
    letters = {"M": "H", "F": "M", "X": "X"}
    if sex.upper() not in letters:
        raise IdentifierError(f"invalid sex {sex!r}: expected M, F or X", value=sex, code="curp.invalid_sex", params={"sex": sex})
    return letters[sex.upper()]


def _fold(text: str) -> str:
    """Upper-case, drop accents and dots, Ñ → X, other punctuation → space."""
    upper = text.upper().replace("Ñ", "X")
    decomposed = unicodedata.normalize("NFKD", upper)
    letters = "".join(character for character in decomposed if not unicodedata.combining(character))
    letters = letters.replace(".", " ").replace("'", "")
    return "".join(character if "A" <= character <= "Z" else " " for character in letters)


def _name_words(text: str | None) -> list[str]:
    """Return the words of a name without particles (all words when only particles remain)."""
    words = _fold(text or "").split()
    meaningful = [word for word in words if word not in PARTICLES]
    return meaningful or words


def _first_after(word: str, *, vowel: bool) -> str:
    """Return the first vowel (or consonant) after the word's first letter, or X when there is none."""
    for character in word[1:]:
        if (character in _VOWELS) == vowel:
            return character
    return "X"


def _chosen_given_name(given_names: str) -> str:
    words = _name_words(given_names)
    if len(words) > 1 and words[0] in SKIPPED_GIVEN_NAMES:
        return words[1]
    return words[0] if words else ""


def derive_curp_prefix(
    given_names: str,
    paternal: str | None,
    maternal: str | None,
    birth_date: date,
    sex: str,
    state: str | None = None,
) -> str:
    """Derive the first ten characters of a CURP, or the first sixteen when ``state`` is given.

    ``sex`` is the CURP letter (H, M or X; see :func:`curp_sex_from_icao`).
    A person with one surname passes it as ``paternal`` and ``None`` as
    ``maternal``. Raises IdentifierError for a missing paternal surname or
    given name, an unknown sex or an unknown state.
    """
    paternal_words = _name_words(paternal)
    maternal_words = _name_words(maternal)
    given = _chosen_given_name(given_names)
    if not paternal_words:
        raise IdentifierError("cannot derive a CURP without a surname", value=paternal or "", code="curp.missing_name", params={"part": "paternal"})
    if not given:
        raise IdentifierError("cannot derive a CURP without a given name", value=given_names, code="curp.missing_name", params={"part": "given"})
    if sex.upper() not in ("H", "M", "X"):
        raise IdentifierError(f"invalid sex {sex!r}: expected H, M or X", value=sex, code="curp.invalid_sex", params={"sex": sex})

    first_surname = paternal_words[0]
    second_surname = maternal_words[0] if maternal_words else ""
    letters = first_surname[0] + _first_after(first_surname, vowel=True) + (second_surname[:1] or "X") + given[0]
    if letters in INCONVENIENT_WORDS:
        letters = letters[0] + "X" + letters[2:]

    prefix = letters + birth_date.strftime("%y%m%d")
    if state is None:
        return prefix

    state_code = state.upper()
    if state_code not in STATES:
        raise IdentifierError(f"invalid state {state!r}: expected a RENAPO code such as DF, JC or NE", value=state, code="curp.invalid_state", params={"state": state})
    consonants = (
        _first_after(first_surname, vowel=False)
        + (_first_after(second_surname, vowel=False) if second_surname else "X")
        + _first_after(given, vowel=False)
    )
    return prefix + sex.upper() + state_code + consonants


def _readable_prefix(number: str) -> str | None:
    """Return the first ten characters when they have the CURP shape (four letters, a real date)."""
    text = compact(number)
    head = text[:10]
    if len(head) < 10 or not head[:4].isalpha() or not head[4:].isdigit():
        return None
    try:
        date(2000 + int(head[4:6]), int(head[6:8]), int(head[8:10]))
    except ValueError:
        try:
            date(1900 + int(head[4:6]), int(head[6:8]), int(head[8:10]))
        except ValueError:
            return None
    return head


def _problem(number: str) -> str | None:
    try:
        validate(number)
    except IdentifierError as error:
        return error.code
    return None


def curp_matches(record_curp: str | None, query_curp: str | None) -> CurpMatch:
    """Compare a stored CURP with a query CURP for scoring.

    Both valid: ``EXACT`` when equal, ``DIFFERENT`` otherwise. A malformed
    side (a wrong check digit, a bad state, a typo from the source data) is
    flagged and the pair compared on the first ten characters, which come
    from the names and the birth date: ``PREFIX`` when they agree.
    """
    if not record_curp or not query_curp:
        return CurpMatch(CurpMatchLevel.NOT_COMPARABLE, 0)

    record_problem = _problem(record_curp)
    query_problem = _problem(query_curp)
    if record_problem is None and query_problem is None:
        level = CurpMatchLevel.EXACT if compact(record_curp) == compact(query_curp) else CurpMatchLevel.DIFFERENT
        return CurpMatch(level, 18)

    record_prefix = _readable_prefix(record_curp)
    query_prefix = _readable_prefix(query_curp)
    if record_prefix is None or query_prefix is None:
        return CurpMatch(CurpMatchLevel.NOT_COMPARABLE, 0, record_problem, query_problem)

    level = CurpMatchLevel.PREFIX if record_prefix == query_prefix else CurpMatchLevel.DIFFERENT
    return CurpMatch(level, 10, record_problem, query_problem)
