"""Parsing of a written name into given names, paternal surname and maternal surname.

Accepted forms:

- ``Given Paternal Maternal`` and all-caps surname-first ``GOMEZ BERMUDEZ RAUL``: the
  order is decided with the given-name lexicon (``data/given_names.txt``);
- ``PATERNAL MATERNAL, Given`` (and US indexing ``Torre Muñoz, José de la``);
- ICAO 9303 MRZ names ``PATERNAL<MATERNAL<<GIVEN<NAMES``, with or without the
  ``P<MEX`` opening, flagged ``truncated`` when the field is full with no filler;
- hyphenated surname pairs (``Castillo-Zepeda``), particles written apart or fused
  (``de la Cruz``, ``Delacruz``), compound given names (``María de la Luz`` is one
  given name), abbreviations (``Ma.``, ``Fco.``, ``Hdez.``) and initials (``J.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from engine.names import lexicon
from engine.names.folding import fold, is_latin, strip_control

MAX_NAME_LENGTH = 300
MRZ_NAME_FIELD_LENGTHS = frozenset({30, 31, 39})  # TD1, TD2, TD3 name fields (ICAO 9303)
_MRZ_HEADER = re.compile(r"^[pivac][<a-z][a-z]{3}")
_MRZ_OCR_LETTERS = str.maketrans("0125468", "oizsagb")
_WORD_SPLIT = re.compile(r"[^\w.ñ-]+")


class InvalidName(ValueError):
    """A name that cannot be parsed; ``reason`` is one of ``empty``, ``too_long``, ``no_letters``."""

    def __init__(self, reason: str, text: str) -> None:
        self.reason = reason
        self.text = text
        super().__init__(f"invalid name ({reason}): {text[:60]!r}")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into folded parts.

    ``given`` holds one entry per given name (a compound like ``maria de la luz`` is
    one entry, an initial is one letter). Surnames keep their particles
    (``de la cruz``). ``order_known`` is false when the parser guessed which words
    are given names. ``latin`` is false when the name was transliterated from
    another script.
    """

    given: tuple[str, ...]
    paternal: str | None
    maternal: str | None
    order_known: bool
    truncated: bool
    raw: str
    latin: bool = True

    def given_words(self) -> tuple[str, ...]:
        """Return the given-name words without particles (``maria de la luz`` gives maria, luz)."""
        return tuple(word for name in self.given for word in name.split() if word not in lexicon.PARTICLES)

    def surnames(self) -> tuple[str, ...]:
        """Return the surnames present, paternal first."""
        return tuple(part for part in (self.paternal, self.maternal) if part)

    def reversed_order(self) -> ParsedName | None:
        """Return the reading with surnames first and given names last, or None when it is the same.

        Used for names whose order was guessed: ``Amezcua Contreras Jesus`` read given-first
        becomes ``Jesus Amezcua Contreras``.
        """
        words = list(self.given) + list(self.surnames())
        if len(words) < 2:
            return None
        count = len(self.surnames())
        if count == 0:
            return ParsedName((), words[0], words[1] if len(words) > 1 else None, False, self.truncated, self.raw, self.latin)
        surnames = words[:count]
        given = tuple(words[count:])
        other = ParsedName(given, surnames[0], surnames[1] if count > 1 else None, False, self.truncated, self.raw, self.latin)
        return None if other == self else other


@dataclass(slots=True)
class _Unit:
    text: str
    kind: str  # "word", "given" (compound given name), "surname" (has a particle), "initial"
    hyphen_group: int = 0


@lru_cache(maxsize=131_072)
def parse_name(text: str) -> ParsedName:
    """Parse a name as written in a query, a record or an MRZ.

    Raises InvalidName for an empty name, a name over 300 characters, or one without letters.
    Control characters are removed and other scripts are transliterated. Results are
    memoised (a ParsedName is immutable), as the same aliases and names recur across records.
    """
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidName("too_long", text)

    cleaned = strip_control(text).strip()
    if not cleaned:
        raise InvalidName("empty", text)

    # Letters are looked for before transliteration, which spells symbols out (an emoji as ":grinning:").
    if not any(char.isalpha() for char in cleaned):
        raise InvalidName("no_letters", text)
    folded = fold(cleaned)
    if not any(char.isalpha() for char in folded):
        raise InvalidName("no_letters", text)
    latin = is_latin(cleaned)

    if "<" in folded:
        return _parse_mrz(folded, cleaned, latin)
    if "," in folded:
        surnames_text, _, given_text = folded.partition(",")
        if _letters(surnames_text) and _letters(given_text):
            return _parse_comma(surnames_text, given_text, cleaned, latin)
        folded = folded.replace(",", " ")
    return _parse_unmarked(folded, cleaned, latin)


