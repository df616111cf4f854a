"""API keys: created at random, shown once, stored only as a SHA-256 hash in a SQLite file.

A key reads ``crk_<key id>_<secret>``. The key id is public (it names the key
in listings and in the audit log); the secret is 32 random bytes. The store
keeps the SHA-256 of the whole key, which is enough for a key of 256 random
bits: no salt or slow hash is needed because nobody can guess such a key from
a dictionary. A presented key is found by its key id and compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from engine.access.principal import Principal, PrincipalKind, Role, parse_country, parse_roles
from engine.i18n import UserError

log = logging.getLogger("cruce.access")

KEY_PREFIX = "crk"
MAX_AGENCY_LENGTH = 100

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    agency TEXT NOT NULL,
    country TEXT NOT NULL,
    roles TEXT NOT NULL,
    sources TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT
);
"""

# Compared against when a key id is unknown, so that a miss costs the same as a wrong secret.
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


class KeyCheck(StrEnum):
    """Outcome of checking a presented key."""

    VALID = "valid"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key's metadata; the secret itself is never stored."""

    key_id: str
    agency: str
    country: str
    roles: frozenset[str]
    sources: frozenset[str]
    label: str
    created_at: str
    created_by: str
    revoked_at: str | None = None
    revoked_by: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def principal(self) -> Principal:
        return Principal(self.key_id, self.agency, self.country, self.roles, self.sources, PrincipalKind.KEY)

    def to_dict(self) -> dict[str, object]:
        return {
            "key_id": self.key_id,
            "agency": self.agency,
            "country": self.country,
            "roles": sorted(self.roles),
            "sources": sorted(self.sources),
            "label": self.label,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "revoked_at": self.revoked_at,
            "revoked_by": self.revoked_by,
        }


@dataclass(frozen=True, slots=True)
class KeyLookup:
    check: KeyCheck
    key_id: str | None = None
    key: ApiKey | None = None


class KeyStore:
    """The API keys of one deployment, in a SQLite file in WAL mode shared by every process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._connections_lock = threading.Lock()
        connection = self._connection()
        connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(SCHEMA)

    def create(
        self,
        *,
        agency: str,
        country: str,
        roles: Iterable[str],
        sources: Iterable[str] = (),
        label: str = "",
        created_by: str,
    ) -> tuple[ApiKey, str]:
        """Create a key and return its metadata and the key itself, which only this call ever returns.

        Raises UserError for an invalid agency, country, role, or a source role without sources.
        """
        agency = agency.strip()
        if not agency or len(agency) > MAX_AGENCY_LENGTH:
            raise UserError("keys.agency_invalid", value=agency)
        country = parse_country(country)
        role_set = parse_roles(roles)
        if not role_set:
            raise UserError("keys.roles_missing")
        source_set = frozenset(source.strip() for source in sources if source.strip())
        if Role.SOURCE in role_set and not source_set:
            raise UserError("keys.source_needed")

        key_id = secrets.token_hex(6)
        secret = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        key = ApiKey(key_id, agency, country, role_set, source_set, label.strip(), _now(), created_by)
        with self._lock:
            self._connection().execute(
                "INSERT INTO api_keys (key_id, key_hash, agency, country, roles, sources, label, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key.key_id, _digest(secret), key.agency, key.country, json.dumps(sorted(key.roles)),
                    json.dumps(sorted(key.sources)), key.label, key.created_at, key.created_by,
                ),
            )
        log.info("api key created key_id=%s country=%s roles=%s", key_id, country, ",".join(sorted(role_set)))
        return key, secret

    def revoke(self, key_id: str, *, revoked_by: str) -> bool:
        """Revoke a key from now on; return False when it was already revoked. Raises UserError for an unknown key."""
        with self._lock:
            connection = self._connection()
            row = connection.execute("SELECT revoked_at FROM api_keys WHERE key_id = ?", (key_id,)).fetchone()
            if row is None:
                raise UserError("keys.not_found", status=404, key_id=key_id)
            if row[0] is not None:
                return False
            connection.execute(
                "UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE key_id = ?", (_now(), revoked_by, key_id)
            )
        log.info("api key revoked key_id=%s", key_id)
        return True

    def list(self) -> list[ApiKey]:
        rows = self._connection().execute(
            "SELECT key_id, agency, country, roles, sources, label, created_at, created_by, revoked_at, revoked_by "
            "FROM api_keys ORDER BY created_at, key_id"
        ).fetchall()
        return [_key_from_row(row) for row in rows]

    def get(self, key_id: str) -> ApiKey | None:
        row = self._connection().execute(
            "SELECT key_id, agency, country, roles, sources, label, created_at, created_by, revoked_at, revoked_by "
            "FROM api_keys WHERE key_id = ?",
            (key_id,),
        ).fetchone()
        return _key_from_row(row) if row else None

    def authenticate(self, presented: str) -> KeyLookup:
        """Check a presented key. The result names the key id when the key is well formed, so failures can be audited."""
        key_id = parse_key_id(presented)
        if key_id is None:
            return KeyLookup(KeyCheck.MALFORMED)

        row = self._connection().execute(
            "SELECT key_hash, key_id, agency, country, roles, sources, label, created_at, created_by, revoked_at, revoked_by "
            "FROM api_keys WHERE key_id = ?",
            (key_id,),
        ).fetchone()
        stored_hash = row[0] if row else _DUMMY_HASH
        matches = hmac.compare_digest(stored_hash, _digest(presented))
        if row is None or not matches:
            return KeyLookup(KeyCheck.UNKNOWN, key_id)

        key = _key_from_row(row[1:])
        if key.revoked:
            return KeyLookup(KeyCheck.REVOKED, key_id, key)
        return KeyLookup(KeyCheck.VALID, key_id, key)

    def close(self) -> None:
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout = 10000")
            connection.execute("PRAGMA synchronous = FULL")
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection


def parse_key_id(presented: str) -> str | None:
    """Return the key id of a well-formed key, or None."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(parts[1]) != 12 or len(parts[2]) < 32:
        return None
    if any(character not in "0123456789abcdef" for character in parts[1]):
        return None
    return parts[1]


def _digest(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def _key_from_row(row: tuple) -> ApiKey:
    key_id, agency, country, roles, sources, label, created_at, created_by, revoked_at, revoked_by = row
    return ApiKey(
        key_id, agency, country, frozenset(json.loads(roles)), frozenset(json.loads(sources)), label,
        created_at, created_by, revoked_at, revoked_by,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
