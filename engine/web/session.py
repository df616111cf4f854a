"""Who is using the pages: the API key kept in a cookie after the login form, or the anonymous principal.

The pages accept the same keys as the API. The login form stores the key in an
HttpOnly, SameSite=Strict cookie, which the API dependency also reads, so the
analyst page's calls to /v1/bulk-jobs carry it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response

from engine.access import COOKIE_NAME, AccessError, Principal, authenticate_key

# A key stays in the browser for one working shift at most.
KEY_COOKIE_MAX_AGE = 12 * 3600


@dataclass(slots=True)
class PageAccess:
    """The principal of a page request, or the reason there is none (an access message key)."""

    principal: Principal | None
    problem: str | None = None

    def allows(self, roles: Iterable[str]) -> bool:
        return self.principal is not None and self.principal.has_any(roles)


async def page_access(request: Request) -> PageAccess:
    """Authenticate the key in the cookie; an absent key falls back to the anonymous principal, if any."""
    try:
        principal = await authenticate_key(request, request.cookies.get(COOKIE_NAME))
    except AccessError as error:
        return PageAccess(None, error.key)
    if principal is None:
        return PageAccess(None, "access.key_missing")
    request.state.principal = principal
    return PageAccess(principal)


def remember_key(response: Response, key: str, secure: bool) -> None:
    response.set_cookie(
        COOKIE_NAME, key, max_age=KEY_COOKIE_MAX_AGE, httponly=True, samesite="strict", secure=secure, path="/"
    )


def forget_key(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/")


def safe_next(target: str | None) -> str:
    """Keep a post-login redirect on this site: only a local absolute path is allowed."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/search"
    return target
