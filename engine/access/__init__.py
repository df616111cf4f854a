"""Access control: API keys, principals, roles, and the FastAPI dependency that checks them.

Protect a route with the roles it accepts; the dependency returns the caller's
``Principal`` (key_id, agency, country, roles, sources)::

    from fastapi import Depends
    from engine.access import BULK_ROLES, Principal, require_roles

    @router.post("/v1/bulk-jobs")
    async def create_job(request: Request, principal: Principal = Depends(require_roles(*BULK_ROLES))):
        ...  # query with viewer_country=principal.country; audit with engine.audit.record(...)

- The key comes from ``X-API-Key``, ``Authorization: Bearer KEY``, or the
  ``cruce_key`` cookie (for the web pages: set it from a login form).
- Missing, invalid or revoked key: 401 with ``WWW-Authenticate``; wrong role or
  another source's data: 403; over the per-key rate: 429 with ``Retry-After``.
  The app must call ``install_access_handlers(app)`` (``create_app`` does) so
  these errors render in the caller's language with their headers.
- ``principal.country`` is the viewer country: pass it as ``viewer_country``
  to every backend query. The dependency also sets ``request.state.principal``.
- ``optional_principal`` returns the principal or None (no key, no anonymous
  access), for pages that show less to an unauthenticated visitor.
- ``check_source_access(request, principal, source)`` raises 403 unless the
  principal may write and export that source (its own, or any for admin).
- ``await audit_action(request, principal, "document.check", query=..., hits=...,
  record_ids=[...])`` appends an audit entry from a route (see ``engine.audit``).
- When the sources file sets ``[access] anonymous_country``, a request without
  a key acts as the anonymous principal of that country (see
  ``engine.access.settings``).

Role groups: ``SEARCH_ROLES`` (officer, border, analyst, admin) for person
search and record read-back, ``CHECK_ROLES`` (border, officer) for document
and vehicle checks, ``BULK_ROLES`` (analyst) for bulk jobs, ``WRITE_ROLES`` and
``EXPORT_ROLES`` (source, admin) for source writes and exports, ``KEY_ROLES``
(admin) for key management.

The CLI runs as the local operator (``operator_principal()``): trusted, with
viewer country None unless ``--as-country`` is given, audited under the OS
user name.
"""

from __future__ import annotations

from engine.access import messages as _messages  # noqa: F401  (registers the access messages)
from engine.access.dependency import (
    API_KEY_HEADER,
    COOKIE_NAME,
    AccessError,
    authenticate_key,
    check_source_access,
    install_access_handlers,
    optional_principal,
    require_roles,
)
from engine.access.keys import ApiKey, KeyStore
from engine.access.principal import (
    BULK_ROLES,
    CHECK_ROLES,
    EXPORT_ROLES,
    KEY_ROLES,
    READ_BACK_ROLES,
    SEARCH_ROLES,
    WRITE_ROLES,
    Principal,
    PrincipalKind,
    Role,
    operator_principal,
)
from engine.access.services import AccessServices, access_services, audit_action
from engine.access.settings import AccessSettings, access_settings

__all__ = [
    "API_KEY_HEADER", "BULK_ROLES", "CHECK_ROLES", "COOKIE_NAME", "EXPORT_ROLES", "KEY_ROLES", "READ_BACK_ROLES",
    "SEARCH_ROLES", "WRITE_ROLES", "AccessError", "AccessServices", "AccessSettings", "ApiKey", "KeyStore",
    "Principal", "PrincipalKind", "Role", "access_services", "audit_action", "access_settings", "check_source_access",
    "install_access_handlers", "operator_principal", "optional_principal", "require_roles",
]
