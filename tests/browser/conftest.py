"""Browser tests: the real app on uvicorn over a real SQLite index, driven by Debian's Chromium.

Every test that drives the browser needs Chromium at /usr/bin/chromium (or at
CRUCE_CHROMIUM) and the playwright package.
Without them the tests are skipped with one reason line; under CI=true they fail.
With CRUCE_SCREENSHOTS=1 the tests also save the pages under docs/screenshots/.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from engine import web
from engine.api import create_app
from engine.federation import Federation
from engine.index.sqlite import EmbeddedIndex
from engine.ingest import ingest_paths
from engine.runtime import Runtime
from engine.sources import parse_sources

PROJECT = Path(__file__).resolve().parents[2]
OFAC = PROJECT / "data" / "ofac-sdn-2022-01"

# Debian's Chromium; CRUCE_CHROMIUM points elsewhere on other systems.
CHROMIUM = Path(os.environ.get("CRUCE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETUP_HINT = "install it with: apt-get update && apt-get install -y chromium; pip install playwright"

NATIONAL_RECORDS = [
    {
        "kind": "person", "source": "mx", "record_id": "MX-1", "owner": "MX",
        "given_names": "José Luis", "paternal_surname": "Hernández", "maternal_surname": "García",
        "birth_dates": ["1979-03-14"], "sex": "M", "nationalities": ["MX"],
        "notice": {"kind": "warrant", "reference": "CP-1/2021", "issuer": "FGE Jalisco", "charges": ["robo con violencia"]},
    },
    {
        "kind": "person", "source": "mx", "record_id": "MX-2", "owner": "MX",
        "given_names": "María Guadalupe", "paternal_surname": "Torres", "maternal_surname": "Ruiz",
        "birth_dates": ["1985-06-30"], "sex": "F",
        "sharing": {"scope": "national"},
    },
    {
        "kind": "person", "source": "mx", "record_id": "MX-3", "owner": "MX",
        "given_names": "Raúl", "paternal_surname": "Gómez", "maternal_surname": "Bermúdez",
        "birth_dates": ["1985-03-01"], "sex": "M", "nationalities": ["MX"],
        "notice": {"kind": "warrant", "reference": "CP-77/2023", "issuer": "FGR", "charges": ["tráfico de personas"]},
    },
]

SOURCES_TOML = """
[embedded]
path = "{database}"

[sources.mx]
backend = "embedded"
owner = "MX"
label_es = "Plataforma nacional (México)"
label_en = "National platform (Mexico)"

[sources.intl]
backend = "embedded"
owner = "INTL"
label_es = "Internacional"
label_en = "International"

[access]
anonymous_country = "MX"
anonymous_roles = ["officer", "border", "analyst"]
anonymous_agency = "browser-tests"
"""


def _missing_browser() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}; {SETUP_HINT}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"the playwright package is not installed; {SETUP_HINT}"
    return None


def pytest_report_header(config: pytest.Config) -> str | None:
    reason = _missing_browser()
    if reason is None:
        return None
    if os.environ.get("CI") == "true":
        return f"browser tests will fail (CI=true): {reason}"
    return f"browser tests will be skipped: {reason}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every test that drives Chromium, with one reason, when it is missing; under CI=true they fail instead."""
    browser_items = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)

    reason = _missing_browser()
    if reason is None or not browser_items or os.environ.get("CI") == "true":
        return
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


class LiveServer:
    """A uvicorn server in a thread, listening on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


def build_app(runtime: Runtime, bulk_dir: Path) -> Any:
    """The API application with the web pages and the bulk-jobs routes, as ``cruce serve`` builds it."""
    app = create_app(runtime=runtime)
    paths = {getattr(route, "path", None) for route in app.routes}
    if "/search" not in paths:
        app.include_router(web.router)
    if "/v1/bulk-jobs" not in paths:
        try:
            from engine.api.bulk_jobs import router as bulk_router
        except ImportError:
            bulk_router = None
        if bulk_router is not None:
            app.include_router(bulk_router)

    try:
        from engine.bulk.jobs import JobStore
    except ImportError:
        JobStore = None
    if JobStore is not None:
        app.state.bulk_store = JobStore(bulk_dir)
    return app


@pytest.fixture(scope="session")
def index_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sources file and a real SQLite index with a few national records and the OFAC SDN list."""
    folder = tmp_path_factory.mktemp("cruce-web")
    (folder / "sources.toml").write_text(SOURCES_TOML.format(database=folder / "cruce.db"), encoding="utf-8")
    records = folder / "national.jsonl"
    records.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in NATIONAL_RECORDS) + "\n", encoding="utf-8")

    runtime = Runtime.open(str(folder / "sources.toml"))
    try:
        ingest_paths(runtime, [records])
        ingest_paths(runtime, [OFAC], fmt="ofac", source="intl")
    finally:
        runtime.close()
    return folder


@pytest.fixture(scope="session")
def server(index_folder: Path) -> Iterator[LiveServer]:
    runtime = Runtime.open(str(index_folder / "sources.toml"))
    live = LiveServer(build_app(runtime, index_folder / "bulk-jobs")).start()
    yield live
    live.stop()
    runtime.close()


class SlowSource:
    """A real index behind a source that responds after ``delay`` seconds, past its time budget."""

    def __init__(self, inner: EmbeddedIndex, delay: float) -> None:
        self.inner = inner
        self.delay = delay

    def person_candidates(self, keys: Any, **options: Any) -> Any:
        time.sleep(self.delay)
        return self.inner.person_candidates(keys, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture(scope="session")
def partial_server(index_folder: Path) -> Iterator[LiveServer]:
    """A server whose second source never responds within its 200 ms budget."""
    config = parse_sources(
        {
            "embedded": {"path": str(index_folder / "cruce.db")},
            "sources": {
                "mx": {"backend": "embedded", "owner": "MX", "label_es": "Nacional", "label_en": "National"},
                "regional": {"backend": "embedded", "owner": "GT", "timeout_ms": 200,
                             "label_es": "Regional (Guatemala)", "label_en": "Regional (Guatemala)"},
            },
            "access": {"anonymous_country": "MX", "anonymous_roles": ["officer", "border", "analyst"]},
        },
        environ={},
    )
    index = EmbeddedIndex(index_folder / "cruce.db")
    backends = {"mx": index, "regional": SlowSource(index, delay=1.0)}
    runtime = Runtime(config=config, backends=backends, federation=Federation(config, backends))
    live = LiveServer(build_app(runtime, index_folder / "bulk-jobs-partial")).start()
    yield live
    live.stop()
    runtime.federation.close()
    index.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing_browser()
    if reason is not None:
        pytest.fail(f"browser tests cannot be skipped under CI=true: {reason}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any, server: LiveServer) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh browser contexts; every request they make must stay on the test server."""
    contexts: list[Any] = []
    requested: list[str] = []

    def open_(path: str, *, locale: str = "es-MX", width: int = 1100, height: int = 900, base: str | None = None) -> Any:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto((base or server.url) + path)
        return page

    yield open_

    for context in contexts:
        context.close()
    outside = [url for url in requested if not url.startswith(("http://127.0.0.1:", "data:", "about:"))]
    assert outside == [], f"pages requested assets from outside the server: {outside}"
