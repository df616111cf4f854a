"""Error responses: every error names the bad value and the fix, in the caller's language."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from engine.api.messages import VALIDATION_MESSAGES
from engine.i18n import Message, UserError, language_from_header, translate

log = logging.getLogger("cruce.api")


def request_language(request: Request) -> str:
    """Language of a request: `?lang=` first, then Accept-Language, then Spanish."""
    chosen = request.query_params.get("lang", "").strip().lower()
    if chosen in ("es", "en"):
        return chosen
    return language_from_header(request.headers.get("accept-language"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UserError)
    async def user_error(request: Request, error: UserError) -> JSONResponse:
        language = request_language(request)
        return JSONResponse({"error": error.key, "message": error.render(language)}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        language = request_language(request)
        problems = error.errors()
        if any(problem.get("type") == "json_invalid" for problem in problems):
            return JSONResponse(
                {"error": "request.not_json", "message": translate("request.not_json", language)},
                status_code=400,
            )

        content_type = request.headers.get("content-type", "")
        if request.method == "POST" and "json" not in content_type and any(tuple(p.get("loc", ())) == ("body",) for p in problems):
            return JSONResponse(
                {"error": "request.not_json", "message": translate("request.not_json", language)},
                status_code=415,
            )

        first = problems[0] if problems else {"loc": ("body",), "type": "missing", "msg": "invalid"}
        message = translate("request.invalid", language, field=_field(first), problem=validation_problem(first, language))
        return JSONResponse({"error": "request.invalid", "message": message, "details": _plain(problems, language)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        language = request_language(request)
        if error.status_code == 400:
            # Starlette raises 400 when the body cannot be decoded at all (binary data, bad UTF-8).
            return JSONResponse(
                {"error": "request.not_json", "message": translate("request.not_json", language)},
                status_code=400,
            )
        key = _HTTP_ERROR_KEYS.get(error.status_code, "http.error")
        message = translate(key, language, path=request.url.path, status=error.status_code)
        return JSONResponse({"error": key, "message": message}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(UnicodeError)
    async def invalid_text(request: Request, error: UnicodeError) -> JSONResponse:
        # A JSON body may carry a lone surrogate (\ud800), which no UTF-8 store or hash accepts.
        log.warning("request with invalid text rejected path=%s error=%s", request.url.path, type(error).__name__)
        language = request_language(request)
        return JSONResponse(
            {"error": "request.invalid_text", "message": translate("request.invalid_text", language)}, status_code=400
        )

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.exception("unhandled error reference=%s path=%s", reference, request.url.path)
        language = request_language(request)
        return JSONResponse(
            {"error": "internal_error", "message": translate("internal_error", language, reference=reference)},
            status_code=500,
        )


_HTTP_ERROR_KEYS = {404: "http.not_found", 405: "http.method_not_allowed"}


def validation_problem(problem: Mapping[str, Any], language: str) -> str:
    """Describe one pydantic validation error in ``language``.

    Common error types have a Spanish text built from pydantic's ``ctx``
    values; English keeps pydantic's own message. An unknown type gets a
    generic sentence, never pydantic's English text inside a Spanish message.
    """
    kind = str(problem.get("type", ""))
    key = f"validation.{kind}" if f"validation.{kind}" in VALIDATION_MESSAGES else "validation.other"
    context = {name: value for name, value in (problem.get("ctx") or {}).items() if name != "error"}
    for name, value in context.items():
        if isinstance(value, float) and value.is_integer():
            context[name] = int(value)  # pydantic's English message writes 0, not 0.0
    if isinstance(context.get("expected"), str):
        # pydantic joins the allowed values with an English "or": "'es' or 'en'".
        context["expected"] = context["expected"].replace(" or ", ", ")

    params = {**context, "msg": str(problem.get("msg", "invalid"))}
    try:
        return Message(key, params).render(language)
    except (KeyError, IndexError, ValueError):
        # The ctx lacks a value the Spanish text names (another pydantic version may rename them).
        return Message("validation.other", params).render(language)


def _field(problem: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in problem.get("loc", ()) if part != "body") or "body"


def _plain(problems: list[dict], language: str) -> list[dict]:
    """Keep the JSON-safe part of pydantic's error list (it may carry exception objects), with a text in ``language``."""
    return [
        {
            "loc": [str(part) for part in problem.get("loc", ())],
            "type": str(problem.get("type", "")),
            "msg": str(problem.get("msg", "")),
            "message": translate("request.invalid", language, field=_field(problem), problem=validation_problem(problem, language)),
        }
        for problem in problems
    ]
