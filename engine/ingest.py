"""Import files into the sources' backends in batches, reporting bad rows and going on."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import UserError
from engine.importers.base import ImportedRecord, ImportProblem, UnknownFormatError, read_records
from engine.index.base import RejectedRecord, UpsertReport
from engine.records import Record, RecordKind
from engine.runtime import Runtime

log = logging.getLogger("cruce.ingest")

DEFAULT_BATCH_SIZE = 5000


@dataclass
class IngestReport:
    accepted: int = 0
    stale: int = 0
    rejected: list[RejectedRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    seconds: float = 0.0
    sources: set[str] = field(default_factory=set)


def ingest_paths(
    runtime: Runtime,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    source: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> IngestReport:
    """Import every file of ``paths`` and return what was stored and what was not.

    ``source`` assigns every record to that source; without it each record keeps
    the source its importer gave it. Each batch is stored atomically, so an
    interrupted import leaves whole batches. Raises UserError for a missing file,
    an unknown format or an unknown source, before anything is stored.
    """
    if source is not None:
        runtime.config.source(source)

    locations = [Path(path) for path in paths]
    for location in locations:
        if not location.exists():
            raise UserError("ingest.file_missing", status=404, value=str(location))

    report = IngestReport()
    started = time.perf_counter()
    for location in locations:
        try:
            items = read_records(location, fmt)
        except UnknownFormatError as error:
            raise UserError("ingest.format_unknown", value=str(location)) from error
        _store_items(runtime, items, source, batch_size, report, on_batch)

    report.seconds = time.perf_counter() - started
    log.info(
        "ingest finished accepted=%d stale=%d rejected=%d problems=%d seconds=%.1f",
        report.accepted, report.stale, len(report.rejected), len(report.problems), report.seconds,
    )
    return report


def _store_items(
    runtime: Runtime,
    items: Iterable[ImportedRecord | ImportProblem],
    source: str | None,
    batch_size: int,
    report: IngestReport,
    on_batch: Callable[[int], None] | None,
) -> None:
    batches: dict[str, list[Record]] = {}
    for item in items:
        if isinstance(item, ImportProblem):
            report.problems.append(item)
            continue

        record = item.record
        if source is not None:
            record.source = source
        if record.source not in runtime.config.sources:
            report.problems.append(
                ImportProblem.of(item.file, item.line, "import.unknown_source", source=record.source)
            )
            continue

        batch = batches.setdefault(record.source, [])
        batch.append(record)
        if len(batch) >= batch_size:
            _flush(runtime, record.source, batch, report, on_batch)
            batches[record.source] = []

    for name, batch in batches.items():
        if batch:
            _flush(runtime, name, batch, report, on_batch)


def store_records(runtime: Runtime, source: str, records: list[Record]) -> UpsertReport:
    """Store accepted records of one source; every write of records (import, API) goes through here.

    The change log that ``cruce sync`` reads gets each stored record: the
    embedded index writes it in the batch's transaction, and for a search-engine
    source it is appended here once the engine has acknowledged the records.
    """
    from engine.sync.changelog import log_acknowledged_upserts

    backend = runtime.backend_for(source)
    report = backend.upsert(records)
    rejected_ids = {item.record_id for item in report.rejected}
    log_acknowledged_upserts(backend, runtime.config, source, records, rejected_ids)
    return report


def withdraw_records(runtime: Runtime, kind: RecordKind, source: str, record_ids: Sequence[str]) -> int:
    """Withdraw records of one source and return how many were active; every withdrawal goes through here."""
    from engine.sync.changelog import log_acknowledged_withdrawals

    backend = runtime.backend_for(source)
    withdrawn = backend.withdraw(kind, source, record_ids)
    log_acknowledged_withdrawals(backend, runtime.config, kind, source, record_ids)
    return withdrawn


def _flush(
    runtime: Runtime,
    source: str,
    batch: list[Record],
    report: IngestReport,
    on_batch: Callable[[int], None] | None,
) -> None:
    result = store_records(runtime, source, batch)
    report.accepted += result.accepted
    report.stale += result.stale
    report.rejected.extend(result.rejected)
    report.sources.add(source)
    if on_batch is not None:
        on_batch(len(batch))
