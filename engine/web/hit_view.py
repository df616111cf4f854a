"""Shape one search hit for the page: band, score, badges, notice, name comparison and explanation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.i18n import FEATURES, METHODS, feature_label, method_label
from engine.names.folding import fold
from engine.sources import SourcesConfig
from engine.web.language import format_date, format_decimal
from engine.web.messages import PAGE_MESSAGES, page_text

# Explanation features that compare a name part; they fill the side-by-side table.
NAME_FEATURES = ("given_name", "paternal_surname", "maternal_surname", "surname", "name", "alias", "name_form")

# Outcome of each comparison method on the page: the same value, a near value, a contradiction, or no value.
MATCH_METHODS = frozenset({"exact", "folded", "equal"})
NEAR_METHODS = frozenset(
    {"phonetic", "nickname", "abbreviation", "initial", "typo", "fuzzy", "particle", "swapped", "partial", "alias",
     "day_month_swap", "year_off", "year_only", "rare", "common"}
)
DIFFERENT_METHODS = frozenset({"conflict", "mismatch"})

OUTCOME_SYMBOLS = {"match": "✓", "near": "≈", "different": "✗", "absent": "–"}


@dataclass(slots=True)
class ComparisonRow:
    part: str
    query_value: str
    record_value: str
    method: str
    outcome: str  # match, near, different or absent
    symbol: str


@dataclass(slots=True)
class ExplanationRow:
    feature: str
    method: str
    points: str
    query_value: str
    record_value: str
    positive: bool


@dataclass(slots=True)
class NameWord:
    text: str
    matched: bool


@dataclass(slots=True)
class HitView:
    rank: int
    band: str
    band_label: str
    score: str
    score_percent: int
    source: str
    source_label: str
    owner: str
    record_id: str
    name_words: list[NameWord]
    notice: str | None
    charges: str | None
    comparison: list[ComparisonRow]
    explanation: list[ExplanationRow]
    birth_dates: list[str] = field(default_factory=list)
    sex: str | None = None
    nationalities: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)


def hit_views(hits: list[dict[str, Any]], sources: SourcesConfig, language: str) -> list[HitView]:
    """Shape every hit of a search response, in rank order."""
    return [hit_view(rank, hit, sources, language) for rank, hit in enumerate(hits, start=1)]


def hit_view(rank: int, hit: dict[str, Any], sources: SourcesConfig, language: str) -> HitView:
    """Shape one hit of the search response (``engine.presenting.hit_to_dict``) for the page."""
    record = hit["record"]
    comparison = comparison_rows(hit["explanation"], language)
    notice, charges = notice_lines(record.get("notice"), language)

    return HitView(
        rank=rank,
        band=hit["band"],
        band_label=hit["band_label"],
        score=format_decimal(hit["score"], language),
        score_percent=round(hit["score"] * 100),
        source=hit["source"],
        source_label=source_label(sources, hit["source"], language),
        owner=hit["owner"],
        record_id=hit["record_id"],
        name_words=marked_name(hit["name"], comparison),
        notice=notice,
        charges=charges,
        comparison=comparison,
        explanation=explanation_rows(hit["explanation"], language),
        birth_dates=[format_date(value, language) for value in record.get("birth_dates", [])],
        sex=page_text(f"sex.{record['sex']}", language) if record.get("sex") in ("M", "F", "X") else None,
        nationalities=list(record.get("nationalities", [])),
        aliases=list(record.get("aliases", [])),
        also_in=[source_label(sources, copy["source"], language) for copy in hit.get("also_in") or []],
    )


def source_label(sources: SourcesConfig, name: str, language: str) -> str:
    source = sources.sources.get(name)
    return source.label(language) if source else name


def outcome_of(method: str) -> str:
    if method in MATCH_METHODS:
        return "match"
    if method in NEAR_METHODS:
        return "near"
    if method in DIFFERENT_METHODS:
        return "different"
    return "absent"


def comparison_rows(explanation: list[dict[str, Any]], language: str) -> list[ComparisonRow]:
    """Pair each name part of the query with the record's part it was compared to, in name order."""
    rows = [row for row in explanation if row["feature"] in NAME_FEATURES]
    rows.sort(key=lambda row: NAME_FEATURES.index(row["feature"]))

    shaped = []
    for row in rows:
        outcome = outcome_of(row["how"])
        shaped.append(
            ComparisonRow(
                part=feature_text(row["feature"], language),
                query_value=_value_text(row.get("query_value"), row["feature"], language),
                record_value=_value_text(row.get("record_value"), row["feature"], language),
                method=method_text(row["how"], language),
                outcome=outcome,
                symbol=OUTCOME_SYMBOLS[outcome],
            )
        )
    return shaped


def explanation_rows(explanation: list[dict[str, Any]], language: str) -> list[ExplanationRow]:
    """Shape every contribution to the score, in the engine's order (largest first)."""
    return [
        ExplanationRow(
            feature=feature_text(row["feature"], language),
            method=method_text(row["how"], language),
            points=format_decimal(row["points"], language, signed=True),
            query_value=_value_text(row.get("query_value"), row["feature"], language),
            record_value=_value_text(row.get("record_value"), row["feature"], language),
            positive=row["points"] >= 0,
        )
        for row in explanation
    ]


def marked_name(name: str, comparison: list[ComparisonRow]) -> list[NameWord]:
    """Split the record's name into words, marking those that matched a part of the query."""
    matched: set[str] = set()
    for row in comparison:
        if row.outcome in ("match", "near") and row.part:
            matched.update(fold(row.record_value).split())

    return [NameWord(word, fold(word) in matched) for word in name.split()]


def notice_lines(notice: dict[str, Any] | None, language: str) -> tuple[str | None, str | None]:
    """Describe the notice, warrant or listing that makes the record matter, and its charges."""
    if not notice:
        return None, None

    kind_key = f"notice.kind.{notice.get('kind', 'notice')}"
    pieces = [page_text(kind_key, language) if kind_key in PAGE_MESSAGES else str(notice.get("kind"))]
    if notice.get("program"):
        pieces.append(page_text("notice.program", language, program=notice["program"]))
    if notice.get("reference"):
        pieces.append(page_text("notice.reference", language, reference=notice["reference"]))
    if notice.get("issuer"):
        pieces.append(page_text("notice.issuer", language, issuer=notice["issuer"]))

    charges = notice.get("charges") or []
    charges_line = page_text("notice.charges", language, charges="; ".join(charges)) if charges else None
    return " · ".join(pieces), charges_line


def feature_text(feature: str, language: str) -> str:
    if feature in FEATURES:
        return feature_label(feature, language)
    return page_text(f"feature.{feature}", language) if f"feature.{feature}" in PAGE_MESSAGES else feature


def method_text(method: str, language: str) -> str:
    if method in METHODS:
        return method_label(method, language)
    return page_text(f"method.{method}", language) if f"method.{method}" in PAGE_MESSAGES else method


def _value_text(value: Any, feature: str, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(item, feature, language) for item in value)
    if feature == "birth_date":
        return format_date(str(value), language)
    return str(value)
