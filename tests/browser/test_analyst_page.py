"""The analyst page in Chromium: upload a list, map a column, follow the job to the end, download it."""

from __future__ import annotations

import csv
import io

from browser_helpers import audit_accessibility, save_screenshot

# Semicolon-separated, as Spanish spreadsheets export, with a header the defaults do not know.
ROSTER = (
    "Folio;Persona buscada;Nacido el;Sexo\n"
    "1;José Luis Hernández García;1979-03-14;M\n"
    "2;Jesús Amescua Contreras;1964-07-31;M\n"
    "3;Raúl Gómez Bermúdez;1985-03-01;M\n"
    "4;Nadie Inventado Zzyzx;1990-01-01;F\n"
)


def upload(page, content: str, name: str = "roster.csv") -> None:
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}])


def test_bulk_job_runs_to_completion(open_page):
    from playwright.sync_api import expect

    page = open_page("/analyst")
    upload(page, ROSTER)
    expect(page.locator("#map-name option", has_text="Persona buscada")).to_have_count(1)
    assert "Persona buscada" in page.locator("[data-testid=file-columns]").inner_text()

    page.select_option("#map-name", "Persona buscada")
    page.select_option("#map-birth_date", "Nacido el")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=job]")

    job = page.locator("[data-testid=job]").first
    expect(job).to_have_attribute("data-state", "done", timeout=30_000)
    assert job.locator(".job-state").inner_text() == "terminado"
    assert job.locator("progress").evaluate("bar => bar.value") == 100
    assert job.locator(".job-rows").inner_text().startswith("4 /")

    with page.expect_download() as download_info:
        job.locator("[data-testid=download]").click()
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    text = path.read_text(encoding="utf-8-sig")
    assert rows, text
    assert "MX-1" in text
    assert "OFAC-6703" in text
    assert "MX-3" in text

    page.reload()
    save_screenshot(page, "analyst-es")
    assert audit_accessibility(page, "es") == []


def test_bad_mapping_error_in_page(open_page):
    from playwright.sync_api import expect

    page = open_page("/analyst", locale="en-US")
    upload(page, "Folio,Persona\n1,José Luis Hernández\n")
    expect(page.locator("#map-name option", has_text="Persona")).to_have_count(1)
    page.fill("#k", "99")

    page.click("button[type=submit]")
    error = page.locator("[data-testid=form-error]")
    error.wait_for(state="visible")

    assert "could not be uploaded" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "upload-error"


def test_analyst_page_accessible_in_english(open_page):
    page = open_page("/analyst", locale="en-US")

    assert page.locator("h1").inner_text() == "Bulk matching"
    assert audit_accessibility(page, "en") == []
    save_screenshot(page, "analyst-en")
