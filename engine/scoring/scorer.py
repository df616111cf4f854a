"""Pairwise scoring of a person query against one candidate record.

``prepare_query`` does the per-query work once (parsing, readings, caches);
``score_prepared`` then scores each candidate. The score is the sum of the
contributions' points, clipped to [0, 1]; see ``engine.scoring.features``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.identifiers.curp import CurpMatchLevel, curp_matches
from engine.names.analysis import PersonAnalysis
from engine.names.blocking import name_readings
from engine.names.parsing import ParsedName, parse_name
from engine.records import Identifier, PartialDate, Person
from engine.scoring.dates import compare_birth_dates
from engine.scoring.features import POINTS, Band, Contribution, Match, band_for
from engine.scoring.frequencies import NameFrequencies, rarity
from engine.scoring.names import NameComparison, compare_given, compare_surnames
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
    """Comparisons that depend on name frequencies, cached per query reading.

    Namesakes share given names and surname pairs far more often than whole
    names, so the given-name part and the surname part are cached apart.
    """

    frequencies: NameFrequencies
    rarity_cache: dict[str, float] = field(default_factory=dict)
    given_cache: dict[tuple[int, tuple[str, ...]], Contribution] = field(default_factory=dict)
    surnames_cache: dict[tuple[int, str | None, str | None], NameComparison] = field(default_factory=dict)
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
    readings = name_readings(name)
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


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """The facts of a record besides its names that the score reads, without identifiers."""

    birth_dates: tuple[PartialDate, ...] = ()
    sex: str | None = None
    nationalities: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()


def score_upper_bound(
    prepared: PreparedQuery, analysis: PersonAnalysis, frequencies: NameFrequencies, facts: RecordFacts | None = None
) -> float:
    """Return a score that ``score_prepared`` cannot exceed for a record with this name analysis and these facts.

    The name points are exact. With ``facts`` the birth date, sex and
    nationality count exactly too, so the bound is the score itself; without,
    they count at their best given the record's birth years. A caller scores
    fully only the candidates whose bound can still reach its best hits. A
    query with identifiers has no useful bound (an identifier can add more than
    a name), so this returns 1.
    """
    if prepared.identifiers:
        return 1.0

    query = prepared.query
    best, form_index = _best_name(prepared, prepared.caches_for(frequencies), analysis)
    points = best.points
    if form_index > 0 and not analysis.names[form_index].latin:
        points += POINTS["transliterated"]
    if facts is not None:
        points += _fact_points(query, facts)
        return min(1.0, max(0.0, points))

    if query.birth_date is not None and analysis.birth_years:
        points += max(_birth_year_bound(query.birth_date, year) for year in analysis.birth_years)
    if query.sex:
        points += POINTS["sex_agree"]
    if query.nationality:
        points += POINTS["nationality_agree"]
    return min(1.0, max(0.0, points))


def _fact_points(query: PersonQuery, facts: RecordFacts) -> float:
    """Sum the points ``_other_facts`` gives, without building its contributions (identifiers aside)."""
    points = 0.0
    if query.birth_date is not None:
        points += compare_birth_dates(query.birth_date, facts.birth_dates)[1]
    if query.sex and facts.sex:
        points += _sex_fact(query.sex, facts.sex)[1]
    if query.nationality and facts.nationalities:
        points += _nationality_fact(query.nationality, facts.nationalities)[1]
    return points


def _sex_fact(query_sex: str, record_sex: str) -> tuple[str, float]:
    """Compare two sexes by their first letter; return how they compare and the points."""
    if query_sex.upper()[:1] == record_sex.upper()[:1]:
        return "exact", POINTS["sex_agree"]
    return "conflict", POINTS["sex_conflict"]


def _nationality_fact(query_nationality: str, record_nationalities: Sequence[str]) -> tuple[str, float]:
    """Compare a nationality with a record's list; return how they compare and the points."""
    if query_nationality.upper() in (item.upper() for item in record_nationalities):
        return "exact", POINTS["nationality_agree"]
    return "conflict", POINTS["nationality_conflict"]


