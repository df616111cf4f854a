"""Principals: who makes a request (an API key, the anonymous demo caller, or the local operator) and their roles."""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engine.i18n import UserError


class Role(StrEnum):
    OFFICER = "officer"
    BORDER = "border"
    ANALYST = "analyst"
    SOURCE = "source"
    ADMIN = "admin"


# The roles each group of endpoints accepts; a principal needs any one of them.
SEARCH_ROLES = (Role.OFFICER, Role.BORDER, Role.ANALYST, Role.ADMIN)
READ_BACK_ROLES = SEARCH_ROLES
CHECK_ROLES = (Role.BORDER, Role.OFFICER)
BULK_ROLES = (Role.ANALYST,)
WRITE_ROLES = (Role.SOURCE, Role.ADMIN)
EXPORT_ROLES = (Role.SOURCE, Role.ADMIN)
KEY_ROLES = (Role.ADMIN,)

ROLE_NAMES = frozenset(role.value for role in Role)
ANONYMOUS_KEY_ID = "anonymous"

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PrincipalKind(StrEnum):
    KEY = "key"
    ANONYMOUS = "anonymous"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request, as the audit log records it.

    ``country`` is the viewer country that sharing rules are checked against.
    ``None`` is a trusted local operator (the CLI on the server), which sees
    every record. ``sources`` are the sources a ``source`` principal may write
    and export.
    """

    key_id: str
    agency: str
    country: str | None
    roles: frozenset[str]
    sources: frozenset[str] = field(default_factory=frozenset)
    kind: PrincipalKind = PrincipalKind.KEY

    @property
    def name(self) -> str:
        return self.key_id

    def has_any(self, roles: Iterable[str]) -> bool:
        return any(str(role) in self.roles for role in roles)

    def may_write(self, source: str) -> bool:
        """Tell whether this principal may write, withdraw and export records of ``source``."""
        if Role.ADMIN in self.roles:
            return True
        return Role.SOURCE in self.roles and source in self.sources

    def audit_fields(self) -> dict[str, Any]:
        """The fields that identify this principal in an audit entry (never the key itself)."""
        return {"key_id": self.key_id, "agency": self.agency, "country": self.country, "kind": self.kind.value}


def operator_principal(as_country: str | None = None) -> Principal:
    """The local operator running the CLI: trusted, audited under the OS user name.

    ``as_country`` makes the operator see what a principal of that country sees.
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "unknown"
    country = parse_country(as_country) if as_country else None
    return Principal(
        key_id=f"operator:{user}",
        agency="local operator",
        country=country,
        roles=ROLE_NAMES,
        kind=PrincipalKind.OPERATOR,
    )


def parse_roles(values: Iterable[str]) -> frozenset[str]:
    """Check role names; raise UserError naming the first unknown one."""
    roles = set()
    for value in values:
        cleaned = value.strip().lower()
        if cleaned not in ROLE_NAMES:
            raise UserError("keys.role_invalid", value=value)
        roles.add(cleaned)
    return frozenset(roles)


def parse_country(value: str) -> str:
    """Return an upper-case ISO 3166 alpha-2 code; raise UserError otherwise."""
    cleaned = (value or "").strip().upper()
    if not _COUNTRY.match(cleaned):
        raise UserError("keys.country_invalid", value=value)
    return cleaned
