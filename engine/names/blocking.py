"""Blocking keys: short strings that put a query and its true record in the same index postings.

Every key is built from phonetic keys (``ñ`` read as ``n`` here, because MRZ names lose it), so
spelling variants share keys. Kinds of key, with ``g`` a given-name word, ``a``/``b`` surnames:

- ``n:g|a`` given name with one surname: survives a missing or swapped surname, a typo in
  the other surname, and a person known by the second given name;
- ``s:a|b`` both surnames, sorted: survives a wrong, missing or nicknamed given name;
- ``i:x|a|b`` first letter of a given name with both surnames: initials (``J. Amezcua``)
  and given-name typos, with fewer namesakes than ``s:``;
- ``p:a|b3`` and ``q:a|b3`` one surname with the first or last three letters of the other:
  a typo inside a surname keeps one of them;
- ``u:a`` and ``g:g`` one surname or one given-name word alone: looked up only when the
  query has a single name part (``Xolalpa``), which no pair key can reach;
- ``y:a|1964`` one surname with a birth year: a query with a birth date looks up its year and
  the years on either side, so among thousands of namesakes that share every name key the
  ones born near that date share one key more and come first, and a query whose only
  other keys are common ones (``María Hernández``) still has a selective key.

Records index their given names as written; queries add the names a nickname stands
for (``Chuy`` queries ``jesus``), so nickname expansion costs nothing at index time.
A surname with a particle is keyed both with and without it (``de la cruz`` as
``delakrus`` and ``krus``), so fused, separate and dropped particles all meet.
"""

from __future__ import annotations

from itertools import permutations

from engine.names import lexicon
from engine.names.analysis import PersonAnalysis
from engine.names.parsing import ParsedName
from engine.names.phonetic import phonetic_key


def _code(word: str) -> str:
    return phonetic_key(word).replace("ñ", "n")


def surname_codes(surname: str) -> tuple[str, ...]:
    """Return the blocking codes of one surname: its core words, and the fused form when it has a particle."""
    words = surname.split()
    core = [word for word in words if word not in lexicon.PARTICLES]
    codes = [_code(word) for word in core]
    if len(core) < len(words) and core:
        codes.append(_code("".join(words)))
    return tuple(dict.fromkeys(code for code in codes if code))


def given_codes(name: ParsedName, *, expand_nicknames: bool) -> tuple[list[str], list[str]]:
    """Return the codes of full given-name words and the initials of every given name."""
    codes: list[str] = []
    initials: list[str] = []
    table = lexicon.nickname_words()
    for word in name.given_words():
        if len(word) == 1:
            initials.append(word)
            continue
        code = _code(word)
        codes.append(code)
        initials.append(word[0])
        if code:
            initials.append(code[0])
        if expand_nicknames and word in table:
            for full in table[word]:
                codes.append(_code(full))
                initials.append(full[0])
    return list(dict.fromkeys(c for c in codes if c)), list(dict.fromkeys(initials))


def _name_keys(name: ParsedName, *, expand_nicknames: bool) -> list[str]:
    keys: list[str] = []
    givens, initials = given_codes(name, expand_nicknames=expand_nicknames)
    surnames = [surname_codes(surname) for surname in name.surnames()]
    all_surnames = [code for codes in surnames for code in codes]

    for given in givens:
        for code in all_surnames:
            keys.append(f"n:{given}|{code}")

    if len(surnames) == 2:
        for first in surnames[0]:
            for second in surnames[1]:
                low, high = sorted((first, second))
                keys.append(f"s:{low}|{high}")
                for initial in initials:
                    keys.append(f"i:{initial}|{low}|{high}")
                for x, y in ((first, second), (second, first)):
                    keys.append(f"p:{x}|{y[:3]}")
                    keys.append(f"q:{x}|{y[-3:]}")
    return keys


def _single_part_keys(name: ParsedName, *, expand_nicknames: bool) -> list[str]:
    givens, _ = given_codes(name, expand_nicknames=expand_nicknames)
    keys = [f"g:{code}" for code in givens]
    keys.extend(f"u:{code}" for surname in name.surnames() for code in surname_codes(surname))
    return keys


# How far from the query's birth year a record's year may be and still share a ``y:`` key.
YEAR_SPREAD = 1


def _year_keys(name: ParsedName, years: tuple[int, ...] | list[int]) -> list[str]:
    return [f"y:{code}|{year}" for surname in name.surnames() for code in surname_codes(surname) for year in years]


def record_blocking_keys(analysis: PersonAnalysis) -> set[str]:
    """Return the blocking keys a record is indexed under, over all its name forms."""
    keys: set[str] = set()
    for name in analysis.names:
        keys.update(_name_keys(name, expand_nicknames=False))
        keys.update(_single_part_keys(name, expand_nicknames=False))
        keys.update(_year_keys(name, analysis.birth_years))
        # A nickname written in a record alias ("Chuy Amezcua") also stands for its full name.
        if any(word in lexicon.nickname_words() for word in name.given_words()):
            keys.update(_name_keys(name, expand_nicknames=True))
    return keys


def name_readings(name: ParsedName) -> list[ParsedName]:
    """Return the ways to read a query name: as parsed, surname-first when the order was guessed,
    and with the last given name as the paternal surname when the name has one surname only.

    The last reading catches surnames that are also given names (``Sandra Santiago Franco``
    with ``Santiago`` a surname), which the parser reads as a second given name.
    """
    readings = [name]
    other = name.reversed_order() if not name.order_known else None
    if other is not None:
        readings.append(other)
    last = name.given[-1] if name.given else ""
    if len(name.given) >= 2 and name.paternal and not name.maternal and len(last) > 1 and " " not in last:
        readings.append(ParsedName(name.given[:-1], last, name.paternal, name.order_known, name.truncated, name.raw, name.latin))
    return readings


def query_blocking_keys(name: ParsedName, birth_year: int | None = None) -> list[str]:
    """Return the blocking keys to look up for a query name, most selective kinds first.

    A name whose order was guessed also contributes the keys of its surname-first reading,
    and a one-word reading pairs every word with every other as given name and surname.
    ``birth_year``, when the query has a birth date, adds the ``y:`` keys of each surname
    with that year and the years next to it.
    """
    readings = name_readings(name)

    keys: list[str] = []
    for reading in readings:
        keys.extend(_name_keys(reading, expand_nicknames=True))

    if not name.order_known:
        words = list(name.given_words()) + [w for s in name.surnames() for w in s.split() if w not in lexicon.PARTICLES]
        for first, second in permutations([w for w in words if len(w) > 1], 2):
            keys.append(f"n:{_code(first)}|{_code(second)}")

    if not keys:
        keys.extend(_single_part_keys(name, expand_nicknames=True))

    if birth_year is not None:
        years = range(birth_year - YEAR_SPREAD, birth_year + YEAR_SPREAD + 1)
        for reading in readings:
            keys.extend(_year_keys(reading, list(years)))

    order = {"i": 0, "s": 1, "y": 2, "n": 2, "p": 3, "q": 3, "u": 4, "g": 5}
    unique = list(dict.fromkeys(keys))
    unique.sort(key=lambda key: order[key[0]])
    return unique


def frequency_parts(analysis: PersonAnalysis) -> list[str]:
    """Return the folded name parts (given-name words and whole surnames) counted once per person."""
    parts: dict[str, None] = {}
    for name in analysis.names:
        if not name.latin and len(analysis.names) > 1:
            continue
        for word in name.given_words():
            if len(word) > 1:
                parts[word] = None
        for surname in name.surnames():
            parts[surname] = None
    return list(parts)
