"""The FastAPI application: routers, error handlers and limits around one Runtime."""

from __future__ import annotations

from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from fastapi import FastAPI

from engine.api import health, persons
from engine.api.errors import install_error_handlers
from engine.api.limits import BodySizeLimit
from engine.runtime import Runtime

API_DESCRIPTION = """Cruce: federated search of police records (national and international sources)
with Spanish-aware fuzzy and phonetic name matching.

Messages are in Spanish by default; send `Accept-Language: en` or `?lang=en` for English.
"""


def create_app(runtime: Runtime | None = None, config_path: str | None = None) -> FastAPI:
    """Build the API around ``runtime``, or open one from the sources file at ``config_path``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "runtime", None) is None:
            app.state.runtime = Runtime.open(config_path)
            app.state.owns_runtime = True
        yield
        if getattr(app.state, "owns_runtime", False):
            app.state.runtime.close()

    app = FastAPI(title="Cruce", version="0.1.0", description=API_DESCRIPTION, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.owns_runtime = False

    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(persons.router)
    app.add_middleware(BodySizeLimit)
    return app
