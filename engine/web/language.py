"""Language of a page and the way dates and numbers are written in it.

A page speaks the language chosen with ``?lang=`` (the switch in the header,
which the page then remembers in a cookie), else the remembered choice, else
the browser's Accept-Language, else Spanish.
"""

from __future__ import annotations

from fastapi import Request

from engine.i18n import LANGUAGES, language_from_header
from engine.web.messages import page_text

LANGUAGE_COOKIE = "cruce_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def chosen_language(request: Request) -> str | None:
    """Return the language picked with ``?lang=`` on this request, or None when there is none."""
    chosen = request.query_params.get("lang", "").strip().lower()
    return chosen if chosen in LANGUAGES else None


def page_language(request: Request) -> str:
    """Pick the page language: ``?lang=``, then the remembered cookie, then Accept-Language, then Spanish."""
    chosen = chosen_language(request)
    if chosen:
        return chosen

    remembered = request.cookies.get(LANGUAGE_COOKIE, "").strip().lower()
    if remembered in LANGUAGES:
        return remembered
    return language_from_header(request.headers.get("accept-language"))


def format_date(value: str | None, language: str) -> str:
    """Write an ISO date (full or partial, ``~`` for circa) as dd/mm/aaaa in Spanish, ISO in English.

    A value that is not an ISO date is returned unchanged, so a flagged source
    value still shows as received.
    """
    if not value:
        return ""

    circa = value.startswith("~")
    pieces = value.lstrip("~").split("-")
    if not all(piece.isdigit() for piece in pieces) or len(pieces) > 3 or len(pieces[0]) != 4:
        return value

    shown = "/".join(reversed(pieces)) if language == "es" else "-".join(pieces)
    return page_text("date.circa", language, date=shown) if circa else shown


def format_decimal(value: float, language: str, places: int = 2, signed: bool = False) -> str:
    """Write a number with a decimal comma in Spanish and a decimal point in English."""
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    return text.replace(".", ",") if language == "es" else text
