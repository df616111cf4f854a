"""Two baselines the engine is measured against: an exact folded-name lookup and an exhaustive fuzzy scan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bench.namesakes import IndexedRow, date_level, fold
from engine.records import PartialDate


class ExactNameBaseline:
    """A dict from folded full name to record ids; records whose birth date agrees best come first."""

    name = "exact folded name"

    def __init__(self, rows: Sequence[IndexedRow]) -> None:
        self._rows = rows
        self._by_name: dict[str, list[int]] = defaultdict(list)
        for position, row in enumerate(rows):
            self._by_name[fold(row.full_name)].append(position)

    def search(self, name: str, birth_date: PartialDate | None, limit: int = 10) -> list[str]:
        positions = self._by_name.get(fold(name), [])
        ranked = sorted(positions, key=lambda position: -date_level(birth_date, self._rows[position].birth_dates))
        return [self._rows[position].record_id for position in ranked[:limit]]


class FuzzyScanBaseline:
    """RapidFuzz ``token_sort_ratio`` of the folded query against every folded full name, best ten kept.

    The scan compares names only; it does not look at birth dates.
    """

    name = "rapidfuzz token_sort_ratio scan"

    def __init__(self, rows: Sequence[IndexedRow]) -> None:
        self._ids = [row.record_id for row in rows]
        self._names = [fold(row.full_name) for row in rows]

    def search(self, name: str, birth_date: PartialDate | None, limit: int = 10) -> list[str]:
        matches = process.extract(fold(name), self._names, scorer=fuzz.token_sort_ratio, processor=None, limit=limit)
        return [self._ids[position] for _, _, position in matches]
