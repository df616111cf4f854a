"""Engine benchmark: bulk indexing and officer search on an OpenSearch node versus the embedded index.

Run from the repository root:

    .venv/bin/python -m bench.engine_bench --size 1000000

Both backends get the same generated persons (engine.demo.national) and answer
the same query variants (bench/variants.py), judged the same way as in
bench/search_bench.py. The embedded index is built by bench/index_build.py, or
reused from bench/work/engine-bench/. The engine side is searched through the federation,
with a sources file naming the opensearch backend.

Without --engine-url the script starts its own node with scripts/engine-node/start
(CRUCE_ENGINE_PORT 9600, heap 2g, folder bench/work/engine-node) and stops it at
the end. The figures are printed and written to the engine section of
bench/RESULTS.md; other sections are kept.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.engine_search import BENCH_SOURCE, EngineSearcher, RankedHit
from bench.evaluation import Answer, Judgement, SystemFigures, judge, summarise
from bench.index_build import ensure_index
from bench.namesakes import NamesakeIndex
from bench.results import RESULTS_HEADER, machine_description
from bench.variants import generate_variants
from engine.index.search_engine import SearchEngineBackend, connect_client
from engine.index.search_engine.layout import drop_indices
from engine.records import PartialDate, Person, RecordKind
from engine.runtime import Runtime

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
NODE_SCRIPTS = REPO_ROOT / "scripts" / "engine-node"
WARM_UP_QUERIES = 100
GENERATION_CHUNK = 100_000

SECTION_BEGIN = "<!-- engine benchmark: begin -->"
SECTION_END = "<!-- engine benchmark: end -->"

BULK_TARGET = 5_000
P95_TARGET_MS = 100.0

# No search runs during the load, so the periodic refresh is off and the translog
# syncs in the background instead of on every bulk request. Both are restored afterwards.
LOAD_SETTINGS = {"index": {"refresh_interval": "-1", "translog.durability": "async"}}
SERVING_SETTINGS = {"index": {"refresh_interval": "1s", "translog.durability": "request"}}


@dataclass(frozen=True, slots=True)
class NodeFacts:
    url: str
    distribution: str
    version: str
    heap_bytes: int
    nodes: int


@dataclass(slots=True)
class LoadFigures:
    persons: int
    rejected: int
    seconds: float
    workers: int
    batch: int
    reused: bool
    load_average: str
    engine_indexing_seconds: float = 0.0  # the engine's own indexing time, from the index's _stats

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class Comparison:
    """How often the engine's ranked ids equal the embedded index's for the same query."""

    queries: int = 0
    same_top_1: int = 0
    same_top_10: int = 0
    same_top_10_set: int = 0
    same_top_10_scores: int = 0  # the same scores in the same order: the ids differ only among equal scores
    differing: list[dict[str, object]] = field(default_factory=list)

    def add(self, query: str, embedded: ScoredAnswer, engine: ScoredAnswer) -> None:
        self.queries += 1
        self.same_top_10_scores += embedded.scores[:10] == engine.scores[:10]
        embedded, engine = embedded.ids, engine.ids
        self.same_top_1 += embedded[:1] == engine[:1]
        self.same_top_10 += embedded[:10] == engine[:10]
        self.same_top_10_set += set(embedded[:10]) == set(engine[:10])
        if embedded[:10] != engine[:10] and len(self.differing) < 20:
            self.differing.append({"query": query, "embedded": embedded[:3], "engine": engine[:3]})


@dataclass(slots=True)
class ScoredAnswer(Answer):
    """An answer that also keeps the score of each hit, to tell a tie from a different ranking."""

    scores: list[float] = field(default_factory=list)


class SourcesFileSearcher(EngineSearcher):
    """The benchmark searcher over any sources file (here one naming the opensearch backend)."""

    def __init__(self, sources_file: Path) -> None:
        self._runtime = Runtime.open(str(sources_file))
        self.missing_answers = 0


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="persons indexed in each backend")
    parser.add_argument("--queries", type=int, default=2000, help="known-person query variants")
    parser.add_argument("--absent", type=int, default=None, help="absent-namesake queries (default: queries / 4)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the person generator and of the query variants")
    parser.add_argument("--engine-url", default=None, help="a running OpenSearch node; default: start one")
    parser.add_argument("--heap", default="2g", help="heap of the node this script starts")
    parser.add_argument("--port", type=int, default=9600, help="base port of the node this script starts (HTTP on port + 1)")
    parser.add_argument("--prefix", default="cruce-bench", help="index prefix on the engine")
    parser.add_argument("--workers", type=int, default=3, help="bulk requests in flight at once")
    parser.add_argument("--batch", type=int, default=2000, help="persons per upsert call")
    parser.add_argument("--reuse-engine-index", action="store_true", help="keep the engine's persons if the count matches")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=BENCH_DIR / "work" / "engine-bench",
        help="where the embedded index is built (its own folder, so the search benchmark's index is never rebuilt here)",
    )
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "RESULTS.md", help="markdown file to update")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON to this file")
    arguments = parser.parse_args(argv)
    if arguments.absent is None:
        arguments.absent = arguments.queries // 4
    if arguments.size < 10 or arguments.workers < 1 or arguments.batch < 1:
        parser.error("--size must be at least 10, --workers and --batch at least 1")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    command = "python -m bench.engine_bench " + shlex.join(sys.argv[1:] if argv is None else list(argv))
    started_load = _load_average()

    log(f"== embedded index of {arguments.size:,} persons")
    built = ensure_index(arguments.size, arguments.seed, arguments.work_dir, log=log)
    namesakes = NamesakeIndex(built.rows)
    variants = generate_variants(built.rows, namesakes, arguments.queries, arguments.absent, arguments.seed)
    judgements = judge(variants, namesakes)
    log(f"{len(variants):,} queries, {sum(j.answerable for j in judgements):,} answerable")

    with EngineNode(arguments) as url:
        node = node_facts(url)
        log(f"== {node.distribution} {node.version} at {url}, heap {_gib(node.heap_bytes)}")
        loaded = load_engine(url, arguments)
        log(f"engine load: {loaded.persons:,} persons in {loaded.seconds:,.1f} s, {loaded.persons_per_second:,.0f}/s")

        sources_file = write_engine_sources(arguments.work_dir, url, arguments.prefix)
        embedded = EngineSearcher(arguments.work_dir, built.database)
        engine = SourcesFileSearcher(sources_file)
        try:
            answers = run_queries({"embedded": embedded, "opensearch": engine}, judgements)
            missing = {"embedded": embedded.missing_answers, "opensearch": engine.missing_answers}
        finally:
            embedded.close()
            engine.close()

    figures = {name: summarise(name, judgements, found) for name, found in answers.items()}
    comparison = compare(judgements, answers["embedded"], answers["opensearch"])
    report = {
        "command": command,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_description(),
        "load_average_at_start": started_load,
        "size": arguments.size,
        "node": node,
        "loaded": loaded,
        "embedded_import": built.imported,
        "embedded_reused": built.reused,
        "figures": figures,
        "comparison": comparison,
        "missing": missing,
        "queries": len(judgements),
        "answerable": sum(j.answerable for j in judgements),
    }
    section = render_section(report)
    print(section)
    write_section(arguments.results, section)
    log(f"wrote the engine section of {arguments.results}")
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(report_json(report), indent=2, default=str), encoding="utf-8")
    return 0


class EngineNode:
    """The node at --engine-url, or one started by scripts/engine-node/start and stopped on exit."""

    def __init__(self, arguments: argparse.Namespace) -> None:
        self._given_url = arguments.engine_url
        self._environment = {
            **os.environ,
            "CRUCE_ENGINE_PORT": str(arguments.port),
            "CRUCE_ENGINE_HEAP": arguments.heap,
            "CRUCE_ENGINE_DIR": str(BENCH_DIR / "work" / "engine-node"),
            "CRUCE_ENGINE_NODES": "1",
        }
        if arguments.reuse_engine_index:
            self._environment["CRUCE_ENGINE_KEEP_DATA"] = "1"

    def __enter__(self) -> str:
        if self._given_url:
            return self._given_url
        log(f"starting an OpenSearch node, heap {self._environment['CRUCE_ENGINE_HEAP']}")
        started = subprocess.run(
            [str(NODE_SCRIPTS / "start")], env=self._environment, check=True, capture_output=True, text=True
        )
        return started.stdout.strip().splitlines()[-1]

    def __exit__(self, *exc: object) -> None:
        if not self._given_url:
            subprocess.run([str(NODE_SCRIPTS / "stop")], env=self._environment, check=False)


def node_facts(url: str) -> NodeFacts:
    """The engine's name and version and the heap the node's JVM was given, as the node reports them."""
    info = _get_json(url)
    stats = _get_json(f"{url}/_nodes/stats/jvm")["nodes"]
    heap = sum(int(node["jvm"]["mem"]["heap_max_in_bytes"]) for node in stats.values())
    version = info["version"]
    return NodeFacts(url, version.get("distribution", "elasticsearch"), version["number"], heap, len(stats))


def load_engine(url: str, arguments: argparse.Namespace) -> LoadFigures:
    """Bulk the generated persons into the engine through SearchEngineBackend.upsert; time only the upserts and the final refresh."""
    client = connect_client("opensearch", url, timeout=300)
    backend = SearchEngineBackend(client, prefix=arguments.prefix, refresh_on_write=False)
    alias = backend.layout.alias(RecordKind.PERSON)
    try:
        if arguments.reuse_engine_index and backend.count(RecordKind.PERSON) == arguments.size:
            log(f"reusing the {arguments.size:,} persons already in {alias}")
            return LoadFigures(arguments.size, 0, 0.0, arguments.workers, arguments.batch, True, "")

        drop_indices(client, backend.layout)
        backend = SearchEngineBackend(client, prefix=arguments.prefix, refresh_on_write=False)
        client.put_settings(alias, LOAD_SETTINGS)
        from engine.demo.national import generate_persons

        persons = generate_persons(arguments.size, arguments.seed)
        accepted = rejected = 0
        seconds = 0.0
        with ThreadPoolExecutor(arguments.workers) as pool:
            # Generation is not timed: each chunk is generated first, then upserted by the pool.
            while chunk := list(itertools.islice(persons, GENERATION_CHUNK)):
                started = time.perf_counter()
                for report in pool.map(backend.upsert, _batches(chunk, arguments.batch)):
                    accepted += report.accepted
                    rejected += len(report.rejected)
                seconds += time.perf_counter() - started
                log(f"  engine: {accepted:,} persons, {accepted / seconds:,.0f} per second")

        started = time.perf_counter()
        client.put_settings(alias, SERVING_SETTINGS)
        client.refresh(alias)
        seconds += time.perf_counter() - started
        indexing = _get_json(f"{url}/{alias}/_stats/indexing")["_all"]["primaries"]["indexing"]
        engine_seconds = indexing["index_time_in_millis"] / 1000
        return LoadFigures(accepted, rejected, seconds, arguments.workers, arguments.batch, False, _load_average(), engine_seconds)
    finally:
        backend.close()


def write_engine_sources(work_dir: Path, url: str, prefix: str) -> Path:
    """A sources file with the benchmark's national source kept in the OpenSearch node."""
    path = work_dir / "engine-bench.sources.toml"
    path.write_text(
        "[embedded]\n"
        f'path = "{(work_dir / "engine-bench-unused.db").resolve()}"\n\n'
        f"[sources.{BENCH_SOURCE}]\n"
        'backend = "opensearch"\n'
        f'url = "{url}"\n'
        f'index_prefix = "{prefix}"\n'
        'owner = "MX"\n'
        'label_es = "Plataforma nacional (banco de pruebas, OpenSearch)"\n'
        'label_en = "National platform (benchmark, OpenSearch)"\n'
        "timeout_ms = 30000\n",
        encoding="utf-8",
    )
    return path


