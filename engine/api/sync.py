"""GET /v1/sync/status: how far the international source is behind the national change log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from engine.access import Principal, Role, require_roles
from engine.sources import ConfigError
from engine.sync.replay import Replicator, SyncLag

router = APIRouter(tags=["sync"])


@router.get("/v1/sync/status", summary="Sync lag of the national source behind the international one")
async def sync_status(
    request: Request, principal: Principal = Depends(require_roles(Role.ADMIN, Role.SOURCE))
) -> dict[str, Any]:
    """Return the checkpoint, the newest change and the lag in changes and seconds, read from disk."""
    lag = await run_in_threadpool(read_lag, request.app.state.runtime)
    return lag.to_dict()


def read_lag(runtime: Any) -> SyncLag:
    """Read the lag of the configured replication; the sync itself may run in another process."""
    replicator = Replicator(runtime)
    try:
        return replicator.lag()
    finally:
        replicator.close()


def lag_for_metrics(runtime: Any) -> tuple[int, float] | None:
    """Return (changes, seconds) for ``engine.api.metrics.set_sync_lag_reader``, or None when no sync is configured."""
    try:
        lag = read_lag(runtime)
    except ConfigError:
        return None
    return lag.changes_behind, lag.seconds_behind
