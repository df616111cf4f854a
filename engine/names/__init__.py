"""Spanish name analysis: folding, parsing, the phonetic key, nicknames and blocking keys."""

from engine.names.analysis import PersonAnalysis, analyse_person
from engine.names.blocking import frequency_parts, query_blocking_keys, record_blocking_keys
from engine.names.folding import fold
from engine.names.lexicon import nicknames
from engine.names.parsing import InvalidName, ParsedName, name_from_parts, parse_name
from engine.names.phonetic import phonetic_key

__all__ = [
    "InvalidName",
    "ParsedName",
    "PersonAnalysis",
    "analyse_person",
    "fold",
    "frequency_parts",
    "name_from_parts",
    "nicknames",
    "parse_name",
    "phonetic_key",
    "query_blocking_keys",
    "record_blocking_keys",
]
