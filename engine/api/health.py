"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from engine.access import Principal, optional_principal
from engine.api.errors import request_language
from engine.i18n import translate
from engine.records import RecordKind
from engine.runtime import Runtime

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: every source's backend answers")
def readyz(request: Request, principal: Principal | None = Depends(optional_principal)) -> JSONResponse:
    """Report readiness; with a principal, also the active records per source that its country may see."""
    runtime = request.app.state.runtime
    problems = runtime.check_ready()
    if problems:
        language = request_language(request)
        messages = [translate("not_ready", language, problem=problem) for problem in problems]
        return JSONResponse({"status": "not_ready", "problems": messages}, status_code=503)
    if principal is None:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "ready", "sources": visible_counts(runtime, principal.country)})


def visible_counts(runtime: Runtime, viewer_country: str | None) -> dict[str, dict[str, int]]:
    """Count the active records of each source and kind that ``viewer_country`` may see, inside each backend query."""
    counts = {}
    for name in sorted(runtime.config.sources):
        backend = runtime.backends[name]
        counts[name] = {kind.value: backend.count(kind, source=name, viewer_country=viewer_country) for kind in RecordKind}
    return counts
