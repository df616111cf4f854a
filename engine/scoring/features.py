"""Score features, their points, the bands and the explanation types.

A match score is the sum of the points of its contributions, clipped to [0, 1], so
an explanation always adds up to the score shown. Feature keys (``feature``):

- ``given_name``, ``paternal_surname``, ``maternal_surname``: name parts, keyed by the
  record's part they were aligned to;
- ``surname_order``: the query's surnames were found in the other order;
- ``name_form``: the record name the query matched best (an alias, or a name
  transliterated from another script);
- ``birth_date``, ``sex``, ``nationality``, ``identifier``.

How keys (``how``): ``exact``, ``particle`` (particle fused, apart or dropped),
``phonetic``, ``nickname``, ``typo``, ``initial``, ``partial`` (part of a name or date
agrees), ``second_name`` (the record has another given name first), ``swapped``,
``missing`` (absent on one side), ``conflict``, ``day_month_swap``, ``year_off``,
``alias``, ``transliterated``.

Bands, with the thresholds in ``BAND_THRESHOLDS``: strong ≥ 0.65 (a full name and an
agreeing birth date, or an equal CURP), possible ≥ 0.35 (the name agrees and nothing
conflicts), weak below. A full name alone scores at most 0.60, so a name without
any other agreeing fact is never strong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Band(StrEnum):
    WEAK = "weak"
    POSSIBLE = "possible"
    STRONG = "strong"

    @property
    def rank(self) -> int:
        return _BAND_RANK[self]


_BAND_RANK = {Band.WEAK: 0, Band.POSSIBLE: 1, Band.STRONG: 2}

BAND_THRESHOLDS: tuple[tuple[float, Band], ...] = ((0.65, Band.STRONG), (0.35, Band.POSSIBLE))


def band_for(score: float) -> Band:
    """Return the band of a score."""
    for threshold, band in BAND_THRESHOLDS:
        if score >= threshold:
            return band
    return Band.WEAK


FEATURES: dict[str, str] = {
    "given_name": "given names compared after alignment",
    "paternal_surname": "the record's paternal surname compared with the query surname aligned to it",
    "maternal_surname": "the record's maternal surname compared with the query surname aligned to it",
    "surname_order": "the query gives the surnames in the other order",
    "name_form": "which of the record's names matched",
    "birth_date": "birth date of the query against the record's closest birth date",
    "sex": "sex of the query against the record",
    "nationality": "nationality of the query against the record's nationalities",
    "identifier": "an identifier (CURP, passport, national id) of the query against the record",
}

HOWS: dict[str, str] = {
    "exact": "equal after folding case and accents",
    "particle": "equal apart from a particle written fused, apart or dropped",
    "phonetic": "same Spanish phonetic key",
    "nickname": "a nickname of the name",
    "typo": "one or two letters differ",
    "initial": "an initial of the name",
    "partial": "only part agrees",
    "second_name": "the record has another given name first",
    "swapped": "found in the other order",
    "missing": "absent on one side",
    "conflict": "different",
    "day_month_swap": "day and month swapped",
    "year_off": "same day and month, year one off",
    "alias": "matched an alias of the record",
    "transliterated": "matched a name transliterated from another script",
}

# Maximum points of each name part, scaled by part rarity (0.6-1.0) and similarity.
NAME_WEIGHTS: dict[str, float] = {"given_name": 0.18, "paternal_surname": 0.23, "maternal_surname": 0.19}

# Similarity of one name part by how it matched; "typo" and "partial" vary with the distance.
SIMILARITY: dict[str, float] = {
    "exact": 1.0,
    "particle": 0.95,
    "phonetic": 0.9,
    "nickname": 0.85,
    "typo": 0.75,
    "typo_two": 0.55,
    "partial": 0.8,
    "initial": 0.5,
    "particle_dropped": 0.8,
}

GIVEN_NAME_FACTORS: dict[str, float] = {
    "second_name": 0.95,  # record "María Guadalupe", query "Guadalupe"
    "record_extra": 0.9,  # record "Juan Carlos", query "Juan"
    "query_extra": 0.8,  # query "Juan Carlos", record "Juan"
}

POINTS: dict[str, float] = {
    "name_conflict": -0.10,
    "surname_swapped": -0.03,
    "transliterated": -0.05,
    "birth_exact": 0.25,
    "birth_day_month_swap": 0.12,
    "birth_year_off": 0.10,
    "birth_partial": 0.08,
    "birth_circa": 0.04,
    "birth_conflict_same_year": -0.20,
    "birth_conflict": -0.35,
    "sex_agree": 0.02,
    "sex_conflict": -0.10,
    "nationality_agree": 0.02,
    "nationality_conflict": -0.03,
    "identifier_curp": 0.35,
    "identifier_other": 0.30,
    "identifier_curp_conflict": -0.30,
    "identifier_curp_prefix": 0.05,
}

HOW_ORDER = ("exact", "particle", "phonetic", "nickname", "partial", "typo", "initial")
"""How keys from strongest to weakest; a part aggregated from several words reports its weakest."""


@dataclass(slots=True)
class Contribution:
    """One line of an explanation: a feature, both values, how they compared and the points it added."""

    feature: str
    query_value: str | None
    record_value: str | None
    how: str
    points: float


@dataclass(slots=True)
class Match:
    """A scored candidate: the score, its band and the contributions that add up to it."""

    score: float
    band: Band
    explanation: list[Contribution] = field(default_factory=list)
    matched_name: str = ""
    via_alias: bool = False
