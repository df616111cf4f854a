"""Counts in messages: singular for 1 and plural otherwise, in Spanish and English, and messages nested in messages."""

from __future__ import annotations

import re

import pytest

# Each messages module merges its texts into MESSAGES when imported.
import engine.access.messages
import engine.api.messages
import engine.audit.messages
import engine.bulk.messages
import engine.checks.messages
import engine.importers.messages
import engine.sync.messages  # noqa: F401
from engine.i18n import MESSAGES, Message, format_message, translate
from engine.web.messages import PAGE_MESSAGES, page_text


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 fila"), (-1, "-1 fila"), (1.0, "1.0 fila"), (0, "0 filas"), (2, "2 filas"), (True, "True filas"), ("1", "1 filas")],
)
def test_plural_choice_by_count(count, expected):
    assert format_message("{count} {count|fila|filas}", "es", {"count": count}) == expected


def test_plural_choice_without_its_parameter_is_plural():
    assert format_message("{count|fila|filas}", "es", {}) == "filas"


def test_missing_field_shows_placeholder_when_asked():
    assert format_message("{count} {count|línea|líneas} de {total}", "es", {"count": 1}, missing="?") == "1 línea de ?"


def test_nested_message_renders_in_outer_language():
    reason = Message("json.reason.value")

    assert translate("json.invalid", "es", column=3, reason=reason) == "JSON no válido en la columna 3: se esperaba un valor"
    assert translate("json.invalid", "en", column=3, reason=reason) == "invalid JSON at column 3: a value was expected"
    assert str(reason) == "a value was expected"


@pytest.mark.parametrize(
    ("key", "params", "spanish", "english"),
    [
        ("search.header", {"count": 1, "query": "Ana", "sources": "mx"}, "1 coincidencia para 'Ana'", "1 match for 'Ana'"),
        ("search.header", {"count": 3, "query": "Ana", "sources": "mx"}, "3 coincidencias para 'Ana'", "3 matches for 'Ana'"),
        (
            "ingest.summary",
            {"accepted": 1, "source": "mx", "stale": 0, "rejected": 1, "problems": 1, "seconds": 0.5},
            "1 registro importado en la fuente mx (0 sin cambios por versión, 1 rechazado, 1 fila con errores)",
            "Imported 1 record into source mx (0 unchanged by version, 1 rejected, 1 row with errors)",
        ),
        (
            "status.line",
            {"source": "mx", "owner": "MX", "backend": "embedded", "persons": 1, "documents": 2, "vehicles": 1},
            "1 persona, 2 documentos, 1 vehículo.",
            "1 person, 2 documents, 1 vehicle.",
        ),
        ("audit.verified", {"checked": 1, "seq": 1, "hash": "ab"}, "1 entrada verificada", "1 entry verified"),
        ("audit.tampered", {"checked": 1, "seq": 2, "problem": "x"}, "La 1 entrada anterior está íntegra.", "The 1 entry before it is intact."),
        ("audit.exported", {"count": 1, "path": "a.jsonl"}, "1 entrada exportada a a.jsonl.", "1 entry exported to a.jsonl."),
        (
            "sync.pass",
            {"pair": "mx→intl", "changes": 1, "batches": 1, "copied": 1, "withdrawn": 0, "rejected": 1, "seq": 9},
            "1 cambio aplicado en 1 lote (1 copia guardada, 0 retiradas, 1 rechazada)",
            "1 change applied in 1 batch (1 copy stored, 0 withdrawn, 1 rejected)",
        ),
        ("mrz.line_count", {"count": 1}, "La MRZ tiene 1 línea;", "The MRZ has 1 line;"),
        ("vin.invalid_length", {"length": 1}, "El NIV (VIN) tiene 1 carácter;", "The VIN has 1 character;"),
        ("scan.holder", {"count": 1, "query": "Ana"}, "Titular: 1 coincidencia para «Ana»", "Holder: 1 match for “Ana”"),
        ("records.too_many", {"count": 1, "maximum": 0}, "La solicitud trae 1 registro;", "The request carries 1 record;"),
        ("import.columns_count", {"expected": 1, "found": 2}, "se esperaba 1 columna y hay 2", "expected 1 column, found 2"),
    ],
)
def test_count_messages_in_both_languages(key, params, spanish, english):
    assert spanish in translate(key, "es", **params)
    assert english in translate(key, "en", **params)


def test_page_messages_choose_plural():
    assert page_text("mrz.repaired", "es", count=1).startswith("MRZ válida tras 1 reparación de lectura.")
    assert page_text("mrz.repaired", "en", count=2).startswith("Valid MRZ after 2 reading repairs.")
    assert "1 línea;" in page_text("mrz_error.mrz.line_count", "es", count=1)


@pytest.mark.parametrize("table", [MESSAGES, PAGE_MESSAGES], ids=["engine", "pages"])
def test_no_count_is_written_with_a_bracketed_plural(table):
    # A number followed by "línea(s)" or "match(es)" is what the {count|one|other} choice replaces.
    bracketed = re.compile(r"\}\s+[^\s{}]+\((s|es)\)")

    offenders = [(key, language) for key, texts in table.items() for language, text in texts.items() if bracketed.search(text)]

    assert offenders == []


@pytest.mark.parametrize("table", [MESSAGES, PAGE_MESSAGES], ids=["engine", "pages"])
def test_every_message_has_both_languages(table):
    assert [key for key, texts in table.items() if set(texts) != {"es", "en"}] == []
