"""Border scan latency: the document check (MRZ, stolen-document lookup, holder search) at 10,000,000 documents.

The index is a copy of the search benchmark's 1,000,000-person database
(``bench/index_build.py``), or the same persons generated again when that
file is missing or older than the index schema, plus generated travel
documents in the source ``intl``. The
documents come from a fast seeded generator: document ``i`` has a number from
a permutation of 10^8, so every number is distinct and a number made for an
index at or past ``--documents`` is certainly not listed. The copy and its
manifest stay under ``bench/work/`` and are reused by later runs.

Queries are TD3 MRZs. Half carry a listed number and half an unlisted one.
Each names a random indexed person as holder (name, birth date, sex). A share
of them (``--ocr-share``) has one digit of the document number read as the
letter it resembles, which the MRZ repair should undo. Every query runs through
``engine.checks.check_document`` one at a time after a warm-up, as a border
post would send them.

    python -m bench.scan_bench --documents 10000000 --queries 2000 --write-results
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.results import RESULTS_HEADER, machine_description
from engine.checks.document_check import check_document, document_from_reading, document_verdict, read_mrz
from engine.demo.documents import mrz_text
from engine.demo.national import generate_persons
from engine.identifiers.icao_codes import iso2_to_icao
from engine.identifiers.mrz_compose import compose_mrz
from engine.identifiers.mrz_layout import MrzFormat
from engine.index.sqlite import EmbeddedIndex
from engine.records import Person, RecordKind, SharingRule, TravelDocument
from engine.runtime import Runtime

WORK = Path(__file__).resolve().parent / "work"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION_BEGIN = "<!-- scan benchmark: begin -->"
SECTION_END = "<!-- scan benchmark: end -->"
P95_TARGET_MS = 15.0

# Letters that are never confused with a digit, so generated numbers fold to distinct lookup keys.
LETTERS = "ACDEFHJKLMNPRTUVWXY"
NUMBER_SPACE = 100_000_000
# Multiplier coprime with 10^8: index → number is a permutation, so numbers never repeat.
PERMUTATION = 48_271_933
COUNTRIES = ("MX",) * 40 + ("GT",) * 12 + ("SV",) * 8 + ("HN",) * 8 + ("CO",) * 10 + ("US",) * 8 + ("ES",) * 5 + ("VE",) * 5 + ("EC",) * 4
REASONS = ("stolen",) * 10 + ("lost",) * 9 + ("revoked",)
LETTER_FOR_DIGIT = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B"}
SOURCES_TOML = """[embedded]
path = "{database}"

[sources.mx]
backend = "embedded"
owner = "MX"
timeout_ms = 30000

