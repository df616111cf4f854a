"""Every line of cases.jsonl is one expectation about the scorer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.scoring import Band
from scoring_helpers import score

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[case["why"][:60] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    match = score(case["query"], case["record"])

    if case["expect"] == "above":
        other = score(case["query"], case["other"])
        assert match.score > other.score, (match, other)
    elif case["expect"] == "band_at_least":
        assert match.band.rank >= Band(case["band"]).rank, match
    elif case["expect"] == "band_at_most":
        assert match.band.rank <= Band(case["band"]).rank, match
    else:
        pytest.fail(f"unknown expectation {case['expect']!r}")