def _birth_year_bound(query: PartialDate, year: int) -> float:
    """Return the most points ``compare_birth_dates`` can give a record date in ``year`` (see engine.scoring.dates)."""
    gap = abs(query.year - year)
    if gap == 0:
        return POINTS["birth_exact"]
    if gap == 1:
        return max(POINTS["birth_year_off"], POINTS["birth_circa"])
    if gap == 2 and query.circa:
        return POINTS["birth_circa"]
    # A record date marked circa also allows two years, and its flag is not in the analysis.
    if gap == 2:
        return POINTS["birth_circa"]
    return POINTS["birth_conflict"]


def _compared_name(prepared: PreparedQuery, caches: _WeightedCaches, number: int, reading: ParsedName, form: ParsedName) -> NameComparison:
    """Compare one reading with one record name form; both halves are cached, because namesakes share them."""
    key = (number, form.given, form.paternal, form.maternal)
    comparison = caches.name_cache.get(key)
    if comparison is not None:
        return comparison

    given = caches.given_cache.get((number, form.given))
    if given is None:
        given = compare_given(reading, form, caches.rarity, prepared.given_similarity)
        caches.given_cache[(number, form.given)] = given
    surnames = caches.surnames_cache.get((number, form.paternal, form.maternal))
    if surnames is None:
        surnames = compare_surnames(reading, form, caches.rarity, prepared.surname_similarity)
        caches.surnames_cache[(number, form.paternal, form.maternal)] = surnames

    comparison = NameComparison(given.points + surnames.points, [given, *surnames.contributions])
    caches.name_cache[key] = comparison
    return comparison


def _best_name(prepared: PreparedQuery, caches: _WeightedCaches, analysis: PersonAnalysis) -> tuple[NameComparison, int]:
    best: NameComparison | None = None
    best_index = 0
    for index, form in enumerate(analysis.names):
        for number, reading in enumerate(prepared.readings):
            comparison = _compared_name(prepared, caches, number, reading, form)
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
        how, points = _sex_fact(query.sex, person.sex)
        contributions.append(Contribution("sex", query.sex, person.sex, how, points))

    if query.nationality and person.nationalities:
        how, points = _nationality_fact(query.nationality, person.nationalities)
        contributions.append(Contribution("nationality", query.nationality.upper(), ", ".join(person.nationalities), how, points))

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
        if kind == "curp":
            contributions.append(_curp_fact(value, record_values))
        elif value in record_values:
            contributions.append(Contribution("identifier", f"{kind}:{value}", f"{kind}:{value}", "exact", POINTS["identifier_other"]))
    return contributions


def _curp_fact(value: str, record_values: list[str]) -> Contribution:
    """Compare a query CURP with the record's: equal is a strong match, a malformed side compares its prefix.

    A person has one CURP, so a different one conflicts. When a side fails
    validation, the first ten characters (names and birth date) decide, and
    characters 11-16 (sex, state, inner consonants), when both sides have them,
    must agree too; a prefix agreement adds only a little, because it repeats
    what the name and birth date already say.
    """
    if value in record_values:
        return Contribution("identifier", f"curp:{value}", f"curp:{value}", "exact", POINTS["identifier_curp"])

    stored = record_values[0]
    match = curp_matches(stored, value)
    if match.level is CurpMatchLevel.PREFIX and _derived_parts_agree(stored, value):
        return Contribution("identifier", f"curp:{value}", f"curp:{stored}", "partial", POINTS["identifier_curp_prefix"])
    if match.level is CurpMatchLevel.NOT_COMPARABLE:
        return Contribution("identifier", f"curp:{value}", f"curp:{stored}", "missing", 0.0)
    return Contribution("identifier", f"curp:{value}", f"curp:{stored}", "conflict", POINTS["identifier_curp_conflict"])


def _derived_parts_agree(first: str, second: str) -> bool:
    """Compare characters 11-16 of two CURPs (sex, state, inner consonants) when both have them."""
    first_part, second_part = first[10:16], second[10:16]
    return len(first_part) < 6 or len(second_part) < 6 or first_part == second_part


__all__ = ["Band", "Match", "PersonQuery", "PreparedQuery", "RecordFacts", "prepare_query", "score_person", "score_prepared", "score_upper_bound"]
