"""Helpers shared by the browser tests: the accessibility audit and the optional screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "docs" / "screenshots"
ACCESSIBILITY_SCRIPT = Path(__file__).with_name("accessibility.js").read_text(encoding="utf-8")


def audit_accessibility(page: Any, language: str) -> list[str]:
    """Run the in-page accessibility audit and return its problems."""
    result = page.evaluate(ACCESSIBILITY_SCRIPT, language)
    assert result["textChecked"] > 10, "the audit found almost no text to check"
    return result["problems"]


def save_screenshot(page: Any, name: str) -> None:
    """Save the page under docs/screenshots/NAME.png when CRUCE_SCREENSHOTS=1; do nothing otherwise."""
    if os.environ.get("CRUCE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
