"""Write the search benchmark's figures as markdown, and keep them in their own section of bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path

from bench.evaluation import Recall, SystemFigures

SECTION_BEGIN = "<!-- search benchmark: begin -->"
SECTION_END = "<!-- search benchmark: end -->"
SIZE_END = "<!-- search benchmark size: end -->"
_SIZE_BLOCK = re.compile(r"<!-- search benchmark size (\d+): begin -->\n(.*?)\n" + re.escape(SIZE_END), re.DOTALL)
RESULTS_HEADER = (
    "# Benchmark results\n\n"
    "Figures measured by the scripts in bench/, each section written by its own script. "
    "Every section names the command, the machine and the date of its run.\n"
)

RECALL_1_TARGET = 0.97
RECALL_10_TARGET = 0.995
STRONG_ABSENT_TARGET = 0.01
IMPORT_TARGET = 10_000
P95_TARGET_MS = {100_000: 10.0, 1_000_000: 50.0}
SPEEDUP_TARGET = 50.0

DEFINITIONS = """\
How to read these figures:

- Each known-person query is a variant of one indexed person's name or birth date
  (kinds below), and its truth is that person's record. A query is **answerable**
  when at most ten indexed records, the truth included, fit it as well as the truth.
  A record fits as well when three things hold. Its name fits by the rule of the
  variant kind: the same folded full name for reorderings, typos and misspellings,
  the same MRZ field for MRZ names, any maternal surname when the query drops it,
  and both surnames equal with given names that contain the queried given name or
  one meaning of the nickname. Its birth date agrees at least as well (exact, then
  day/month swap, one year off or partial, then unknown, then conflicting). Its
  sex, when the query gives one, is not contradicted.
- **recall@1**: the first hit is the truth or a record that fits as well, because
  the query gives nothing to distinguish the two. **truth first**: the first hit is the
  truth itself. **recall@10**: the truth is among the first ten hits.
- **Absent namesakes** are queries for people who are not indexed: an indexed
  person's exact name with a birth date that conflicts with every indexed record
  of that name. Any strong hit for them is a false alarm.
- Latency is one query at a time, after a warm-up, through input validation and
  the federation (the engine) or the baseline's own lookup. The exact baseline
  ranks records with the best-agreeing birth date first; the rapidfuzz scan
  compares names only.
