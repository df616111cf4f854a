"""A Spanish phonetic key for Mexican names.

The key keeps vowels (so Carla and Carlo stay apart) and rewrites consonants to
how Mexican Spanish sounds them. Rules, applied left to right on the folded word:

- ``h`` is silent (``Hernández`` = ``Ernández``), except in ``ch``, which becomes ``c``.
  ``sh`` (Nahuatl spellings) becomes ``s``; ``ph`` becomes ``f``.
- ``b``, ``v`` become ``b``.
- ``c`` before ``e``/``i``, ``z`` and ``s`` become ``s`` (seseo); other ``c``, ``k``,
  ``q`` become ``k``, and the ``u`` of ``que``/``qui`` is dropped.
- ``g`` before ``e``/``i`` and ``j`` become ``j``; the ``u`` of ``gue``/``gui`` is
  dropped, with or without the diaeresis, because records often lose it
  (``Agüero`` = ``Aguero``).
- ``hu``, ``gu`` and a word-initial ``u`` before a vowel, and ``w``, become ``w``
  (``Huerta`` = ``Uerta``, ``Guadalupe`` = ``Wadalupe``).
- ``ll`` and ``y`` before a vowel become ``y``; ``y`` elsewhere is the vowel ``i``.
- ``x`` is ``j`` at the start of a word before ``a``, ``e``, ``i``, ``u`` and between
  vowels (``Xavier`` = ``Javier``, ``Mexía`` = ``Mejía``); ``x`` at the start
  before ``o`` is ``s`` (``Xochitl``, ``Xolalpa``); elsewhere it is ``ks``.
- Nahuatl ``tz`` becomes ``ts`` and ``tl`` is kept as written.
- ``n`` before ``b``, ``v``, ``p`` becomes ``m``.
- ``ñ`` stays ``ñ``, apart from ``n``.
- A letter repeated after these rules is written once (``rr`` = ``r``, ``cc`` = ``ks``).

Example: ``phonetic_key('Vázquez') == phonetic_key('Básquez') == 'baskes'``.
"""

from __future__ import annotations

from functools import lru_cache

from engine.names.folding import fold

_VOWELS = frozenset("aeiou")
_FRONT = frozenset("ei")
_U = frozenset("uü")
_BACK = frozenset("ao")
_LABIAL = frozenset("bvp")


def _encode(word: str) -> str:
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        char = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        after = word[i + 2] if i + 2 < n else ""
        prev = word[i - 1] if i > 0 else ""

        if char in _VOWELS:
            if char == "u" and i == 0 and nxt in _VOWELS:
                out.append("w")
            else:
                out.append(char)
            i += 1
        elif char == "h":
            if nxt == "u" and after in _VOWELS:
                out.append("w")
                i += 2
            else:
                i += 1
        elif char == "c":
            if nxt == "h":
                out.append("c")
                i += 2
            elif nxt in _FRONT:
                out.append("s")
                i += 1
            else:
                out.append("k")
                i += 1
        elif char == "q":
            out.append("k")
            i += 2 if nxt == "u" and after in _FRONT else 1
        elif char == "k":
            out.append("k")
            i += 1
        elif char in "zs":
            out.append("s")
            i += 2 if nxt == "h" else 1
        elif char == "g":
            if nxt in _FRONT:
                out.append("j")
                i += 1
            elif nxt in _U and after in _FRONT:
                out.append("g")
                i += 2
            elif nxt in _U and after in _BACK:
                out.append("w")
                i += 2
            else:
                out.append("g")
                i += 1
        elif char == "j":
            out.append("j")
            i += 1
        elif char in "bv":
            out.append("b")
            i += 1
        elif char == "w":
            out.append("w")
            i += 1
        elif char == "p":
            out.append("f" if nxt == "h" else "p")
            i += 2 if nxt == "h" else 1
        elif char == "t":
            if nxt == "h":
                out.append("t")
                i += 2
            elif nxt == "z":
                out.append("ts")
                i += 2
            else:
                out.append("t")
                i += 1
        elif char == "l":
            if nxt == "l":
                out.append("y")
                i += 2
            else:
                out.append("l")
                i += 1
        elif char == "y":
            out.append("y" if nxt in _VOWELS else "i")
            i += 1
        elif char == "x":
            if i == 0 and nxt == "o":
                out.append("s")
            elif (i == 0 and nxt in _VOWELS) or (prev in _VOWELS and nxt in _VOWELS):
                out.append("j")
            else:
                out.append("ks")
            i += 1
        elif char == "n":
            out.append("m" if nxt in _LABIAL else "n")
            i += 1
        elif char == "ü":
            out.append("u")
            i += 1
        elif char.isalpha():
            out.append(char)
            i += 1
        else:
            i += 1

    return _squeeze("".join(out))


def _squeeze(code: str) -> str:
    kept: list[str] = []
    for char in code:
        if not kept or kept[-1] != char:
            kept.append(char)
    return "".join(kept)


@lru_cache(maxsize=262_144)
def phonetic_key(word: str) -> str:
    """Return the Spanish phonetic key of one name word; spaces and punctuation are ignored."""
    lowered = word.lower()
    if not lowered.isascii():
        # Fold accents and scripts but keep ü visible to the encoder.
        lowered = "ü".join(fold(piece) for piece in lowered.split("ü"))
    return _encode(lowered.replace(" ", ""))