def _letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _parse_mrz(folded: str, raw: str, latin: bool) -> ParsedName:
    field = folded.replace(" ", "")
    if _MRZ_HEADER.match(field) and len(field) >= 30 and field[1] == "<":
        field = field[5:]
    field = field.translate(_MRZ_OCR_LETTERS).replace("nxx", "ñ")

    truncated = not field.endswith("<") and len(field) in MRZ_NAME_FIELD_LENGTHS
    primary, separator, secondary = field.strip("<").partition("<<")
    if not separator and len(field) >= min(MRZ_NAME_FIELD_LENGTHS):
        truncated = True

    surname_units = _units([w for w in primary.split("<") if w], given_context=False)
    given_units = _units([w for w in secondary.split("<") if w], given_context=True)
    return _assemble(given_units, surname_units, True, truncated, raw, latin)


def _parse_comma(surnames_text: str, given_text: str, raw: str, latin: bool) -> ParsedName:
    given_words = _words(given_text)

    # US indexing moves a leading particle to the end of the given names ("Torre, José de la").
    moved: list[str] = []
    while given_words and given_words[-1] in lexicon.PARTICLES and given_words[-1] not in ("y", "e"):
        moved.insert(0, given_words.pop())
    surname_units = _units(moved + _words(surnames_text), given_context=False)
    given_units = _units(given_words, given_context=True)
    return _assemble(given_units, surname_units, True, False, raw, latin)


def _parse_unmarked(folded: str, raw: str, latin: bool) -> ParsedName:
    units = _units(_words(folded), given_context=True)
    if not units:
        raise InvalidName("no_letters", raw)

    if len(units) == 1:
        only = units[0]
        if only.kind in ("given", "initial") or lexicon.is_given_like(only.text):
            return ParsedName((only.text,), None, None, False, False, raw, latin)
        return ParsedName((), only.text, None, False, False, raw, latin)

    given_like = [_is_given_unit(unit) for unit in units]
    first_given = given_like[0]
    last_given = given_like[-1]

    if not first_given and last_given:
        trailing = _run_length(given_like[::-1])
        cut = len(units) - max(1, min(trailing, len(units) - 1))
        return _assemble(units[cut:], units[:cut], True, False, raw, latin)

    leading = _run_length(given_like)
    cut = max(1, min(leading, len(units) - 1))
    order_known = first_given and not last_given
    return _assemble(units[:cut], units[cut:], order_known, False, raw, latin)


def _is_given_unit(unit: _Unit) -> bool:
    return unit.kind in ("given", "initial") or (unit.kind == "word" and lexicon.is_given_like(unit.text))


def _run_length(flags: list[bool]) -> int:
    count = 0
    for flag in flags:
        if not flag:
            break
        count += 1
    return count


def _words(text: str) -> list[str]:
    """Split folded text into words, expanding abbreviations and marking initials with a trailing dot.

    A hyphenated pair (``castillo-zepeda``) is kept as two words, the first ending in ``-``.
    """
    words: list[str] = []
    raw_words = [w for w in _WORD_SPLIT.split(text.replace(".", ". ")) if w.strip(".-")]
    for position, word in enumerate(raw_words):
        dotted = word.endswith(".")
        has_next = position < len(raw_words) - 1
        pieces = [piece for piece in word.strip(".").split("-") if piece]
        for index, piece in enumerate(pieces):
            expanded = _expand(piece, dotted and index == len(pieces) - 1, has_next)
            words.append(expanded + ("-" if index < len(pieces) - 1 else ""))
    return words


