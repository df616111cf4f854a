"""The FastAPI application: routers, error handlers, access control, limits and metrics around one Runtime."""

from __future__ import annotations

from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from fastapi import FastAPI

from engine import web
from engine.access import install_access_handlers
from engine.api import bulk_jobs, documents, health, metrics, persons, records, vehicles
from engine.api import sync as sync_api
from engine.api.errors import install_error_handlers
from engine.api.limits import BodySizeLimit, ConcurrencyLimit
from engine.audit.app_log import install_path_only_access_log
from engine.runtime import Runtime

API_DESCRIPTION = """Cruce: federated search of police records (national and international sources)
with Spanish-aware fuzzy and phonetic name matching.

Messages are in Spanish by default; send `Accept-Language: en` or `?lang=en` for English.

Every `/v1` route needs an API key (`X-API-Key: KEY` or `Authorization: Bearer KEY`) with the
route's role; results only contain records whose sharing rule lets the key's country see them.
"""


def create_app(runtime: Runtime | None = None, config_path: str | None = None) -> FastAPI:
    """Build the API around ``runtime``, or open one from the sources file at ``config_path``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "runtime", None) is None:
            app.state.runtime = Runtime.open(config_path)
            app.state.owns_runtime = True
        app.state.runtime.federation.on_source_done = metrics.observe_source
        yield
        access = getattr(app.state, "access", None)
        if access is not None:
            access.close()
        if getattr(app.state, "owns_runtime", False):
            app.state.runtime.close()

    app = FastAPI(title="Cruce", version="0.1.0", description=API_DESCRIPTION, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.owns_runtime = False
    if runtime is not None:
        runtime.federation.on_source_done = metrics.observe_source

    install_error_handlers(app)
    install_access_handlers(app)
    install_path_only_access_log()
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(persons.router)
    app.include_router(records.router)
    app.include_router(bulk_jobs.router)
    app.include_router(web.router)
    app.include_router(documents.router)
    app.include_router(vehicles.router)
    app.include_router(sync_api.router)
    metrics.set_sync_lag_reader(sync_api.lag_for_metrics)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(ConcurrencyLimit)
    app.add_middleware(metrics.MetricsMiddleware)
    return app
