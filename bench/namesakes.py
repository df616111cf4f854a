"""Ground truth for the search benchmark: which indexed records fit a query as well as the true one.

The benchmark scores a query only when it is answerable: fewer than ten indexed
records, the true one included, fit it as well as the true record does. "Fit as
well" is decided here, with folding of our own so that the ground truth does not
depend on the engine under test:

- the name fits by the rule the query's variant kind implies (see ``FitRule``);
  a name mangled by a typo or a phonetic misspelling still stands for the true
  record's full name;
- the birth date is at the same level as the truth's or better, where the levels
  are exact (3), near (2: agrees with a partial date, day and month swapped, or
  one year off), unknown (1: no date on either side) and conflicting (0);
- the sex, when the query gives one, is not contradicted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from engine.records import PartialDate, Person

SURNAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y"})
MRZ_NAME_FIELD = 39  # characters of the name field in a TD3 passport
ANSWERABLE_MAX_FITS = 10  # the truth plus at most nine records that fit as well

_NON_WORD = re.compile(r"[^0-9a-zñ]+")


@dataclass(frozen=True, slots=True)
class IndexedRow:
    """The fields of an indexed person that query variants and the ground truth need."""

    record_id: str
    given: str
    paternal: str
    maternal: str
    sex: str | None
    birth_dates: tuple[PartialDate, ...]

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given, self.paternal, self.maternal) if part)


class FitRule(StrEnum):
    """Rule that compares an indexed record's name with the true record's name for one query."""

    FULL = "full"  # folded given names and both surnames equal
    ASCII = "ascii"  # equal once accents and ñ fold to plain letters
    MRZ = "mrz"  # equal TD3 name fields (39 characters, transliterated)
    NO_MATERNAL = "no_maternal"  # given names and paternal surname equal, any maternal surname
    PARTICLE_FREE = "particle_free"  # equal once surname particles are dropped
    GIVEN_CONTAINS = "given_contains"  # surnames equal, given names contain the queried one
    NICKNAME = "nickname"  # surnames equal, given names contain one meaning of the nickname
    INITIALS = "initials"  # surnames equal, given names match a pattern with initials ("j. luis")


def fold(text: str) -> str:
    """Lower-case, drop accents but keep ñ, and turn every other character run into one space."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = []
    for index, char in enumerate(decomposed):
        if unicodedata.combining(char):
            if char == "\u0303" and index > 0 and decomposed[index - 1] == "n":
                kept.append(char)
            continue
        kept.append(char)

    composed = unicodedata.normalize("NFC", "".join(kept))
    return _NON_WORD.sub(" ", composed).strip()


def ascii_fold(text: str) -> str:
    return fold(text).replace("ñ", "n")


def particle_free(surname: str) -> str:
    """Fold a surname, drop its particles and join the rest (``de la Cruz`` → ``cruz``)."""
    words = ascii_fold(surname).split()
    return "".join(word for word in words if word not in SURNAME_PARTICLES) or "".join(words)


def mrz_name(paternal: str, maternal: str, given: str) -> str:
    """Write a name as an ICAO 9303 name field: ``PATERNAL<MATERNAL<<GIVEN<NAMES``, not padded or cut."""
    primary = "<".join(_mrz_words(paternal) + _mrz_words(maternal))
    secondary = "<".join(_mrz_words(given))
    return f"{primary}<<{secondary}" if secondary else primary


def _mrz_words(text: str) -> list[str]:
    upper = unicodedata.normalize("NFD", text.upper().replace("Ü", "UE"))
    letters = "".join(char for char in upper if not unicodedata.combining(char))
    letters = letters.replace("'", "")
    return re.sub(r"[^A-Z]+", " ", letters).split()


def mrz_field(row: IndexedRow) -> str:
    """Return the row's TD3 name field as a passport carries it, cut or padded to 39 characters."""
    return mrz_name(row.paternal, row.maternal, row.given)[:MRZ_NAME_FIELD].ljust(MRZ_NAME_FIELD, "<")


def full_key(row: IndexedRow) -> str:
    return fold(row.full_name)


def row_from_person(person: Person) -> IndexedRow | None:
    """Take the fields the benchmark needs; ``None`` for a person without structured given names and surname."""
    if not person.given_names or not person.paternal_surname:
        return None
    return IndexedRow(
        record_id=person.record_id,
        given=person.given_names,
        paternal=person.paternal_surname,
        maternal=person.maternal_surname or "",
        sex=person.sex,
        birth_dates=tuple(person.birth_dates),
    )


# Birth-date levels, best first.
DATE_EXACT = 3
DATE_NEAR = 2
DATE_UNKNOWN = 1
DATE_CONFLICT = 0


def date_level(query: PartialDate | None, record_dates: Sequence[PartialDate]) -> int:
    """Compare a query birth date with a record's birth dates and return the best level among them."""
    if query is None or not record_dates:
        return DATE_UNKNOWN
    return max(_pair_level(query, record) for record in record_dates)


