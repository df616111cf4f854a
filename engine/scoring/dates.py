"""Birth date comparison: exact, partial, day/month swapped, one year off, conflicting."""

from __future__ import annotations

from collections.abc import Sequence

from engine.records import PartialDate
from engine.scoring.features import POINTS


def compare_birth_dates(query: PartialDate, record_dates: Sequence[PartialDate]) -> tuple[str, float, PartialDate | None]:
    """Return how the query date compares with the record's closest date, the points, and that date."""
    best: tuple[str, float, PartialDate | None] = ("missing", 0.0, None)
    for candidate in record_dates:
        how, points = _compare_one(query, candidate)
        if best[2] is None or points > best[1]:
            best = (how, points, candidate)
    return best


def _compare_one(query: PartialDate, record: PartialDate) -> tuple[str, float]:
    both_full = None not in (query.month, query.day, record.month, record.day)
    circa = query.circa or record.circa

    if both_full and query.year == record.year and query.month == record.month and query.day == record.day:
        return "exact", POINTS["birth_exact"]

    if both_full and query.year == record.year and query.day == record.month and query.month == record.day:
        return "day_month_swap", POINTS["birth_day_month_swap"]

    if both_full and abs(query.year - record.year) == 1 and query.month == record.month and query.day == record.day:
        return "year_off", POINTS["birth_year_off"]

    if not both_full:
        return _compare_partial(query, record, circa)

    if query.year == record.year:
        return "conflict", POINTS["birth_conflict_same_year"]
    return "conflict", POINTS["birth_conflict"]


def _compare_partial(query: PartialDate, record: PartialDate, circa: bool) -> tuple[str, float]:
    if circa and query.year != record.year and abs(query.year - record.year) <= 2:
        return "partial", POINTS["birth_circa"]
    if query.year != record.year:
        if abs(query.year - record.year) == 1:
            return "year_off", POINTS["birth_circa"]
        return "conflict", POINTS["birth_conflict"]
    if query.month is not None and record.month is not None and query.month != record.month:
        return "conflict", POINTS["birth_conflict_same_year"]
    return "partial", POINTS["birth_partial"]
