"""Search benchmark: recall, false strong hits and latency of officer name search, against two baselines.

Run from the repository root, in stages if needed:

    .venv/bin/python -m bench.search_bench --sizes 100000 --queries 2000
    .venv/bin/python -m bench.search_bench --sizes 1000000 --fuzzy-queries 300

An index built for a size and seed is kept under bench/work/ and reused while
the engine code that decides what the index stores is unchanged. The figures
are printed as markdown and written to the search section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from bench.baselines import ExactNameBaseline, FuzzyScanBaseline
from bench.engine_search import EngineSearcher
from bench.evaluation import Answer, Judgement, SystemFigures, judge, percentile, summarise
from bench.index_build import BuiltIndex, ensure_index
from bench.namesakes import NamesakeIndex
from bench.results import SizeReport, machine_description, render_blocks, weakest_kinds, write_section
from bench.variants import generate_variants

BENCH_DIR = Path(__file__).resolve().parent
WARM_UP_QUERIES = 100
FULL_FUZZY_SCAN_MAX_SIZE = 200_000
DEFAULT_FUZZY_SUBSET = 300


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated index sizes in persons")
    parser.add_argument("--queries", type=int, default=2000, help="known-person query variants per size")
    parser.add_argument(
        "--absent", type=int, default=None, help="absent-namesake queries per size (default: queries / 4)"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the person generator and of the query variants")
    parser.add_argument(
        "--fuzzy-queries",
        type=int,
        default=None,
        help="queries given to the rapidfuzz scan (0 skips it); "
        f"default all up to {FULL_FUZZY_SCAN_MAX_SIZE:,} persons, "
        f"else {DEFAULT_FUZZY_SUBSET}",
    )
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / "work", help="where indexes are built and kept")
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "RESULTS.md", help="markdown file to update")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON to this file")
    parser.add_argument(
        "--misses", type=Path, default=None, help="write the engine's misses and false strong hits as JSON Lines here"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the index again even when one can be reused")
    arguments = parser.parse_args(argv)

    arguments.size_list = [int(size.replace("_", "")) for size in arguments.sizes.split(",") if size.strip()]
    if not arguments.size_list or min(arguments.size_list) < 10:
        parser.error(f"--sizes {arguments.sizes!r} is invalid: give sizes of at least 10 persons, like 100000,1000000")
    if arguments.absent is None:
        arguments.absent = arguments.queries // 4
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    command = "python -m bench.search_bench " + shlex.join(sys.argv[1:] if argv is None else list(argv))
    log = _progress_log

    reports = []
    for size in arguments.size_list:
        log(f"== {size:,} persons")
        built = ensure_index(size, arguments.seed, arguments.work_dir, rebuild=arguments.rebuild, log=log)
        reports.append(run_size(built, size, arguments, log))

    blocks = render_blocks(command, machine_description(), time.strftime("%Y-%m-%d %H:%M"), reports)
    print("\n".join(blocks[size] for size in sorted(blocks)))
    write_section(arguments.results, blocks)
    log(f"wrote the search section of {arguments.results}")
    if arguments.json is not None:
        arguments.json.write_text(json.dumps([_report_json(report) for report in reports], indent=2), encoding="utf-8")
    return 0


def run_size(built: BuiltIndex, size: int, arguments: argparse.Namespace, log: Callable[[str], None]) -> SizeReport:
    """Generate the queries for one index, run the engine and both baselines on them, and sum up."""
    namesakes = NamesakeIndex(built.rows)
    variants = generate_variants(built.rows, namesakes, arguments.queries, arguments.absent, arguments.seed)
    judgements = judge(variants, namesakes)
    log(f"{len(variants):,} queries, {sum(j.answerable for j in judgements):,} answerable")

    engine = EngineSearcher(arguments.work_dir, built.database)
    try:
        _prime_page_cache(built.database)
        engine_answers = _run_engine(engine, judgements, log)
        missing = engine.missing_answers
    finally:
        engine.close()

    exact = ExactNameBaseline(built.rows)
    exact_answers = _run_baseline(lambda j: exact.search(j.variant.name, j.variant.birth_date), judgements)
    log("exact baseline done")

    subset = _fuzzy_subset(len(judgements), size, arguments)
    fuzzy = FuzzyScanBaseline(built.rows)
    fuzzy_judgements = [judgements[position] for position in subset]
    log(f"rapidfuzz scan on {len(subset):,} queries")
    fuzzy_answers = _run_baseline(lambda j: fuzzy.search(j.variant.name, j.variant.birth_date), fuzzy_judgements)

    engine_figures = summarise("engine", judgements, engine_answers)
    if arguments.misses is not None:
        _write_misses(arguments.misses.with_suffix(f".{size}.jsonl"), built, judgements, engine_answers)
    return SizeReport(
        size=size,
        import_rate=built.imported.persons_per_second,
        imported=built.imported.persons,
        import_seconds=built.imported.seconds,
        index_reused=built.reused,
        built_at=built.imported.built_at,
        build_load=built.imported.load_average,
        known_queries=sum(1 for j in judgements if j.variant.truth_id is not None),
        answerable=sum(1 for j in judgements if j.answerable),
        absent_queries=sum(1 for j in judgements if j.variant.truth_id is None),
        engine=engine_figures,
        exact=summarise("exact folded name", judgements, exact_answers),
        fuzzy=summarise("rapidfuzz scan", fuzzy_judgements, fuzzy_answers) if subset else None,
        engine_on_fuzzy_subset=(
            summarise("engine", fuzzy_judgements, [engine_answers[p] for p in subset]) if subset else None
        ),
        fuzzy_subset=len(subset),
        missing_answers=missing,
    )


def _run_engine(engine: EngineSearcher, judgements: Sequence[Judgement], log: Callable[[str], None]) -> list[Answer]:
    for judgement in judgements[:WARM_UP_QUERIES]:
        variant = judgement.variant
        engine.search(variant.name, variant.birth_date, variant.sex)

    answers = []
    for done, judgement in enumerate(judgements, start=1):
        variant = judgement.variant
        started = time.perf_counter()
        hits = engine.search(variant.name, variant.birth_date, variant.sex)
        seconds = time.perf_counter() - started
        answers.append(Answer([hit.record_id for hit in hits], [hit.band for hit in hits], seconds))
        if done % 1000 == 0:
            log(f"  engine: {done:,} queries")
    return answers


def _run_baseline(search: Callable[[Judgement], list[str]], judgements: Sequence[Judgement]) -> list[Answer]:
    answers = []
    for judgement in judgements:
        started = time.perf_counter()
        ids = search(judgement)
        answers.append(Answer(ids, None, time.perf_counter() - started))
    return answers


def _fuzzy_subset(total: int, size: int, arguments: argparse.Namespace) -> list[int]:
    """Pick the queries the rapidfuzz scan runs on: all of them on small indexes, a seeded sample otherwise."""
    wanted = arguments.fuzzy_queries
    if wanted is None:
        wanted = total if size <= FULL_FUZZY_SCAN_MAX_SIZE else DEFAULT_FUZZY_SUBSET
    if wanted >= total:
        return list(range(total))
    return sorted(random.Random(arguments.seed).sample(range(total), wanted))


def _prime_page_cache(database: Path) -> None:
    """Read the database file once so that the first measured queries do not pay for disk reads."""
    with database.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def _write_misses(path: Path, built: BuiltIndex, judgements: Sequence[Judgement], answers: Sequence[Answer]) -> None:
    """Write one line per answerable query the engine did not rank first, and per absent namesake given a strong hit."""
    rows = {row.record_id: row for row in built.rows}

    def describe(record_id: str) -> str:
        row = rows.get(record_id)
        if row is None:
            return record_id
        return f"{row.full_name} {'/'.join(str(date) for date in row.birth_dates)}"

    with path.open("w", encoding="utf-8") as handle:
        for judgement, answer in zip(judgements, answers, strict=True):
            variant = judgement.variant
            absent_alarm = variant.truth_id is None and answer.bands is not None and "strong" in answer.bands
            missed = judgement.answerable and (not answer.ids or answer.ids[0] not in judgement.equals)
            if not (absent_alarm or missed):
                continue
            bands = answer.bands or ["?"] * len(answer.ids)
            truth_rank = answer.ids.index(variant.truth_id) + 1 if variant.truth_id in answer.ids else None
            entry = {
                "kind": variant.kind,
                "detail": variant.detail,
                "query": variant.name,
                "birth_date": str(variant.birth_date) if variant.birth_date else None,
                "sex": variant.sex,
                "truth": describe(variant.base.record_id),
                "truth_rank": truth_rank,
                "hits": [
                    f"{band} {describe(record_id)}" for record_id, band in zip(answer.ids[:3], bands[:3], strict=True)
                ],
            }
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _report_json(report: SizeReport) -> dict:
    def system(figures: SystemFigures | None) -> dict | None:
        if figures is None:
            return None
        return {
            "recall": asdict(figures.recall),
            "recall_by_kind": {kind: asdict(recall) for kind, recall in figures.recall_by_kind.items()},
            "absent_queries": figures.absent_queries,
            "absent_with_strong": figures.absent_with_strong,
            "latency_ms_p50": figures.latency_ms(0.5),
            "latency_ms_p95": figures.latency_ms(0.95),
            "latency_ms_p95_by_kind": {
                kind: percentile(seconds, 0.95) * 1000 for kind, seconds in figures.latencies_by_kind.items()
            },
        }

    return {
        "size": report.size,
        "import_rate": report.import_rate,
        "imported": report.imported,
        "index_reused": report.index_reused,
        "known_queries": report.known_queries,
        "answerable": report.answerable,
        "absent_queries": report.absent_queries,
        "missing_answers": report.missing_answers,
        "fuzzy_subset": report.fuzzy_subset,
        "engine": system(report.engine),
        "exact": system(report.exact),
        "fuzzy": system(report.fuzzy),
        "engine_on_fuzzy_subset": system(report.engine_on_fuzzy_subset),
        "weakest_kinds": weakest_kinds(report.engine),
    }


def _progress_log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