[sources.intl]
backend = "embedded"
owner = "INTL"
timeout_ms = 30000
"""


@dataclass(frozen=True, slots=True)
class ScanQuery:
    mrz: str
    listed: bool
    misread: bool


def document_number(index: int) -> str:
    """Return the number of generated document ``index``: a letter and eight digits, distinct for every index."""
    digits = (index * PERMUTATION + 12_345_679) % NUMBER_SPACE
    return f"{LETTERS[index % len(LETTERS)]}{digits:08d}"


def document_country(index: int) -> str:
    return COUNTRIES[(index * 7) % len(COUNTRIES)]


def generate_documents(count: int) -> Iterator[TravelDocument]:
    everyone = SharingRule()
    for index in range(count):
        country = document_country(index)
        yield TravelDocument(
            source="intl", record_id=f"B{index:09d}", owner=country, number=document_number(index),
            issuing_country=country, reason=REASONS[index % len(REASONS)], sharing=everyone,
        )


def ensure_database(persons_db: Path, persons: int, documents: int, log=print) -> tuple[Path, dict]:
    """Copy the person database and add ``documents`` documents, or reuse a copy made before.

    When the person database is missing or was written by an older index
    schema, the persons are generated into the copy instead (seed 7, as
    ``bench/index_build.py`` does).
    """
    database = WORK / f"scan-{documents}.db"
    manifest_path = database.with_suffix(".json")
    if database.exists() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("documents") == documents and manifest.get("persons") == persons:
            log(f"reusing {database} (built {manifest['built_at']})")
            return database, manifest

    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    index, persons_origin = _open_with_persons(persons_db, database, persons, log)

    started = time.perf_counter()
    stored = 0
    batch: list[TravelDocument] = []
    for record in generate_documents(documents):
        batch.append(record)
        if len(batch) == 200_000:
            stored += index.upsert(batch).accepted
            batch = []
            elapsed = time.perf_counter() - started
            log(f"  {stored:,} documents, {stored / elapsed:,.0f}/s")
    if batch:
        stored += index.upsert(batch).accepted
    seconds = time.perf_counter() - started
    index.close()

    manifest = {
        "documents": stored, "persons": persons, "persons_origin": persons_origin, "insert_seconds": round(seconds, 1),
        "documents_per_second": round(stored / seconds), "built_at": time.strftime("%Y-%m-%d %H:%M"),
        "size_bytes": database.stat().st_size,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return database, manifest


def _open_with_persons(persons_db: Path, database: Path, persons: int, log) -> tuple[EmbeddedIndex, str]:
    wal = Path(f"{persons_db}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise SystemExit(f"{persons_db} is being written (its WAL file is not empty); run again when its build has finished")
    if persons_db.exists():
        log(f"copying {persons_db} to {database}")
        shutil.copyfile(persons_db, database)
        try:
            return EmbeddedIndex(database, batch_size=50_000, analysis_helper=False), f"copied from {persons_db.name}"
        except RuntimeError as error:  # an index written by an older schema cannot be opened
            log(f"cannot reuse {persons_db.name}: {error}")
            database.unlink()

    log(f"generating {persons:,} persons into {database}")
    index = EmbeddedIndex(database, batch_size=50_000)
    started = time.perf_counter()
    generated = generate_persons(persons, 7)
    while batch := list(itertools.islice(generated, 5000)):
        index.upsert(batch)
    log(f"  {persons:,} persons in {time.perf_counter() - started:,.0f} s")
    return index, "generated with seed 7"


def build_queries(index: EmbeddedIndex, documents: int, persons: int, count: int, ocr_share: float, seed: int) -> list[ScanQuery]:
    """Compose TD3 MRZs for listed and unlisted numbers, each naming a random indexed person as holder."""
    rng = random.Random(seed)
    queries: list[ScanQuery] = []
    while len(queries) < count:
        person = index.get(RecordKind.PERSON, "mx", f"MX-{rng.randrange(1, persons + 1):08d}")
        if not isinstance(person, Person) or not person.birth_dates or person.birth_dates[0].day is None:
            continue

        listed = len(queries) % 2 == 0
        number_index = rng.randrange(documents) if listed else documents + rng.randrange(documents)
        number = document_number(number_index)
        mrz = _passport(person, number, iso2_to_icao(document_country(number_index)) or "MEX")
        misread = rng.random() < ocr_share
        if misread:
            mrz = _misread_number(mrz, rng)
        queries.append(ScanQuery(mrz, listed, misread))
    return queries


def _passport(person: Person, number: str, issuing_state: str) -> str:
    birth = person.birth_dates[0]
    surnames = " ".join(part for part in (person.paternal_surname, person.maternal_surname) if part)
    lines = compose_mrz(
        MrzFormat.TD3, document_code="P", issuing_state=issuing_state,
        primary=mrz_text(surnames), secondary=mrz_text(person.given_names or ""), document_number=number,
        nationality="MEX", birth_date=f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}",
        sex=person.sex if person.sex in ("M", "F") else "<", expiry_date="310101",
    )
    return "\n".join(lines)


def _misread_number(mrz: str, rng: random.Random) -> str:
    """Read one confusable digit of the document number (line 2, columns 2-9) as its letter."""
    first, second = mrz.split("\n")
    positions = [column for column in range(1, 9) if second[column] in LETTER_FOR_DIGIT]
    if not positions:
        return mrz
    column = rng.choice(positions)
    return first + "\n" + second[:column] + LETTER_FOR_DIGIT[second[column]] + second[column + 1 :]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(runtime: Runtime, queries: list[ScanQuery], warmup: int) -> dict:
    """Run every query through check_document, then the document lookup alone; return latencies and outcomes."""
    for query in queries[:warmup]:
        check_document(runtime, mrz=query.mrz)

    totals: list[float] = []
    wrong: list[str] = []
    repaired = 0
    for query in queries:
        started = time.perf_counter()
        answer = check_document(runtime, mrz=query.mrz)
        totals.append((time.perf_counter() - started) * 1000)
        expected = "listed" if query.listed else "clear"
        if answer["document"]["status"] != expected:
            wrong.append(query.mrz)
        repaired += bool(query.misread and answer["repairs"])

    names = list(runtime.federation.source_names)
    lookups: list[float] = []
    for query in queries:
        reading = read_mrz(query.mrz)
        started = time.perf_counter()
        document_verdict(runtime, document_from_reading(reading), names, viewer_country=None, language="es")
        lookups.append((time.perf_counter() - started) * 1000)

    return {
        "queries": len(queries),
        "misread": sum(query.misread for query in queries),
        "repaired": repaired,
        "wrong_verdicts": len(wrong),
        "total_p50": statistics.median(totals), "total_p95": percentile(totals, 0.95),
        "total_p99": percentile(totals, 0.99), "total_max": max(totals),
        "lookup_p50": statistics.median(lookups), "lookup_p95": percentile(lookups, 0.95),
    }


def render(command: str, manifest: dict, figures: dict, persons: int) -> str:
    met = "met" if figures["total_p95"] <= P95_TARGET_MS else "NOT met"
    lines = [
        SECTION_BEGIN,
        "## Border scan (document check)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine_description()}. Run: {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        f"Index: {persons:,} persons ({manifest['persons_origin']}) and {manifest['documents']:,} travel documents in one embedded SQLite file "
        f"({manifest['size_bytes'] / 1e9:.1f} GB). Document insert: {manifest['documents_per_second']:,} documents/s "
        f"({manifest['documents']:,} in {manifest['insert_seconds']:,.0f} s, batches of 50,000, built {manifest['built_at']}).",
        "",
        f"Queries: {figures['queries']:,} TD3 MRZs, half with a listed number, each naming a random indexed person; "
        f"{figures['misread']} with one digit of the number read as a letter ({figures['repaired']} repaired). "
        f"Wrong verdicts: {figures['wrong_verdicts']}.",
        "",
        "| measure | target | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| document check: MRZ, lookup, holder search | p95 ≤ {P95_TARGET_MS:g} ms ({met}) | {figures['total_p50']:.1f} | "
        f"{figures['total_p95']:.1f} | {figures['total_p99']:.1f} | {figures['total_max']:.1f} |",
        f"| stolen-document lookup alone | | {figures['lookup_p50']:.2f} | {figures['lookup_p95']:.2f} | | |",
        "",
        "The check runs one query at a time through `engine.checks.check_document`, the same call the API, "
        "`cruce scan` and the border page make; the holder search is the officer person search and takes most of the time.",
        SECTION_END,
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else RESULTS_HEADER
    if SECTION_BEGIN in text and SECTION_END in text:
        before, rest = text.split(SECTION_BEGIN, 1)
        after = rest.split(SECTION_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000_000)
    parser.add_argument("--persons-db", type=Path, default=WORK / "search-1000000-s7.db")
    parser.add_argument("--persons", type=int, default=1_000_000, help="persons in the person database (record ids MX-00000001…)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--ocr-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--write-results", action="store_true", help="write the section into bench/RESULTS.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    command = "python -m bench.scan_bench " + " ".join(argv if argv is not None else sys.argv[1:])
    WORK.mkdir(parents=True, exist_ok=True)
    database, manifest = ensure_database(arguments.persons_db, arguments.persons, arguments.documents)

    sources = WORK / f"scan-{arguments.documents}.sources.toml"
    sources.write_text(SOURCES_TOML.format(database=database))
    runtime = Runtime.open(str(sources))
    try:
        index = runtime.backend_for("mx")
        assert isinstance(index, EmbeddedIndex)
        queries = build_queries(index, arguments.documents, arguments.persons, arguments.queries, arguments.ocr_share, arguments.seed)
        figures = measure(runtime, queries, arguments.warmup)
    finally:
        runtime.close()

    section = render(command.strip(), manifest, figures, arguments.persons)
    print(section)
    if arguments.write_results:
        write_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
