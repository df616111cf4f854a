"""Seeded query variants made from indexed persons, the way officers and documents write names.

Each variant changes one thing about an indexed person's name or birth date
(the ``combined`` kind changes two or three) and carries its kind and the id of
the true record. Absent namesakes are queries for people who are not indexed:
the name of an indexed person with a birth date that conflicts with every
indexed record of that name, so any strong hit for them is a false alarm.

Name forms follow Spanish and Mexican usage: ``Given Paternal Maternal``,
``PATERNAL MATERNAL, Given``, all-caps surname first, TD3 MRZ name fields,
dropped accents, particles fused, dropped or moved to the end (US indexing),
the second given name alone, abbreviations, nicknames, and US records that
drop the maternal surname or hyphenate both surnames.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.namesakes import (
    DATE_CONFLICT,
    DATE_UNKNOWN,
    MRZ_NAME_FIELD,
    SURNAME_PARTICLES,
    FitRule,
    IndexedRow,
    NamesakeIndex,
    ascii_fold,
    date_level,
    fold,
    mrz_name,
)
from bench.typing_errors import PHONETIC_EDITS, TYPO_EDITS, apply_phonetic, apply_typo
from engine.records import PartialDate

ABSENT_NAMESAKE = "absent_namesake"

# Abbreviations seen in Mexican paperwork. An abbreviation ending in an initial
# ("J.", "M.") stands for any name with that initial; the others for one name.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "maria": ("Ma.", "Ma", "M."),
    "jose": ("J.",),
    "juan": ("J.",),
    "jesus": ("J.",),
    "francisco": ("Fco.",),
    "guadalupe": ("Gpe.",),
}
INITIALS = frozenset({"M.", "J."})

# Nickname → the given names it stands for (folded). Several are ambiguous.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Pepe": ("jose",),
    "Chepe": ("jose",),
    "Chema": ("jose maria",),
    "Paco": ("francisco",),
    "Pancho": ("francisco",),
    "Quico": ("francisco",),
    "Chuy": ("jesus",),
    "Chucho": ("jesus",),
    "Nacho": ("ignacio",),
    "Memo": ("guillermo",),
    "Lalo": ("eduardo", "eleazar"),
    "Beto": ("alberto", "roberto", "humberto", "adalberto"),
    "Poncho": ("alfonso",),
    "Chava": ("salvador",),
    "Chago": ("santiago",),
    "Chente": ("vicente",),
    "Checo": ("sergio",),
    "Chalo": ("gonzalo",),
    "Goyo": ("gregorio",),
    "Tavo": ("gustavo",),
    "Neto": ("ernesto",),
    "Kike": ("enrique",),
    "Quique": ("enrique",),
    "Toño": ("antonio",),
    "Manolo": ("manuel",),
    "Lucho": ("luis",),
    "Lencho": ("lorenzo", "florencio"),
    "Chimo": ("joaquin",),
    "Moncho": ("ramon",),
    "Cuco": ("refugio",),
    "Fito": ("adolfo",),
    "Nando": ("fernando",),
    "Rafa": ("rafael",),
    "Mando": ("armando",),
    "Juanma": ("juan manuel",),
    "Juanjo": ("juan jose",),
    "Lupe": ("guadalupe",),
    "Lupita": ("guadalupe",),
    "Charo": ("rosario",),
    "Chayo": ("rosario",),
    "Concha": ("concepcion",),
    "Conchita": ("concepcion",),
    "Lola": ("dolores",),
    "Meche": ("mercedes",),
    "Chelo": ("consuelo",),
    "Chela": ("graciela", "marcela"),
    "Chabela": ("isabel",),
    "Pepa": ("josefa",),
    "Licha": ("alicia",),
    "Lulú": ("lourdes",),
    "Leti": ("leticia",),
    "Mago": ("margarita",),
    "Paquita": ("francisca",),
    "Toña": ("antonia",),
    "Maru": ("maria eugenia",),
    "Maribel": ("maria isabel",),
    "Marisol": ("maria soledad",),
    "Malena": ("maria elena",),
    "Marisa": ("maria luisa",),
    "Maite": ("maria teresa",),
}

NAME_FORM_KINDS = (
    "canonical",
    "surname_comma",
    "caps_surname_first",
    "mrz",
    "mrz_truncated",
    "accents_dropped",
    "particle_fused",
    "particle_dropped",
    "particle_moved",
    "second_given_only",
    "abbreviation",
    "nickname",
    "us_no_maternal",
    "us_hyphenated",
)
DATE_KINDS = ("date_missing", "date_swapped", "date_year_off")
KNOWN_PERSON_KINDS = NAME_FORM_KINDS + TYPO_EDITS + PHONETIC_EDITS + DATE_KINDS + ("combined",)

# Forms that the combined kind starts from before adding a typing or spelling error.
_COMBINED_FORMS = (
    "surname_comma",
    "caps_surname_first",
    "accents_dropped",
    "second_given_only",
    "abbreviation",
    "nickname",
    "us_no_maternal",
)
_MAX_DRAWS = 3000  # random records tried per query before a kind is given up as not applicable


@dataclass(frozen=True, slots=True)
class QueryVariant:
    """One benchmark query: what the officer types, and what the ground truth needs to judge the hits.

    ``truth_id`` is ``None`` for an absent namesake; ``base`` is then the indexed
    namesake whose name the query borrows. ``detail`` names the steps of a
    combined variant.
    """

    kind: str
    name: str
    birth_date: PartialDate | None
    sex: str | None
    truth_id: str | None
    base: IndexedRow
    fit_rule: FitRule
    fit_data: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class _NameForm:
    name: str
    rule: FitRule
    data: tuple[str, ...] = ()


def generate_variants(
    rows: Sequence[IndexedRow],
    namesakes: NamesakeIndex,
    count: int,
    absent: int,
    seed: int,
    kinds: Sequence[str] = KNOWN_PERSON_KINDS,
) -> list[QueryVariant]:
    """Make ``count`` variants spread evenly over ``kinds`` plus ``absent`` absent-namesake queries.

    The same rows, counts and seed give the same variants. A kind gets fewer
    queries when it fits none of the records drawn for a slot (a small index
    may have no particle surnames), and the other kinds are not topped up.
    """
    rng = random.Random(seed)
    variants: list[QueryVariant] = []
    for slot in range(count):
        kind = kinds[slot % len(kinds)]
        variant = _draw_variant(rows, kind, rng)
        if variant is not None:
            variants.append(variant)

    variants.extend(absent_namesakes(namesakes, absent, rng))
    return variants


def _draw_variant(rows: Sequence[IndexedRow], kind: str, rng: random.Random) -> QueryVariant | None:
    for _ in range(_MAX_DRAWS):
        row = rows[rng.randrange(len(rows))]
        variant = make_variant(row, kind, rng)
        if variant is not None:
            return variant
    return None


def make_variant(row: IndexedRow, kind: str, rng: random.Random) -> QueryVariant | None:
    """Make one variant of ``kind`` from ``row``, or ``None`` when the kind does not apply to it."""
    sex = row.sex if rng.random() < 0.5 else None
    exact_date = row.birth_dates[0] if row.birth_dates else None

    if kind in DATE_KINDS:
        if exact_date is None:
            return None
        birth_date = _vary_date(exact_date, kind, rng)
        if birth_date is _NOT_APPLICABLE:
            return None
        return QueryVariant(kind, canonical_name(row), birth_date, sex, row.record_id, row, FitRule.FULL)

    if kind == "combined":
        return _combined_variant(row, rng, sex, exact_date)

    if kind in TYPO_EDITS or kind in PHONETIC_EDITS:
        edited = _edit(canonical_name(row), kind, rng)
        if edited is None:
            return None
        return QueryVariant(kind, edited, exact_date, sex, row.record_id, row, FitRule.FULL)

    form = name_form(row, kind, rng)
    if form is None:
        return None
    return QueryVariant(kind, form.name, exact_date, sex, row.record_id, row, form.rule, form.data)


def _combined_variant(
    row: IndexedRow, rng: random.Random, sex: str | None, exact_date: PartialDate | None
) -> QueryVariant | None:
    form_kind = rng.choice(_COMBINED_FORMS)
    form = name_form(row, form_kind, rng)
    if form is None:
        return None

    edit_kind = rng.choice(TYPO_EDITS + PHONETIC_EDITS)
    edited = _edit(form.name, edit_kind, rng)
    if edited is None:
        return None

    steps = [form_kind, edit_kind]
    birth_date = exact_date
    if exact_date is not None and rng.random() < 0.5:
        birth_date = None
        steps.append("date_missing")
    detail = "+".join(steps)
    return QueryVariant("combined", edited, birth_date, sex, row.record_id, row, form.rule, form.data, detail)


def _edit(name: str, kind: str, rng: random.Random) -> str | None:
    if kind in TYPO_EDITS:
        return apply_typo(name, kind, rng)
    return apply_phonetic(name, kind, rng)


def canonical_name(row: IndexedRow) -> str:
    return row.full_name


def name_form(row: IndexedRow, kind: str, rng: random.Random) -> _NameForm | None:
    """Write ``row``'s name in the form ``kind`` names, or return ``None`` when the form does not apply."""
    builder = _FORM_BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"unknown variant kind {kind!r}")
    return builder(row, rng)


