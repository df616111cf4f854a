"""Export audit entries as JSON Lines for an inspector, and read such an export back for verification."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.audit.log import AuditLog
from engine.i18n import UserError


def time_bound(value: str | None, *, end: bool) -> str | None:
    """Turn ``YYYY-MM-DD`` or an ISO 8601 UTC time into the stored form; a bare date as ``end`` covers its whole day."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            datetime.strptime(text, "%Y-%m-%d")
            return f"{text}T23:59:59.999999Z" if end else f"{text}T00:00:00.000000Z"
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UserError("audit.time_invalid", value=value) from None
    offset = parsed.utcoffset()
    if offset is not None and offset.total_seconds() != 0:
        raise UserError("audit.time_invalid", value=value)
    return parsed.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def export_entries(log: AuditLog, out: Path, *, since: str | None = None, until: str | None = None) -> int:
    """Write the entries between ``since`` and ``until`` to ``out`` (JSON Lines, with hashes) and return how many."""
    count = 0
    temporary = out.with_name(out.name + ".partial")
    with temporary.open("w", encoding="utf-8") as handle:
        for entry in log.entries(time_bound(since, end=False), time_bound(until, end=True)):
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(out)
    return count


def read_export(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the entries of an exported file in order; a line that is not a JSON object yields an empty entry."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                entry = None
            yield entry if isinstance(entry, dict) else {}
