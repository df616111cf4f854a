"""Sources: the configured databases Cruce searches, each with an owner country and a backend.

Sources are read from one TOML file, chosen in this order: the ``--config``
option, the ``CRUCE_SOURCES`` environment variable, then the packaged
``engine/sources.default.toml``. The file has one ``[embedded]`` table and one
``[sources.NAME]`` table per source::

    [embedded]
    path = "var/cruce.db"          # relative to the working directory; CRUCE_DB overrides it

    [sources.mx]
    backend = "embedded"           # or "elasticsearch" / "opensearch" with url and index_prefix
    owner = "MX"
    label_es = "Plataforma nacional (México)"
    label_en = "National platform (Mexico)"
    timeout_ms = 1000

Every embedded source shares the one database file. ``owner`` is the country
that owns a record of the source when the record arrives without one. The
default international source uses ``INTL``, a code that no viewer country can
equal, because its records carry the owner of each notice or listing.

Backends are built by factories registered per backend kind. The embedded kind
is built in; a module ``engine.index.<kind>`` that calls
``register_backend_kind`` when imported provides any other kind.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import tomllib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.i18n import UserError
from engine.index.base import Backend

DEFAULT_CONFIG = Path(__file__).with_name("sources.default.toml")
CONFIG_ENV = "CRUCE_SOURCES"
DATABASE_ENV = "CRUCE_DB"
DEFAULT_DATABASE = "var/cruce.db"
DEFAULT_TIMEOUT_MS = 1000
MAX_TIMEOUT_MS = 60_000

BACKEND_KINDS = ("embedded", "elasticsearch", "opensearch")
SEARCH_ENGINE_KINDS = ("elasticsearch", "opensearch")

_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_OWNER = re.compile(r"^[A-Z]{2}$|^INTL$")
_SOURCE_KEYS = frozenset({"backend", "owner", "label_es", "label_en", "timeout_ms", "url", "index_prefix"})
_EMBEDDED_KEYS = frozenset({"path"})


class ConfigError(UserError):
    """An invalid sources file; the message names the file, the value and the fix."""

    def __init__(self, problem: str) -> None:
        super().__init__("config.invalid", status=500, problem=problem)
        self.problem = problem


class UnknownSource(UserError):
    """A source name that the sources file does not configure."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__("source.unknown", status=422, value=name, known=", ".join(known) or "-")
        self.name = name
        self.known = tuple(known)


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str
    backend: str
    owner: str
    label_es: str
    label_en: str
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    url: str | None = None
    index_prefix: str | None = None

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_es


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    """The sources of one configuration file, in the order the file lists them."""

    sources: dict[str, SourceConfig]
    database_path: Path
    config_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def names(self) -> list[str]:
        return list(self.sources)

    def source(self, name: str) -> SourceConfig:
        """Return the source called ``name``; raise UnknownSource when there is none."""
        try:
            return self.sources[name]
        except KeyError:
            raise UnknownSource(name, self.names()) from None

    def select(self, names: Sequence[str] | None) -> list[SourceConfig]:
        """Return the named sources (every source for None), raising UnknownSource for a name not configured."""
        if names is None:
            return list(self.sources.values())
        return [self.source(name) for name in dict.fromkeys(names)]


def resolve_config_path(option: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """Pick the sources file: the ``--config`` option, then CRUCE_SOURCES, then the packaged default."""
    environ = os.environ if environ is None else environ
    if option:
        return Path(option)
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV])
    return DEFAULT_CONFIG


def load_sources(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> SourcesConfig:
    """Read and check a sources file. Raises ConfigError naming the bad value and the fix."""
    environ = os.environ if environ is None else environ
    config_path = resolve_config_path(path, environ)
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"sources file {str(config_path)!r} not found; pass --config with an existing file or fix {CONFIG_ENV}"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{config_path} is not valid TOML ({error}); fix that line") from None

    return parse_sources(data, config_path=config_path, environ=environ)


def parse_sources(
    data: Mapping[str, Any], *, config_path: Path | None = None, environ: Mapping[str, str] | None = None
) -> SourcesConfig:
    """Check decoded TOML and build the configuration. Raises ConfigError."""
    environ = os.environ if environ is None else environ
    where = str(config_path) if config_path else "sources configuration"

    tables = data.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise ConfigError(f"{where} defines no sources; add a [sources.NAME] table such as [sources.mx]")

    sources = {name: _parse_source(where, name, table) for name, table in tables.items()}
    database_path = _database_path(where, data.get("embedded", {}), environ)
    extra = {key: value for key, value in data.items() if key not in ("sources", "embedded")}
    return SourcesConfig(sources, database_path, config_path, extra)


def _parse_source(where: str, name: str, table: Any) -> SourceConfig:
    if not _SOURCE_NAME.match(name):
        raise ConfigError(
            f"{where}: source name {name!r} is invalid; use lower-case letters, digits, '-' or '_', starting with a letter"
        )
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: sources.{name} must be a table; write it as [sources.{name}]")

    unknown = sorted(set(table) - _SOURCE_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: sources.{name} has unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_SOURCE_KEYS))}"
        )

    backend = table.get("backend", "embedded")
    if backend not in BACKEND_KINDS:
        raise ConfigError(
            f"{where}: sources.{name}.backend {backend!r} is unknown; use one of {', '.join(BACKEND_KINDS)}"
        )

    owner = table.get("owner")
    if not isinstance(owner, str) or not owner.strip():
        raise ConfigError(f'{where}: sources.{name} has no owner; add owner = "MX" (a two-letter country code, or INTL)')
    owner = owner.strip().upper()
    if not _OWNER.match(owner):
        raise ConfigError(
            f"{where}: sources.{name}.owner {owner!r} is invalid; use a two-letter ISO 3166 country code or INTL"
        )

    timeout_ms = table.get("timeout_ms", DEFAULT_TIMEOUT_MS)
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or not 1 <= timeout_ms <= MAX_TIMEOUT_MS:
        raise ConfigError(
            f"{where}: sources.{name}.timeout_ms {timeout_ms!r} is invalid; use a whole number of milliseconds "
            f"from 1 to {MAX_TIMEOUT_MS}"
        )

    url = _optional_text(where, name, table, "url")
    index_prefix = _optional_text(where, name, table, "index_prefix")
    if backend in SEARCH_ENGINE_KINDS and not url:
        raise ConfigError(f'{where}: sources.{name} uses backend {backend!r} but has no url; add url = "http://127.0.0.1:9200"')

    label_es = _optional_text(where, name, table, "label_es") or name
    label_en = _optional_text(where, name, table, "label_en") or label_es
    return SourceConfig(name, backend, owner, label_es, label_en, timeout_ms, url, index_prefix)


