"""Keyboard typos and Spanish phonetic misspellings applied to one spot of a name.

Typos follow a Spanish ISO keyboard (QWERTY with ñ right of l): an adjacent
key struck instead (substitution), two letters swapped (transposition), a
letter left out (deletion) or an adjacent key struck as well (insertion). The
first letter of a word is hit in 10% of typos, because people rarely mistype
the first letter of a name they are copying.

Phonetic misspellings write one sound with another spelling that Mexican
Spanish pronounces the same: b/v, s/z/c (seseo), ll/y (yeísmo), a silent h
left out, g/j before e and i, and x/j (Xavier, Ximena/Jimena, Mejía/Mexía).
"""

from __future__ import annotations

import random
import re

TYPO_EDITS = ("typo_substitution", "typo_transposition", "typo_deletion", "typo_insertion")
PHONETIC_EDITS = (
    "phonetic_b_v",
    "phonetic_s_z_c",
    "phonetic_ll_y",
    "phonetic_h_dropped",
    "phonetic_j_g",
    "phonetic_x_j",
)

_KEY_ROWS = ("qwertyuiop", "asdfghjklñ", "zxcvbnm")
_ROW_OFFSETS = (0.0, 0.25, 0.75)
_FIRST_LETTER_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_]{3,}")
_FRONT_VOWEL = "eéií"

# Each phonetic edit: (pattern on the lower-cased name, replacement choices).
_PHONETIC_RULES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "phonetic_b_v": ((r"b", ("v",)), (r"v", ("b",))),
    "phonetic_s_z_c": (
        (r"z", ("s",)),
        (r"s", ("z",)),
        (rf"c(?=[{_FRONT_VOWEL}])", ("s", "z")),
        (rf"s(?=[{_FRONT_VOWEL}])", ("c",)),
    ),
    "phonetic_ll_y": ((r"ll", ("y",)), (r"y(?=[aeiouáéíóú])", ("ll",))),
    "phonetic_h_dropped": ((r"(?<![cs])h", ("",)),),
    "phonetic_j_g": ((rf"g(?=[{_FRONT_VOWEL}])", ("j",)), (rf"j(?=[{_FRONT_VOWEL}])", ("g",))),
    "phonetic_x_j": ((r"x(?=[aeiouáéíóú])", ("j",)), (r"j(?=[ií])", ("x",))),
}


def _adjacent_keys() -> dict[str, str]:
    positions = {}
    for row, keys in enumerate(_KEY_ROWS):
        for column, key in enumerate(keys):
            positions[key] = (row, column + _ROW_OFFSETS[row])

    adjacent = {}
    for key, (row, x) in positions.items():
        adjacent[key] = "".join(
            other
            for other, (other_row, other_x) in positions.items()
            if other != key and abs(other_row - row) <= 1 and abs(other_x - x) <= 1
        )
    return adjacent


ADJACENT_KEYS = _adjacent_keys()


def apply_typo(name: str, kind: str, rng: random.Random) -> str | None:
    """Put one keyboard typo of ``kind`` into a word of three letters or more; ``None`` if there is none."""
    words = list(_WORD.finditer(name))
    if not words:
        return None
    word = rng.choice(words)
    start, end = word.span()

    if kind == "typo_transposition":
        offset = _pick_offset(end - start - 1, rng)
        first, second = name[start + offset], name[start + offset + 1]
        if first.lower() == second.lower():
            return None
        swapped = _match_case(second, first) + _match_case(first, second)
        return name[: start + offset] + swapped + name[start + offset + 2 :]

    offset = _pick_offset(end - start, rng)
    at = start + offset
    char = name[at]
    if kind == "typo_deletion":
        return name[:at] + name[at + 1 :]

    neighbours = ADJACENT_KEYS.get(_base_letter(char.lower()), "")
    if not neighbours:
        return None
    struck = _match_case(rng.choice(neighbours), char)
    if kind == "typo_substitution":
        return name[:at] + struck + name[at + 1 :]
    if kind == "typo_insertion":
        return name[: at + 1] + struck.lower() + name[at + 1 :]
    raise ValueError(f"unknown typo kind {kind!r}")


def _pick_offset(width: int, rng: random.Random) -> int:
    """Pick a position in a word of ``width`` positions, the first one only rarely."""
    if width <= 1 or rng.random() < _FIRST_LETTER_SHARE:
        return 0
    return rng.randrange(1, width)


def _base_letter(char: str) -> str:
    return char.translate(str.maketrans("áéíóúü", "aeiouu"))


def _match_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def apply_phonetic(name: str, kind: str, rng: random.Random) -> str | None:
    """Respell one spot of ``name`` by the phonetic rule ``kind``; ``None`` when no spot fits the rule."""
    lower = name.lower()
    sites = []
    for pattern, replacements in _PHONETIC_RULES[kind]:
        for match in re.finditer(pattern, lower):
            sites.append((match.start(), match.end(), replacements))
    if not sites:
        return None

    start, end, replacements = rng.choice(sites)
    replacement = rng.choice(replacements)
    if replacement and name[start].isupper():
        replacement = replacement[0].upper() + replacement[1:]
        if name[start:end].isupper():
            replacement = replacement.upper()
    return name[:start] + replacement + name[end:]