def _canonical(row: IndexedRow, rng: random.Random) -> _NameForm:
    return _NameForm(canonical_name(row), FitRule.FULL)


def _surname_comma(row: IndexedRow, rng: random.Random) -> _NameForm:
    surnames = " ".join(part for part in (row.paternal, row.maternal) if part)
    return _NameForm(f"{surnames.upper()}, {row.given}", FitRule.FULL)


def _caps_surname_first(row: IndexedRow, rng: random.Random) -> _NameForm:
    words = " ".join(part for part in (row.paternal, row.maternal, row.given) if part)
    return _NameForm(words.upper(), FitRule.FULL)


def _mrz(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    field = mrz_name(row.paternal, row.maternal, row.given)
    if len(field) > MRZ_NAME_FIELD:
        return None
    return _NameForm(field.ljust(MRZ_NAME_FIELD, "<"), FitRule.MRZ)


def _mrz_truncated(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    field = mrz_name(row.paternal, row.maternal, row.given)
    if len(field) <= MRZ_NAME_FIELD:
        return None
    return _NameForm(field[:MRZ_NAME_FIELD], FitRule.MRZ)


def _accents_dropped(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    plain = _strip_accents(canonical_name(row))
    if plain == canonical_name(row):
        return None
    return _NameForm(plain, FitRule.ASCII)


def _strip_accents(text: str) -> str:
    table = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
    return text.translate(table)


def _particle_split(surname: str) -> tuple[str, str] | None:
    """Split ``de la Cruz`` into (``de la``, ``Cruz``); ``None`` when the surname has no leading particle."""
    words = surname.split()
    particles = []
    for word in words[:-1]:
        if word.lower() not in SURNAME_PARTICLES:
            break
        particles.append(word)
    if not particles:
        return None
    return " ".join(particles), " ".join(words[len(particles) :])


def _particle_surname(row: IndexedRow) -> tuple[str, tuple[str, str]] | None:
    for field_name in ("paternal", "maternal"):
        split = _particle_split(getattr(row, field_name))
        if split is not None:
            return field_name, split
    return None


def _with_surname(row: IndexedRow, field_name: str, surname: str) -> str:
    paternal = surname if field_name == "paternal" else row.paternal
    maternal = surname if field_name == "maternal" else row.maternal
    return " ".join(part for part in (row.given, paternal, maternal) if part)


def _particle_fused(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    found = _particle_surname(row)
    if found is None:
        return None
    field_name, (particles, rest) = found
    fused = (particles.replace(" ", "") + rest.replace(" ", "").lower()).capitalize()
    return _NameForm(_with_surname(row, field_name, fused), FitRule.FULL)


def _particle_dropped(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    found = _particle_surname(row)
    if found is None:
        return None
    field_name, (_, rest) = found
    return _NameForm(_with_surname(row, field_name, rest), FitRule.PARTICLE_FREE)


def _particle_moved(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    """US immigration indexing: ``Cruz López, Juan de la``."""
    split = _particle_split(row.paternal)
    if split is None:
        return None
    particles, rest = split
    surnames = " ".join(part for part in (rest, row.maternal) if part)
    return _NameForm(f"{surnames}, {row.given} {particles.lower()}", FitRule.FULL)


def _second_given_only(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    words = [word for word in row.given.split() if word.lower() not in SURNAME_PARTICLES]
    if len(words) < 2:
        return None
    second = words[-1]
    name = " ".join(part for part in (second, row.paternal, row.maternal) if part)
    return _NameForm(name, FitRule.GIVEN_CONTAINS, (fold(second),))


def _abbreviation(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    words = row.given.split()
    choices = [position for position, word in enumerate(words) if ascii_fold(word) in ABBREVIATIONS]
    if not choices:
        return None

    position = rng.choice(choices)
    short = rng.choice(ABBREVIATIONS[ascii_fold(words[position])])
    given = words[:position] + [short] + words[position + 1 :]
    name = " ".join(part for part in (" ".join(given), row.paternal, row.maternal) if part)
    if short not in INITIALS:
        return _NameForm(name, FitRule.FULL)

    pattern = [fold(word) for word in words]
    pattern[position] = fold(short) + "."
    return _NameForm(name, FitRule.INITIALS, tuple(pattern))


def _nickname(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    given = fold(row.given)
    words = given.split()
    choices = [
        nickname
        for nickname, meanings in NICKNAMES.items()
        if any(meaning == given or meaning in words for meaning in meanings)
    ]
    if not choices:
        return None

    nickname = rng.choice(choices)
    name = " ".join(part for part in (nickname, row.paternal, row.maternal) if part)
    return _NameForm(name, FitRule.NICKNAME, NICKNAMES[nickname])


def _us_no_maternal(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    if not row.maternal:
        return None
    return _NameForm(f"{row.given} {row.paternal}", FitRule.NO_MATERNAL)


def _us_hyphenated(row: IndexedRow, rng: random.Random) -> _NameForm | None:
    if not row.maternal:
        return None
    return _NameForm(f"{row.given} {row.paternal}-{row.maternal}", FitRule.FULL)


_FORM_BUILDERS: dict[str, Callable[[IndexedRow, random.Random], _NameForm | None]] = {
    "canonical": _canonical,
    "surname_comma": _surname_comma,
    "caps_surname_first": _caps_surname_first,
    "mrz": _mrz,
    "mrz_truncated": _mrz_truncated,
    "accents_dropped": _accents_dropped,
    "particle_fused": _particle_fused,
    "particle_dropped": _particle_dropped,
    "particle_moved": _particle_moved,
    "second_given_only": _second_given_only,
    "abbreviation": _abbreviation,
    "nickname": _nickname,
    "us_no_maternal": _us_no_maternal,
    "us_hyphenated": _us_hyphenated,
}

_NOT_APPLICABLE = PartialDate(1800)  # sentinel: the date change does not apply to this record


def _vary_date(exact: PartialDate, kind: str, rng: random.Random) -> PartialDate | None:
    if kind == "date_missing":
        return None
    if exact.month is None or exact.day is None:
        return _NOT_APPLICABLE

    if kind == "date_swapped":
        if exact.day > 12 or exact.day == exact.month:
            return _NOT_APPLICABLE
        return PartialDate(exact.year, exact.day, exact.month)

    year = exact.year + rng.choice((-1, 1))
    try:
        return PartialDate.parse(f"{year:04d}-{exact.month:02d}-{exact.day:02d}")
    except ValueError:  # 29 February in a year that has none
        return _NOT_APPLICABLE


def absent_namesakes(namesakes: NamesakeIndex, count: int, rng: random.Random) -> list[QueryVariant]:
    """Queries for people who are not indexed: an indexed name with a birth date no namesake has.

    Names shared by two or more indexed records, all with birth dates, are
    preferred; when none is found in a few draws, any indexed name is used. A
    namesake without a birth date can neither conflict nor agree with the query.
    """
    shared = sorted(namesakes.full_names_with_namesakes())
    variants = []
    for _ in range(count):
        base = _absent_base(namesakes, shared, rng)
        holders = namesakes.same_full_name(base)
        birth_date = _conflicting_date(holders, rng)
        sex = base.sex if rng.random() < 0.5 else None
        variants.append(QueryVariant(ABSENT_NAMESAKE, canonical_name(base), birth_date, sex, None, base, FitRule.FULL))
    return variants


def _absent_base(namesakes: NamesakeIndex, shared: Sequence[str], rng: random.Random) -> IndexedRow:
    for _ in range(50):
        if not shared:
            break
        base = namesakes.first_with_full_name(rng.choice(shared))
        if all(holder.birth_dates for holder in namesakes.same_full_name(base)):
            return base
    return namesakes.rows[rng.randrange(len(namesakes.rows))]


def _conflicting_date(holders: Sequence[IndexedRow], rng: random.Random) -> PartialDate:
    while True:
        candidate = PartialDate(rng.randrange(1940, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
        if all(date_level(candidate, holder.birth_dates) in (DATE_CONFLICT, DATE_UNKNOWN) for holder in holders):
            return candidate
