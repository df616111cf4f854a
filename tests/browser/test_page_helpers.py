"""The page helpers that need no browser: dates, numbers, the search form and the message tables."""

from __future__ import annotations

import pytest

from engine.identifiers.errors import ERROR_CODES
from engine.web.forms import PageFormError, SearchForm
from engine.web.language import format_date, format_decimal
from engine.web.messages import PAGE_MESSAGES, page_text


@pytest.mark.parametrize(
    ("value", "spanish", "english"),
    [
        ("1964-07-31", "31/07/1964", "1964-07-31"),
        ("1964-07", "07/1964", "1964-07"),
        ("1964", "1964", "1964"),
        ("~1964", "hacia 1964", "circa 1964"),
        ("31 July 64", "31 July 64", "31 July 64"),
        ("", "", ""),
    ],
)
def test_format_date_by_language(value, spanish, english):
    assert format_date(value, "es") == spanish
    assert format_date(value, "en") == english


def test_format_decimal_by_language():
    assert format_decimal(0.8, "es") == "0,80"
    assert format_decimal(0.8, "en") == "0.80"
    assert format_decimal(-0.2, "es", signed=True) == "-0,20"
    assert format_decimal(0.25, "en", signed=True) == "+0.25"


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("31/07/1964", "1964-07-31"), ("1/7/1964", "1964-07-01"), ("31.07.1964", "1964-07-31"),
     ("07/1964", "1964-07"), ("1964", "1964"), ("1964-07-31", "1964-07-31"), ("", None)],
)
def test_birth_date_forms_accepted(typed, iso):
    assert SearchForm(birth_date=typed).birth_date_iso() == iso


@pytest.mark.parametrize("typed", ["31/02/1979", "13/13/1979", "1979/03/14", "ayer", "14-03-79"])
def test_birth_date_invalid_names_value(typed):
    with pytest.raises(PageFormError) as raised:
        SearchForm(birth_date=typed).birth_date_iso()

    assert raised.value.field == "birth_date"
    assert typed in raised.value.render("es")
    assert "dd/mm/aaaa" in raised.value.render("es")


def test_name_parts_written_surname_first():
    form = SearchForm(given_names="José Luis", paternal_surname="Hernández", maternal_surname="García")

    assert form.query_name() == "Hernández García, José Luis"


def test_name_parts_without_given_names():
    assert SearchForm(paternal_surname="Hernández").query_name() == "Hernández"
    assert SearchForm(given_names="Lupe").query_name() == "Lupe"


def test_full_name_and_parts_rejected():
    with pytest.raises(PageFormError) as raised:
        SearchForm(full_name="José Hernández", maternal_surname="García").query_name()

    assert raised.value.field == "full_name"


def test_posted_fields_trimmed_and_cut():
    form = SearchForm.from_fields({"full_name": "  Jesús  ", "sex": "M", "extra": "ignored", "birth_date": "x" * 1000})

    assert form.full_name == "Jesús"
    assert form.sex == "M"
    assert len(form.birth_date) == 301


def test_every_page_message_in_both_languages():
    incomplete = [key for key, entry in PAGE_MESSAGES.items() if set(entry) != {"es", "en"} or not all(entry.values())]

    assert incomplete == []


def test_every_mrz_code_has_page_message():
    missing = [code for code in ERROR_CODES if code.startswith("mrz.") and f"mrz_error.{code}" not in PAGE_MESSAGES]

    assert missing == []


def test_unknown_message_key_shows_itself():
    assert page_text("no.such.key", "en") == "no.such.key"
