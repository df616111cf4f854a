"""The ``[sync]`` table of the sources file: which source feeds which, what qualifies, where the checkpoint lives.

Every key is optional; without the table the national source ``mx`` feeds the
international source ``intl``::

    [sync]
    from_source = "mx"                                  # the national source whose changes are replayed
    to_source = "intl"                                  # the international source that receives copies
    record_kinds = ["person", "travel_document", "vehicle"]
    person_notices = ["warrant", "red", "wanted"]       # a person qualifies with a notice of one of these kinds
    document_reasons = ["stolen", "lost"]               # a travel document qualifies with one of these reasons
    vehicle_reasons = ["stolen"]                        # a vehicle qualifies with one of these reasons
    checkpoint_path = "var/sync.db"                     # default: sync.db next to the embedded database
    changelog_path = "var/changes.db"                   # change log of search-engine sources; default: changes.db there
    batch_size = 5000                                   # changes applied and checkpointed together
    interval_ms = 200                                   # pause between polls of ``cruce sync --follow``

Whatever the table lists, only active records whose sharing scope is not
``national`` are copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.records import RecordKind
from engine.sources import ConfigError, SourcesConfig

DEFAULT_FROM_SOURCE = "mx"
DEFAULT_TO_SOURCE = "intl"
DEFAULT_PERSON_NOTICES = ("warrant", "red", "wanted")
DEFAULT_DOCUMENT_REASONS = ("stolen", "lost")
DEFAULT_VEHICLE_REASONS = ("stolen",)
DEFAULT_BATCH_SIZE = 5000
DEFAULT_INTERVAL_MS = 200

_KEYS = frozenset(
    {
        "from_source", "to_source", "record_kinds", "person_notices", "document_reasons", "vehicle_reasons",
        "checkpoint_path", "changelog_path", "batch_size", "interval_ms",
    }
)


@dataclass(frozen=True, slots=True)
class SyncSettings:
    from_source: str
    to_source: str
    record_kinds: frozenset[RecordKind]
    person_notices: frozenset[str]
    document_reasons: frozenset[str]
    vehicle_reasons: frozenset[str]
    checkpoint_path: Path
    changelog_path: Path
    batch_size: int = DEFAULT_BATCH_SIZE
    interval_ms: int = DEFAULT_INTERVAL_MS

    @property
    def pair(self) -> str:
        """The name under which the checkpoint of this replication is stored."""
        return f"{self.from_source}->{self.to_source}"


def changelog_path(config: SourcesConfig) -> Path:
    """Return the change log file of search-engine sources, without checking the rest of ``[sync]``."""
    table = _table(config)
    return _path(_where(config), table, "changelog_path", config.database_path.parent / "changes.db")


def sync_settings(config: SourcesConfig) -> SyncSettings:
    """Read the ``[sync]`` table of a sources file. Raises ConfigError naming the bad value and the fix."""
    where = _where(config)
    table = _table(config)
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: sync has unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_KEYS))}")

    from_source = _source(where, config, table, "from_source", DEFAULT_FROM_SOURCE)
    to_source = _source(where, config, table, "to_source", DEFAULT_TO_SOURCE)
    if from_source == to_source:
        raise ConfigError(f"{where}: sync.from_source and sync.to_source are both {from_source!r}; name two sources")

    kinds = _words(where, table, "record_kinds", tuple(kind.value for kind in RecordKind))
    known_kinds = {kind.value for kind in RecordKind}
    if not kinds <= known_kinds:
        bad = sorted(kinds - known_kinds)[0]
        raise ConfigError(f"{where}: sync.record_kinds has {bad!r}; use {', '.join(sorted(known_kinds))}")

    return SyncSettings(
        from_source=from_source,
        to_source=to_source,
        record_kinds=frozenset(RecordKind(kind) for kind in kinds),
        person_notices=_words(where, table, "person_notices", DEFAULT_PERSON_NOTICES),
        document_reasons=_words(where, table, "document_reasons", DEFAULT_DOCUMENT_REASONS),
        vehicle_reasons=_words(where, table, "vehicle_reasons", DEFAULT_VEHICLE_REASONS),
        checkpoint_path=_path(where, table, "checkpoint_path", config.database_path.parent / "sync.db"),
        changelog_path=changelog_path(config),
        batch_size=_positive(where, table, "batch_size", DEFAULT_BATCH_SIZE),
        interval_ms=_positive(where, table, "interval_ms", DEFAULT_INTERVAL_MS),
    )


def _where(config: SourcesConfig) -> str:
    return str(config.config_path) if config.config_path else "sources configuration"


def _table(config: SourcesConfig) -> Mapping[str, Any]:
    table = config.extra.get("sync", {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"{_where(config)}: sync must be a table; write it as [sync]")
    return table


def _source(where: str, config: SourcesConfig, table: Mapping[str, Any], key: str, default: str) -> str:
    name = table.get(key, default)
    if not isinstance(name, str) or name not in config.sources:
        known = ", ".join(config.sources) or "-"
        raise ConfigError(f"{where}: sync.{key} {name!r} is not a configured source; use one of {known}")
    return name


def _words(where: str, table: Mapping[str, Any], key: str, default: tuple[str, ...]) -> frozenset[str]:
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(f'{where}: sync.{key} must be a list of words such as ["{default[0]}"], not {value!r}')
    return frozenset(item.strip().lower() for item in value)


def _path(where: str, table: Mapping[str, Any], key: str, default: Path) -> Path:
    value = table.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: sync.{key} must be a file path, not {value!r}")
    return Path(value).expanduser().absolute()


def _positive(where: str, table: Mapping[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: sync.{key} must be a positive whole number, not {value!r}")
    return value
