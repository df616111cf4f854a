"""Bulk jobs that survive a kill: a job directory with its spec, its state and a checkpoint.

A job lives in ``ROOT/JOB_ID/``: ``job.json`` (what to do, written once),
``state.json`` (state, progress and the checkpoint) and, for uploads, the input
and results. The runner writes output in chunks; after each chunk it flushes
and fsyncs the output and errors files, then replaces ``state.json`` atomically
with the checkpoint: the number of input rows done and the byte length of both
files. A resumed job truncates both files to those lengths and skips that many
input rows, so no output row is written twice or lost.

A running job holds an exclusive ``flock`` on ``ROOT/JOB_ID/lock``; the kernel
drops it when the process dies, so a job whose state says ``running`` but whose
lock is free was interrupted and can be resumed.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.bulk import messages as _messages  # noqa: F401  (registers the bulk messages)
from engine.bulk import snapshots
from engine.bulk.columns import parse_map_options
from engine.bulk.input import (
    InputRow,
    InputShape,
    check_header,
    inspect_input,
    read_rows,
)
from engine.bulk.matcher import (
    MAX_K,
    MatchSettings,
    candidate_limit,
    default_workers,
    match_stream,
)
from engine.bulk.output import (
    OUTPUT_FORMATS,
    RowOutcome,
    Tally,
    csv_header,
    errors_header,
)
from engine.federation import BAND_ORDER
from engine.i18n import UserError
from engine.sources import load_sources

log = logging.getLogger("cruce.bulk")

ROOT_ENV = "CRUCE_BULK_DIR"
DEFAULT_ROOT = "var/bulk-jobs"
CHECKPOINT_SECONDS = 0.5
CHECKPOINT_ENV = "CRUCE_BULK_CHECKPOINT_SECONDS"  # 0 checkpoints after every batch
UTF8_BOM = "\ufeff".encode()

QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED = "queued", "running", "done", "failed", "cancelled", "interrupted"
FINAL_STATES = (DONE, CANCELLED)

_JOB_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{8}$")


@dataclass(slots=True)
class Principal:
    """Who asked for a job; ``country`` is the viewer country for sharing rules. None on a job means a trusted local caller."""

    country: str | None = None
    agency: str | None = None
    name: str | None = None


@dataclass(slots=True)
class JobSpec:
    job_id: str
    input_path: str
    input_format: str
    encoding: str
    delimiter: str
    input_fingerprint: dict[str, int]
    rows_estimate: int
    output_path: str
    errors_path: str
    summary_path: str
    output_format: str = "csv"
    k: int = 3
    min_band: str = "possible"
    mapping: dict[str, str] = field(default_factory=dict)
    workers: int = 1
    language: str = "es"
    config_path: str | None = None
    sources: list[str] | None = None
    principal: dict[str, Any] | None = None
    created_at: str = ""

    @property
    def viewer_country(self) -> str | None:
        return (self.principal or {}).get("country")

    def shape(self) -> InputShape:
        return InputShape(
            self.input_path, self.input_format, self.encoding, self.delimiter, self.rows_estimate,
            self.input_fingerprint["size"], self.input_fingerprint["mtime_ns"],
        )

    def match_settings(self) -> MatchSettings:
        return MatchSettings(
            config_path=self.config_path,
            sources=tuple(self.sources) if self.sources else None,
            viewer_country=self.viewer_country,
            k=self.k,
            min_band=self.min_band,
            output_format=self.output_format,
            language=self.language,
            candidate_limit=candidate_limit(),
        )


@dataclass(slots=True)
class JobState:
    state: str = QUEUED
    rows_done: int = 0
    output_offset: int = 0
    errors_offset: int = 0
    tally: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    updated_at: str = ""


def validate_options(output_format: str, k: int, min_band: str, workers: int) -> None:
    """Raise UserError naming the first bad option."""
    if output_format not in OUTPUT_FORMATS:
        raise UserError("bulk.format_invalid", value=output_format)
    if not 1 <= k <= MAX_K:
        raise UserError("bulk.k_invalid", value=k, maximum=MAX_K)
    if min_band not in BAND_ORDER:
        raise UserError("bulk.min_band_invalid", value=min_band)
    maximum = max(8, default_workers() * 2)
    if not 1 <= workers <= maximum:
        raise UserError("bulk.workers_invalid", value=workers, maximum=maximum)


def sibling_paths(output: Path) -> tuple[Path, Path]:
    """Return the errors file and the summary file that go beside an output file."""
    return output.with_name(output.stem + ".errors.csv"), output.with_name(output.stem + ".summary.json")


class JobStore:
    """Job directories under one root (``CRUCE_BULK_DIR``, or ``var/bulk-jobs`` in the working directory)."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root or os.environ.get(ROOT_ENV) or DEFAULT_ROOT).absolute()
        self.root.mkdir(parents=True, exist_ok=True)

    # Creating and reading jobs.

    def new_id(self) -> str:
        return time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)

    def directory(self, job_id: str) -> Path:
        if not _JOB_ID.match(job_id or ""):
            raise UserError("bulk.job_unknown", status=404, job_id=job_id)
        return self.root / job_id

    def create(
        self,
        input_path: str | Path,
        output_path: str | Path | None = None,
        *,
        job_id: str | None = None,
        input_format: str | None = None,
        output_format: str = "csv",
        k: int = 3,
        min_band: str = "possible",
        mapping: Mapping[str, str] | None = None,
        workers: int | None = None,
        language: str = "es",
        config_path: str | None = None,
        sources: Sequence[str] | None = None,
        principal: Principal | None = None,
    ) -> JobSpec:
        """Check the input and options and persist a queued job. Raises UserError for bad input or options.

        Without ``output_path`` the results go into the job directory (uploads through the API).
        """
        chosen_workers = workers or default_workers()
        validate_options(output_format, k, min_band, chosen_workers)
        shape = inspect_input(input_path, input_format)
        check_header(shape, mapping)
        if sources:
            load_sources(config_path).select(list(sources))

        job_id = job_id or self.new_id()
        directory = self.directory(job_id)
        directory.mkdir(parents=True, exist_ok=True)
        output = Path(output_path).absolute() if output_path else directory / f"results.{output_format}"
        errors, summary = sibling_paths(output)
        spec = JobSpec(
            job_id=job_id,
            input_path=shape.path,
            input_format=shape.fmt,
            encoding=shape.encoding,
            delimiter=shape.delimiter,
            input_fingerprint=shape.fingerprint(),
            rows_estimate=shape.rows_estimate,
            output_path=str(output),
            errors_path=str(errors),
            summary_path=str(summary),
            output_format=output_format,
            k=k,
            min_band=min_band,
            mapping=dict(mapping or {}),
            workers=chosen_workers,
            language=language,
            config_path=str(Path(config_path).absolute()) if config_path else None,
            sources=list(sources) if sources else None,
            principal=asdict(principal) if principal else None,
            created_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
        )
        _write_json(directory / "job.json", asdict(spec))
        self.save_state(job_id, JobState())
        return spec

    def spec(self, job_id: str) -> JobSpec:
        path = self.directory(job_id) / "job.json"
        try:
            return JobSpec(**json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise UserError("bulk.job_unknown", status=404, job_id=job_id) from None

    def state(self, job_id: str) -> JobState:
        """Return the job's state; a ``running`` job whose runner died reads as ``interrupted``."""
        path = self.directory(job_id) / "state.json"
        try:
            state = JobState(**json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise UserError("bulk.job_unknown", status=404, job_id=job_id) from None
        if state.state == RUNNING and not self.is_locked(job_id):
            state.state = INTERRUPTED
        return state

    def list(self) -> list[tuple[JobSpec, JobState]]:
        jobs = []
        for directory in sorted(self.root.iterdir(), reverse=True):
            if _JOB_ID.match(directory.name) and (directory / "job.json").exists():
                try:
                    jobs.append((self.spec(directory.name), self.state(directory.name)))
                except (UserError, ValueError, TypeError):
                    continue
        return jobs

    def save_state(self, job_id: str, state: JobState) -> None:
        state.updated_at = time.strftime("%Y-%m-%dT%H:%M:%S")
        _write_json(self.directory(job_id) / "state.json", asdict(state))

    # Cancelling and deleting.

    def request_cancel(self, job_id: str) -> None:
        self.spec(job_id)
        (self.directory(job_id) / "cancel").touch()

    def cancel_requested(self, job_id: str) -> bool:
        return (self.directory(job_id) / "cancel").exists()

    def delete(self, job_id: str, *, wait_seconds: float = 10.0) -> None:
        """Cancel a job, wait for its runner to stop, and remove the job and the results kept in its directory."""
        spec = self.spec(job_id)
        self.request_cancel(job_id)
        deadline = time.monotonic() + wait_seconds
        while self.is_locked(job_id) and time.monotonic() < deadline:
            time.sleep(0.05)

        directory = self.directory(job_id)
        for path in (spec.output_path, spec.errors_path, spec.summary_path):
            if Path(path).parent == directory:
                Path(path).unlink(missing_ok=True)
        shutil.rmtree(directory, ignore_errors=True)

    # Locks.

    def is_locked(self, job_id: str) -> bool:
        try:
            with self.lock(job_id):
                return False
        except UserError:
            return True

    @contextmanager
    def lock(self, job_id: str) -> Iterator[None]:
        """Hold the job's run lock; raises UserError ``bulk.job_running`` when another process holds it."""
        path = self.directory(job_id) / "lock"
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UserError("bulk.job_running", status=409, job_id=job_id) from None
            yield
        finally:
            os.close(descriptor)

    def sweep_snapshots(self, keep: str) -> int:
        """Remove the snapshots that killed jobs left behind (no process holds their lock); return how many.

        A resumed job builds a new snapshot anyway, so an old one only takes disk.
        """
        removed = 0
        for directory in self.root.iterdir():
            snapshots = directory / "snapshots"
            if directory.name == keep or not _JOB_ID.match(directory.name) or not snapshots.is_dir():
                continue
            if self.is_locked(directory.name):
                continue
            shutil.rmtree(snapshots, ignore_errors=True)
            log.info("bulk snapshot of an ended job removed job=%s", directory.name)
            removed += 1
        return removed

    @contextmanager
    def run_slot(self) -> Iterator[None]:
        """Wait for the store-wide slot, so background jobs run one after another."""
        descriptor = os.open(self.root / "run.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


ProgressCallback = Callable[[int, int, Tally], None]


def run_job(
    store: JobStore,
    job_id: str,
    *,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> JobState:
    """Run or resume a job to its end, a cancel request or an error; return its final state.

    Raises UserError when the job is running elsewhere, already ended, or its
    input or output changed under it.
    """
    with store.lock(job_id):
        store.sweep_snapshots(keep=job_id)
        spec = store.spec(job_id)
        state = store.state(job_id)
        if state.state in FINAL_STATES:
            raise UserError("bulk.job_finished", status=409, job_id=job_id, state=state.state)
        if store.cancel_requested(job_id):
            state.state = CANCELLED
            store.save_state(job_id, state)
            return state
        shape = spec.shape()
        _check_input(shape)

        output = _open_at(Path(spec.output_path), state.output_offset)
        errors = _open_at(Path(spec.errors_path), state.errors_offset)
        try:
            return _run(store, spec, state, shape, output, errors, on_progress, workers or spec.workers)
        finally:
            for handle in (output, errors):
                try:
                    handle.close()
                except OSError as error:  # the failure is already in the job state; a resume truncates what was left
                    log.warning("bulk job file not closed job=%s error=%s", job_id, error)


def _run(store, spec, state, shape, output, errors, on_progress, workers) -> JobState:  # type: ignore[no-untyped-def]
    if state.output_offset == 0:
        output.write((UTF8_BOM + csv_header().encode()) if spec.output_format == "csv" else b"")
    if state.errors_offset == 0:
        errors.write(UTF8_BOM + errors_header().encode())

    tally = Tally.from_dict(state.tally)
    state.state = RUNNING
    state.message = None
    store.save_state(spec.job_id, state)

    started = time.monotonic()
    seconds_before = tally.seconds
    last_checkpoint = started
    interval = float(os.environ.get(CHECKPOINT_ENV, CHECKPOINT_SECONDS))
    rows = read_rows(shape, spec.mapping, start=state.rows_done)
    stream = _stream(store, spec, rows, workers)
    try:
        for outcomes in stream:
            for outcome in outcomes:
                if outcome.output:
                    output.write(outcome.output.encode())
                if outcome.error:
                    errors.write(outcome.error.encode())
                tally.add(outcome)
            state.rows_done = outcomes[-1].index + 1

            now = time.monotonic()
            if now - last_checkpoint >= interval:
                tally.seconds = seconds_before + now - started
                _checkpoint(store, spec, state, tally, output, errors)
                last_checkpoint = now
                if on_progress is not None:
                    on_progress(state.rows_done, spec.rows_estimate, tally)
                if store.cancel_requested(spec.job_id):
                    state.state = CANCELLED
                    break
        else:
            state.state = DONE
    except OSError as error:
        # A write may have stopped inside a batch, so only the last checkpoint is known to be whole.
        log.error("bulk job output failed job=%s row=%d error=%s", spec.job_id, state.rows_done, error)
        return _fail_at_checkpoint(store, spec, error)
    except UserError as error:
        log.error("bulk job failed job=%s row=%d error=%s", spec.job_id, state.rows_done, error)
        state.state, state.message = FAILED, error.render(spec.language)
    except Exception as error:
        log.exception("bulk job failed job=%s row=%d", spec.job_id, state.rows_done)
        detail = f"{type(error).__name__}: {error}"
        state.state, state.message = FAILED, UserError("bulk.failed", job_id=spec.job_id, detail=detail).render(spec.language)
    finally:
        stream.close()

    tally.seconds = seconds_before + time.monotonic() - started
    try:
        _checkpoint(store, spec, state, tally, output, errors)
    except OSError as error:
        log.error("bulk job checkpoint failed job=%s row=%d error=%s", spec.job_id, state.rows_done, error)
        return _fail_at_checkpoint(store, spec, error)
    if on_progress is not None:
        on_progress(state.rows_done, spec.rows_estimate, tally)
    if state.state == DONE:
        _write_json(Path(spec.summary_path), summary(spec, state))
    return state


def _stream(store: JobStore, spec: JobSpec, rows: Iterator[InputRow], workers: int) -> Iterator[list[RowOutcome]]:
    """Match ``rows``, ranking candidates in postings snapshots held in the job directory."""
    settings = spec.match_settings()
    if not snapshots.enabled():
        yield from match_stream(rows, settings, workers=workers)
        return
    with snapshots.snapshot_directory(store.directory(spec.job_id) / "snapshots") as directory:
        yield from match_stream(rows, snapshots.with_snapshots(settings, directory), workers=workers)


def summary(spec: JobSpec, state: JobState) -> dict[str, Any]:
    """The job summary written beside the output: counts, errors, time and rate."""
    return {
        "job_id": spec.job_id,
        "state": state.state,
        "input": spec.input_path,
        "output": spec.output_path,
        "errors_file": spec.errors_path,
        "format": spec.output_format,
        "k": spec.k,
        "min_band": spec.min_band,
        "sources": spec.sources,
        "principal": spec.principal,
        **Tally.from_dict(state.tally).to_dict(),
    }


def _check_input(shape: InputShape) -> None:
    try:
        stat = os.stat(shape.path)
    except FileNotFoundError:
        raise UserError("bulk.input_missing", value=shape.path) from None
    if stat.st_size != shape.size or stat.st_mtime_ns != shape.mtime_ns:
        raise UserError("bulk.input_changed", value=shape.path)


def _open_at(path: Path, offset: int):  # type: ignore[no-untyped-def]
    """Open a results file for appending at ``offset``, cutting off whatever was written after the checkpoint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if offset == 0:
        return path.open("wb")
    if not path.exists() or path.stat().st_size < offset:
        raise UserError("bulk.output_missing", value=str(path))
    handle = path.open("r+b")
    handle.truncate(offset)
    handle.seek(offset)
    return handle


def _fail_at_checkpoint(store: JobStore, spec: JobSpec, error: OSError) -> JobState:
    """Mark the job failed at its last checkpoint, so that a resume starts from rows that were written whole."""
    saved = store.state(spec.job_id)
    saved.state = FAILED
    saved.message = UserError("bulk.write_failed", reason=error.strerror or str(error), job_id=spec.job_id).render(spec.language)
    store.save_state(spec.job_id, saved)
    return saved


def _checkpoint(store: JobStore, spec: JobSpec, state: JobState, tally: Tally, output, errors) -> None:  # type: ignore[no-untyped-def]
    for handle in (output, errors):
        handle.flush()
        os.fsync(handle.fileno())
    state.output_offset = output.tell()
    state.errors_offset = errors.tell()
    state.tally = tally.to_dict()
    store.save_state(spec.job_id, state)


def _write_json(path: Path, data: Any) -> None:
    """Replace a JSON file atomically and durably: write a temporary file, fsync it, rename, fsync the folder."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


__all__ = [
    "CANCELLED", "DONE", "FAILED", "INTERRUPTED", "QUEUED", "RUNNING",
    "JobSpec", "JobState", "JobStore", "Principal", "parse_map_options", "run_job", "summary", "validate_options",
]
