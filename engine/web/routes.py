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

from engine.access import BULK_ROLES, CHECK_ROLES, SEARCH_ROLES, AccessError, Principal, authenticate_key
from engine.i18n import translate
from engine.web import analyst, border, officer
from engine.web.language import page_language
from engine.web.messages import page_text
from engine.web.session import forget_key, page_access, remember_key, safe_next
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
    return await _page(request, "search.html", SEARCH_ROLES, lambda language, principal: _ready(officer.empty_search_context()))


@router.post("/search")
async def search_results(request: Request) -> HTMLResponse:
    runtime = request.app.state.runtime
    return await _page(
        request, "search.html", SEARCH_ROLES, lambda language, principal: officer.run_search(request, runtime, language, principal)
    )


@router.get("/border")
async def border_page(request: Request) -> HTMLResponse:
    return await _page(request, "border.html", CHECK_ROLES, lambda language, principal: _ready(border.empty_border_context()))


@router.post("/border")
async def border_results(request: Request) -> HTMLResponse:
    runtime = request.app.state.runtime
    return await _page(
        request, "border.html", CHECK_ROLES, lambda language, principal: border.run_check(request, runtime, language, principal)
    )


@router.get("/analyst")
async def analyst_page(request: Request) -> HTMLResponse:
    return await _page(request, "analyst.html", BULK_ROLES, lambda language, principal: analyst.analyst_context(request, language))


@router.get("/login")
async def login_page(request: Request) -> HTMLResponse:
    language = page_language(request)
    context = {"next": safe_next(request.query_params.get("next")), "error": None}
    return render_page(request, "login.html", language, context)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check a posted API key and keep it in a cookie for the pages; a bad key shows the form again."""
    language = page_language(request)
    posted = await request.form()
    key = str(posted.get("key", "")).strip()
    target = safe_next(str(posted.get("next", "")))

    problem = "access.key_missing"
    principal = None
    if key:
        try:
            principal = await authenticate_key(request, key)
        except AccessError as error:
            problem = error.key
    if principal is None:
        context = {"next": target, "error": translate(problem, language)}
        return render_page(request, "login.html", language, context, status_code=401)

    response = RedirectResponse(target, status_code=303)
    remember_key(response, key, secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    forget_key(response)
    return response


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
    request: Request,
    template: str,
    roles: tuple[str, ...],
    build: Callable[[str, Principal], Awaitable[dict[str, Any]]],
) -> HTMLResponse:
    """Render a page for a principal with one of ``roles``; others get the login form or a refusal."""
    language = page_language(request)
    access = await page_access(request)
    if access.principal is None:
        context = {"next": request.url.path, "error": translate(access.problem or "access.key_missing", language)}
        return render_page(request, "login.html", language, context, status_code=401)
    if not access.allows(roles):
        message = translate("access.role_missing", language, roles=", ".join(str(role) for role in roles))
        return render_page(request, "error.html", language, {"message": message}, status_code=403)

    try:
        context = await build(language, access.principal)
        return render_page(request, template, language, context)
    except Exception:
        reference = uuid.uuid4().hex[:12]
        log.exception("page failed reference=%s path=%s", reference, request.url.path)
        message = page_text("error.internal", language, reference=reference)
        return render_page(request, "error.html", language, {"message": message}, status_code=500)
