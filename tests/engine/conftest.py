"""The engine backend suite runs against a real engine named by the environment.

CRUCE_OPENSEARCH_URL and/or CRUCE_ELASTICSEARCH_URL name the engines; every
test runs once per engine named. With neither set the suite is skipped with
one line that says how to run it, except in CI (CI=true), where that is a
failure: CI must exercise a real engine.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from engine.index.search_engine import SearchEngineBackend, connect_client
from engine.index.search_engine.layout import drop_indices

ENGINE_URL_VARIABLES = {"opensearch": "CRUCE_OPENSEARCH_URL", "elasticsearch": "CRUCE_ELASTICSEARCH_URL"}

NO_ENGINE = (
    "no search engine: set CRUCE_OPENSEARCH_URL or CRUCE_ELASTICSEARCH_URL, "
    "or run `make test`, which starts a local OpenSearch node (needs Java 17+ and Maven)"
)

RUN_ID = uuid.uuid4().hex[:8]

_SKIPPED = pytest.StashKey[int]()


def _configured_engines() -> list[tuple[str, str]]:
    return [(engine, os.environ[name]) for engine, name in ENGINE_URL_VARIABLES.items() if os.environ.get(name)]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without an engine (and outside CI), skip the engine suite and say so once at the end of the run."""
    if _configured_engines() or _in_ci():
        return

    skipped = [item for item in items if item.get_closest_marker("engine") is not None]
    for item in skipped:
        item.add_marker(pytest.mark.skip(reason=NO_ENGINE))
    config.stash[_SKIPPED] = len(skipped)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    skipped = config.stash.get(_SKIPPED, 0)
    if skipped:
        terminalreporter.write_line(f"engine suite: {skipped} tests skipped: {NO_ENGINE}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_url" in metafunc.fixturenames:
        engines = _configured_engines() or [("none", "")]
        metafunc.parametrize("engine_url", engines, ids=[engine for engine, _ in engines], indirect=True)


@pytest.fixture
def engine_url(request: pytest.FixtureRequest) -> tuple[str, str]:
    engine, url = request.param
    if engine == "none":
        if _in_ci():
            pytest.fail(f"CI must run the engine suite: {NO_ENGINE}", pytrace=False)
        pytest.skip(NO_ENGINE)
    return engine, url


@pytest.fixture
def index_prefix(request: pytest.FixtureRequest) -> str:
    """A prefix no other test or run uses, so tests never see each other's records."""
    name = "".join(ch if ch.isalnum() else "-" for ch in request.node.name.lower())[:40].strip("-")
    return f"cruce-test-{RUN_ID}-{name}"


@pytest.fixture
def backend(engine_url: tuple[str, str], index_prefix: str) -> Iterator[SearchEngineBackend]:
    engine, url = engine_url
    store = SearchEngineBackend(connect_client(engine, url), prefix=index_prefix)
    try:
        yield store
    finally:
        drop_indices(store.client, store.layout)
        store.close()