def _expand(word: str, dotted: bool, has_next: bool) -> str:
    expansion = lexicon.abbreviations().get(word)
    if expansion is not None and (dotted or has_next or expansion[1] == "surname"):
        if word != "ma" or dotted or has_next:
            return expansion[0]
    if len(word) == 1 and (dotted or word not in ("y", "e")):
        return word + "."
    return word


def _split_fused(word: str) -> list[str]:
    for prefix in lexicon.FUSED_PARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = word[len(prefix):]
            if prefix.endswith("s") and rest[0] in "aeiou" and rest != "angeles":
                rest = "s" + rest  # "Delosantos" shares one s between "los" and "Santos"
            return [prefix[:2], prefix[2:], rest]
    if word.startswith("del") and word[3:] in lexicon.DEL_FUSED_REMAINDERS:
        return ["del", word[3:]]
    return [word]


def _units(words: list[str], *, given_context: bool) -> list[_Unit]:
    """Group words into name units: compound given names, particle surnames, plain words, initials."""
    units: list[_Unit] = []
    particles: list[str] = []
    hyphen_group = 0
    joined_to_previous = False

    expanded: list[str] = []
    for word in words:
        expanded.extend(_split_fused(word) if word.startswith("del") else [word])

    for word in expanded:
        hyphen = word.endswith("-")
        word = word.rstrip("-")

        if word in lexicon.PARTICLES:
            if word in ("y", "e") and not particles:
                continue  # connector between two surnames: "Gómez y Conde"
            particles.append(word)
            continue

        if word.endswith("."):
            units.append(_Unit(word[:-1], "initial"))
            particles = []
            joined_to_previous = False
            continue

        if particles:
            previous = units[-1] if units else None
            compound = (
                given_context
                and previous is not None
                and previous.kind in ("word", "given")
                and previous.text.split()[0] in lexicon.COMPOUND_HEADS
                and word in lexicon.COMPOUND_TAILS
            )
            text = " ".join(particles + [word])
            if compound and previous is not None:
                previous.text = f"{previous.text} {text}"
                previous.kind = "given"
            else:
                units.append(_Unit(text, "surname"))
            particles = []
        else:
            unit = _Unit(word, "word")
            if joined_to_previous and units:
                unit.hyphen_group = units[-1].hyphen_group
            units.append(unit)

        if hyphen:
            if not units[-1].hyphen_group:
                hyphen_group += 1
                units[-1].hyphen_group = hyphen_group
            joined_to_previous = True
        else:
            joined_to_previous = False

    # NOTE: particles left at the end with no word after them ("José de la") are dropped here.
    return units


def _assemble(given: list[_Unit], surnames: list[_Unit], order_known: bool, truncated: bool, raw: str, latin: bool) -> ParsedName:
    given_texts = tuple(unit.text for unit in given)
    surname_texts = [unit.text for unit in surnames]
    paternal = surname_texts[0] if surname_texts else None
    maternal = " ".join(surname_texts[1:]) if len(surname_texts) > 1 else None
    return ParsedName(given_texts, paternal, maternal, order_known, truncated, raw, latin)


def name_from_parts(given_names: str | None, paternal: str | None, maternal: str | None, raw: str) -> ParsedName:
    """Build a ParsedName from a record's structured fields, which fix the order.

    A hyphenated paternal surname with no maternal one (``Castillo-Zepeda``) is split in two,
    and fused particles are written apart (``Delacruz`` becomes ``de la cruz``).
    """
    given = _field_units(given_names, True) if given_names else ()
    surnames = _field_units(paternal, False) if paternal else ()

    paternal_text = surnames[0] if surnames else None
    extra = surnames[1:]
    if maternal:
        extra += _field_units(maternal, False)
    maternal_text = " ".join(extra) if extra else None

    return ParsedName(given, paternal_text, maternal_text, True, False, raw, is_latin(raw))


@lru_cache(maxsize=65_536)
def _field_units(text: str, given_context: bool) -> tuple[str, ...]:
    """Return the unit texts of one structured name field; fields repeat across records, so they are memoised."""
    return tuple(unit.text for unit in _units(_words(fold(text)), given_context=given_context))
