"""The draft editor in the browser: sections moved by buttons and keys, two ways to qualify
("kõrgharidus või vähemalt 5-aastane erialase töö kogemus"), a clause from the library.

Each test makes its own position in Kase (through the API, with the page's session and CSRF
token), so the tests need nothing from each other and run in any order on any worker."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import Ui
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

LIBRARY_TEXT = "Koostab oma töövaldkonna kohta aruandeid ja esitab need vahetule juhile."


def _api(ui: Ui, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    token = ui.page.locator('input[name="_csrf"]').first.get_attribute("value")
    got = ui.page.request.fetch(
        ui.base_url + path, method=method, data=body, headers={"X-CSRF-Token": token or ""}
    )
    assert got.ok, f"{method} {path}: {got.status} {got.text()}"
    return got.json()


def _start_draft(ui: Ui, position: str, title: str) -> str:
    """A new position in Kase and a draft of it open in the editor; answers the API's URL."""
    ui.login("hr-kase")
    api = "/api/municipalities/kase/positions"
    _api(ui, "POST", api, {"id": position, "title": title, "unit": "kase-sotsiaal"})
    ui.go(f"/m/kase/positions/{position}")
    ui.page.get_by_role("button", name="Alusta uut versiooni").click()
    expect(ui.page.get_by_role("heading", name=re.compile("Ametijuhendi mustand"))).to_be_visible()
    return f"{api}/{position}/versions/1"


def _add_section(page: Page, kind: str) -> None:
    page.get_by_label("Osa liik").last.select_option(kind)
    page.get_by_role("button", name="Lisa osa").click()


def test_sections_and_two_ways_to_qualify(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    api = _start_draft(ui, "kase-noustaja", "sotsiaalnõustaja")
    _add_section(page, "purpose")
    page.locator("#s0-title").fill("Eesmärk")
    page.locator("#s0-c0-text").fill("Perede toimetuleku toetamine.")
    _add_section(page, "duties")
    page.locator("#s1-title").fill("Tööülesanded")
    page.locator("#s1-c0-text").fill("Nõustab peresid toetuste taotlemisel.")
    # sections reorder by buttons, with the mouse and with the keyboard
    expect(page.get_by_role("button", name="Tõsta üles: Osa 1", exact=True)).to_be_disabled()
    page.get_by_role("button", name="Tõsta üles: Osa 2", exact=True).click()
    expect(page.locator("#s0-title")).to_have_value("Tööülesanded")
    expect(page.locator("#s1-c0-text")).to_have_value("Perede toimetuleku toetamine.")
    page.get_by_role("button", name="Tõsta alla: Osa 1", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#s0-title")).to_have_value("Eesmärk")
    # two ways to qualify, each a group named by its legend
    first = page.get_by_role("group", name="Kvalifitseerumise viis 1")
    first.get_by_label("Haridus (vähemalt)").select_option(label="kõrgharidus")
    page.get_by_role("button", name="Lisa kvalifitseerumise viis").click()
    second = page.get_by_role("group", name="Kvalifitseerumise viis 2")
    expect(second).to_be_visible()
    expect(first.get_by_label("Haridus (vähemalt)")).to_have_value("higher")  # kept, unsaved
    second.get_by_label("Töökogemus (aastat)").fill("-5")
    second.get_by_label("Töökogemuse valdkond").fill("erialane")
    page.get_by_label(re.compile("^Keeleoskus")).fill("et C1")
    page.get_by_label(re.compile("^Kasuks tulev keeleoskus")).fill("en B3")
    page.get_by_role("button", name="Salvesta").click()
    years = second.get_by_label("Töökogemus (aastat)")
    expect(years).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#req-a1-experience-error")).to_have_text(
        "Kirjuta aastate arv täisarvuna (0 või rohkem)."
    )
    expect(page.locator("#req-desired-error")).to_have_text("Tundmatu tase: en B3")
    ui.forgive(422)
    ui.check("hr-editor-alternatives-errors")
    # the message at the top leads to the field
    page.locator("#form-errors").get_by_role("link", name=re.compile("0 või rohkem")).click()
    expect(page).to_have_url(re.compile("#req-a1-experience$"))
    years.fill("5")
    page.get_by_label(re.compile("^Kasuks tulev keeleoskus")).fill("en B1")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_text("Salvestatud.")).to_be_visible()
    expect(first.get_by_label("Haridus (vähemalt)")).to_have_value("higher")
    expect(second.get_by_label("Töökogemus (aastat)")).to_have_value("5")
    expect(page.get_by_text("või", exact=True)).to_be_visible()
    ui.check("hr-editor-alternatives")
    page.locator("#requirements").screenshot(
        path=str(ARTIFACTS / "hr-editor-alternatives-requirements.png")
    )
    stored = _api(ui, "GET", api)
    assert stored["requirements"]["alternatives"] == [
        {"education": "higher"},
        {"experience_years": 5, "experience_field": "erialane"},
    ]
    assert stored["requirements"]["languages"] == [
        {"language": "et", "level": "C1"},
        {"language": "en", "level": "B1", "desired": True},
    ]
    assert [s["kind"] for s in stored["sections"]] == ["purpose", "duties"]
    # and on a phone: the same form, no sideways scrolling
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#requirements").scroll_into_view_if_needed()
    ui.check("phone-editor-alternatives")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the editor scrolls sideways on a phone: {width}px"


def test_add_a_clause_from_the_library(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    api = _start_draft(ui, "kase-aruandja", "aruandlusspetsialist")
    _api(
        ui,
        "POST",
        "/api/library",
        {"id": "brauseri-aruandlus", "title": "Aruandlus (brauser)", "text": LIBRARY_TEXT},
    )
    page.reload()  # the library offers the new clause
    _add_section(page, "duties")
    section = page.locator("fieldset#s0")
    section.get_by_label("Teekogu punkt").select_option(label="Aruandlus (brauser)")
    section.get_by_role("button", name="Lisa teekogust").click()
    expect(page.locator("#s0-c1-text")).to_have_value(LIBRARY_TEXT)
    expect(section.get_by_text("teekogust: brauseri-aruandlus")).to_be_visible()
    # the empty clause the new section started with goes; the library clause stays
    section.get_by_role("button", name="Kustuta: Punkt 1", exact=True).click()
    section.get_by_role("button", name="Nummerda uuesti").click()
    expect(page.locator("#s0-c0-ref")).to_have_value("1")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_text("Salvestatud.")).to_be_visible()
    expect(page.locator("#s0-c0-text")).to_have_value(LIBRARY_TEXT)
    expect(page.locator('input[name="s0-c0-library"]')).to_have_value("brauseri-aruandlus")
    ui.check("hr-editor-library")
    clause = _api(ui, "GET", api)["sections"][0]["clauses"][0]
    assert clause == {"ref": "1", "text": LIBRARY_TEXT, "library": "brauseri-aruandlus"}
    usage = _api(ui, "GET", "/api/library/brauseri-aruandlus/usage")
    assert [(u["position"], u["up_to_date"]) for u in usage] == [("kase-aruandja", True)]
