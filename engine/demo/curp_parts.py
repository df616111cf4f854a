"""The name letters a CURP takes from a person's surnames and given name, for the demo generator.

A CURP starts with the paternal surname's first letter and first inner vowel,
the maternal surname's first letter (X when there is none) and the given
name's first letter. Positions 14 to 16 are the first inner consonant of each
of the three names. Particles (de, del, de la…) are skipped, Ñ becomes X, and
in a compound given name starting with José or María (or J., Ma.) the second
name is used. An offensive first four letters get X as their second letter.

NOTE: RENAPO's rules have more special cases (Ch and Ll in old records,
compound surnames, foreign names) that these parts do not follow; the demo
CURPs are structurally valid and carry a real check digit, not the exact CURP
RENAPO would issue.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from stdnum.mx import curp as stdnum_curp

PARTICLES = frozenset({"DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE", "LES", "MAC", "MC", "VAN", "VON", "Y"})
SKIPPED_FIRST_GIVEN = frozenset({"JOSE", "J", "J.", "MARIA", "MA", "MA.", "M", "M."})
VOWELS = frozenset("AEIOU")

# python-stdnum keeps RENAPO's list of inconvenient words privately; it is the
# same list stdnum's validate() rejects, so demo CURPs always validate.
INCONVENIENT_WORDS: frozenset[str] = frozenset(getattr(stdnum_curp, "_name_blacklist", ()))


@dataclass(slots=True, frozen=True)
class NameLetters:
    """The letters of one name that a CURP uses: first letter, first inner vowel, first inner consonant."""

    first: str
    inner_vowel: str
    inner_consonant: str


def fold_for_curp(text: str) -> str:
    """Upper-case, turn Ñ into X and drop accents and every character that is not A-Z or a space."""
    upper = text.upper().replace("Ñ", "X")
    decomposed = unicodedata.normalize("NFD", upper)
    return "".join(ch for ch in decomposed if "A" <= ch <= "Z" or ch == " ")


def _significant_words(text: str) -> list[str]:
    return [word for word in fold_for_curp(text).split() if word not in PARTICLES]


def surname_letters(surname: str | None) -> NameLetters:
    """Letters of a surname; an empty or missing surname gives X for each."""
    words = _significant_words(surname or "")
    if not words:
        return NameLetters("X", "X", "X")
    return _letters(words[0])


def given_name_letters(given_names: str) -> NameLetters:
    """Letters of the given name, using the second name when the first is José or María."""
    words = _significant_words(given_names)
    if not words:
        return NameLetters("X", "X", "X")
    if len(words) > 1 and words[0] in SKIPPED_FIRST_GIVEN:
        return _letters(words[1])
    return _letters(words[0])


def _letters(word: str) -> NameLetters:
    inner = word[1:]
    vowel = next((ch for ch in inner if ch in VOWELS), "X")
    consonant = next((ch for ch in inner if ch not in VOWELS), "X")
    return NameLetters(word[0], vowel, consonant)


def name_prefix(paternal: NameLetters, maternal: NameLetters, given: NameLetters) -> str:
    """Build the first four CURP letters, replacing the second by X when they spell an inconvenient word."""
    prefix = paternal.first + paternal.inner_vowel + maternal.first + given.first
    if prefix in INCONVENIENT_WORDS:
        prefix = prefix[0] + "X" + prefix[2:]
    return prefix


def compose_curp(prefix: str, birth: str, sex: str, state: str, consonants: str, differentiator: str) -> str:
    """Join the CURP parts (``birth`` as YYMMDD, ``sex`` H or M) and append python-stdnum's check digit."""
    body = prefix + birth + sex + state + consonants + differentiator
    return body + stdnum_curp.calc_check_digit(body)
