"""Exact-key lookups of listed documents and vehicles in every visible source, one call per backend."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.checks.messages import CHECK_MESSAGES, render
from engine.federation import MissingSource
from engine.identifiers.errors import IdentifierError
from engine.identifiers.icao_codes import normalise_country
from engine.index.base import Backend
from engine.records import Record, record_to_dict
from engine.runtime import Runtime

log = logging.getLogger("cruce.checks")

LISTING_LIMIT = 50

Finder = Callable[[Any, list[str]], list[Record]]


@dataclass(slots=True)
class LookupResult:
    records: list[Record] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)
    missing: list[MissingSource] = field(default_factory=list)


def selected_sources(runtime: Runtime, sources: Sequence[str] | None) -> list[str]:
    """Return the requested source names (every configured one by default); raises UnknownSource."""
    if sources is None:
        return list(runtime.federation.source_names)
    return [runtime.federation.source(name).name for name in dict.fromkeys(sources)]


def lookup(runtime: Runtime, names: list[str], method: str, find: Finder) -> LookupResult:
    """Call ``find(backend, sources)`` once per backend for the sources it holds.

    A backend without ``method`` (a kind that cannot look up listings) or one
    that raises is reported as missing for each of its sources, never as clear.
    """
    result = LookupResult()
    for backend, group in _by_backend(runtime, names):
        if not hasattr(backend, method):
            result.missing.extend(MissingSource(name, "unsupported", f"{backend.name} has no {method}") for name in group)
            continue
        try:
            result.records.extend(find(backend, group))
        except Exception as error:  # a failed source is reported while the other sources are still searched
            log.exception("listing lookup failed sources=%s", ",".join(group))
            result.missing.extend(MissingSource(name, "error", f"{type(error).__name__}: {error}") for name in group)
            continue
        result.searched.extend(group)
    return result


def _by_backend(runtime: Runtime, names: list[str]) -> list[tuple[Backend, list[str]]]:
    groups: dict[int, tuple[Backend, list[str]]] = {}
    for name in names:
        backend = runtime.backend_for(name)
        groups.setdefault(id(backend), (backend, []))[1].append(name)
    return list(groups.values())


def listing_to_dict(record: Record, language: str) -> dict[str, Any]:
    """Describe one listed record with its source, owner and translated reason."""
    reason = getattr(record, "reason", "stolen")
    key = f"listing.{reason}"
    return {
        "source": record.source,
        "owner": record.owner,
        "record_id": record.record_id,
        "reason": reason,
        "reason_label": render(key, language) if key in CHECK_MESSAGES else reason,
        "record": record_to_dict(record),
    }


def icao_or_none(code: str | None) -> str | None:
    """Return the ICAO code of a country given in any common form, or ``None`` when it is missing or unknown."""
    if not code:
        return None
    try:
        return normalise_country(code)
    except IdentifierError:
        return None
