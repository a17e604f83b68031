"""Every page in the browser: no console errors, axe-core clean, screenshots; the pages work
with JavaScript off and with the script blocked."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser import Ui
from .conftest import ROOT

pytestmark = pytest.mark.browser

SEED = ROOT / "tests" / "fixtures" / "originals" / "002_8134c814bab138d5.txt"


def test_login_and_overview_in_both_languages(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    ui.go("/m/tamme")
    expect(page.get_by_role("heading", name="Logi sisse")).to_be_visible()
    ui.check("login")
    ui.login("hr")
    expect(page).to_have_url(re.compile("/m/tamme$"))  # back where the login started
    page.get_by_role("link", name="In English").click()
    expect(page.get_by_role("heading", name="Tamme vald: Overview")).to_be_visible()
    ui.check("hr-overview-en")
    ui.go("/m/tamme/positions")
    expect(page.get_by_role("heading", name="Tamme vald: Positions")).to_be_visible()
    page.get_by_role("link", name="Eesti keeles").click()
    expect(page.get_by_role("heading", name="Tamme vald: Ametikohad")).to_be_visible()


def test_skip_link_and_keyboard(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    ui.login("hr")
    ui.go("/m/tamme/positions")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Jätka põhisisuga")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_registry_upload_shows_errors_by_path_and_exports(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    ui = Ui(page, base_url)
    ui.login("hr")
    ui.go("/m/tamme/registry")
    ui.check("hr-registry")
    with page.expect_download() as got:
        page.get_by_role("link", name="Ekspordi YAML").click()
    exported = tmp_path / "tamme.yaml"
    got.value.save_as(exported)
    text = exported.read_text()
    assert "format: roles-registry/1" in text
    broken = tmp_path / "tamme-broken.yaml"
    broken.write_text(text.replace("reports_to: tamme-juht", "reports_to: tamme-nobody", 1))
    page.get_by_label(re.compile("^Fail")).set_input_files(str(broken))
    page.get_by_role("button", name="Laadi üles").click()
    errors = page.locator("#registry-errors")
    expect(errors).to_contain_text("positions[")
    expect(errors).to_contain_text("reports_to")
    ui.forgive(422)
    ui.check("hr-registry-errors")
    page.get_by_label(re.compile("^Fail")).set_input_files(str(exported))
    page.get_by_role("button", name="Laadi üles").click()
    expect(page.locator("#registry-preview")).to_contain_text("Fail ei muudaks registris midagi.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Asenda register failiga").click()
    expect(page.get_by_text("Register laaditud.")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_import_review_queue(
    browser: Browser, base_url: str, tmp_path: Path, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    ui = Ui(page, base_url)
    ui.login("hr")
    ui.go("/m/kase/import")
    expect(page.get_by_role("heading", name="Lehte ei leitud")).to_be_visible()
    ui.forgive(404)
    ui.go("/m/tamme/import")
    if javascript:
        ui.check("hr-import")
    # The server lives through both runs: each imports a position of its own.
    title, stem = ("Arhivaar", "Arhivaari") if javascript else ("Registripidaja", "Registripidaja")
    other = tmp_path / f"{title.lower()}.txt"
    other.write_text(
        f"{stem} ametijuhend\n1. Üldsätted\n1.1. {title} allub vallasekretärile.\n"
        "2. Tööülesanded\n2.1. Korraldab arhiivi.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "katki.docx"
    broken.write_bytes(b"not a word file")
    page.get_by_label("Failid").set_input_files([str(SEED), str(other), str(broken)])
    page.get_by_role("button", name="Laadi üles").click()
    expect(page.locator("#import-failed")).to_contain_text("katki.docx: fail on vigane")
    expect(page.get_by_role("heading", name="Dokument 1 / 2")).to_be_visible()
    expect(page.locator("#import-position")).to_contain_text("spetsialist")
    expect(page.get_by_role("heading", name="Struktureeritud mustand")).to_be_visible()
    if javascript:
        ui.check("hr-import-review")
    ui.go("/m/tamme/import")  # the queue is the server's: it survives leaving the page
    expect(page.get_by_role("heading", name="Dokument 1 / 2")).to_be_visible()
    page.get_by_role("button", name="Jäta vahele").click()
    expect(page.get_by_text("Dokument jäeti vahele.")).to_be_visible()
    second = page.get_by_role("heading", name=f"Dokument 2 / 2: {other.name}")
    expect(second).to_be_visible()
    page.get_by_role("button", name="Võta vastu ja muuda").click()
    expect(page.get_by_text("Imporditud mustandina.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Ametijuhendi mustand"))).to_be_visible()
    ui.go("/m/tamme/import")
    expect(page.get_by_text("Ülevaatamiseks pole dokumente.")).to_be_visible()
    context.close()


def test_phone_layout(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    ui = Ui(context.new_page(), base_url)
    ui.login("manager")
    ui.check("phone-manager-coverage")
    ui.go("/m/tamme/positions/tamme-spets")
    ui.check("phone-position")
    width = ui.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone: {width}px"
    context.close()


@pytest.mark.parametrize("mode", ["javascript-off", "script-blocked"])
def test_pages_work_without_javascript(browser: Browser, base_url: str, mode: str) -> None:
    context = browser.new_context(java_script_enabled=mode == "javascript-off")
    page = context.new_page()
    if mode == "script-blocked":
        page.route("**/*.js", lambda route: route.abort())
    ui = Ui(page, base_url)
    ui.login("hr")
    ui.go("/m/tamme/positions?findings=1")
    expect(page.get_by_role("link", name="sotsiaaltöötaja")).to_be_visible()
    ui.go("/m/tamme/coverage")
    expect(page.locator("table.heat")).to_be_visible()
    page.locator("#who-position").select_option("tamme-vaba")
    page.get_by_role("button", name="Küsi").click()
    expect(page.locator("#who-answer")).to_contain_text("Keegi ei asenda")
    position = "tamme-haldur" if mode == "javascript-off" else "tamme-vaba"
    ui.go(f"/m/tamme/positions/{position}")
    page.get_by_role("button", name="Alusta uut versiooni").click()
    page.get_by_label("Osa liik").last.select_option("duties")
    page.get_by_role("button", name="Lisa osa").click()
    expect(page.get_by_text("Muudatused pole veel salvestatud")).to_be_visible()
    page.locator("#s0-c0-text").fill("Haldab valla hooneid.")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_text("Salvestatud.")).to_be_visible()
    expect(page.locator("#s0-c0-text")).to_have_value("Haldab valla hooneid.")
    context.close()
