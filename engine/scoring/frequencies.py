"""Name-part frequencies and the rarity weight derived from them."""

from __future__ import annotations

import math
from typing import Protocol, runtime_checkable

RARITY_FLOOR = 0.6
PRIOR_PERSONS = 1000
"""Pseudo-persons added to the count, so a small or empty index treats every part as rare."""

_FULL_WEIGHT_IDF = math.log(PRIOR_PERSONS)


@runtime_checkable
class NameFrequencies(Protocol):
    """How many indexed persons carry a folded name part, and how many persons are indexed."""

    total: int

    def frequency(self, part: str) -> int: ...


class StaticFrequencies:
    """Frequencies from a fixed mapping, for tests and small tools."""

    def __init__(self, counts: dict[str, int] | None = None, total: int = 0) -> None:
        self.counts = dict(counts or {})
        self.total = total

    def frequency(self, part: str) -> int:
        return self.counts.get(part, 0)


def rarity(count: int, total: int) -> float:
    """Return the weight of a name part in [0.6, 1]: 1 for parts carried by one person in 1,000 or fewer.

    ``log(1 / p)`` with ``p = (count + 1) / (total + 1000)``, scaled so ``p = 1/1000`` gives 1.
    Hernández at 7% of persons weighs about 0.75.
    """
    share = (count + 1) / (total + PRIOR_PERSONS)
    information = -math.log(share)
    return min(1.0, RARITY_FLOOR + (1.0 - RARITY_FLOOR) * information / _FULL_WEIGHT_IDF)
