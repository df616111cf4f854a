"""The access services of one application: settings, key store, rate limiter and audit log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from engine.access.keys import KeyStore
from engine.access.rate import AuditThrottle, RateLimiter
from engine.access.settings import AccessSettings, access_settings
from engine.audit import AuditLog, audit_log_for
from engine.sources import SourcesConfig

_BUILD_LOCK = threading.Lock()


@dataclass
class AccessServices:
    config: SourcesConfig
    settings: AccessSettings
    keys: KeyStore
    limiter: RateLimiter
    audit: AuditLog
    # Refusals by the rate limiter are audited at most once per key and second.
    refusal_audits: AuditThrottle = field(default_factory=AuditThrottle)

    @classmethod
    def open(cls, config: SourcesConfig) -> AccessServices:
        """Open the key store and audit log that a sources file names."""
        settings = access_settings(config)
        return cls(
            config=config,
            settings=settings,
            keys=KeyStore(settings.keys_path),
            limiter=RateLimiter(settings.rate_per_second, settings.burst),
            audit=audit_log_for(config),
        )

    def close(self) -> None:
        self.keys.close()


def access_services(app: Any) -> AccessServices:
    """Return ``app.state.access``, building it from ``app.state.runtime``'s sources file on first use."""
    services = getattr(app.state, "access", None)
    if services is not None:
        return services

    with _BUILD_LOCK:
        services = getattr(app.state, "access", None)
        if services is None:
            runtime = getattr(app.state, "runtime", None)
            if runtime is None:
                raise RuntimeError("the application has no runtime yet; access control needs its sources file")
            services = AccessServices.open(runtime.config)
            app.state.access = services
        return services


async def audit_action(request: Any, principal: Any, action: str, **fields: Any) -> dict[str, Any]:
    """Append an audit entry for a request from the API's event loop, without blocking it on the disk write.

    ``fields`` are those of ``AuditLog.record``: query, hits, record_ids, outcome, detail.
    """
    from starlette.concurrency import run_in_threadpool

    audit = access_services(request.app).audit
    return await run_in_threadpool(lambda: audit.record(principal, action, **fields))
