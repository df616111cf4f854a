"""The officer search page in Chromium: ranked hits, explanations, errors, keyboard and phone use."""

from __future__ import annotations

from browser_helpers import audit_accessibility, save_screenshot


def search(page, **fields) -> None:
    for name, value in fields.items():
        if name == "sex":
            page.select_option("#sex", value)
        else:
            page.fill(f"#{name}", value)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_search_ranks_strong_hit_first(open_page):
    page = open_page("/search")

    search(page, full_name="Jesús Amescua Contreras", birth_date="31/07/1964")

    hits = page.locator("[data-testid=hit]")
    assert hits.count() >= 2
    top = hits.first
    assert "AMEZCUA" in top.locator(".hit-name").inner_text()
    assert top.locator(".band-badge").get_attribute("data-band") == "strong"
    assert top.locator(".band-badge").inner_text() == "Coincidencia fuerte"
    assert top.locator(".score strong").inner_text() == "0,80"
    assert "Internacional" in top.locator(".badge-source").inner_text()
    assert "US" in top.locator(".badge-owner").inner_text()


def test_hit_shows_notice_and_dates_in_spanish(open_page):
    page = open_page("/search")

    search(page, full_name="José Luis Hernández García", birth_date="14/03/1979")

    top = page.locator("[data-testid=hit]").first
    assert top.locator(".badge-owner").inner_text().endswith("MX")
    notice = top.locator("[data-testid=notice]").inner_text()
    assert "Orden de aprehensión" in notice
    assert "CP-1/2021" in notice
    assert "robo con violencia" in notice
    assert "14/03/1979" in top.locator(".facts").inner_text()


def test_name_parts_highlighted_beside_query(open_page):
    page = open_page("/search")

    search(page, full_name="Jesús Amescua Contreras")

    top = page.locator("[data-testid=hit]").first
    rows = top.locator("[data-testid=comparison] tbody tr")
    texts = [rows.nth(index).inner_text() for index in range(rows.count())]
    paternal = next(text for text in texts if text.startswith("apellido paterno"))
    assert "amescua" in paternal
    assert "amezcua" in paternal
    assert "suena igual" in paternal
    assert top.locator(".hit-name mark").count() >= 2


def test_explanation_opens_with_points(open_page):
    page = open_page("/search")
    search(page, full_name="Jesús Amescua Contreras", birth_date="31/07/1964")
    details = page.locator("[data-testid=explanation]").first
    assert not details.locator("table").is_visible()

    details.locator("summary").click()

    assert details.locator("table").is_visible()
    rows = details.locator("tbody tr")
    first_row = rows.first.inner_text()
    assert "fecha de nacimiento" in first_row
    assert "31/07/1964" in first_row
    assert "+0,25" in first_row
    save_screenshot(page, "search-es")


def test_parts_search_finds_record(open_page):
    page = open_page("/search")

    search(page, given_names="Raúl", paternal_surname="Gómez", maternal_surname="Bermúdez", sex="M")

    top = page.locator("[data-testid=hit]").first
    assert "Bermúdez" in top.locator(".hit-name").inner_text()
    assert page.locator("#paternal_surname").input_value() == "Gómez"


def test_invalid_birth_date_shown_in_page(open_page):
    page = open_page("/search")

    search(page, full_name="José Luis Hernández", birth_date="31/02/1979")

    error = page.locator("[data-testid=form-error]")
    assert "Fecha de nacimiento no válida" in error.inner_text()
    assert "31/02/1979" in error.inner_text()
    assert page.locator("#birth_date").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.dataset.testid") == "form-error"
    assert "Traceback" not in page.content()


def test_empty_name_error_from_engine(open_page):
    page = open_page("/search", locale="en-GB")

    search(page, full_name="   ")

    assert "The name is empty" in page.locator("[data-testid=form-error]").inner_text()
    assert page.locator("#full_name").get_attribute("aria-invalid") == "true"


def test_name_and_parts_together_rejected(open_page):
    page = open_page("/search")

    search(page, full_name="José Luis Hernández", paternal_surname="García")

    assert "no los dos" in page.locator("[data-testid=form-error]").inner_text()


def test_keyboard_only_search(open_page):
    page = open_page("/search")

    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "full_name":
            break
    assert page.evaluate("document.activeElement.id") == "full_name"
    page.keyboard.type("Jesus Amezcua Contreras")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=results]")

    assert page.evaluate("document.activeElement.id") == "results-heading"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    page.keyboard.press("Enter")
    assert page.locator("details[open]").count() == 1


def test_source_that_did_not_answer_is_named(open_page, partial_server):
    page = open_page("/search", base=partial_server.url)

    search(page, full_name="José Luis Hernández García")

    missing = page.locator("[data-testid=missing-sources]")
    assert "Regional (Guatemala)" in missing.inner_text()
    assert "tiempo agotado" in missing.inner_text()
    assert page.locator("[data-testid=hit]").first.locator(".hit-name").inner_text().endswith("José Luis Hernández García")


def test_phone_width_has_no_sideways_scroll(open_page):
    page = open_page("/search", width=375, height=740)

    search(page, full_name="Jesús Amescua Contreras", birth_date="1964")

    assert page.locator("[data-testid=hit]").count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    save_screenshot(page, "search-phone-es")


def test_search_page_accessible_in_both_languages(open_page):
    for locale, language in (("es-MX", "es"), ("en-US", "en")):
        page = open_page("/search", locale=locale)
        search(page, full_name="Jesús Amescua Contreras", birth_date="31/07/1964")
        page.locator("[data-testid=explanation] summary").first.click()

        assert audit_accessibility(page, language) == []
        if language == "en":
            save_screenshot(page, "search-en")
