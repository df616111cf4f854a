"""Request body size limit, enforced while the body streams in."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.i18n import language_from_header, translate

DEFAULT_MAX_BODY_BYTES = 64 * 1024


class BodySizeLimit:
    """Reject a request whose body exceeds ``max_bytes`` with 413, before the route reads it."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])}
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(send, int(declared), headers)
            return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge(received)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge as error:
            await self._reject(send, error.size, headers)

    async def _reject(self, send: Send, size: int, headers: dict[str, str]) -> None:
        language = language_from_header(headers.get("accept-language"))
        body = json.dumps(
            {
                "error": "request.too_large",
                "message": translate("request.too_large", language, size=size, maximum=self.max_bytes),
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
