"""The shared access-control world of these tests (see access_world.py)."""

from __future__ import annotations

import pytest
from access_world import World, build_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    built = build_world(tmp_path_factory.mktemp("access"))
    yield built
    built.runtime.close()
