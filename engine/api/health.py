"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from engine.api.errors import request_language
from engine.i18n import translate

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: every source's backend answers")
def readyz(request: Request) -> JSONResponse:
    runtime = request.app.state.runtime
    problems = runtime.check_ready()
    if problems:
        language = request_language(request)
        messages = [translate("not_ready", language, problem=problem) for problem in problems]
        return JSONResponse({"status": "not_ready", "problems": messages}, status_code=503)
    return JSONResponse({"status": "ready", "sources": runtime.source_counts()})
