"""Judge ranked answers against the ground truth and sum them up: recall, false strong hits, latency."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.namesakes import ANSWERABLE_MAX_FITS, NamesakeIndex
from bench.variants import ABSENT_NAMESAKE, QueryVariant


@dataclass(frozen=True, slots=True)
class Judgement:
    """What counts as a right answer to one query.

    ``equals`` holds the ids of every indexed record that fits the query as well
    as the truth, the truth included; an absent namesake has none.
    """

    variant: QueryVariant
    equals: frozenset[str]

    @property
    def answerable(self) -> bool:
        return self.variant.truth_id is not None and len(self.equals) <= ANSWERABLE_MAX_FITS


def judge(variants: Sequence[QueryVariant], namesakes: NamesakeIndex) -> list[Judgement]:
    judgements = []
    for variant in variants:
        if variant.truth_id is None:
            judgements.append(Judgement(variant, frozenset()))
            continue
        fitting = namesakes.rows_fitting(
            variant.base, variant.fit_rule, variant.fit_data, variant.birth_date, variant.sex
        )
        judgements.append(Judgement(variant, frozenset(row.record_id for row in fitting)))
    return judgements


@dataclass(slots=True)
class Answer:
    """One system's answer to one query: ranked record ids, their bands when it has bands, and the time taken."""

    ids: list[str]
    bands: list[str] | None
    seconds: float


@dataclass(slots=True)
class Recall:
    queries: int = 0
    at_1: int = 0  # the first hit is the truth or fits the query as well as the truth
    strict_at_1: int = 0  # the first hit is the truth
    at_10: int = 0  # the truth is among the first ten hits

    def add(self, judgement: Judgement, answer: Answer) -> None:
        truth = judgement.variant.truth_id
        self.queries += 1
        if answer.ids and answer.ids[0] in judgement.equals:
            self.at_1 += 1
        if answer.ids and answer.ids[0] == truth:
            self.strict_at_1 += 1
        if truth in answer.ids[:10]:
            self.at_10 += 1

    def rate(self, hits: int) -> float | None:
        return hits / self.queries if self.queries else None


@dataclass(slots=True)
class SystemFigures:
    """Everything measured for one system on one set of queries."""

    system: str
    recall: Recall = field(default_factory=Recall)
    recall_by_kind: dict[str, Recall] = field(default_factory=lambda: defaultdict(Recall))
    absent_queries: int = 0
    absent_with_strong: int = 0
    latencies: list[float] = field(default_factory=list)
    latencies_by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def strong_absent_rate(self) -> float | None:
        return self.absent_with_strong / self.absent_queries if self.absent_queries else None

    def latency_ms(self, quantile: float) -> float | None:
        return percentile(self.latencies, quantile) * 1000 if self.latencies else None


def summarise(system: str, judgements: Sequence[Judgement], answers: Sequence[Answer]) -> SystemFigures:
    """Sum up one system's answers; ``answers[i]`` answers ``judgements[i]``."""
    figures = SystemFigures(system)
    for judgement, answer in zip(judgements, answers, strict=True):
        figures.latencies.append(answer.seconds)
        figures.latencies_by_kind[judgement.variant.kind].append(answer.seconds)
        if judgement.variant.kind == ABSENT_NAMESAKE:
            figures.absent_queries += 1
            if answer.bands is not None and "strong" in answer.bands:
                figures.absent_with_strong += 1
            continue

        if judgement.answerable:
            figures.recall.add(judgement, answer)
            figures.recall_by_kind[judgement.variant.kind].add(judgement, answer)
    return figures


def percentile(values: Sequence[float], quantile: float) -> float:
    """Return the ``quantile`` (0–1) of ``values`` by linear interpolation between closest ranks."""
    if len(values) == 1:
        return values[0]
    cut_points = statistics.quantiles(values, n=1000, method="inclusive")
    return cut_points[min(len(cut_points) - 1, max(0, round(quantile * 1000) - 1))]
