"""The name, state and charge tables of the national demo generator, read from the TSV files in ``data/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Generic, TypeVar

from engine.demo.curp_parts import NameLetters, given_name_letters, surname_letters


@dataclass(slots=True, frozen=True)
class Surname:
    text: str
    letters: NameLetters


@dataclass(slots=True, frozen=True)
class GivenName:
    text: str
    sex: str  # M or F, as in records
    letters: NameLetters
    nicknames: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class State:
    code: str  # the CURP state code
    name: str
    prosecutor: str  # the state prosecutor's office that issues arrest warrants


T = TypeVar("T")


@dataclass(slots=True, frozen=True)
class Weighted(Generic[T]):
    """Values with cumulative weights, ready for ``random.choices(values, cum_weights=...)``."""

    values: tuple[T, ...]
    cum_weights: tuple[float, ...]


@dataclass(slots=True, frozen=True)
class DemoTables:
    surnames: Weighted[Surname]
    male_names: Weighted[GivenName]
    female_names: Weighted[GivenName]
    states: Weighted[State]
    charges: Weighted[str]
    epithets: tuple[tuple[str, str], ...]  # (masculine, feminine)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("engine.demo").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _weighted(pairs: list[tuple[T, float]]) -> Weighted[T]:
    values = tuple(value for value, _ in pairs)
    cum_weights = tuple(accumulate(weight for _, weight in pairs))
    return Weighted(values, cum_weights)


@lru_cache(maxsize=1)
def load_tables() -> DemoTables:
    """Read every demo table once per process."""
    surnames = [(Surname(row[0], surname_letters(row[0])), float(row[1])) for row in _rows("surnames.tsv")]

    given: dict[str, list[tuple[GivenName, float]]] = {"M": [], "F": []}
    for row in _rows("given_names.tsv"):
        nicknames = tuple(n for n in (row[3].split("|") if len(row) > 3 else []) if n)
        name = GivenName(row[0], row[1], given_name_letters(row[0]), nicknames)
        given[row[1]].append((name, float(row[2])))

    states = [(State(row[0], row[1], row[3]), float(row[2])) for row in _rows("states.tsv")]
    charges = [(row[0], float(row[1])) for row in _rows("charges.tsv")]
    epithets = tuple((row[0], row[1]) for row in _rows("epithets.tsv"))

    return DemoTables(
        surnames=_weighted(surnames),
        male_names=_weighted(given["M"]),
        female_names=_weighted(given["F"]),
        states=_weighted(states),
        charges=_weighted(charges),
        epithets=epithets,
    )
