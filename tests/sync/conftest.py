from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from engine.runtime import Runtime  # noqa: E402
from sync_world import write_sources  # noqa: E402


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    return write_sources(tmp_path)


@pytest.fixture
def runtime(sources_file: Path) -> Iterator[Runtime]:
    opened = Runtime.open(str(sources_file))
    yield opened
    opened.close()
