"""Build the benchmark's embedded index of seeded national persons, or reuse one built before.

An index is reused when its manifest records the same size, generator seed and
fingerprint of the engine code that decides what is stored (name analysis,
index, demo generator). The rows the ground truth needs are cached next to it
so that a rerun does not generate the persons again.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.namesakes import IndexedRow, row_from_person
from engine.index.sqlite import EmbeddedIndex
from engine.records import Person

# Code that decides what the embedded index stores for a generated person.
_FINGERPRINTED = (
    "engine/names/**/*",
    "engine/index/sqlite_schema.py",
    "engine/index/sqlite_writes.py",
    "engine/index/indexed_person.py",
    "engine/index/preparation.py",
    "engine/index/record_json.py",
    "engine/demo/national.py",
    "engine/demo/tables.py",
    "engine/demo/curp_parts.py",
    "engine/demo/data/*",
    "engine/records.py",
)
_IMPORT_BATCH = 5000
_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class ImportFigures:
    persons: int
    seconds: float
    built_at: str
    load_average: str = ""  # one-minute load average when the import ended, because other work slows it

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class BuiltIndex:
    database: Path
    rows: list[IndexedRow]
    imported: ImportFigures
    reused: bool


def engine_fingerprint() -> str:
    """Hash the source files that decide what the index stores for a person."""
    digest = hashlib.sha256()
    for pattern in _FINGERPRINTED:
        for path in sorted(_REPO_ROOT.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(_REPO_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_index(size: int, seed: int, work_dir: Path, *, rebuild: bool = False, log=print) -> BuiltIndex:
    """Return an index of ``size`` generated persons for ``seed``, building it only when needed."""
    stem = work_dir / f"search-{size}-s{seed}"
    database = stem.with_suffix(".db")
    manifest_path = stem.with_suffix(".json")
    rows_path = stem.with_suffix(".rows.pickle")
    fingerprint = engine_fingerprint()

    if not rebuild and manifest_path.exists() and database.exists() and rows_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("size") == size and manifest.get("seed") == seed and manifest.get("engine") == fingerprint:
            log(f"reusing index {database} (built {manifest['imported']['built_at']})")
            with rows_path.open("rb") as handle:
                rows = pickle.load(handle)
            return BuiltIndex(database, rows, ImportFigures(**manifest["imported"]), reused=True)

    work_dir.mkdir(parents=True, exist_ok=True)
    for stale in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        stale.unlink(missing_ok=True)

    rows, imported = _build(size, seed, database, log)
    with rows_path.open("wb") as handle:
        pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
    manifest = {"size": size, "seed": seed, "engine": fingerprint, "imported": asdict(imported)}
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return BuiltIndex(database, rows, imported, reused=False)


def _build(size: int, seed: int, database: Path, log) -> tuple[list[IndexedRow], ImportFigures]:
    """Generate persons batch by batch and time only the upserts into the index."""
    from engine.demo.national import generate_persons

    index = EmbeddedIndex(database)
    rows: list[IndexedRow] = []
    upsert_seconds = 0.0
    persons = generate_persons(size, seed)
    imported = 0
    try:
        while batch := list(itertools.islice(persons, _IMPORT_BATCH)):
            rows.extend(_rows(batch))

            started = time.perf_counter()
            report = index.upsert(batch)
            upsert_seconds += time.perf_counter() - started

            imported += report.accepted
            if report.rejected:
                log(f"  {len(report.rejected)} persons rejected, first: {report.rejected[0]}")
            if imported % 100_000 < _IMPORT_BATCH:
                log(f"  imported {imported:,} persons, {imported / upsert_seconds:,.0f} per second")
    finally:
        index.close()

    built_at = time.strftime("%Y-%m-%d %H:%M")
    return rows, ImportFigures(imported, upsert_seconds, built_at, f"{os.getloadavg()[0]:.1f}")


def _rows(batch: list[Person]) -> list[IndexedRow]:
    rows = []
    for person in batch:
        row = row_from_person(person)
        if row is None:
            continue
        # Interning shares the many repeated name strings of a million persons.
        rows.append(
            IndexedRow(
                row.record_id,
                sys.intern(row.given),
                sys.intern(row.paternal),
                sys.intern(row.maternal),
                row.sex,
                row.birth_dates,
            )
        )
    return rows
