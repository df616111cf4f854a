"""Sync benchmark: how soon a national change is searchable in the international source, and sync throughput.

Latency: `cruce sync --follow` runs as its own process. This process writes one
wanted person at a time into the national source through
``engine.ingest.store_records`` (the path of imports and the API), then
searches the international source by name until the copy comes back as a hit.
The time from the write's return to the first hit is one sample.

Throughput: with the follower stopped, ``--bulk`` changes are written to the
national source, then one `cruce sync` pass (a separate process) applies them;
changes per second is the number of changes over the pass's wall time,
process start included.

Usage: ``python -m bench.sync_bench [--changes 300] [--bulk 100000] [--base 20000]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from engine.demo.national import generate_persons
from engine.ingest import store_records
from engine.records import Notice, PartialDate, Person
from engine.runtime import Runtime
from engine.search import search_persons

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "RESULTS.md"
SECTION_BEGIN = "<!-- sync benchmark: begin -->"
SECTION_END = "<!-- sync benchmark: end -->"
TARGET_SECONDS = 2.0
POLL_SECONDS = 0.005
GAP_SECONDS = 0.25
GIVEN = ["Rigoberto", "Anselmo", "Eufemia", "Crescencio", "Leocadia", "Primitivo", "Zenaida", "Hermenegildo"]
SURNAMES = ["Zamudio", "Quintanilla", "Arreola", "Villaseñor", "Betancourt", "Olguín", "Cárdenas", "Ibarra"]

SOURCES = """
[embedded]
path = "{folder}/cruce.db"

[sources.mx]
owner = "MX"

[sources.intl]
owner = "INTL"

[sync]
checkpoint_path = "{folder}/sync.db"
interval_ms = {interval_ms}

[audit]
path = "{folder}/audit.db"
"""


def probe_person(number: int) -> Person:
    """Build a wanted person with a name rare enough that the search finds exactly this record."""
    return Person(
        source="mx", record_id=f"BENCH-{number:06d}", owner="MX",
        given_names=GIVEN[number % len(GIVEN)], paternal_surname=SURNAMES[number % len(SURNAMES)],
        maternal_surname=f"Probe{number:06d}", birth_dates=[PartialDate(1970 + number % 30, 1 + number % 12, 1 + number % 28)],
        notice=Notice("warrant", reference=f"BENCH {number}"),
    )


def start_follower(sources: Path) -> subprocess.Popen:
    follower = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "--config", str(sources), "sync", "--follow"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert follower.stderr is not None
    for line in follower.stderr:  # up to the "following" line: signal handlers are in place
        if "Siguiendo" in line:
            return follower
    raise RuntimeError("cruce sync --follow ended before following")


def stop(follower: subprocess.Popen) -> None:
    follower.send_signal(signal.SIGTERM)
    follower.communicate(timeout=120)


def measure_latency(runtime: Runtime, changes: int) -> list[float]:
    rng = random.Random(17)
    samples = []
    for number in range(changes):
        time.sleep(rng.uniform(0, GAP_SECONDS))  # changes arrive at random moments of the follower's poll cycle
        person = probe_person(number)
        store_records(runtime, "mx", [person])
        written = time.perf_counter()
        copy_id = f"MX:mx:{person.record_id}"
        while True:
            answer = search_persons(runtime, name=f"{person.given_names} {person.paternal_surname} {person.maternal_surname}", sources=["intl"], limit=3)
            if any(hit["record_id"] == copy_id for hit in answer["hits"]):
                break
            if time.perf_counter() - written > 30:
                raise RuntimeError(f"change {number} not searchable after 30 s")
            time.sleep(POLL_SECONDS)
        samples.append(time.perf_counter() - written)
    return samples


def measure_throughput(runtime: Runtime, sources: Path, bulk: int) -> tuple[float, int]:
    batch: list[Person] = []
    for person in generate_persons(bulk, 97):
        person.record_id = f"BULK-{person.record_id}"
        batch.append(person)
        if len(batch) == 5000:
            store_records(runtime, "mx", batch)
            batch = []
    if batch:
        store_records(runtime, "mx", batch)

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "--config", str(sources), "sync", "--json"],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, json.loads(result.stdout)["changes"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"nproc {os.cpu_count()}, Python {platform.python_version()}, {platform.system()} {platform.release()}; load average {load} when the run ended"


def section(command: str, base: int, interval_ms: int, samples: list[float], seconds: float, changes: int) -> str:
    p50, p95, worst = statistics.median(samples), percentile(samples, 0.95), max(samples)
    met = "met" if p95 <= TARGET_SECONDS and worst <= TARGET_SECONDS else "**not met**"
    return f"""{SECTION_BEGIN}
## Sync: national change to international search

Command: `{command}`

Machine: {machine()}. Run: {datetime.now().strftime('%Y-%m-%d %H:%M')}.

The national index held {base:,} generated persons before the run. `cruce sync --follow`
ran as its own process, polling every {interval_ms} ms. Each sample is the time from
`store_records` returning for one wanted person to the first search of the
international source that returns its copy (searches every {POLL_SECONDS * 1000:.0f} ms). Changes
are written one at a time, after a random pause of up to {GAP_SECONDS * 1000:.0f} ms.

| measure | target | result |
| --- | --- | --- |
| changes measured | | {len(samples)} |
| p50 (s) | | {p50:.3f} |
| p95 (s) | ≤ {TARGET_SECONDS:.0f} | {p95:.3f} |
| max (s) | ≤ {TARGET_SECONDS:.0f} | {worst:.3f} |
| bulk pass: changes | | {changes:,} |
| bulk pass: wall time (s), process start included | | {seconds:.1f} |
| bulk pass: changes/s | | {changes / seconds:,.0f} |

- searchable within {TARGET_SECONDS:.0f} s: {met}
{SECTION_END}
"""


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if SECTION_BEGIN in current and SECTION_END in current:
        before = current[: current.index(SECTION_BEGIN)]
        after = current[current.index(SECTION_END) + len(SECTION_END) :].lstrip("\n")
        current = before + text + ("\n" + after if after else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300, help="single changes timed for latency")
    parser.add_argument("--bulk", type=int, default=100_000, help="changes applied by the throughput pass")
    parser.add_argument("--base", type=int, default=20_000, help="national persons indexed before the run")
    parser.add_argument("--interval-ms", type=int, default=200, help="poll interval of the follower")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing bench/RESULTS.md")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cruce-sync-bench-") as folder:
        sources = Path(folder) / "sources.toml"
        sources.write_text(SOURCES.format(folder=folder, interval_ms=arguments.interval_ms), encoding="utf-8")
        runtime = Runtime.open(str(sources))
        try:
            base = list(generate_persons(arguments.base, 7))
            for start in range(0, len(base), 5000):
                store_records(runtime, "mx", base[start : start + 5000])
            subprocess.run([sys.executable, "-m", "engine.cli", "--config", str(sources), "sync"], cwd=PROJECT, check=True, capture_output=True)

            follower = start_follower(sources)
            try:
                samples = measure_latency(runtime, arguments.changes)
            finally:
                stop(follower)
            seconds, changes = measure_throughput(runtime, sources, arguments.bulk)
        finally:
            runtime.close()

    command = "python -m bench.sync_bench " + " ".join(sys.argv[1:])
    text = section(command.strip(), arguments.base, arguments.interval_ms, samples, seconds, changes)
    print(text)
    if not arguments.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