"""


@dataclass(slots=True)
class SizeReport:
    """Everything measured at one index size."""

    size: int
    import_rate: float
    imported: int
    import_seconds: float
    index_reused: bool
    built_at: str
    build_load: str
    known_queries: int
    answerable: int
    absent_queries: int
    engine: SystemFigures
    exact: SystemFigures
    fuzzy: SystemFigures | None
    engine_on_fuzzy_subset: SystemFigures | None
    fuzzy_subset: int
    missing_answers: int


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"nproc {len(os.sched_getaffinity(0))}, {cpu}, Python {platform.python_version()}, {system}; "
        f"load average {load} when the run ended"
    )


def render_blocks(command: str, machine: str, date: str, reports: list[SizeReport]) -> dict[int, str]:
    """Render one markdown block per index size, each naming the command, machine and date of its run."""
    blocks = {}
    for report in reports:
        lines = [
            f"### {report.size:,} indexed persons",
            "",
            f"Command: `{command}`",
            "",
            f"Machine: {machine}. Run: {date}.",
            "",
            *_render_size(report),
        ]
        blocks[report.size] = "\n".join(lines).rstrip() + "\n"
    return blocks


def render_section(blocks: dict[int, str]) -> str:
    parts = ["## Search", "", DEFINITIONS]
    for size in sorted(blocks):
        parts.append(f"{_size_begin(size)}\n{blocks[size].rstrip()}\n{SIZE_END}\n")
    return "\n".join(parts)


def _size_begin(size: int) -> str:
    return f"<!-- search benchmark size {size}: begin -->"


def _render_size(report: SizeReport) -> list[str]:
    origin = "reused from a build" if report.index_reused else "built in this run"
    lines = [
        f"Import: {report.import_rate:,.0f} persons/s ({report.imported:,} persons upserted in "
        f"{report.import_seconds:,.1f} s, batches of 5,000, generation not timed; index {origin} "
        f"at {report.built_at}{_load_note(report.build_load)}).",
        "",
        f"Queries: {report.known_queries:,} known-person variants, {report.answerable:,} of them answerable; "
        f"{report.absent_queries:,} absent namesakes.",
    ]
    if report.fuzzy is not None and report.fuzzy_subset < report.known_queries + report.absent_queries:
        lines.append(
            f"The rapidfuzz scan ran on a seeded subset of {report.fuzzy_subset:,} queries (one scan takes "
            f"{_ms(report.fuzzy.latency_ms(0.5))} ms at the median), and its column compares it with the engine "
            "on that same subset."
        )
    if report.fuzzy is None:
        lines.append("The rapidfuzz scan was skipped in this run (--fuzzy-queries 0).")
    if report.missing_answers:
        lines.append(f"The engine reported its source missing on {report.missing_answers} queries.")
    lines.extend(["", *_summary_table(report), "", *_target_lines(report), "", *_kind_table(report), ""])
    return lines


def _summary_table(report: SizeReport) -> list[str]:
    engine, exact, fuzzy = report.engine, report.exact, report.fuzzy
    subset = report.engine_on_fuzzy_subset
    fuzzy_header = "rapidfuzz scan" + (" (engine, same subset)" if fuzzy is not None else "")
    rows = [
        f"| measure | target | engine | exact folded name | {fuzzy_header} |",
        "| --- | --- | --- | --- | --- |",
        _recall_row("recall@1", f"≥ {RECALL_1_TARGET}", lambda r: r.rate(r.at_1), report),
        _recall_row("truth first", "", lambda r: r.rate(r.strict_at_1), report),
        _recall_row("recall@10", f"≥ {RECALL_10_TARGET}", lambda r: r.rate(r.at_10), report),
        f"| strong hits, absent namesakes | ≤ {STRONG_ABSENT_TARGET:.0%} | {_absent(engine)} | no bands | no bands |",
        f"| search p50 (ms) | | {_ms(engine.latency_ms(0.5))} | {_ms(exact.latency_ms(0.5))} | "
        f"{_ms(fuzzy.latency_ms(0.5) if fuzzy else None)} |",
        f"| search p95 (ms) | {_p95_target(report.size)} | {_ms(engine.latency_ms(0.95))} | "
        f"{_ms(exact.latency_ms(0.95))} | {_ms(fuzzy.latency_ms(0.95) if fuzzy else None)} |",
    ]
    if fuzzy is not None and subset is not None:
        speedup = _speedup(fuzzy, engine)
        rows.append(f"| rapidfuzz p50 / engine p50 | ≥ {SPEEDUP_TARGET:.0f}× at 1,000,000 | {speedup} | | |")
    return rows


def _recall_row(label: str, target: str, pick, report: SizeReport) -> str:
    fuzzy = report.fuzzy
    subset = report.engine_on_fuzzy_subset
    fuzzy_cell = "–"
    if fuzzy is not None and subset is not None:
        fuzzy_cell = f"{_rate(pick(fuzzy.recall))} ({_rate(pick(subset.recall))})"
    return (
        f"| {label} | {target} | {_rate(pick(report.engine.recall))} | {_rate(pick(report.exact.recall))} | "
        f"{fuzzy_cell} |"
    )


def _target_lines(report: SizeReport) -> list[str]:
    engine = report.engine
    checks = [
        ("recall@1", engine.recall.rate(engine.recall.at_1), RECALL_1_TARGET, True),
        ("recall@10", engine.recall.rate(engine.recall.at_10), RECALL_10_TARGET, True),
        ("strong hits on absent namesakes", engine.strong_absent_rate, STRONG_ABSENT_TARGET, False),
        ("import rate", report.import_rate, IMPORT_TARGET, True),
    ]
    if report.size in P95_TARGET_MS:
        checks.append(("search p95", engine.latency_ms(0.95), P95_TARGET_MS[report.size], False))

    lines = []
    for label, value, target, higher_is_better in checks:
        if value is None:
            continue
        met = value >= target if higher_is_better else value <= target
        lines.append(f"- {label}: {'met' if met else '**not met**'}")
    subset = report.engine_on_fuzzy_subset
    if report.size >= 1_000_000 and report.fuzzy is not None and subset is not None:
        ratio = _ratio(report.fuzzy, engine)
        engine_recall = subset.recall.rate(subset.recall.at_10) or 0.0
        fuzzy_recall = report.fuzzy.recall.rate(report.fuzzy.recall.at_10) or 0.0
        met = ratio is not None and ratio >= SPEEDUP_TARGET and engine_recall > fuzzy_recall
        label = f"{SPEEDUP_TARGET:.0f}× faster than the rapidfuzz scan with higher recall@10"
        lines.append(f"- {label}: {'met' if met else '**not met**'}")
    return lines


def _kind_table(report: SizeReport) -> list[str]:
    engine, exact, fuzzy = report.engine, report.exact, report.fuzzy
    rows = [
        "| variant kind | answerable | engine recall@1 | engine recall@10 | exact recall@10 "
        "| rapidfuzz recall@10 (n) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in sorted(engine.recall_by_kind):
        recall = engine.recall_by_kind[kind]
        exact_recall = exact.recall_by_kind.get(kind, Recall())
        fuzzy_cell = "–"
        if fuzzy is not None:
            fuzzy_recall = fuzzy.recall_by_kind.get(kind, Recall())
            fuzzy_cell = f"{_rate(fuzzy_recall.rate(fuzzy_recall.at_10))} ({fuzzy_recall.queries})"
        rows.append(
            f"| {kind} | {recall.queries} | {_rate(recall.rate(recall.at_1))} | {_rate(recall.rate(recall.at_10))} | "
            f"{_rate(exact_recall.rate(exact_recall.at_10))} | {fuzzy_cell} |"
        )

    weakest = weakest_kinds(engine)
    if weakest:
        rows.extend(["", "Weakest kinds for the engine: " + ", ".join(weakest) + "."])
    return rows


def weakest_kinds(engine: SystemFigures, count: int = 6) -> list[str]:
    """Name the kinds below a recall target, worst recall@10 first, with their figures."""
    below = []
    for kind, recall in engine.recall_by_kind.items():
        at_1, at_10 = recall.rate(recall.at_1) or 0.0, recall.rate(recall.at_10) or 0.0
        if at_1 < RECALL_1_TARGET or at_10 < RECALL_10_TARGET:
            below.append((at_10, at_1, kind))
    below.sort()
    return [f"{kind} ({at_1:.2f} @1, {at_10:.2f} @10)" for at_10, at_1, kind in below[:count]]


def _speedup(slow: SystemFigures, fast: SystemFigures) -> str:
    ratio = _ratio(slow, fast)
    return f"{ratio:,.0f}×" if ratio is not None else "–"


def _ratio(slow: SystemFigures, fast: SystemFigures) -> float | None:
    slow_ms, fast_ms = slow.latency_ms(0.5), fast.latency_ms(0.5)
    if not slow_ms or not fast_ms:
        return None
    return slow_ms / fast_ms


def _load_note(load: str) -> str:
    return f", load average {load} as the import ended" if load else ""


def _p95_target(size: int) -> str:
    target = P95_TARGET_MS.get(size)
    return f"≤ {target:.0f}" if target is not None else ""


def _absent(figures: SystemFigures) -> str:
    rate = figures.strong_absent_rate
    if rate is None:
        return "–"
    return f"{rate:.1%} ({figures.absent_with_strong}/{figures.absent_queries})"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def write_section(path: Path, blocks: dict[int, str]) -> str:
    """Put the size blocks into the search section of ``path`` and return that section.

    Blocks of sizes not measured in this run are kept, so the benchmark can run
    one size at a time; every other section of the file is kept as it is.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    section_pattern = re.compile(re.escape(SECTION_BEGIN) + r"(.*?)" + re.escape(SECTION_END) + r"\n?", re.DOTALL)
    found = section_pattern.search(text)

    merged = {}
    if found:
        for size, block in _SIZE_BLOCK.findall(found.group(1)):
            merged[int(size)] = block
    merged.update(blocks)

    section = render_section(merged)
    wrapped = f"{SECTION_BEGIN}\n{section.rstrip()}\n{SECTION_END}\n"
    if found:
        text = text[: found.start()] + wrapped + text[found.end() :]
    else:
        text = text.rstrip() + "\n\n" + wrapped
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return section
