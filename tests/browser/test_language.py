"""Page language: Spanish by default, English from the browser, a switch that is remembered."""

from __future__ import annotations


def test_spanish_when_browser_language_unknown(open_page):
    page = open_page("/search", locale="fr-FR")

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Búsqueda de personas"
    assert page.locator("button[type=submit]").inner_text() == "Buscar"


def test_english_from_browser_language(open_page):
    page = open_page("/border", locale="en-US")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Border check"
    assert page.locator("label[for=mrz]").inner_text() == "MRZ lines"


def test_switch_is_remembered(open_page, server):
    page = open_page("/search", locale="es-MX")

    page.click("a[hreflang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Person search"

    page.goto(server.url + "/border")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Border check"

    page.click("a[hreflang=es]")
    page.wait_for_load_state()
    page.goto(server.url + "/search")
    assert page.locator("h1").inner_text() == "Búsqueda de personas"


def test_dates_follow_language(open_page):
    page = open_page("/search", locale="en-US")
    page.fill("#full_name", "José Luis Hernández García")
    page.fill("#birth_date", "14/03/1979")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    facts = page.locator("[data-testid=hit]").first.locator(".facts").inner_text()

    assert "1979-03-14" in facts
    assert "Arrest warrant" in page.locator("[data-testid=notice]").first.inner_text()
