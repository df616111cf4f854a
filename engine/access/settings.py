"""The ``[access]`` table of the sources file: key store, anonymous demo access and request limits.

Every key is optional::

    [access]
    keys_path = "var/keys.db"            # default: keys.db next to the embedded database
    anonymous_country = "MX"             # unset: every /v1 request needs a key
    anonymous_roles = ["officer", "border", "analyst"]
    anonymous_agency = "demo"
    rate_per_second = 20.0               # sustained requests per second, per key
    burst = 40                           # requests a key may send at once before the rate applies
    max_concurrent = 32                  # /v1 requests in progress at once; more get 503
    max_write_records = 10000            # records in one source write request
    max_write_bytes = 16777216           # body of one source write request, in bytes
    write_timeout_ms = 30000             # budget of one source write or export call to a backend
    open_metrics = false                 # true: /metrics answers without a key (it shows record counts per source)

Without ``anonymous_country`` a request without a key gets 401. With it, such
a request acts as an anonymous principal of that country with
``anonymous_roles`` and is audited as ``anonymous``; use it only for a local
demonstration bound to 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.access.principal import ANONYMOUS_KEY_ID, Principal, PrincipalKind, Role, parse_country, parse_roles
from engine.i18n import UserError
from engine.sources import ConfigError, SourcesConfig

DEFAULT_RATE_PER_SECOND = 20.0
DEFAULT_BURST = 40
DEFAULT_MAX_CONCURRENT = 32
DEFAULT_MAX_WRITE_RECORDS = 10_000
DEFAULT_MAX_WRITE_BYTES = 16 * 1024 * 1024
DEFAULT_WRITE_TIMEOUT_MS = 30_000

_KEYS = frozenset(
    {
        "keys_path", "anonymous_country", "anonymous_roles", "anonymous_agency", "rate_per_second", "burst",
        "max_concurrent", "max_write_records", "max_write_bytes", "write_timeout_ms", "open_metrics",
    }
)


@dataclass(frozen=True, slots=True)
class AccessSettings:
    keys_path: Path
    anonymous: Principal | None = None
    rate_per_second: float = DEFAULT_RATE_PER_SECOND
    burst: int = DEFAULT_BURST
    max_concurrent: int = DEFAULT_MAX_CONCURRENT
    max_write_records: int = DEFAULT_MAX_WRITE_RECORDS
    max_write_bytes: int = DEFAULT_MAX_WRITE_BYTES
    write_timeout_ms: int = DEFAULT_WRITE_TIMEOUT_MS
    open_metrics: bool = False


def access_settings(config: SourcesConfig) -> AccessSettings:
    """Read the ``[access]`` table of a sources file. Raises ConfigError naming the bad value."""
    table = config.extra.get("access", {})
    where = str(config.config_path) if config.config_path else "sources configuration"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: access must be a table; write it as [access]")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: access has unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_KEYS))}")

    keys_path = _path(where, table, "keys_path", config.database_path.parent / "keys.db")
    return AccessSettings(
        keys_path=keys_path,
        anonymous=_anonymous(where, table),
        rate_per_second=_number(where, table, "rate_per_second", DEFAULT_RATE_PER_SECOND, float),
        burst=_number(where, table, "burst", DEFAULT_BURST, int),
        max_concurrent=_number(where, table, "max_concurrent", DEFAULT_MAX_CONCURRENT, int),
        max_write_records=_number(where, table, "max_write_records", DEFAULT_MAX_WRITE_RECORDS, int),
        max_write_bytes=_number(where, table, "max_write_bytes", DEFAULT_MAX_WRITE_BYTES, int),
        write_timeout_ms=_number(where, table, "write_timeout_ms", DEFAULT_WRITE_TIMEOUT_MS, int),
        open_metrics=_flag(where, table, "open_metrics"),
    )


def _anonymous(where: str, table: Mapping[str, Any]) -> Principal | None:
    country = table.get("anonymous_country")
    if country is None:
        return None
    try:
        checked_country = parse_country(str(country))
        roles = parse_roles(table.get("anonymous_roles", [Role.OFFICER.value]))
    except UserError as error:
        raise ConfigError(f"{where}: access: {error}") from None
    if Role.ADMIN in roles or Role.SOURCE in roles:
        raise ConfigError(f"{where}: access.anonymous_roles may not include admin or source; use an API key for those")

    agency = str(table.get("anonymous_agency", "anonymous")).strip() or "anonymous"
    return Principal(ANONYMOUS_KEY_ID, agency, checked_country, roles, frozenset(), PrincipalKind.ANONYMOUS)


def _path(where: str, table: Mapping[str, Any], key: str, default: Path) -> Path:
    value = table.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: access.{key} must be a file path, not {value!r}")
    return Path(value).expanduser().absolute()


def _number(where: str, table: Mapping[str, Any], key: str, default: Any, kind: type) -> Any:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{where}: access.{key} must be a positive number, not {value!r}")
    if kind is int and not isinstance(value, int):
        raise ConfigError(f"{where}: access.{key} must be a whole number, not {value!r}")
    return kind(value)


def _flag(where: str, table: Mapping[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: access.{key} must be true or false, not {value!r}")
    return value
