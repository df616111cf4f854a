"""Request limits: body size, enforced while the body streams in, and the number of /v1 requests in progress."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.i18n import LANGUAGES, language_from_header, translate

log = logging.getLogger("cruce.api")

DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_MAX_CONCURRENT = 32
OVERLOAD_RETRY_AFTER_SECONDS = 1

# Bulk-job uploads stream to disk under the bulk router's own limit.
UNLIMITED_PREFIXES = ("/v1/bulk-jobs",)
# Source writes carry batches of records; their limit is ``[access] max_write_bytes``.
SOURCE_WRITE_PREFIX = "/v1/sources/"


class BodySizeLimit:
    """Reject a request whose body exceeds ``max_bytes`` with 413, before the route reads it."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        maximum = self._limit_for(scope)
        if maximum is None:
            await self.app(scope, receive, send)
            return

        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])}
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > maximum:
            await self._reject(send, int(declared), scope, maximum)
            return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > maximum:
                    raise _BodyTooLarge(received)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge as error:
            await self._reject(send, error.size, scope, maximum)

    def _limit_for(self, scope: Scope) -> int | None:
        """Return the body limit of a request, or None for routes that enforce their own."""
        path = scope.get("path", "")
        if path.startswith(UNLIMITED_PREFIXES):
            return None
        if path.startswith(SOURCE_WRITE_PREFIX) and scope.get("method") == "POST":
            settings = _access_settings(scope)
            if settings is not None:
                return settings.max_write_bytes
        return self.max_bytes

    async def _reject(self, send: Send, size: int, scope: Scope, maximum: int) -> None:
        language = scope_language(scope)
        body = json.dumps(
            {
                "error": "request.too_large",
                "message": translate("request.too_large", language, size=size, maximum=maximum),
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


class ConcurrencyLimit:
    """Answer 503 at once when ``[access] max_concurrent`` /v1 requests are already in progress.

    Other paths (``/healthz``, ``/readyz``, ``/metrics``, the pages) are not
    counted, so probes and scrapes keep answering while the API is saturated.
    The count lives in the event loop's thread, so no lock is needed.
    """

    def __init__(self, app: ASGIApp, prefix: str = "/v1/") -> None:
        self.app = app
        self.prefix = prefix
        self.in_progress = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        settings = _access_settings(scope)
        maximum = settings.max_concurrent if settings is not None else DEFAULT_MAX_CONCURRENT
        if self.in_progress >= maximum:
            scope.setdefault("state", {})["rejection"] = "overloaded"
            log.warning("request refused: %d requests in progress path=%s", self.in_progress, scope.get("path"))
            await _send_overloaded(send, scope)
            return

        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1


async def _send_overloaded(send: Send, scope: Scope) -> None:
    language = scope_language(scope)
    body = json.dumps(
        {
            "error": "access.overloaded",
            "message": translate("access.overloaded", language, seconds=OVERLOAD_RETRY_AFTER_SECONDS),
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(OVERLOAD_RETRY_AFTER_SECONDS).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def scope_language(scope: Scope) -> str:
    """Language of a raw ASGI request, chosen as ``engine.api.errors.request_language`` does: `?lang=`, Accept-Language, Spanish."""
    query = scope.get("query_string", b"").decode("latin-1")
    requested = parse_qs(query).get("lang", [""])
    chosen = requested[-1].strip().lower()  # the last value, as Starlette's query_params.get returns
    if chosen in LANGUAGES:
        return chosen

    for key, value in scope.get("headers", []):
        if key.decode("latin-1").lower() == "accept-language":
            return language_from_header(value.decode("latin-1"))
    return language_from_header(None)


def _access_settings(scope: Scope) -> Any:
    """Return the application's access settings, or None before its runtime is open."""
    from engine.access.services import access_services

    app = scope.get("app")
    if app is None or getattr(app.state, "runtime", None) is None:
        return None
    return access_services(app).settings
