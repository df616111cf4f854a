"""Keep replaying: run a pass, wait a short interval, repeat until SIGTERM or SIGINT.

A signal sets a flag that the loop reads between batches, so the process
exits after the batch in progress has been applied and checkpointed.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from engine.sync.replay import BatchReport, PassReport, Replicator, SyncLag

log = logging.getLogger("cruce.sync")

RETRY_SECONDS = 1.0


class StopFlag:
    """Set by SIGTERM or SIGINT (or by ``set``); the follow loop waits on it between passes."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


@contextmanager
def stop_on_signals(flag: StopFlag) -> Iterator[StopFlag]:
    """Make SIGTERM and SIGINT set ``flag`` while the block runs; restore the previous handlers after it."""

    def handle(number: int, frame: FrameType | None) -> None:
        log.info("sync stopping signal=%s", signal.Signals(number).name)
        flag.set()

    previous = {number: signal.signal(number, handle) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield flag
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def follow(
    replicator: Replicator,
    flag: StopFlag,
    *,
    interval_seconds: float,
    on_batch: Callable[[BatchReport], None] | None = None,
    on_pass: Callable[[PassReport, SyncLag], None] | None = None,
) -> PassReport:
    """Run passes until ``flag`` is set; return the sum of every pass."""
    total = PassReport(checkpoint=replicator.checkpoints.load(replicator.settings.pair))
    while not flag.is_set():
        try:
            report = replicator.run_pass(on_batch=on_batch, should_stop=flag.is_set)
        except Exception:  # a source that is down: keep the checkpoint, try again after the interval
            log.exception("sync pass failed pair=%s; retrying", replicator.settings.pair)
            flag.wait(max(interval_seconds, RETRY_SECONDS))
            continue

        total.batches += report.batches
        total.changes += report.changes
        total.copied += report.copied
        total.stale += report.stale
        total.withdrawn += report.withdrawn
        total.rejected.extend(report.rejected)
        total.checkpoint = report.checkpoint
        if on_pass is not None:
            on_pass(report, replicator.lag())
        if report.batches == 0:
            flag.wait(interval_seconds)
    return total
