"""Bulk matching benchmark: a seeded list of people against 1,000,000 indexed persons, beside Splink.

The list mixes variants of indexed people (``bench.variants``: typos, phonetic
misspellings, reordered names, MRZ names, nicknames, changed dates) with people
who are not indexed (generated with another seed, so many share a name with an
indexed person). Both systems get the same records:

- the engine runs a real bulk job (``engine.bulk.runner`` with its worker
  processes) on the list written as a CSV;
- Splink 4 (DuckDB) links the same list to the same persons as its
  documentation recommends for person data: blocking rules on surname with birth
  year and on given name with surname, Jaro-Winkler name comparisons, a date of
  birth comparison, u estimated by random sampling and m by expectation
  maximisation. The list's names are split into given name and surnames with
  the engine's own parser, so Splink gets structured names it could not parse itself.

Figures: rows per second end to end, peak memory (sum of the resident memory of
the process and all its children, as proportional set size so shared pages count once, sampled every 0.2 s), recall at the possible
band (an indexed person's truth is among the row's hits at possible or better)
and precision at the strong band (a row's top strong hit is its truth). Splink
has no bands: a pair with match probability ≥ 0.5 counts as possible and
≥ 0.95 as strong.

Usage: ``python -m bench.bulk_bench [--rows 100000] [--size 1000000] [--skip-splink]``
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.index_build import ensure_index
from bench.namesakes import IndexedRow
from bench.results import machine_description
from bench.variants import KNOWN_PERSON_KINDS, make_variant
from engine.bulk.output import band_label

WORK = Path(__file__).resolve().parent / "work" / "bulk"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION_BEGIN = "<!-- bulk benchmark: begin -->"
SECTION_END = "<!-- bulk benchmark: end -->"
KNOWN_SHARE = 0.7
SPLINK_POSSIBLE = 0.5
SPLINK_STRONG = 0.95


@dataclass(slots=True)
class ListRow:
    reference: str
    name: str
    birth_date: str  # DD/MM/YYYY when full, as a Mexican spreadsheet writes it; else YYYY[-MM]
    sex: str
    truth: str | None
    kind: str


@dataclass(slots=True)
class SystemRun:
    name: str
    seconds: float
    peak_rss_mb: float
    recall_possible: float
    precision_strong: float
    strong_rows: int
    absent_strong: int
    notes: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return 0.0 if not self.seconds else self.rows / self.seconds

    rows: int = 0


def make_list(rows: list[IndexedRow], count: int, seed: int) -> list[ListRow]:
    """Draw ``count`` list rows: variants of indexed people, then people who are not indexed, shuffled."""
    from engine.demo.national import generate_persons

    rng = random.Random(seed)
    known = int(count * KNOWN_SHARE)
    made: list[ListRow] = []
    while len(made) < known:
        kind = KNOWN_PERSON_KINDS[len(made) % len(KNOWN_PERSON_KINDS)]
        variant = make_variant(rng.choice(rows), kind, rng)
        if variant is None:
            continue
        made.append(ListRow("", variant.name, _written_date(variant.birth_date), variant.sex or "", variant.truth_id, kind))

    for person in generate_persons(count - known, seed + 1000):
        birth = person.birth_dates[0] if person.birth_dates else None
        made.append(ListRow("", person.display_name(), _written_date(birth), person.sex or "", None, "not_indexed"))

    rng.shuffle(made)
    for number, row in enumerate(made):
        row.reference = f"Q{number:06d}"
    return made


def _written_date(date) -> str:  # type: ignore[no-untyped-def]
    if date is None:
        return ""
    if date.day is not None and date.month is not None:
        return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"
    return str(date)


def write_list(path: Path, rows: list[ListRow]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Folio", "Nombre completo", "Fecha de nacimiento", "Sexo"])
        for row in rows:
            writer.writerow([row.reference, row.name, row.birth_date, row.sex])


class PeakMemory:
    """Samples the resident memory of a process and all its descendants, keeping the peak (MB)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss_kb(pid) for pid in _tree(self.pid)) / 1024)
            self._stop.wait(0.2)