def _optional_text(where: str, name: str, table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: sources.{name}.{key} must be a string, not {value!r}")
    return value.strip() or None


def _database_path(where: str, table: Any, environ: Mapping[str, str]) -> Path:
    """Return the embedded database path: CRUCE_DB, then [embedded] path, then the default, made absolute."""
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: embedded must be a table; write [embedded] and path = "{DEFAULT_DATABASE}"')
    unknown = sorted(set(table) - _EMBEDDED_KEYS)
    if unknown:
        raise ConfigError(f"{where}: embedded has unknown key {unknown[0]!r}; the only key is path")

    value = environ.get(DATABASE_ENV) or table.get("path", DEFAULT_DATABASE)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'{where}: embedded.path {value!r} is invalid; write path = "{DEFAULT_DATABASE}"')
    return Path(value).expanduser().absolute()


# Backend factories.

BackendFactory = Callable[[SourceConfig, SourcesConfig], Backend]
ShareKey = Callable[[SourceConfig, SourcesConfig], Hashable]


@dataclass(frozen=True, slots=True)
class _Registration:
    factory: BackendFactory
    share_key: ShareKey | None


_REGISTRY: dict[str, _Registration] = {}


def register_backend_kind(kind: str, factory: BackendFactory, *, share_key: ShareKey | None = None) -> None:
    """Register how to build the backend of a source of this kind.

    Sources whose ``share_key`` values are equal get one backend instance
    between them; without ``share_key`` every source gets its own.
    """
    _REGISTRY[kind] = _Registration(factory, share_key)


def open_backends(config: SourcesConfig, names: Sequence[str] | None = None) -> dict[str, Backend]:
    """Build the backend of every source (or of the named ones), sharing instances where the kind allows."""
    backends: dict[str, Backend] = {}
    shared: dict[tuple[str, Hashable], Backend] = {}
    for source in config.select(names):
        registration = _registration(source.backend)
        if registration.share_key is None:
            backends[source.name] = _build(registration, source, config)
            continue

        key = (source.backend, registration.share_key(source, config))
        if key not in shared:
            shared[key] = _build(registration, source, config)
        backends[source.name] = shared[key]
    return backends


def _build(registration: _Registration, source: SourceConfig, config: SourcesConfig) -> Backend:
    """Open a source's backend; a search engine that does not answer becomes a backend that retries on use."""
    if source.backend not in SEARCH_ENGINE_KINDS:
        return registration.factory(source, config)
    try:
        return registration.factory(source, config)
    except Exception as error:  # a server that is down must not keep the other sources from answering
        from engine.index.deferred import DeferredBackend

        logging.getLogger(__name__).warning("source backend did not open source=%s error=%s", source.name, error)
        return DeferredBackend(source.name, lambda: registration.factory(source, config), error)


def close_backends(backends: Mapping[str, Backend]) -> None:
    """Close every distinct backend once."""
    seen: set[int] = set()
    for backend in backends.values():
        if id(backend) not in seen:
            seen.add(id(backend))
            backend.close()


def _registration(kind: str) -> _Registration:
    if kind not in _REGISTRY:
        try:
            importlib.import_module(f"engine.index.{kind}")
        except ModuleNotFoundError as error:
            if error.name != f"engine.index.{kind}":
                raise
    if kind not in _REGISTRY:
        raise ConfigError(
            f"backend kind {kind!r} has no implementation in this installation; use backend = \"embedded\""
        )
    return _REGISTRY[kind]


def _open_embedded(source: SourceConfig, config: SourcesConfig) -> Backend:
    from engine.index.sqlite import EmbeddedIndex

    return EmbeddedIndex(config.database_path)


register_backend_kind("embedded", _open_embedded, share_key=lambda source, config: config.database_path)
