"""Pairwise scoring of a person query against one candidate record.

``prepare_query`` does the per-query work once (parsing, readings, caches);
``score_prepared`` then scores each candidate. The score is the sum of the
contributions' points, clipped to [0, 1]; see ``engine.scoring.features``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.names.analysis import PersonAnalysis
from engine.names.parsing import ParsedName, parse_name
from engine.records import Identifier, PartialDate, Person
from engine.scoring.dates import compare_birth_dates
from engine.scoring.features import POINTS, Band, Contribution, Match, band_for
from engine.scoring.frequencies import NameFrequencies, rarity
from engine.scoring.names import NameComparison, compare_name
from engine.scoring.parts import compare_given_word, compare_surname


@dataclass(slots=True)
class PersonQuery:
    """A person query: a name, and optionally a birth date, sex (M/F), nationality (ISO alpha-2) and identifiers."""

    name: str
    birth_date: PartialDate | None = None
    sex: str | None = None
    nationality: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)


@dataclass(slots=True)
class PreparedQuery:
    """A query parsed once, with the readings of its name and caches shared by all candidates."""

    query: PersonQuery
    parsed: ParsedName
    readings: tuple[ParsedName, ...]
    identifiers: dict[str, str]
    given_cache: dict[tuple[str, str, bool], tuple[float, str]] = field(default_factory=dict)
    surname_cache: dict[tuple[str, str, bool], tuple[float, str]] = field(default_factory=dict)
    weights: dict[int, _WeightedCaches] = field(default_factory=dict)

    def given_similarity(self, query: str, record: str, truncated: bool) -> tuple[float, str]:
        key = (query, record, truncated)
        cached = self.given_cache.get(key)
        if cached is None:
            cached = compare_given_word(query, record, truncated=truncated)
            self.given_cache[key] = cached
        return cached

    def surname_similarity(self, query: str, record: str, truncated: bool) -> tuple[float, str]:
        key = (query, record, truncated)
        cached = self.surname_cache.get(key)
        if cached is None:
            cached = compare_surname(query, record, truncated=truncated)
            self.surname_cache[key] = cached
        return cached

    def caches_for(self, frequencies: NameFrequencies) -> _WeightedCaches:
        """Return the caches that depend on name frequencies; each source's index has its own."""
        caches = self.weights.get(id(frequencies))
        if caches is None or caches.frequencies is not frequencies:
            caches = _WeightedCaches(frequencies)
            self.weights[id(frequencies)] = caches
        return caches


@dataclass(slots=True)
class _WeightedCaches:
    frequencies: NameFrequencies
    rarity_cache: dict[str, float] = field(default_factory=dict)
    name_cache: dict[tuple[int, tuple[str, ...], str | None, str | None], NameComparison] = field(default_factory=dict)

    def rarity(self, part: str) -> float:
        cached = self.rarity_cache.get(part)
        if cached is None:
            cached = rarity(self.frequencies.frequency(part), self.frequencies.total)
            self.rarity_cache[part] = cached
        return cached


def normalise_identifier(value: str) -> str:
    return "".join(char for char in value.upper() if char.isalnum())


def prepare_query(query: PersonQuery, parsed: ParsedName | None = None) -> PreparedQuery:
    """Parse the query name (unless given) and list its readings; raises InvalidName for a bad name."""
    name = parsed if parsed is not None else parse_name(query.name)
    readings = [name]
    if not name.order_known:
        other = name.reversed_order()
        if other is not None:
            readings.append(other)
    identifiers = {item.kind.lower(): normalise_identifier(item.value) for item in query.identifiers if item.value}
    return PreparedQuery(query, name, tuple(readings), identifiers)


def score_person(query: PersonQuery, parsed: ParsedName, person: Person, analysis: PersonAnalysis, frequencies: NameFrequencies) -> Match:
    """Score one candidate; for many candidates call ``prepare_query`` once and ``score_prepared`` per candidate."""
    return score_prepared(prepare_query(query, parsed), person, analysis, frequencies)


