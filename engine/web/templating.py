"""Render the page templates (Jinja2, autoescaped) into responses that carry the page's headers."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from engine.i18n import translate
from engine.web.language import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, chosen_language, format_date
from engine.web.messages import page_text

TEMPLATES = Path(__file__).with_name("templates")

# Pages load only their own CSS and JavaScript: nothing from another origin, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_page(
    request: Request, template: str, language: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` in ``language`` and remember a language picked with ``?lang=`` in a cookie."""
    values = {
        "language": language,
        "other_language": "en" if language == "es" else "es",
        "t": partial(page_text, language=language),
        "engine_text": partial(translate, language=language),
        "date": partial(format_date, language=language),
        "path": request.url.path,
        **context,
    }
    html = _environment.get_template(template).render(values)

    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Vary"] = "Accept-Language, Cookie"

    if chosen_language(request):
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=LANGUAGE_COOKIE_MAX_AGE, httponly=True, samesite="lax", path="/"
        )
    return response
