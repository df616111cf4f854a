"""Smoke test of the search benchmark: the script runs end to end on a small index and reports sane figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORE_KINDS = {"canonical", "surname_comma", "mrz", "nickname", "typo_deletion", "phonetic_b_v", "date_missing"}


def run_bench(work_dir: Path, results: Path, figures: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "bench.search_bench",
        "--sizes",
        "2000",
        "--queries",
        "62",
        "--absent",
        "12",
        "--seed",
        "3",
        "--work-dir",
        str(work_dir),
        "--results",
        str(results),
        "--json",
        str(figures),
    ]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def test_search_bench_small_index(tmp_path: Path) -> None:
    work_dir = tmp_path / "work"
    results = tmp_path / "RESULTS.md"
    figures_path = tmp_path / "figures.json"
    earlier_size_block = (
        "<!-- search benchmark: begin -->\n## Search\n\n"
        "<!-- search benchmark size 999: begin -->\n### 999 indexed persons\n\nearlier figures\n"
        "<!-- search benchmark size: end -->\n<!-- search benchmark: end -->\n"
    )
    results.write_text(
        "# Benchmark results\n\n## Phonetic keys\n\nkept as written\n\n" + earlier_size_block, encoding="utf-8"
    )

    first = run_bench(work_dir, results, figures_path)
    assert first.returncode == 0, first.stderr
    first_figures = json.loads(figures_path.read_text(encoding="utf-8"))[0]

    second = run_bench(work_dir, results, figures_path)
    assert second.returncode == 0, second.stderr
    second_figures = json.loads(figures_path.read_text(encoding="utf-8"))[0]

    text = results.read_text(encoding="utf-8")
    assert "## Phonetic keys\n\nkept as written" in text
    assert text.count("## Search") == 1
    assert "### 2,000 indexed persons" in text
    assert text.count("### 2,000 indexed persons") == 1
    assert "### 999 indexed persons\n\nearlier figures" in text
    assert text.index("### 999 indexed persons") < text.index("### 2,000 indexed persons")
    assert "python -m bench.search_bench --sizes 2000" in text
    assert "### 2,000 indexed persons" in first.stdout

    assert first_figures["index_reused"] is False
    assert second_figures["index_reused"] is True
    assert first_figures["imported"] == 2000
    assert first_figures["absent_queries"] == 12
    assert 0 < first_figures["answerable"] <= first_figures["known_queries"]

    engine = first_figures["engine"]
    assert CORE_KINDS <= set(engine["recall_by_kind"])
    assert engine["absent_queries"] == 12
    assert engine["latency_ms_p50"] > 0
    assert engine["recall"]["at_10"] <= engine["recall"]["queries"]

    exact_by_kind = first_figures["exact"]["recall_by_kind"]
    # The exact baseline finds every answerable canonical name and no MRZ name, whose word order differs.
    assert exact_by_kind["canonical"]["at_10"] == exact_by_kind["canonical"]["queries"] > 0
    assert exact_by_kind["mrz"]["at_10"] == 0

    fuzzy = first_figures["fuzzy"]
    assert first_figures["fuzzy_subset"] == first_figures["known_queries"] + 12
    assert fuzzy["recall"]["queries"] == first_figures["answerable"]
