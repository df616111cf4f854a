"""Name data kept as files in ``data/``: nicknames, common given names, abbreviations, particles."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "do", "dos", "das", "van", "von", "vda", "viuda"})
"""Words that join or open surnames (``de la Cruz``, ``Gómez y Conde``) and never stand alone as a name part."""

PARTICLE_PHRASES = ("de la", "de las", "de los", "del", "de", "vda de", "viuda de", "y", "e")

FUSED_PARTICLES = ("delos", "delas", "dela")
"""Prefixes of surnames written without the space (``Delacruz``); ``del`` alone is not split off
because it starts ordinary surnames too (``Delgado``)."""

COMPOUND_HEADS = frozenset({"maria", "jose", "juan", "ma"})
"""Given names that open a compound given name with a particle (``María de la Luz``, ``José de Jesús``)."""

COMPOUND_TAILS = frozenset({
    "luz", "carmen", "jesus", "angeles", "lourdes", "rosario", "pilar", "socorro", "refugio",
    "mercedes", "dolores", "guadalupe", "consuelo", "dios", "paz", "soledad", "remedios",
    "concepcion", "nieves", "asuncion", "fatima", "belen", "montserrat", "lujan", "loreto",
    "esperanza", "gracia", "trinidad", "merced", "salud", "jesus", "natividad", "encarnacion",
})
"""Words that close a compound given name after a particle; ``Cruz`` and ``Torre`` are left out
because after a particle they are far more often surnames (``José de la Cruz Pérez``)."""


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("engine.names").joinpath("data", name).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def nicknames() -> dict[str, tuple[str, ...]]:
    """Map each folded nickname to the full given names it may stand for."""
    table: dict[str, tuple[str, ...]] = {}
    for nickname, names in _data_lines("nicknames.tsv"):
        table[nickname.strip()] = tuple(name.strip() for name in names.split(";") if name.strip())
    return table


@lru_cache(maxsize=1)
def nickname_words() -> dict[str, frozenset[str]]:
    """Map each nickname to the set of single given-name words it may stand for (``chema`` → jose, maria)."""
    return {nick: frozenset(word for name in names for word in name.split()) for nick, names in nicknames().items()}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The lexicon of common given names, folded."""
    return frozenset(row[0].strip() for row in _data_lines("given_names.txt"))


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    """Map each folded abbreviation (no dot) to its full form and the name part it belongs to."""
    return {row[0].strip(): (row[1].strip(), row[2].strip()) for row in _data_lines("abbreviations.tsv")}


def is_given_like(word: str) -> bool:
    """Tell whether a folded word reads as a given name: in the lexicon, a nickname, or a given-name abbreviation."""
    if word in given_names() or word in nicknames():
        return True
    expansion = abbreviations().get(word)
    return expansion is not None and expansion[1] == "given"

DEL_FUSED_REMAINDERS = frozenset({
    "valle", "rio", "castillo", "toro", "angel", "campo", "real", "moral", "olmo", "pozo",
    "villar", "prado", "monte", "rosal", "carmen", "razo", "paso", "mazo", "barco",
})
"""Surnames that follow a fused ``del`` (``Delvalle`` is ``del Valle``; ``Delgado`` is not split)."""