def run_queries(searchers: dict[str, EngineSearcher], judgements: Sequence[Judgement]) -> dict[str, list[ScoredAnswer]]:
    """Ask every searcher each query in turn, so both backends see the same machine load at the same moment."""
    for judgement in judgements[:WARM_UP_QUERIES]:
        for searcher in searchers.values():
            _ask(searcher, judgement)

    answers: dict[str, list[ScoredAnswer]] = {name: [] for name in searchers}
    for done, judgement in enumerate(judgements, start=1):
        for name, searcher in searchers.items():
            started = time.perf_counter()
            hits = _ask(searcher, judgement)
            seconds = time.perf_counter() - started
            ids, bands, scores = [hit.record_id for hit in hits], [hit.band for hit in hits], [round(hit.score, 6) for hit in hits]
            answers[name].append(ScoredAnswer(ids, bands, seconds, scores))
        if done % 500 == 0:
            log(f"  {done:,} queries")
    return answers


def compare(judgements: Sequence[Judgement], embedded: Sequence[ScoredAnswer], engine: Sequence[ScoredAnswer]) -> Comparison:
    comparison = Comparison()
    for judgement, mine, theirs in zip(judgements, embedded, engine, strict=True):
        comparison.add(judgement.variant.name, mine, theirs)
    return comparison