def score_prepared(prepared: PreparedQuery, person: Person, analysis: PersonAnalysis, frequencies: NameFrequencies) -> Match:
    """Score one candidate record against a prepared query: the best name form, then the other facts."""
    best, form_index = _best_name(prepared, prepared.caches_for(frequencies), analysis)
    contributions = list(best.contributions)

    if form_index > 0:
        form = analysis.names[form_index]
        if form.latin:
            contributions.append(Contribution("name_form", prepared.parsed.raw, form.raw, "alias", 0.0))
        else:
            contributions.append(Contribution("name_form", prepared.parsed.raw, form.raw, "transliterated", POINTS["transliterated"]))

    contributions.extend(_other_facts(prepared.query, prepared.identifiers, person))

    total = sum(item.points for item in contributions)
    score = min(1.0, max(0.0, total))
    matched = analysis.names[form_index].raw if analysis.names else person.display_name()
    return Match(round(score, 4), band_for(score), contributions, matched, form_index > 0)


def _best_name(prepared: PreparedQuery, caches: _WeightedCaches, analysis: PersonAnalysis) -> tuple[NameComparison, int]:
    best: NameComparison | None = None
    best_index = 0
    for index, form in enumerate(analysis.names):
        for number, reading in enumerate(prepared.readings):
            # Namesakes share name forms, so a form compared once is reused for the other candidates.
            key = (number, form.given, form.paternal, form.maternal)
            comparison = caches.name_cache.get(key)
            if comparison is None:
                comparison = compare_name(reading, form, caches.rarity, prepared.given_similarity, prepared.surname_similarity)
                caches.name_cache[key] = comparison
            points = comparison.points + (0.0 if form.latin else POINTS["transliterated"])
            if best is None or points > best.points + (0.0 if analysis.names[best_index].latin else POINTS["transliterated"]):
                best = comparison
                best_index = index
    if best is None:
        return NameComparison(0.0, [Contribution("given_name", prepared.parsed.raw, None, "missing", 0.0)]), 0
    return best, best_index


def _other_facts(query: PersonQuery, identifiers: dict[str, str], person: Person) -> list[Contribution]:
    contributions: list[Contribution] = []

    if query.birth_date is not None:
        how, points, closest = compare_birth_dates(query.birth_date, person.birth_dates)
        contributions.append(Contribution("birth_date", str(query.birth_date), str(closest) if closest else None, how, points))

    if query.sex and person.sex:
        same = query.sex.upper()[:1] == person.sex.upper()[:1]
        contributions.append(Contribution("sex", query.sex, person.sex, "exact" if same else "conflict", POINTS["sex_agree"] if same else POINTS["sex_conflict"]))

    if query.nationality and person.nationalities:
        wanted = query.nationality.upper()
        same = wanted in (item.upper() for item in person.nationalities)
        points = POINTS["nationality_agree"] if same else POINTS["nationality_conflict"]
        contributions.append(Contribution("nationality", wanted, ", ".join(person.nationalities), "exact" if same else "conflict", points))

    contributions.extend(_identifier_facts(identifiers, person))
    return contributions


def _identifier_facts(identifiers: dict[str, str], person: Person) -> list[Contribution]:
    contributions: list[Contribution] = []
    if not identifiers or not person.identifiers:
        return contributions

    for kind, value in identifiers.items():
        record_values = [normalise_identifier(item.value) for item in person.identifiers if item.kind.lower() == kind and item.value]
        if not record_values:
            continue
        if value in record_values:
            points = POINTS["identifier_curp"] if kind == "curp" else POINTS["identifier_other"]
            contributions.append(Contribution("identifier", f"{kind}:{value}", f"{kind}:{value}", "exact", points))
        elif kind == "curp":
            # A person has one CURP; passports and other numbers change, so only a CURP can conflict.
            contributions.append(Contribution("identifier", f"{kind}:{value}", f"{kind}:{record_values[0]}", "conflict", POINTS["identifier_curp_conflict"]))
    return contributions


__all__ = ["Band", "Match", "PersonQuery", "PreparedQuery", "prepare_query", "score_person", "score_prepared"]
