"""A running Cruce: the sources file, one open backend per source, and the federation over them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from engine.federation import Federation
from engine.index.base import Backend
from engine.records import RecordKind
from engine.sources import SourcesConfig, close_backends, load_sources, open_backends

log = logging.getLogger("cruce.runtime")


@dataclass
class Runtime:
    config: SourcesConfig
    backends: dict[str, Backend]
    federation: Federation

    @classmethod
    def open(cls, config_path: str | None = None) -> Runtime:
        """Load the sources file (``None``: CRUCE_SOURCES or the built-in default) and open every backend."""
        config = load_sources(config_path)
        backends = open_backends(config)
        federation = Federation(config.sources, backends)
        log.info("runtime opened sources=%s", ",".join(sorted(config.sources)))
        return cls(config=config, backends=backends, federation=federation)

    def backend_for(self, source: str) -> Backend:
        return self.backends[source]

    def source_counts(self) -> dict[str, dict[str, int]]:
        counts = {}
        for name in sorted(self.config.sources):
            backend = self.backends[name]
            counts[name] = {kind.value: backend.count(kind, source=name) for kind in RecordKind}
        return counts

    def check_ready(self) -> list[str]:
        """List the sources whose backend does not answer a count; empty when every source is ready."""
        problems = []
        for name in sorted(self.config.sources):
            try:
                self.backends[name].count(RecordKind.PERSON, source=name)
            except Exception as error:  # readiness reports any backend failure instead of raising
                log.warning("source not ready source=%s error=%s", name, error)
                problems.append(f"{name}: {error}")
        return problems

    def close(self) -> None:
        self.federation.close()
        close_backends(self.backends)
