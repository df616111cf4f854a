"""A writer killed with SIGKILL in the middle of an import leaves a consistent index with every committed batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index_records import inconsistencies

WRITER = Path(__file__).with_name("crash_writer.py")
BATCHES = 40


def run_writer_until(path: Path, batch_size: int, commits: int, delay: float) -> int:
    """Start a writer, let it commit ``commits`` batches, wait ``delay`` seconds, kill it; return records committed."""
    environment = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2]))
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(batch_size), str(BATCHES)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
    committed = 0
    seen = 0
    assert writer.stdout is not None
    for line in writer.stdout:
        assert line.startswith("committed"), line
        committed = int(line.split()[1])
        seen += 1
        if seen == commits:
            break

    time.sleep(delay)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()
    return committed


def stored_ids(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    ids = {row[0] for row in connection.execute("SELECT record_id FROM records WHERE status = 'active'")}
    connection.close()
    return ids


@pytest.mark.parametrize(
    ("batch_size", "delays"),
    [
        (500, (0.0, 0.01, 0.03, 0.05)),  # names analysed in the writer process
        (2500, (0.05, 0.2)),  # big batches: names analysed in a helper process while the writer writes
    ],
)
def test_killed_writer_keeps_whole_batches(tmp_path: Path, batch_size: int, delays: tuple[float, ...]) -> None:
    path = tmp_path / "crash.db"
    highest_committed = 0

    for round_number, delay in enumerate(delays, start=1):
        committed = run_writer_until(path, batch_size, commits=round_number * 2, delay=delay)
        highest_committed = max(highest_committed, committed)

        ids = stored_ids(path)
        assert inconsistencies(path) == [], f"round {round_number}"
        assert len(ids) % batch_size == 0, f"round {round_number}: {len(ids)} records is not whole batches"
        assert len(ids) >= highest_committed
        assert {f"P{number:06d}" for number in range(highest_committed)} <= ids
