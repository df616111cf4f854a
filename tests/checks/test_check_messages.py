"""Every identifier error code has a Spanish and an English message that renders with the place of the fault."""

from __future__ import annotations

import pytest

from engine.checks.messages import identifier_error_text
from engine.i18n import MESSAGES
from engine.identifiers.errors import ERROR_CODES


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_error_code_translated(code: str) -> None:
    assert set(MESSAGES[code]) == {"es", "en"}
    assert MESSAGES[code]["es"] != MESSAGES[code]["en"]

    spanish = identifier_error_text(code, {}, "es", line=2, column=7)
    english = identifier_error_text(code, {}, "en", line=2, column=7)
    assert spanish.startswith("Línea 2, columna 7: ")
    assert english.startswith("Line 2, column 7: ")
