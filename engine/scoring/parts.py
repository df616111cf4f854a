"""Comparison of single name parts: one given-name word, or one surname, query against record."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from engine.names import lexicon
from engine.names.phonetic import phonetic_key
from engine.scoring.features import SIMILARITY

NO_MATCH = (0.0, "conflict")


def _typo(query: str, record: str) -> tuple[float, str] | None:
    """Rate a spelling difference of one or two edits (a transposition counts as one)."""
    longest = max(len(query), len(record))
    distance = OSA.distance(query, record, score_cutoff=2)
    if distance == 1 and longest >= 3:
        return SIMILARITY["typo"], "typo"
    if distance == 2 and longest >= 7:
        return SIMILARITY["typo_two"], "typo"

    key_distance = OSA.distance(phonetic_key(query), phonetic_key(record), score_cutoff=1)
    if key_distance == 1 and longest >= 4:
        return SIMILARITY["typo"], "typo"
    return None


# Both comparisons are pure functions of their strings, and the same common names come back
# query after query, so their results are kept across queries.
_REMEMBERED_PAIRS = 262_144


@lru_cache(maxsize=_REMEMBERED_PAIRS)
def compare_given_word(query: str, record: str, *, truncated: bool = False) -> tuple[float, str]:
    """Compare one folded given-name word of the query with one of the record."""
    if query == record:
        return SIMILARITY["exact"], "exact"

    if len(query) == 1 or len(record) == 1:
        return (SIMILARITY["initial"], "initial") if query[0] == record[0] else NO_MATCH

    if phonetic_key(query) == phonetic_key(record):
        return SIMILARITY["phonetic"], "phonetic"

    table = lexicon.nickname_words()
    if record in table.get(query, ()) or query in table.get(record, ()):
        return SIMILARITY["nickname"], "nickname"
    if query in table and record in table and table[query] & table[record]:
        return SIMILARITY["nickname"], "nickname"

    if truncated and len(query) >= 3 and record.startswith(query):
        return SIMILARITY["partial"], "partial"

    return _typo(query, record) or NO_MATCH


def _core(surname: str) -> str:
    return "".join(word for word in surname.split() if word not in lexicon.PARTICLES)


@lru_cache(maxsize=_REMEMBERED_PAIRS)
def compare_surname(query: str, record: str, *, truncated: bool = False) -> tuple[float, str]:
    """Compare one folded surname of the query with one of the record, particles included."""
    if query == record:
        return SIMILARITY["exact"], "exact"

    query_fused = query.replace(" ", "")
    record_fused = record.replace(" ", "")
    if query_fused == record_fused:
        return SIMILARITY["particle"], "particle"

    query_core = _core(query)
    record_core = _core(record)
    if query_core and query_core == record_core:
        return SIMILARITY["particle_dropped"], "particle"

    if query_fused.replace("ñ", "n") == record_fused.replace("ñ", "n"):
        return SIMILARITY["particle"] if " " in query + record else SIMILARITY["phonetic"], "phonetic"

    if phonetic_key(query_fused) == phonetic_key(record_fused):
        return SIMILARITY["phonetic"], "phonetic"
    if query_core != query_fused or record_core != record_fused:
        if query_core and phonetic_key(query_core) == phonetic_key(record_core):
            return SIMILARITY["particle_dropped"] * SIMILARITY["phonetic"], "phonetic"

    if truncated and len(query_fused) >= 4 and record_fused.startswith(query_fused):
        return SIMILARITY["partial"], "partial"

    return _typo(query_fused, record_fused) or NO_MATCH