def render_section(report: dict) -> str:
    node: NodeFacts = report["node"]
    loaded: LoadFigures = report["loaded"]
    embedded: SystemFigures = report["figures"]["embedded"]
    engine: SystemFigures = report["figures"]["opensearch"]
    comparison: Comparison = report["comparison"]
    imported = report["embedded_import"]
    origin = "reused from an earlier build" if report["embedded_reused"] else "built in this run"
    engine_load = (
        "reused from an earlier load in this node"
        if loaded.reused
        else (
            f"{loaded.persons:,} persons in {loaded.seconds:,.1f} s through SearchEngineBackend.upsert, "
            f"{loaded.workers} upserts of {loaded.batch:,} persons in flight, refresh off and translog async "
            f"during the load, final refresh included, generation not timed; load average {loaded.load_average} "
            "as the load ended"
        )
    )
    if loaded.rejected:
        engine_load += f"; {loaded.rejected:,} persons rejected"
    if loaded.engine_indexing_seconds:
        engine_load += (
            f"; the node reports {loaded.engine_indexing_seconds:,.1f} s of indexing time in its index stats, "
            "summed over its indexing threads"
        )

    def recall(figures: SystemFigures, pick: Callable[[object], int]) -> str:
        rate = figures.recall.rate(pick(figures.recall))
        return "–" if rate is None else f"{rate:.4f}"

    def ms(figures: SystemFigures, quantile: float) -> str:
        value = figures.latency_ms(quantile)
        return "–" if value is None else f"{value:,.1f}"

    same_recall = (
        embedded.recall.at_1 == engine.recall.at_1 and embedded.recall.at_10 == engine.recall.at_10
    )
    lines = [
        "## Engine backend (OpenSearch) versus the embedded index",
        "",
        f"Command: `{report['command']}`",
        "",
        (f"Machine: {report['machine']}; load average {report['load_average_at_start']} when the run started. "
        f"Run: {report['date']}. Other benchmarks shared the 2 cores during this run, so the load average "
        "matters when reading the times."),
        "",
        (f"Engine: {node.distribution} {node.version}, {node.nodes} node started by scripts/engine-node/start "
        f"(one JVM, heap {_gib(node.heap_bytes)}), one shard, no replica, at {node.url}."),
        "",
        f"Persons: {report['size']:,} from engine.demo.national.generate_persons, the same in both backends.",
        "",
        (f"- Embedded import: {imported.persons_per_second:,.0f} persons/s ({imported.persons:,} persons, "
        f"batches of 5,000, {origin} at {imported.built_at}, load average {imported.load_average or '–'})."),
        f"- Engine bulk: {loaded.persons_per_second:,.0f} persons/s ({engine_load}).",
        "",
        (f"Queries: {report['queries']:,} from bench/variants.py ({report['answerable']:,} answerable), judged as in "
        "the search section; each query goes to the embedded index and then to the engine, one at a time, "
        "through the federation, after a warm-up of "
        f"{WARM_UP_QUERIES} queries."),
        "",
        "| measure | target | embedded | OpenSearch |",
        "| --- | --- | --- | --- |",
        (f"| bulk / import (persons/s) | ≥ {BULK_TARGET:,} (engine) | {imported.persons_per_second:,.0f} | "
        f"{loaded.persons_per_second:,.0f} |"),
        f"| recall@1 | equal | {recall(embedded, lambda r: r.at_1)} | {recall(engine, lambda r: r.at_1)} |",
        f"| truth first | | {recall(embedded, lambda r: r.strict_at_1)} | {recall(engine, lambda r: r.strict_at_1)} |",
        f"| recall@10 | equal | {recall(embedded, lambda r: r.at_10)} | {recall(engine, lambda r: r.at_10)} |",
        (f"| strong hits, absent namesakes | | {embedded.absent_with_strong} / {embedded.absent_queries} | "
        f"{engine.absent_with_strong} / {engine.absent_queries} |"),
        f"| search p50 (ms) | | {ms(embedded, 0.5)} | {ms(engine, 0.5)} |",
        f"| search p95 (ms) | ≤ {P95_TARGET_MS:.0f} (engine) | {ms(embedded, 0.95)} | {ms(engine, 0.95)} |",
        f"| source missing (queries) | 0 | {report['missing']['embedded']} | {report['missing']['opensearch']} |",
        "",
        (f"Same ranking: the engine's first hit equals the embedded index's on {comparison.same_top_1:,} of "
        f"{comparison.queries:,} queries ({_share(comparison.same_top_1, comparison.queries)}); the top 10 in the "
        f"same order on {_share(comparison.same_top_10, comparison.queries)}, as a set on "
        f"{_share(comparison.same_top_10_set, comparison.queries)}; the same ten scores in the same order (ids may "
        f"differ only among equal scores) on {_share(comparison.same_top_10_scores, comparison.queries)}."),
        "",
        f"- bulk ≥ {BULK_TARGET:,} persons/s: {_met(loaded.persons_per_second >= BULK_TARGET)}",
        f"- search p95 ≤ {P95_TARGET_MS:.0f} ms: {_met((engine.latency_ms(0.95) or 0.0) <= P95_TARGET_MS)}",
        f"- recall equal to the embedded backend's: {_met(same_recall)}{_recall_difference(embedded, engine)}",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Replace the engine section of ``path`` (or append it), keeping every other section as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    wrapped = f"{SECTION_BEGIN}\n{section.rstrip()}\n{SECTION_END}\n"
    pattern = re.compile(re.escape(SECTION_BEGIN) + r".*?" + re.escape(SECTION_END) + r"\n?", re.DOTALL)
    found = pattern.search(text)
    if found:
        text = text[: found.start()] + wrapped + text[found.end() :]
    else:
        text = text.rstrip() + "\n\n" + wrapped
    path.write_text(text, encoding="utf-8")


def report_json(report: dict) -> dict:
    figures = {
        name: {
            "recall_at_1": found.recall.rate(found.recall.at_1),
            "truth_first": found.recall.rate(found.recall.strict_at_1),
            "recall_at_10": found.recall.rate(found.recall.at_10),
            "absent_with_strong": found.absent_with_strong,
            "latency_ms_p50": found.latency_ms(0.5),
            "latency_ms_p95": found.latency_ms(0.95),
        }
        for name, found in report["figures"].items()
    }
    comparison: Comparison = report["comparison"]
    return {
        **{key: report[key] for key in ("command", "date", "machine", "load_average_at_start", "size", "missing")},
        "node": asdict(report["node"]),
        "engine_bulk_per_second": report["loaded"].persons_per_second,
        "engine_indexing_seconds": report["loaded"].engine_indexing_seconds,
        "embedded_import_per_second": report["embedded_import"].persons_per_second,
        "figures": figures,
        "same_top_1": comparison.same_top_1,
        "same_top_10": comparison.same_top_10,
        "same_top_10_set": comparison.same_top_10_set,
        "same_top_10_scores": comparison.same_top_10_scores,
        "queries": comparison.queries,
        "differing_examples": comparison.differing,
    }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ask(searcher: EngineSearcher, judgement: Judgement) -> list[RankedHit]:
    variant = judgement.variant
    birth_date: PartialDate | None = variant.birth_date
    return searcher.search(variant.name, birth_date, variant.sex)


def _batches(persons: list[Person], size: int) -> Iterator[list[Person]]:
    for start in range(0, len(persons), size):
        yield persons[start : start + size]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read().decode("utf-8"))


def _load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def _gib(size: int) -> str:
    return f"{size / 2**30:.1f} GiB"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _recall_difference(embedded: SystemFigures, engine: SystemFigures) -> str:
    """Say by how many queries the engine's recall differs from the embedded index's, when it does."""
    at_1 = engine.recall.at_1 - embedded.recall.at_1
    at_10 = engine.recall.at_10 - embedded.recall.at_10
    if not (at_1 or at_10):
        return ""
    return f" (the engine's recall@1 differs by {at_1:+d} queries and its recall@10 by {at_10:+d})"


def _met(met: bool) -> str:
    return "met" if met else "**not met**"


if __name__ == "__main__":
    raise SystemExit(main())
