"""The engine as the benchmark drives it: one embedded source, searched through the federation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.queries import build_person_query
from engine.records import PartialDate
from engine.runtime import Runtime

BENCH_SOURCE = "mx"

# A generous budget: a query that runs out of time would be a miss, and the
# benchmark wants the latency, not the timeout, to show a slow search.
_SOURCE_TIMEOUT_MS = 30_000


@dataclass(frozen=True, slots=True)
class RankedHit:
    record_id: str
    band: str
    score: float


def write_sources_file(work_dir: Path, database: Path) -> Path:
    """Write a sources file with one embedded national source stored in ``database``."""
    path = work_dir / f"{database.stem}.sources.toml"
    path.write_text(
        "[embedded]\n"
        f'path = "{database.resolve()}"\n\n'
        f"[sources.{BENCH_SOURCE}]\n"
        'backend = "embedded"\n'
        'owner = "MX"\n'
        'label_es = "Plataforma nacional (banco de pruebas)"\n'
        'label_en = "National platform (benchmark)"\n'
        f"timeout_ms = {_SOURCE_TIMEOUT_MS}\n",
        encoding="utf-8",
    )
    return path


class EngineSearcher:
    """Officer searches against the benchmark index: input validation, fan-out, scoring and ranking."""

    name = "engine"

    def __init__(self, work_dir: Path, database: Path) -> None:
        self._runtime = Runtime.open(str(write_sources_file(work_dir, database)))
        self.missing_answers = 0

    def search(self, name: str, birth_date: PartialDate | None, sex: str | None, limit: int = 10) -> list[RankedHit]:
        query = build_person_query(name, str(birth_date) if birth_date else None, sex)
        result = self._runtime.federation.search_persons(query, viewer_country=None, limit=limit)
        if result.missing:
            self.missing_answers += 1
        return [RankedHit(hit.record.record_id, str(hit.match.band), hit.match.score) for hit in result.hits]

    def close(self) -> None:
        self._runtime.close()
