"""Scoring of person candidates: name alignment, birth dates, identifiers, bands and explanations."""

from engine.scoring.features import BAND_THRESHOLDS, FEATURES, HOWS, Band, Contribution, Match, band_for
from engine.scoring.frequencies import NameFrequencies, StaticFrequencies, rarity
from engine.scoring.scorer import PersonQuery, PreparedQuery, RecordFacts, prepare_query, score_person, score_prepared, score_upper_bound

__all__ = [
    "BAND_THRESHOLDS",
    "FEATURES",
    "HOWS",
    "Band",
    "Contribution",
    "Match",
    "NameFrequencies",
    "PersonQuery",
    "PreparedQuery",
    "RecordFacts",
    "StaticFrequencies",
    "band_for",
    "prepare_query",
    "rarity",
    "score_person",
    "score_prepared",
    "score_upper_bound",
]