def _tree(pid: int) -> list[int]:
    found = [pid]
    for current in found:
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                found.extend(int(child) for child in children)
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    """Return the proportional resident memory (PSS) of a process, so pages the workers share (the mmap of the
    index file) count once over the tree instead of once per process."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_engine(database: Path, list_path: Path, workers: int, candidates: int | None) -> tuple[float, float, Path]:
    """Run a real bulk job in a runner process; return seconds, peak memory and the results path."""
    from engine.bulk.jobs import JobStore

    sources = WORK / "bulk-sources.toml"
    sources.write_text(
        f'[embedded]\npath = "{database}"\n\n[sources.mx]\nbackend = "embedded"\nowner = "MX"\ntimeout_ms = 60000\n',
        encoding="utf-8",
    )
    store = JobStore(WORK / "jobs")
    output = WORK / "engine-results.csv"
    spec = store.create(list_path, output, k=3, min_band="possible", workers=workers, config_path=str(sources))

    environment = dict(os.environ)
    if candidates:
        environment["CRUCE_BULK_CANDIDATES"] = str(candidates)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "engine.bulk.runner", "--jobs-dir", str(store.root), spec.job_id], env=environment
    )
    with PeakMemory(process.pid) as memory:
        process.wait()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"bulk job failed: {store.state(spec.job_id).message}")
    return seconds, memory.peak, output


# A Spanish job writes its bands in Spanish.
_BAND_CODES = {band_label(band, "es"): band for band in ("strong", "possible", "weak")}


def engine_hits(output: Path) -> dict[str, list[tuple[str, str]]]:
    """Reference → [(record id, band)] in rank order, from the engine's CSV."""
    hits: dict[str, list[tuple[str, str]]] = {}
    with output.open(encoding="utf-8-sig", newline="") as handle:
        for line in csv.DictReader(handle):
            found = hits.setdefault(line["reference"], [])
            if line["record_id"]:
                found.append((line["record_id"], _BAND_CODES.get(line["band"], line["band"])))
    return hits


def judge(name: str, rows: list[ListRow], hits: dict[str, list[tuple[str, str]]], seconds: float, peak: float) -> SystemRun:
    """Recall at the possible band over indexed people; precision of the top strong hit over all rows."""
    known = [row for row in rows if row.truth]
    found = sum(1 for row in known if any(record == row.truth for record, band in hits.get(row.reference, []) if band in ("possible", "strong")))

    strong_rows = correct = absent_strong = 0
    for row in rows:
        strong = [record for record, band in hits.get(row.reference, []) if band == "strong"]
        if not strong:
            continue
        strong_rows += 1
        if row.truth is None:
            absent_strong += 1
        elif strong[0] == row.truth:
            correct += 1

    run = SystemRun(name, seconds, peak, found / len(known) if known else 0.0, correct / strong_rows if strong_rows else 0.0, strong_rows, absent_strong)
    run.rows = len(rows)
    return run


def run_splink(rows: list[ListRow], indexed: list[IndexedRow]) -> tuple[float, float, dict[str, list[tuple[str, str]]]]:
    """Run Splink in a child process on the same records; return seconds, peak memory and hits per row."""
    from engine.names import InvalidName, parse_name

    left = WORK / "splink-left.csv"
    right = WORK / "splink-right.csv"
    with left.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unique_id", "given_name", "paternal_surname", "maternal_surname", "dob", "birth_year", "sex"])
        for row in indexed:
            parsed = parse_name(row.full_name)
            birth = row.birth_dates[0] if row.birth_dates else None
            writer.writerow([row.record_id, " ".join(parsed.given), parsed.paternal or "", parsed.maternal or "", _iso(birth), birth.year if birth else "", row.sex or ""])
    with right.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unique_id", "given_name", "paternal_surname", "maternal_surname", "dob", "birth_year", "sex"])
        for row in rows:
            try:
                parsed = parse_name(row.name)
            except InvalidName:
                continue
            iso = _iso_from_written(row.birth_date)
            writer.writerow([row.reference, " ".join(parsed.given), parsed.paternal or "", parsed.maternal or "", iso, iso[:4], row.sex])

    predictions = WORK / "splink-predictions.csv"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bench.splink_link", str(left), str(right), str(predictions)])
    with PeakMemory(process.pid) as memory:
        process.wait()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit("splink run failed")

    hits: dict[str, list[tuple[str, str]]] = {}
    with predictions.open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            probability = float(line["match_probability"])
            band = "strong" if probability >= SPLINK_STRONG else "possible" if probability >= SPLINK_POSSIBLE else "weak"
            hits.setdefault(line["query"], []).append((line["record"], band, probability))  # type: ignore[arg-type]
    ranked = {query: [(record, band) for record, band, _ in sorted(found, key=lambda item: -item[2])[:3]] for query, found in hits.items()}  # type: ignore[misc]
    return seconds, memory.peak, ranked


