"""Background runner of one bulk job: ``python -m engine.bulk.runner --jobs-dir ROOT JOB_ID``.

The API starts one runner process per job. Runners take the store's run slot
in turn, so jobs uploaded together run one after another, each with its own
worker processes.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

from engine.bulk.jobs import FAILED, JobStore, run_job
from engine.i18n import UserError

log = logging.getLogger("cruce.bulk")

_started: list[subprocess.Popen[bytes]] = []


def start_runner(store: JobStore, job_id: str) -> None:
    """Start the runner of ``job_id`` as a detached process that writes its log into the job directory."""
    _reap()
    log_path = store.directory(job_id) / "runner.log"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "engine.bulk.runner", "--jobs-dir", str(store.root), job_id],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _started.append(process)


def _reap() -> None:
    """Collect runners that have ended, so they leave no zombie processes behind."""
    for process in list(_started):
        if process.poll() is not None:
            _started.remove(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="engine.bulk.runner")
    parser.add_argument("--jobs-dir", required=True)
    parser.add_argument("job_id")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    store = JobStore(Path(arguments.jobs_dir))
    with store.run_slot():
        try:
            state = run_job(store, arguments.job_id)
        except UserError as error:
            log.error("bulk job not run job=%s reason=%s", arguments.job_id, error)
            return 2
    log.info("bulk job ended job=%s state=%s rows=%d", arguments.job_id, state.state, state.rows_done)
    return 1 if state.state == FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
