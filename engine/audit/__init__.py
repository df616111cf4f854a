"""The audit log: every search, scan, vehicle check, bulk job, ingest, key change and failed authentication.

Use from any module, in the API process, the CLI or a bulk worker process::

    from engine import audit

    audit.record(runtime.config, principal, "document.check",
                 query={"number": "G1234567", "country": "MX"},
                 hits=len(found), record_ids=[f"{r.source}/{r.record_id}" for r in found])

``principal`` is an ``engine.access.Principal`` (or a mapping with ``key_id``,
``agency`` and ``country``). Store the query fields as asked; never pass an
API key. ``outcome`` is ``"success"`` or ``"failure"``, and ``detail`` an
error key for a failure. The call returns after the entry is on disk.

The log's file comes from the ``[audit]`` table of the sources file::

    [audit]
    path = "var/audit.db"     # default: audit.db next to the embedded database
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from engine.audit.chain import ChainCheck, verify_segment
from engine.audit.log import FAILURE, MAX_RECORD_IDS, SUCCESS, Actor, AuditLog
from engine.sources import ConfigError, SourcesConfig

__all__ = [
    "FAILURE", "MAX_RECORD_IDS", "SUCCESS", "Actor", "AuditLog", "ChainCheck",
    "audit_log_for", "audit_path", "record", "verify_segment",
]

_OPEN_LOGS: dict[Path, AuditLog] = {}
_OPEN_LOCK = threading.Lock()


def audit_path(config: SourcesConfig) -> Path:
    """Return the audit log file of a sources file: ``[audit] path``, else ``audit.db`` next to the database."""
    table = config.extra.get("audit", {})
    where = str(config.config_path) if config.config_path else "sources configuration"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: audit must be a table; write it as [audit]")
    unknown = sorted(set(table) - {"path"})
    if unknown:
        raise ConfigError(f"{where}: audit has unknown key {unknown[0]!r}; the only key is path")

    value = table.get("path")
    if value is None:
        return config.database_path.parent / "audit.db"
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'{where}: audit.path must be a file path, not {value!r}; write path = "var/audit.db"')
    return Path(value).expanduser().absolute()


def audit_log_for(config: SourcesConfig) -> AuditLog:
    """Return this process's open audit log for a sources file, opening it on first use."""
    path = audit_path(config).resolve()
    with _OPEN_LOCK:
        opened = _OPEN_LOGS.get(path)
        if opened is None:
            opened = _OPEN_LOGS[path] = AuditLog(path)
        return opened


def record(
    config: SourcesConfig,
    actor: Actor | Mapping[str, Any],
    action: str,
    *,
    query: Mapping[str, Any] | None = None,
    hits: int | None = None,
    record_ids: Sequence[str] = (),
    outcome: str = SUCCESS,
    detail: str | None = None,
) -> dict[str, Any]:
    """Append one entry to the audit log of ``config``; see ``AuditLog.record``."""
    return audit_log_for(config).record(
        actor, action, query=query, hits=hits, record_ids=record_ids, outcome=outcome, detail=detail
    )