def _iso(date) -> str:  # type: ignore[no-untyped-def]
    if date is None or date.day is None or date.month is None:
        return ""
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _iso_from_written(text: str) -> str:
    if len(text) == 10 and text[2] == "/":
        return f"{text[6:]}-{text[3:5]}-{text[:2]}"
    return ""


def render(runs: list[SystemRun], rows: int, size: int, command: str, workers: int) -> str:
    lines = [
        SECTION_BEGIN,
        "## Bulk matching",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine_description()}. Run: {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        f"{rows:,} list rows ({KNOWN_SHARE:.0%} variants of indexed people, the rest people who are not indexed) "
        f"against {size:,} indexed persons; engine with {workers} worker processes, k = 3, minimum band possible.",
        "Recall at possible: the true record is among the row's hits at possible or better. Precision at strong: "
        f"the row's top strong hit is its true record. Splink bands: match probability ≥ {SPLINK_POSSIBLE} is possible, ≥ {SPLINK_STRONG} strong.",
        "",
        "| measure | target | " + " | ".join(run.name for run in runs) + " |",
        "| --- | --- | " + " | ".join("---" for _ in runs) + " |",
        "| rows/s end to end | ≥ 1,000 | " + " | ".join(f"{run.rows_per_second:,.0f}" for run in runs) + " |",
        "| seconds | | " + " | ".join(f"{run.seconds:,.1f}" for run in runs) + " |",
        "| peak memory, all processes (MB) | ≤ 1,536 | " + " | ".join(f"{run.peak_rss_mb:,.0f}" for run in runs) + " |",
        "| recall at possible | ≥ Splink | " + " | ".join(f"{run.recall_possible:.3f}" for run in runs) + " |",
        "| precision at strong | ≥ Splink | " + " | ".join(f"{run.precision_strong:.3f}" for run in runs) + " |",
        "| rows with a strong hit | | " + " | ".join(f"{run.strong_rows:,}" for run in runs) + " |",
        "| strong hits for people not indexed | | " + " | ".join(f"{run.absent_strong:,}" for run in runs) + " |",
        "",
    ]
    for run in runs:
        lines.extend(f"- {run.name}: {note}" for note in run.notes)
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if SECTION_BEGIN in text and SECTION_END in text:
        before = text[: text.index(SECTION_BEGIN)]
        after = text[text.index(SECTION_END) + len(SECTION_END) :].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.bulk_bench")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--candidates", type=int, default=None, help="candidate limit per row and source (engine default when absent)")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    arguments = parser.parse_args(argv)

    WORK.mkdir(parents=True, exist_ok=True)
    built = ensure_index(arguments.size, arguments.seed, WORK)
    rows = make_list(built.rows, arguments.rows, arguments.seed + 1)
    list_path = WORK / f"list-{arguments.rows}.csv"
    write_list(list_path, rows)
    print(f"list of {len(rows):,} rows written to {list_path}")

    seconds, peak, output = run_engine(built.database, list_path, arguments.workers, arguments.candidates)
    engine = judge("engine (cruce bulk)", rows, engine_hits(output), seconds, peak)
    print(f"engine: {engine.rows_per_second:,.0f} rows/s, peak {peak:,.0f} MB, recall@possible {engine.recall_possible:.3f}, precision@strong {engine.precision_strong:.3f}")
    runs = [engine]

    if not arguments.skip_splink:
        splink_seconds, splink_peak, splink_hits = run_splink(rows, built.rows)
        splink = judge("Splink 4.0.17 (DuckDB)", rows, splink_hits, splink_seconds, splink_peak)
        print(f"splink: {splink.rows_per_second:,.0f} rows/s, peak {splink_peak:,.0f} MB, recall@possible {splink.recall_possible:.3f}, precision@strong {splink.precision_strong:.3f}")
        runs.append(splink)

    command = "python -m bench.bulk_bench " + " ".join(argv if argv is not None else sys.argv[1:])
    write_section(arguments.results, render(runs, len(rows), arguments.size, command.strip(), arguments.workers))
    print(f"wrote the bulk section of {arguments.results}")


if __name__ == "__main__":
    main()
