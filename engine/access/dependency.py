"""The FastAPI dependency that turns a request's API key into a ``Principal`` and checks its roles.

A key is read from the ``X-API-Key`` header, then ``Authorization: Bearer``,
then the ``cruce_key`` cookie (set by the web pages). Missing, invalid and
revoked keys get 401 with ``WWW-Authenticate``; a principal without the role
gets 403; a key over its rate gets 429 with ``Retry-After``. Failed
authentications and refused roles are written to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from engine.access.keys import KeyCheck
from engine.access.principal import Principal, PrincipalKind, Role
from engine.access.services import AccessServices, access_services
from engine.audit import FAILURE
from engine.i18n import UserError, language_from_header

log = logging.getLogger("cruce.access")

API_KEY_HEADER = "X-API-Key"
COOKIE_NAME = "cruce_key"
WWW_AUTHENTICATE = 'Bearer realm="cruce"'

_header_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="Clave de API / API key")
_bearer_scheme = HTTPBearer(auto_error=False, description="Authorization: Bearer <clave / key>")
_cookie_scheme = APIKeyCookie(name=COOKIE_NAME, auto_error=False, description="Clave en cookie (páginas web) / key cookie (web pages)")


class AccessError(UserError):
    """A request refused by access control, with the response headers it needs (``WWW-Authenticate``, ``Retry-After``).

    ``reason`` labels the refusal in metrics: ``key_missing``, ``key_invalid``,
    ``key_revoked``, ``role_missing``, ``source_forbidden`` or ``rate_limited``.
    """

    def __init__(self, key: str, status: int, reason: str, headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(key, status=status, **params)
        self.reason = reason
        self.headers = headers or {}


def require_roles(*roles: Role | str) -> Callable[..., Awaitable[Principal]]:
    """Build a dependency that returns the request's principal when it has any of ``roles``.

    It also stores the principal on ``request.state.principal`` for code that
    has the request but not the dependency's value.
    """
    allowed = tuple(str(role) for role in roles)

    async def principal_with_role(
        request: Request,
        header_key: str | None = Security(_header_scheme),
        bearer: HTTPAuthorizationCredentials | None = Security(_bearer_scheme),
        cookie_key: str | None = Security(_cookie_scheme),
    ) -> Principal:
        presented = header_key or (bearer.credentials if bearer else None) or cookie_key
        services = access_services(request.app)
        principal = await _authenticate(request, services, presented)
        if principal is None:
            await _audit_failure(request, services, None, "access.key_missing")
            raise AccessError("access.key_missing", 401, "key_missing", {"WWW-Authenticate": WWW_AUTHENTICATE})

        if allowed and not principal.has_any(allowed):
            await _audit_refusal(request, services, principal, "access.role_missing")
            raise AccessError("access.role_missing", 403, "role_missing", roles=", ".join(allowed))

        await _take_token(request, services, principal)
        request.state.principal = principal
        return principal

    principal_with_role.__name__ = "principal_with_" + ("_or_".join(allowed) or "any_role")
    return principal_with_role


async def optional_principal(
    request: Request,
    header_key: str | None = Security(_header_scheme),
    bearer: HTTPAuthorizationCredentials | None = Security(_bearer_scheme),
    cookie_key: str | None = Security(_cookie_scheme),
) -> Principal | None:
    """Return the request's principal, or None when it sent no key and anonymous access is off.

    A key that is sent but invalid or revoked still gets 401.
    """
    presented = header_key or (bearer.credentials if bearer else None) or cookie_key
    services = access_services(request.app)
    principal = await _authenticate(request, services, presented)
    if principal is not None:
        request.state.principal = principal
    return principal


async def authenticate_key(request: Request, presented: str | None) -> Principal | None:
    """Return the principal of ``presented`` (or the anonymous principal when it is empty), or None.

    Raises AccessError (401) for an invalid or revoked key, after auditing the failure.
    """
    return await _authenticate(request, access_services(request.app), presented)


async def check_source_access(request: Request, principal: Principal, source: str) -> None:
    """Raise 403 unless ``principal`` may write and export ``source`` (its own source, or any for admin)."""
    if principal.may_write(source):
        return
    await _audit_refusal(request, access_services(request.app), principal, "access.source_forbidden")
    allowed = ", ".join(sorted(principal.sources)) or "-"
    raise AccessError("access.source_forbidden", 403, "source_forbidden", source=source, allowed=allowed)


async def _authenticate(request: Request, services: AccessServices, presented: str | None) -> Principal | None:
    """Return the principal of a presented key, the anonymous principal, or None; raise 401 for a bad key."""
    if not presented:
        return services.settings.anonymous

    lookup = services.keys.authenticate(presented)
    if lookup.check is KeyCheck.VALID and lookup.key is not None:
        return lookup.key.principal()

    if lookup.check is KeyCheck.REVOKED:
        await _audit_failure(request, services, lookup.key_id, "access.key_revoked")
        raise AccessError(
            "access.key_revoked", 401, "key_revoked",
            {"WWW-Authenticate": WWW_AUTHENTICATE + ', error="invalid_token"'}, key_id=lookup.key_id,
        )
    await _audit_failure(request, services, lookup.key_id, "access.key_invalid")
    raise AccessError("access.key_invalid", 401, "key_invalid", {"WWW-Authenticate": WWW_AUTHENTICATE + ', error="invalid_token"'})


async def _take_token(request: Request, services: AccessServices, principal: Principal) -> None:
    bucket = principal.key_id
    if principal.kind is PrincipalKind.ANONYMOUS:
        bucket = f"anonymous:{request.client.host if request.client else '-'}"
    wait = services.limiter.take(bucket)
    if wait:
        request.state.rejection = "rate_limited"
        log.warning("rate limited key_id=%s retry_after=%d", principal.key_id, wait)
        await _audit_rate_limited(request, services, principal, bucket)
        raise AccessError("access.rate_limited", 429, "rate_limited", {"Retry-After": str(wait)}, seconds=wait)


async def _audit_failure(request: Request, services: AccessServices, key_id: str | None, detail: str) -> None:
    request.state.rejection = detail.removeprefix("access.")
    actor = {"key_id": key_id, "agency": None, "country": None, "kind": "unauthenticated"}
    log.warning("authentication failed key_id=%s reason=%s path=%s", key_id or "-", detail, request.url.path)
    await run_in_threadpool(
        services.audit.record, actor, "auth.failed", query=_request_fields(request), outcome=FAILURE, detail=detail
    )


async def _audit_refusal(request: Request, services: AccessServices, principal: Principal, detail: str) -> None:
    request.state.rejection = detail.removeprefix("access.")
    log.warning("role refused key_id=%s path=%s", principal.key_id, request.url.path)
    await run_in_threadpool(
        services.audit.record, principal, "auth.forbidden", query=_request_fields(request), outcome=FAILURE, detail=detail
    )


async def _audit_rate_limited(request: Request, services: AccessServices, principal: Principal, bucket: str) -> None:
    # A flood of refused requests writes at most one entry per bucket and second; the entries
    # skipped in between are not written, only counted in the next entry's query as ``suppressed``.
    suppressed = services.refusal_audits.admit(bucket)
    if suppressed is None:
        return
    query = {**_request_fields(request), "suppressed": suppressed}
    await run_in_threadpool(
        services.audit.record, principal, "auth.rate_limited", query=query, outcome=FAILURE, detail="access.rate_limited"
    )


def _request_fields(request: Request) -> dict[str, Any]:
    return {"method": request.method, "path": request.url.path, "client": request.client.host if request.client else None}


def install_access_handlers(app: Any) -> None:
    """Render AccessError in the caller's language with its headers (``WWW-Authenticate``, ``Retry-After``)."""

    @app.exception_handler(AccessError)
    async def access_error(request: Request, error: AccessError) -> JSONResponse:
        language = _request_language(request)
        body = {"error": error.key, "message": error.render(language)}
        return JSONResponse(body, status_code=error.status, headers=error.headers)


def _request_language(request: Request) -> str:
    """Language of a request, chosen as ``engine.api.errors.request_language`` does (not imported: that package imports this one)."""
    chosen = request.query_params.get("lang", "").strip().lower()
    if chosen in ("es", "en"):
        return chosen
    return language_from_header(request.headers.get("accept-language"))
