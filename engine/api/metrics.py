"""Prometheus metrics: requests and latency per route, per-source search latency, index sizes, rejections, sync lag.

``GET /metrics`` serves them in the Prometheus text format. Request metrics
are labelled by route template (``/v1/records/{kind}/{source}/{record_id}``),
never by raw path, so record ids do not become label values. Index sizes are
read from the backends at scrape time.

NOTE: the metrics live in this process. Under several uvicorn workers each
worker reports its own counts; run one worker per port or use the
prometheus-client multiprocess mode.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.access import AccessError, Principal, Role, access_services, optional_principal
from engine.access.dependency import WWW_AUTHENTICATE
from engine.records import RecordKind

log = logging.getLogger("cruce.metrics")

REGISTRY = CollectorRegistry()

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "cruce_http_requests", "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"], registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "cruce_http_request_duration_seconds", "Time from request to the end of the response, by method and route template.",
    ["method", "route"], buckets=LATENCY_BUCKETS, registry=REGISTRY,
)
HTTP_IN_FLIGHT = Gauge("cruce_http_requests_in_flight", "HTTP requests in progress.", registry=REGISTRY)
REJECTED = Counter(
    "cruce_rejected_requests", "Requests refused before or instead of their work, by status and reason.",
    ["status", "reason"], registry=REGISTRY,
)
SOURCE_LATENCY = Histogram(
    "cruce_source_search_duration_seconds", "Time one source took to return and score its candidates, by outcome.",
    ["source", "outcome"], buckets=LATENCY_BUCKETS, registry=REGISTRY,
)
SOURCE_FAILURES = Counter(
    "cruce_source_search_failures", "Source searches that failed or ran past their budget, by reason.",
    ["source", "reason"], registry=REGISTRY,
)
SYNC_LAG_CHANGES = Gauge(
    "cruce_sync_lag_changes", "Changes in the national change log not yet replayed into the international index.",
    registry=REGISTRY,
)
SYNC_LAG_SECONDS = Gauge(
    "cruce_sync_lag_seconds", "Age in seconds of the oldest change not yet replayed into the international index.",
    registry=REGISTRY,
)

# Reason of a refusal when the code that refused it left none on ``request.state.rejection``.
_DEFAULT_REASONS = {401: "unauthenticated", 403: "forbidden", 413: "too_large", 429: "rate_limited", 503: "overloaded"}
_SCRAPE_TIMEOUT_SECONDS = 2.0
_index_size_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cruce-metrics")

SyncLagReader = Callable[[Any], tuple[int, float] | None]
_sync_lag_reader: SyncLagReader | None = None

router = APIRouter(tags=["health"])


def observe_source(source: str, seconds: float, outcome: str) -> None:
    """Record one source search: ``outcome`` is ``ok``, ``error`` or ``timeout``.

    The federation calls this through ``Federation.on_source_done``.
    """
    SOURCE_LATENCY.labels(source, outcome).observe(seconds)
    if outcome != "ok":
        SOURCE_FAILURES.labels(source, outcome).inc()


def set_sync_lag(changes: int, seconds: float) -> None:
    """Set the sync lag gauges from a process that runs the sync in this process."""
    SYNC_LAG_CHANGES.set(changes)
    SYNC_LAG_SECONDS.set(seconds)


def set_sync_lag_reader(reader: SyncLagReader | None) -> None:
    """Install a function that reads the lag (changes, seconds) from the runtime at each scrape, or None when unknown.

    Use it when the sync runs in another process and keeps its checkpoint on disk.
    """
    global _sync_lag_reader
    _sync_lag_reader = reader


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, principal: Principal | None = Depends(optional_principal)) -> Response:
    """Serve every metric in the Prometheus text format, to an admin key or to anyone when ``open_metrics`` is set."""
    if not access_services(request.app).settings.open_metrics:
        if principal is None:
            raise AccessError("access.key_missing", 401, "key_missing", {"WWW-Authenticate": WWW_AUTHENTICATE})
        if Role.ADMIN not in principal.roles:
            raise AccessError("access.role_missing", 403, "role_missing", roles=Role.ADMIN.value)
    runtime = getattr(request.app.state, "runtime", None)
    scraped = await _scrape_time_metrics(runtime) if runtime is not None else b""
    return Response(generate_latest(REGISTRY) + scraped, media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Count and time every HTTP request by route template and status, and count refusals by reason."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        status = 500
        response_headers: list[tuple[bytes, bytes]] = []

        async def timed_send(message: Message) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = list(message.get("headers", []))
            await send(message)

        HTTP_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, timed_send)
        finally:
            HTTP_IN_FLIGHT.dec()
            route = _route_template(scope)
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)
            if status in _DEFAULT_REASONS:
                reason = scope.get("state", {}).get("rejection") or _DEFAULT_REASONS[status]
                REJECTED.labels(str(status), reason).inc()


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


async def _scrape_time_metrics(runtime: Any) -> bytes:
    """Read the sync lag and the index sizes in a worker thread; skip them when the backends take too long."""
    try:
        return await asyncio.wait_for(
            asyncio.wrap_future(_index_size_executor.submit(_read_runtime_metrics, runtime)), _SCRAPE_TIMEOUT_SECONDS
        )
    except TimeoutError:
        log.warning("index sizes skipped: backends took longer than %.1f s", _SCRAPE_TIMEOUT_SECONDS)
    except Exception:
        log.exception("index sizes or sync lag could not be read")
    return b""


def _read_runtime_metrics(runtime: Any) -> bytes:
    if _sync_lag_reader is not None:
        lag = _sync_lag_reader(runtime)
        if lag is not None:
            set_sync_lag(*lag)

    registry = CollectorRegistry()
    registry.register(_IndexSizeCollector(runtime))
    return generate_latest(registry)


class _IndexSizeCollector(Collector):
    def __init__(self, runtime: Any) -> None:
        self._runtime = runtime

    def collect(self) -> Iterator[GaugeMetricFamily]:
        sizes = GaugeMetricFamily(
            "cruce_index_records", "Records stored in the index, by source, record kind and status.",
            labels=["source", "kind", "status"],
        )
        for source, kind, status, count in _index_sizes(self._runtime):
            sizes.add_metric([source, kind, status], count)
        yield sizes


def _index_sizes(runtime: Any) -> Iterator[tuple[str, str, str, int]]:
    """Yield (source, kind, status, count) for every configured source, asking each distinct backend once."""
    seen: set[int] = set()
    for name in runtime.config.sources:
        backend = runtime.backends[name]
        stats = getattr(backend, "stats", None)
        if stats is None:
            for kind in RecordKind:
                yield name, kind.value, "active", backend.count(kind, source=name)
            continue
        if id(backend) in seen:
            continue
        seen.add(id(backend))
        for kind, by_source in stats().get("counts", {}).items():
            for source, by_status in by_source.items():
                for status, count in by_status.items():
                    yield source, kind, status, count
