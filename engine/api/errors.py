"""Error responses: every error names the bad value and the fix, in the caller's language."""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from engine.i18n import UserError, language_from_header, translate

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

        first = problems[0] if problems else {"loc": ("body",), "msg": "invalid"}
        field = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or "body"
        message = translate("request.invalid", language, field=field, problem=first.get("msg", "invalid"))
        return JSONResponse({"error": "request.invalid", "message": message, "details": _plain(problems)}, status_code=422)

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


def _plain(problems: list[dict]) -> list[dict]:
    """Keep the JSON-safe part of pydantic's error list (it may carry exception objects)."""
    return [{"loc": [str(part) for part in problem.get("loc", ())], "msg": str(problem.get("msg", ""))} for problem in problems]
