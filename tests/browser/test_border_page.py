"""The border page in Chromium: paste an MRZ, read the fields, check digits, repairs and the holder's hits."""

from __future__ import annotations

from browser_helpers import audit_accessibility, save_screenshot

# A Mexican passport whose number KO3479734 was scanned with a zero for the letter O.
MISREAD_PASSPORT = (
    "P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<\n"
    "K034797345MEX8503013M3001156<<<<<<<<<<<<<<<6"
)
# The ICAO specimen with a wrong birth-date check digit that no single confusion explains.
BAD_CHECK_DIGIT = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408123F1204159ZE184226B<<<<<10"
)


def check(page, mrz: str) -> None:
    page.fill("#mrz", mrz)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def field_value(page, label: str) -> str:
    return page.locator("[data-testid=mrz-fields] tr", has_text=label).locator("td").inner_text()


def test_misread_mrz_repaired_and_holder_found(open_page):
    page = open_page("/border")

    check(page, MISREAD_PASSPORT)

    assert page.locator("[data-testid=mrz-verdict]").get_attribute("data-status") == "repaired"
    assert field_value(page, "Número de documento") == "KO3479734"
    assert field_value(page, "Fecha de nacimiento") == "01/03/1985"
    assert field_value(page, "Apellidos") == "GOMEZ BERMUDEZ"
    repairs = page.locator("[data-testid=repairs]").inner_text()
    assert "Línea 2, columna 2" in repairs
    assert "«0»" in repairs
    assert "«O»" in repairs
    assert page.locator("[data-testid=mrz-lines] mark").inner_text() == "O"
    checks = page.locator("[data-testid=check-digits]").inner_text()
    assert "no coincide" not in checks
    assert checks.count("correcto") == 5

    top = page.locator("[data-testid=holder] [data-testid=hit]").first
    assert "Gómez Bermúdez" in top.locator(".hit-name").inner_text()
    assert top.locator(".band-badge").get_attribute("data-band") == "strong"
    assert "CP-77/2023" in top.locator("[data-testid=notice]").inner_text()


def test_document_verdict_always_shown(open_page):
    page = open_page("/border")

    check(page, MISREAD_PASSPORT)

    verdict = page.locator("[data-testid=document-verdict]")
    assert verdict.get_attribute("data-status") in ("listed", "clear", "unchecked")
    assert "KO3479734" in verdict.inner_text() or verdict.get_attribute("data-status") == "unchecked"


def test_unrepairable_check_digit_reported(open_page):
    page = open_page("/border", locale="en-GB")

    check(page, BAD_CHECK_DIGIT)

    assert page.locator("[data-testid=mrz-verdict]").get_attribute("data-status") == "invalid"
    problems = page.locator("[data-testid=problems]").inner_text()
    assert "Birth date" in problems
    assert "Line 2, column 20" in problems
    assert "failed" in page.locator("[data-testid=check-digits] tr", has_text="Birth date").inner_text()
    assert page.locator("[data-testid=mrz-fields] tr.failed").count() >= 1


def test_wrong_line_length_names_line(open_page):
    page = open_page("/border")

    check(page, "P<MEXGOMEZ<BERMUDEZ<<RAUL<<<<<<<<<<<<<<<<<<<\nK034797345MEX8503013M3001156<<<<<<<<<<<<<<<6XX")

    error = page.locator("[data-testid=form-error]").inner_text()
    assert "Línea 2" in error
    assert "46 caracteres" in error
    assert page.locator("#mrz").get_attribute("aria-invalid") == "true"
    assert page.locator("[data-testid=reading]").count() == 0


def test_lowercase_pasted_with_spaces_accepted(open_page):
    page = open_page("/border")

    check(page, "  " + MISREAD_PASSPORT.lower().replace("\n", "  \n   ") + "  ")

    assert field_value(page, "Número de documento") == "KO3479734"


def test_ctrl_enter_submits_mrz(open_page):
    page = open_page("/border")

    page.fill("#mrz", MISREAD_PASSPORT)
    page.focus("#mrz")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("[data-testid=reading]")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'document-heading'", timeout=5000)

    assert page.evaluate("document.activeElement.id") == "document-heading"


def test_border_page_accessible_in_both_languages(open_page):
    for locale, language in (("es-MX", "es"), ("en-US", "en")):
        page = open_page("/border", locale=locale)
        check(page, MISREAD_PASSPORT)

        assert audit_accessibility(page, language) == []
        save_screenshot(page, f"border-{language}")
