"""Preparation of records for the index: serialisation, and name analysis in a helper process for big batches.

Name analysis costs about as much CPU as the SQLite write of a person, so for a
big batch a helper process analyses the next part of the batch while this
process writes the previous part into the open transaction. The helper gets
the record JSON (cheaper to send than pickled records) and returns the
analysis JSON, blocking keys and name parts. Small batches are analysed
in-process, which avoids starting the helper.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from engine.index.base import RejectedRecord, UpsertReport
from engine.index.indexed_person import IndexedPerson, index_person
from engine.index.lookup_keys import record_lookup_keys
from engine.index.record_json import record_from_json, record_json
from engine.index.sqlite_writes import PreparedRecord
from engine.records import Person, Record

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
FIRST_CHUNK_SIZE = 250
"""The first chunk is small because nothing can be written until the helper has analysed it."""
MIN_RECORDS_FOR_HELPER = 2000

Analysis = IndexedPerson | str  # the analysis of a person, or why it failed


def analyse_bodies(bodies: list[str]) -> list[Analysis]:
    """Analyse the names of persons given as record JSON; runs in the helper process."""
    results: list[Analysis] = []
    for body in bodies:
        try:
            person = record_from_json(body)
            results.append(index_person(person))  # type: ignore[arg-type]
        except (ValueError, TypeError, AttributeError) as error:
            results.append(f"name analysis failed: {error}")
    return results


def _exit_with_parent(parent_pid: int) -> None:
    """Stop the helper process soon after its parent dies, even when the parent was killed with SIGKILL."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class AnalysisHelper:
    """A helper process for name analysis, started on first use and kept until ``close``."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self.broken = False

    def submit(self, bodies: list[str]) -> Future[list[Analysis]]:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_exit_with_parent, initargs=(os.getpid(),)
            )
            log.info("name analysis helper process started")
        return self._executor.submit(analyse_bodies, bodies)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def prepared_chunks(
    records: Sequence[Record], report: UpsertReport, helper: AnalysisHelper | None
) -> Iterator[list[PreparedRecord]]:
    """Yield the batch as prepared chunks, in order, analysing ahead in the helper when one is given.

    Records that cannot be stored are listed in ``report.rejected``; a record
    repeated within a chunk keeps only its newest version, the others count as stale.
    """
    use_helper = (
        helper is not None and not helper.broken and len(records) >= MIN_RECORDS_FOR_HELPER and _spare_core()
    )
    chunks = _chunks(records, FIRST_CHUNK_SIZE if use_helper else CHUNK_SIZE)
    pending: deque[tuple[list[_Serialised], Future[list[Analysis]] | None]] = deque()

    for chunk in chunks:
        serialised = _serialise(chunk, report)
        future = None
        if use_helper and helper is not None and not helper.broken:
            future = _submit(helper, [item.body for item in serialised if isinstance(item.record, Person)])
        pending.append((serialised, future))
        if len(pending) > 1:
            yield _finish(*pending.popleft(), report, helper)

    while pending:
        yield _finish(*pending.popleft(), report, helper)


def _chunks(records: Sequence[Record], first_size: int) -> list[Sequence[Record]]:
    chunks = [records[:first_size]]
    chunks.extend(records[start : start + CHUNK_SIZE] for start in range(first_size, len(records), CHUNK_SIZE))
    return [chunk for chunk in chunks if chunk]


def _spare_core() -> bool:
    """Tell whether this process may run on more than one core; with one, the helper would only add copying."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # no sched_getaffinity on macOS and Windows
        return (os.cpu_count() or 1) > 1


class _Serialised:
    __slots__ = ("record", "body")

    def __init__(self, record: Record, body: str) -> None:
        self.record = record
        self.body = body


def _serialise(chunk: Sequence[Record], report: UpsertReport) -> list[_Serialised]:
    serialised: list[_Serialised] = []
    for record in chunk:
        try:
            _check_identity(record)
            serialised.append(_Serialised(record, record_json(record)))
        except (ValueError, TypeError, AttributeError) as error:
            report.rejected.append(RejectedRecord(str(getattr(record, "record_id", "") or ""), str(error)))
    return serialised


def _check_identity(record: Record) -> None:
    if not record.source or not record.record_id:
        raise ValueError("record has no source or no record_id")
    if not record.owner:
        raise ValueError("record has no owner country")


def _finish(
    serialised: list[_Serialised],
    future: Future[list[Analysis]] | None,
    report: UpsertReport,
    helper: AnalysisHelper | None,
) -> list[PreparedRecord]:
    """Pair each serialised record with its analysis and keep the newest copy of a repeated record."""
    analyses = _helper_results(future, helper)
    newest: dict[tuple[str, str, str], PreparedRecord] = {}
    for item in serialised:
        record = item.record
        identity = (record.kind._value_, record.source, record.record_id)
        if isinstance(record, Person):
            analysis = analyses.popleft() if analyses is not None else _analyse_here(record)
            if isinstance(analysis, str):
                report.rejected.append(RejectedRecord(record.record_id, analysis))
                continue
            prepared = PreparedRecord(record, identity, item.body, analysis.analysis_json, analysis.blocking_keys, analysis.name_parts)
        else:
            prepared = PreparedRecord(record, identity, item.body, None, record_lookup_keys(record), [])

        earlier = newest.get(identity)
        if earlier is not None:
            report.stale += 1
            if earlier.record.version > record.version:
                continue
        newest[identity] = prepared
    return list(newest.values())


def _submit(helper: AnalysisHelper, bodies: list[str]) -> Future[list[Analysis]] | None:
    """Send bodies to the helper; return None, and stop using the helper, when it cannot be started or has died."""
    try:
        return helper.submit(bodies)
    except (BrokenProcessPool, OSError, RuntimeError):
        log.exception("name analysis helper process unavailable; analysing in this process")
        helper.broken = True
        return None


def _helper_results(future: Future[list[Analysis]] | None, helper: AnalysisHelper | None) -> deque[Analysis] | None:
    """Return the helper's analyses, or None to analyse in-process when there is no helper or it died."""
    if future is None:
        return None
    try:
        return deque(future.result())
    except BrokenProcessPool:
        log.exception("name analysis helper process died; analysing in this process")
        if helper is not None:
            helper.broken = True
        return None


def _analyse_here(person: Person) -> Analysis:
    try:
        return index_person(person)
    except (ValueError, TypeError, AttributeError) as error:
        return f"name analysis failed: {error}"
