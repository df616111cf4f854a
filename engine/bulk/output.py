"""Rendering of bulk results: CSV or JSON Lines rows, the errors file, and the job summary.

The CSV has one line per hit (rank 1..k) and one line with empty hit columns
for an input row without hits, so every input row appears. A cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is written with a leading single quote.

The CSV writes the band and the notice kind in the job's language ("fuerte",
"orden de aprehensión" in a Spanish job). JSON Lines keeps the English codes
("strong", "warrant") for programs and adds ``band_label`` and ``notice_label``
in the job's language.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.i18n import notice_label, translate
from engine.presenting import explanation_to_dicts

OUTPUT_FORMATS = ("csv", "jsonl")
CSV_COLUMNS = (
    "row", "line", "reference", "query_name", "query_birth_date",
    "rank", "score", "band", "source", "owner", "record_id", "matched_name",
    "record_birth_dates", "notice", "explanation", "also_in",
)
ERROR_COLUMNS = ("row", "line", "error", "message")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPLANATION_ITEMS = 3


def neutralise(value: Any) -> str:
    """Return a cell's text, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(slots=True)
class RowHit:
    """One hit of one input row, already reduced to what the output shows."""

    rank: int
    score: float
    band: str
    source: str
    owner: str
    record_id: str
    matched_name: str
    birth_dates: list[str]
    notice: str
    explanation: str
    # The same person in other sources (a synced copy or its national original): {"source": ..., "record_id": ...}.
    also_in: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RowOutcome:
    """The rendered result of one input row: output text, errors-file text, and counts for the summary."""

    index: int
    output: str = ""
    error: str = ""
    bands: dict[str, int] = field(default_factory=dict)  # hits written per band
    best_band: str | None = None


def short_explanation(explanation: list[Any], language: str) -> str:
    rows = explanation_to_dicts(explanation, language)[:EXPLANATION_ITEMS]
    return "; ".join(row["text"] for row in rows)


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def errors_header() -> str:
    return _csv_line(ERROR_COLUMNS)


def render_hits(
    fmt: str,
    index: int,
    line: int,
    reference: str,
    query_name: str,
    query_birth_date: str,
    hits: Sequence[RowHit],
    language: str = "en",
) -> str:
    """Render the output text of one input row in ``fmt`` (``csv`` or ``jsonl``), with labels in ``language``."""
    row_number = index + 1
    if fmt == "jsonl":
        body = {
            "row": row_number,
            "line": line,
            "reference": reference or None,
            "query": {"name": query_name, "birth_date": query_birth_date or None},
            "hits": [
                {
                    "rank": hit.rank,
                    "score": hit.score,
                    "band": hit.band,
                    "band_label": band_label(hit.band, language),
                    "source": hit.source,
                    "owner": hit.owner,
                    "record_id": hit.record_id,
                    "matched_name": hit.matched_name,
                    "birth_dates": hit.birth_dates,
                    "notice": hit.notice or None,
                    "notice_label": notice_text(hit.notice, language) or None,
                    "explanation": hit.explanation,
                    "also_in": hit.also_in,
                }
                for hit in hits
            ],
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"

    lead = (row_number, line, reference, query_name, query_birth_date)
    if not hits:
        return _csv_line((*lead, "", "", "", "", "", "", "", "", "", "", ""))
    return "".join(
        _csv_line(
            (
                *lead, hit.rank, f"{hit.score:.4f}", _csv_band(hit.band, language), hit.source, hit.owner, hit.record_id,
                hit.matched_name, " ".join(hit.birth_dates), _csv_notice(hit.notice, language), hit.explanation, also_in_cell(hit.also_in),
            )
        )
        for hit in hits
    )


def band_label(band: str, language: str) -> str:
    """Name a band (strong, possible, weak) in ``language``; an unknown band is written as received."""
    key = f"band.{band}"
    label = translate(key, language)
    return band if label == key else label


def notice_text(notice: str, language: str) -> str:
    """Write a hit's notice (``kind reference program``) with its kind named in ``language``.

    The notice reaches the output as one text whose first word is the kind
    code, so only a known code (``engine.i18n.NOTICE_KINDS``) is replaced.
    """
    kind, separator, rest = notice.partition(" ")
    return notice_label(kind, language) + separator + rest


def _csv_band(band: str, language: str) -> str:
    # An English job keeps the codes, which are also the English labels and what earlier outputs held.
    return band if language == "en" else band_label(band, language)


def _csv_notice(notice: str, language: str) -> str:
    return notice if language == "en" else notice_text(notice, language)


def also_in_cell(also_in: Sequence[dict[str, str]]) -> str:
    """The CSV cell of a hit's other sources: ``source/record_id`` items separated by spaces."""
    return " ".join(f"{item['source']}/{item['record_id']}" for item in also_in)


def render_error(index: int, line: int, key: str, params: dict[str, Any], language: str) -> str:
    return _csv_line((index + 1, line, key, translate(key, language, **params)))


def _csv_line(cells: Sequence[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


@dataclass(slots=True)
class Tally:
    """Running counts of a job, kept in its checkpoint so a resumed job reports the whole run."""

    rows: int = 0
    errors: int = 0
    rows_with_hits: int = 0
    hits: dict[str, int] = field(default_factory=lambda: {"strong": 0, "possible": 0, "weak": 0})
    rows_by_best_band: dict[str, int] = field(default_factory=lambda: {"strong": 0, "possible": 0, "weak": 0})
    seconds: float = 0.0

    def add(self, outcome: RowOutcome) -> None:
        self.rows += 1
        if outcome.error:
            self.errors += 1
        for band, count in outcome.bands.items():
            self.hits[band] = self.hits.get(band, 0) + count
        if outcome.best_band:
            self.rows_with_hits += 1
            self.rows_by_best_band[outcome.best_band] = self.rows_by_best_band.get(outcome.best_band, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "rows_with_hits": self.rows_with_hits,
            "hits": dict(self.hits),
            "rows_by_best_band": dict(self.rows_by_best_band),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / self.seconds, 1) if self.seconds > 0 else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Tally:
        if not data:
            return cls()
        return cls(
            rows=int(data.get("rows", 0)),
            errors=int(data.get("errors", 0)),
            rows_with_hits=int(data.get("rows_with_hits", 0)),
            hits=dict(data.get("hits") or cls().hits),
            rows_by_best_band=dict(data.get("rows_by_best_band") or cls().rows_by_best_band),
            seconds=float(data.get("seconds", 0.0)),
        )
