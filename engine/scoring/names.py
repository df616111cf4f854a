"""Alignment of a query name with one record name form, and the points of each name part."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.names.parsing import ParsedName
from engine.scoring.features import GIVEN_NAME_FACTORS, HOW_ORDER, NAME_WEIGHTS, POINTS, Contribution
from engine.scoring.parts import compare_given_word, compare_surname

Rarity = Callable[[str], float]
Comparer = Callable[[str, str, bool], tuple[float, str]]


@dataclass(slots=True)
class NameComparison:
    points: float
    contributions: list[Contribution]


def _weakest(hows: list[str]) -> str:
    return max(hows, key=lambda how: HOW_ORDER.index(how) if how in HOW_ORDER else len(HOW_ORDER))


def compare_given(query: ParsedName, record: ParsedName, rarity: Rarity, given_sim: Comparer) -> Contribution:
    """Align given-name words greedily by similarity and rate them as one part."""
    query_words = query.given_words()
    record_words = record.given_words()
    query_text = " ".join(query.given) or None
    record_text = " ".join(record.given) or None
    if not query_words or not record_words:
        return Contribution("given_name", query_text, record_text, "missing", 0.0)

    pairs: list[tuple[float, str, int, int]] = []
    for qi, query_word in enumerate(query_words):
        truncated = query.truncated and qi == len(query_words) - 1
        for ri, record_word in enumerate(record_words):
            similarity, how = given_sim(query_word, record_word, truncated)
            if similarity > 0:
                pairs.append((similarity, how, qi, ri))
    pairs.sort(key=lambda pair: -pair[0])

    used_query: set[int] = set()
    used_record: set[int] = set()
    matched: list[tuple[float, str, int]] = []
    for similarity, how, qi, ri in pairs:
        if qi in used_query or ri in used_record:
            continue
        used_query.add(qi)
        used_record.add(ri)
        matched.append((similarity, how, ri))

    if not matched:
        return Contribution("given_name", query_text, record_text, "conflict", POINTS["name_conflict"])

    similarity = sum(item[0] for item in matched) / len(matched)
    how = _weakest([item[1] for item in matched])
    if len(used_query) < len(query_words):
        similarity *= GIVEN_NAME_FACTORS["query_extra"]
        how = "partial" if how == "exact" else how
    if len(used_record) < len(record_words):
        if 0 not in used_record:
            similarity *= GIVEN_NAME_FACTORS["second_name"]
            how = "second_name" if how == "exact" else how
        else:
            similarity *= GIVEN_NAME_FACTORS["record_extra"]
            how = "partial" if how == "exact" else how

    weight = max(rarity(record_words[item[2]]) for item in matched)
    points = NAME_WEIGHTS["given_name"] * weight * similarity
    return Contribution("given_name", query_text, record_text, how, points)


def _surname_alignments(query: tuple[str, ...], record: tuple[str, ...]) -> list[tuple[list[tuple[int, int]], bool]]:
    """Return candidate pairings (query index, record index) and whether each swaps the order."""
    if not query or not record:
        return [([], False)]
    if len(query) == 1 and len(record) == 1:
        return [([(0, 0)], False)]
    if len(query) == 1:
        return [([(0, 0)], False), ([(0, 1)], True)]
    if len(record) == 1:
        return [([(0, 0)], False), ([(1, 0)], True)]
    return [([(0, 0), (1, 1)], False), ([(0, 1), (1, 0)], True)]


def compare_surnames(query: ParsedName, record: ParsedName, rarity: Rarity, surname_sim: Comparer) -> NameComparison:
    """Align the query surnames with the record's in both orders and keep the better alignment."""
    query_surnames = query.surnames()
    record_surnames = (record.paternal, record.maternal)
    present = tuple(index for index, surname in enumerate(record_surnames) if surname)
    record_list = tuple(record_surnames[index] for index in present)

    best: NameComparison | None = None
    for pairing, swapped in _surname_alignments(query_surnames, record_list):
        contributions: list[Contribution] = []
        points = 0.0
        paired_slots: set[int] = set()

        for qi, ri in pairing:
            slot = present[ri]
            feature = "paternal_surname" if slot == 0 else "maternal_surname"
            record_value = record_surnames[slot]
            assert record_value is not None
            truncated = query.truncated and not query.given
            similarity, how = surname_sim(query_surnames[qi], record_value, truncated)
            paired_slots.add(slot)
            if similarity <= 0:
                contributions.append(Contribution(feature, query_surnames[qi], record_value, "conflict", POINTS["name_conflict"]))
                points += POINTS["name_conflict"]
                continue
            value = NAME_WEIGHTS[feature] * rarity(record_value) * similarity
            contributions.append(Contribution(feature, query_surnames[qi], record_value, how, value))
            points += value

        for slot, feature in ((0, "paternal_surname"), (1, "maternal_surname")):
            if slot not in paired_slots:
                contributions.append(Contribution(feature, None, record_surnames[slot], "missing", 0.0))

        if swapped and pairing:
            contributions.append(Contribution("surname_order", " ".join(query_surnames), " ".join(record_list), "swapped", POINTS["surname_swapped"]))
            points += POINTS["surname_swapped"]

        if best is None or points > best.points:
            best = NameComparison(points, contributions)

    assert best is not None
    return best


def compare_name(query: ParsedName, record: ParsedName, rarity: Rarity, given_sim: Comparer, surname_sim: Comparer) -> NameComparison:
    """Compare a query name with one record name form: given names plus the best surname alignment."""
    given = compare_given(query, record, rarity, given_sim)
    surnames = compare_surnames(query, record, rarity, surname_sim)
    return NameComparison(given.points + surnames.points, [given, *surnames.contributions])
