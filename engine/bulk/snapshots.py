"""Postings snapshots for a bulk job: built once per source before matching, opened memory-mapped by every worker.

Every job ranks its candidates in snapshots (``engine.index.postings_snapshot``),
whatever its size, so a row gets the same hits in a list of ten as in a list
of a million. A snapshot takes about 4 s to build at a million persons.
``CRUCE_BULK_SNAPSHOTS=0`` ranks in SQL instead, to compare the two.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from engine.bulk.matcher import MatchSettings, die_with_parent
from engine.i18n import UserError
from engine.index.postings_snapshot import PostingsSnapshot
from engine.index.sqlite import EmbeddedIndex
from engine.runtime import Runtime

log = logging.getLogger("cruce.bulk")

SNAPSHOTS_ENV = "CRUCE_BULK_SNAPSHOTS"


def enabled() -> bool:
    """Tell whether jobs rank in snapshots (the default) or in SQL."""
    return os.environ.get(SNAPSHOTS_ENV, "1").strip() != "0"


@contextmanager
def snapshot_directory(work_dir: str | Path | None) -> Iterator[Path]:
    """Provide a directory for the job's snapshots, emptied before use and removed after."""
    if work_dir is None:
        directory = Path(tempfile.mkdtemp(prefix="cruce-bulk-"))
    else:
        directory = Path(work_dir)
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def with_snapshots(settings: MatchSettings, directory: Path, runtime: Runtime | None = None) -> MatchSettings:
    """Build a snapshot for each embedded source the job reads and return settings that name them."""
    opened = runtime or Runtime.open(settings.config_path)
    try:
        chosen = opened.config.select(list(settings.sources) if settings.sources else None)
        built: list[tuple[str, str]] = []
        for source in chosen:
            backend = opened.backends[source.name]
            if not isinstance(backend, EmbeddedIndex):
                continue
            started = time.monotonic()
            try:
                persons = _build_apart(backend.path, directory / source.name, source.name, settings.viewer_country)
            except OSError as error:
                log.error("postings snapshot failed source=%s directory=%s error=%s", source.name, directory, error)
                raise UserError("bulk.snapshot_failed", directory=str(directory), reason=error.strerror or str(error)) from error
            log.info("postings snapshot built source=%s persons=%d seconds=%.1f", source.name, persons, time.monotonic() - started)
            built.append((source.name, str(directory / source.name)))
    finally:
        if runtime is None:
            opened.close()
    return replace(settings, snapshots=tuple(built))


def _build_apart(database: Path, directory: Path, source: str, viewer_country: str | None) -> int:
    """Build one snapshot in a child process and return its number of persons.

    The build sorts arrays of hundreds of megabytes. The memory they took stays
    with the process that allocated it, and this process lives for the whole job.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), initializer=die_with_parent) as builder:
        return builder.submit(_build, database, directory, source, viewer_country).result()


def _build(database: Path, directory: Path, source: str, viewer_country: str | None) -> int:
    return PostingsSnapshot.build(database, directory, source=source, viewer_country=viewer_country).persons
