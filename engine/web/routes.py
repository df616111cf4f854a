"""Routes of the web pages: officer search, border check, analyst jobs, and their static files.

Routes only translate HTTP to the page modules; an unexpected error becomes an
HTML error page with a reference, never a stack trace.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from engine.web import analyst, border, officer
from engine.web.language import page_language
from engine.web.messages import page_text
from engine.web.templating import render_page

log = logging.getLogger("cruce.web")

STATIC = Path(__file__).with_name("static")
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request) -> RedirectResponse:
    target = "/search" + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(target, status_code=303)


@router.get("/search")
async def search_page(request: Request) -> HTMLResponse:
    return await _page(request, "search.html", lambda language: _ready(officer.empty_search_context()))


@router.post("/search")
async def search_results(request: Request) -> HTMLResponse:
    runtime = request.app.state.runtime
    return await _page(request, "search.html", lambda language: officer.run_search(request, runtime, language))


@router.get("/border")
async def border_page(request: Request) -> HTMLResponse:
    return await _page(request, "border.html", lambda language: _ready(border.empty_border_context()))


@router.post("/border")
async def border_results(request: Request) -> HTMLResponse:
    runtime = request.app.state.runtime
    return await _page(request, "border.html", lambda language: border.run_check(request, runtime, language))


@router.get("/analyst")
async def analyst_page(request: Request) -> HTMLResponse:
    return await _page(request, "analyst.html", lambda language: analyst.analyst_context(request, language))


@router.get("/static/{name}")
async def static_file(name: str) -> Response:
    """Serve a file of the package's static folder; any other name is 404, so no path leaves the folder."""
    path = STATIC / name
    media_type = STATIC_TYPES.get(path.suffix)
    if media_type is None or "/" in name or name.startswith(".") or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})


async def _ready(context: dict[str, Any]) -> dict[str, Any]:
    return context


async def _page(
    request: Request, template: str, build: Callable[[str], Awaitable[dict[str, Any]]]
) -> HTMLResponse:
    language = page_language(request)
    try:
        context = await build(language)
        return render_page(request, template, language, context)
    except Exception:
        reference = uuid.uuid4().hex[:12]
        log.exception("page failed reference=%s path=%s", reference, request.url.path)
        message = page_text("error.internal", language, reference=reference)
        return render_page(request, "error.html", language, {"message": message}, status_code=500)