def _pair_level(query: PartialDate, record: PartialDate) -> int:
    full_query = query.month is not None and query.day is not None
    full_record = record.month is not None and record.day is not None
    if full_query and full_record:
        if (query.year, query.month, query.day) == (record.year, record.month, record.day):
            return DATE_EXACT
        if query.year == record.year and (query.month, query.day) == (record.day, record.month):
            return DATE_NEAR
        if abs(query.year - record.year) == 1 and (query.month, query.day) == (record.month, record.day):
            return DATE_NEAR
        return DATE_CONFLICT

    # A partial date on either side agrees when every part both sides know is equal.
    if query.year != record.year:
        return DATE_NEAR if (query.circa or record.circa) and abs(query.year - record.year) <= 1 else DATE_CONFLICT
    if query.month is not None and record.month is not None and query.month != record.month:
        return DATE_CONFLICT
    return DATE_NEAR


def sex_fits(query_sex: str | None, row: IndexedRow) -> bool:
    return query_sex is None or row.sex is None or row.sex == query_sex


def name_fits(row: IndexedRow, truth: IndexedRow, rule: FitRule, data: tuple[str, ...] = ()) -> bool:
    """Tell whether ``row``'s name fits a query made from ``truth``'s name as well as ``truth`` does."""
    if rule is FitRule.FULL:
        return full_key(row) == full_key(truth)
    if rule is FitRule.ASCII:
        return ascii_fold(row.full_name) == ascii_fold(truth.full_name)
    if rule is FitRule.MRZ:
        return mrz_field(row) == mrz_field(truth)
    if rule is FitRule.NO_MATERNAL:
        return fold(row.given) == fold(truth.given) and fold(row.paternal) == fold(truth.paternal)
    if rule is FitRule.PARTICLE_FREE:
        same_surnames = (particle_free(row.paternal), particle_free(row.maternal)) == (
            particle_free(truth.paternal),
            particle_free(truth.maternal),
        )
        return same_surnames and fold(row.given) == fold(truth.given)

    same_surnames = (fold(row.paternal), fold(row.maternal)) == (fold(truth.paternal), fold(truth.maternal))
    if not same_surnames:
        return False

    given_words = fold(row.given).split()
    if rule is FitRule.GIVEN_CONTAINS:
        return data[0] in given_words
    if rule is FitRule.NICKNAME:
        return any(_contains_run(given_words, meaning.split()) for meaning in data)
    if rule is FitRule.INITIALS:
        return _matches_initials(given_words, list(data))
    raise ValueError(f"unknown fit rule {rule!r}")


def _contains_run(words: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(words[start : start + width] == run for start in range(len(words) - width + 1))


def _matches_initials(words: list[str], pattern: list[str]) -> bool:
    """Match given names against a pattern whose words ending in ``.`` are initials."""
    if len(words) != len(pattern):
        return False
    for word, wanted in zip(words, pattern, strict=True):
        if wanted.endswith("."):
            if not word.startswith(wanted[:-1]):
                return False
        elif word != wanted:
            return False
    return True


class NamesakeIndex:
    """Indexed rows grouped so that every record that may fit a query is found without a full scan."""

    def __init__(self, rows: Sequence[IndexedRow]) -> None:
        self.rows = rows
        self._by_surnames: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_given_paternal: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_full_name: dict[str, list[int]] = defaultdict(list)
        for position, row in enumerate(rows):
            paternal = particle_free(row.paternal)
            self._by_surnames[(paternal, particle_free(row.maternal))].append(position)
            self._by_given_paternal[(ascii_fold(row.given), paternal)].append(position)
            self._by_full_name[full_key(row)].append(position)

    def same_full_name(self, row: IndexedRow) -> list[IndexedRow]:
        """Every indexed row whose folded full name equals ``row``'s, ``row`` itself included."""
        return [self.rows[position] for position in self._by_full_name.get(full_key(row), [])]

    def full_names_with_namesakes(self) -> list[str]:
        return [name for name, positions in self._by_full_name.items() if len(positions) > 1]

    def first_with_full_name(self, name: str) -> IndexedRow:
        return self.rows[self._by_full_name[name][0]]

    def rows_fitting(
        self,
        truth: IndexedRow,
        rule: FitRule,
        data: tuple[str, ...],
        birth_date: PartialDate | None,
        sex: str | None,
    ) -> list[IndexedRow]:
        """Every indexed row (the truth included) that fits the query at least as well as the truth."""
        truth_level = date_level(birth_date, truth.birth_dates)
        fitting = []
        for row in self._possible_fits(truth, rule):
            if not sex_fits(sex, row) or date_level(birth_date, row.birth_dates) < truth_level:
                continue
            if name_fits(row, truth, rule, data):
                fitting.append(row)
        return fitting

    def _possible_fits(self, truth: IndexedRow, rule: FitRule) -> Iterable[IndexedRow]:
        paternal = particle_free(truth.paternal)
        if rule is FitRule.NO_MATERNAL:
            positions = self._by_given_paternal.get((ascii_fold(truth.given), paternal), [])
        else:
            # NOTE: an MRZ field cut inside the surnames could also fit rows with another
            # maternal surname; Mexican surnames almost never fill 39 characters, so they are not searched.
            positions = self._by_surnames.get((paternal, particle_free(truth.maternal)), [])
        return (self.rows[position] for position in positions)
