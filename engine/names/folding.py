"""Folding of names to one comparable form: lower case, no accents, ``ñ`` kept apart from ``n``.

Non-Latin scripts are transliterated with ``anyascii`` (Cyrillic ``Перальта`` becomes
``peralta``); ``ü`` folds to ``u``. Control characters are dropped, apostrophes are
removed inside words (as ICAO 9303 does in the MRZ) and whitespace is collapsed.
Other punctuation (``,`` ``<`` ``-`` ``.``) is kept for the name parser.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_APOSTROPHES = str.maketrans("", "", "'’`´ʼ")
_WHITESPACE = re.compile(r"\s+")


def strip_control(text: str) -> str:
    """Remove control and format characters (NUL, BEL, zero-width marks); whitespace becomes a space."""
    if text.isprintable():
        return text  # only the space is both printable and whitespace, and no printable character is removed

    kept: list[str] = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    return "".join(kept)


def _fold_piece(piece: str) -> str:
    if piece.isascii():
        return piece
    # Symbols such as emoji are not part of a name; anyascii would spell them out as words.
    return anyascii("".join(char for char in piece if unicodedata.category(char) != "So"))


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """Fold a name for comparison: ``'  JOSÉ  Muñoz\\x00 Güemes'`` becomes ``'jose muñoz guemes'``."""
    text = unicodedata.normalize("NFC", strip_control(text)).lower()

    # anyascii would turn ñ into n, so fold the text around each ñ.
    if "ñ" in text:
        text = "ñ".join(_fold_piece(piece) for piece in text.split("ñ"))
    else:
        text = _fold_piece(text)

    text = text.lower().translate(_APOSTROPHES)
    return _WHITESPACE.sub(" ", text).strip()


def is_latin(text: str) -> bool:
    """Tell whether every letter of ``text`` is Latin script (accented Latin letters included)."""
    if text.isascii():
        return True

    for char in text:
        if char.isalpha() and not char.isascii():
            if not unicodedata.name(char, "").startswith("LATIN"):
                return False
    return True
