"""The three journeys of issue 7 in headless Chromium, with a check (console, axe-core,
screenshot) of every main page on the way."""

import datetime as dt
import re
import zipfile

import pytest
from playwright.sync_api import Browser, Page, expect

from . import seed
from .browser import Ui

pytestmark = pytest.mark.browser


def test_hr_edits_approves_and_downloads(page: Page, base_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ui = Ui(page, base_url)
    ui.login("hr")
    ui.go("/m/tamme")
    ui.check("hr-overview")
    page.get_by_role("link", name="Ametikohad").first.click()
    expect(page.get_by_role("heading", name="Tamme vald: Ametikohad")).to_be_visible()
    page.get_by_label("Ainult vakantsed").check()
    page.get_by_role("button", name="Filtreeri").click()
    expect(page.get_by_role("link", name="sotsiaaltöötaja")).to_be_visible()
    expect(page.get_by_role("link", name="osakonna juhataja")).to_have_count(0)
    page.get_by_label("Ainult vakantsed").uncheck()
    page.get_by_role("button", name="Filtreeri").click()
    ui.check("hr-positions")
    page.get_by_role("link", name="osakonna juhataja").click()
    ui.check("hr-position")
    page.get_by_role("button", name="Alusta uut versiooni").click()
    expect(page.get_by_role("heading", name=re.compile("Ametijuhendi mustand"))).to_be_visible()
    # an empty clause is refused, with the message beside the field
    page.locator("#s1-c2-text").fill("")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.locator("#s1-c2-text-error")).to_have_text("Täida see väli.")
    expect(page.locator("#s1-c2-text")).to_have_attribute("aria-invalid", "true")
    ui.forgive(422)
    ui.check("hr-editor-errors")
    page.locator("#s1-c2-text").fill("Nõustab õpilasi, nende vanemaid ja õpetajaid.")
    page.locator("#s1-c2-result").fill("Pered saavad nõu kahe tööpäeva jooksul.")
    # move the last duty to the top, add a clause, renumber
    page.get_by_role("button", name="Tõsta üles: Punkt 2.3").click()
    page.get_by_role("button", name="Tõsta üles: Punkt 2.3").click()
    page.locator("fieldset#s1").get_by_role("button", name="Lisa punkt").click()
    page.locator("#s1-c3-text").fill("Koostab lastekaitse aastaaruande.")
    page.locator("fieldset#s1").get_by_role("button", name="Nummerda uuesti").click()
    expect(page.locator("#s1-c0-ref")).to_have_value("2.1")
    expect(page.locator("#s1-c0-text")).to_have_value(re.compile("^Nõustab õpilasi"))
    page.get_by_label(re.compile("^Keeleoskus")).fill("et C1, en B1")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_text("Salvestatud.")).to_be_visible()
    ui.check("hr-editor")
    page.get_by_label(re.compile("^Käskkirja number")).fill("1-2/77")
    page.get_by_role("button", name="Kinnita", exact=True).click()
    expect(page.get_by_role("heading", name="Võrdle versioone")).to_be_visible()
    diff = page.locator("table.diff")
    expect(diff).to_contain_text("Koostab lastekaitse aastaaruande.")
    expect(diff.locator("tr.added")).to_have_count(1)
    ui.check("hr-position-diff")
    with page.expect_download() as got:
        page.get_by_role("link", name="Laadi alla DOCX, versioon 2").click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name == "tamme-juht-v2.docx"
    with zipfile.ZipFile(saved) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Koostab lastekaitse aastaaruande." in body


def test_manager_finds_an_uncovered_week_and_adds_a_substitute(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    ui.login("manager")
    expect(page.get_by_role("heading", name=re.compile("Asendamise ülevaade"))).to_be_visible()
    first, last = seed.absence_week(dt.date.today())
    row = page.locator('tr[data-position="tamme-juht"]')
    week = row.locator("td.uncovered")
    expect(week).to_have_count(1)
    expect(week).to_have_attribute("colspan", "7")
    expect(week).to_have_attribute("aria-label", re.compile(f"{first}–{last}: Keegi ei asenda"))
    week.focus()  # who acts shows on focus too, not only on hover
    expect(page.locator("#cell-status")).to_contain_text("Keegi ei asenda")
    expect(page.locator("#findings")).to_contain_text("osakonna juhataja")
    expect(page.locator(".graph svg a.node.problem")).not_to_have_count(0)
    ui.check("manager-coverage")
    # who acts on a day of that week
    page.locator("#who-position").select_option("tamme-juht")
    page.get_by_label("Päeval").fill(first.isoformat())
    page.get_by_role("button", name="Küsi").click()
    expect(page.locator("#who-answer")).to_contain_text("Keegi ei asenda")
    # the fix
    page.locator("#sub-position").select_option("tamme-juht")
    page.locator("#sub-substitute").select_option("tamme-spets")
    page.get_by_role("button", name="Lisa asendaja").click()
    expect(page.get_by_text("Asendaja lisatud.")).to_be_visible()
    expect(row.locator("td.uncovered")).to_have_count(0)
    expect(row.locator("td.substitute")).to_have_attribute(
        "aria-label", re.compile("Asendab Mari Äär")
    )
    ui.check("manager-coverage-fixed")
    # and an absence entered for next month shows in the list
    page.get_by_label("Isik").select_option(label="Mari Äär")
    start = dt.date.today() + dt.timedelta(days=20)
    page.locator("#absence-from").fill(start.isoformat())
    page.locator("#absence-to").fill((start + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Liik").select_option("training")
    page.get_by_role("button", name="Lisa äraolek").click()
    expect(page.get_by_text("Äraolek lisatud.")).to_be_visible()
    expect(page.locator("section:has(#absences)")).to_contain_text(f"Mari Äär: {start:%d.%m.%Y}")


def test_employee_acknowledges_and_hr_sees_it(browser: Browser, base_url: str) -> None:
    hr = Ui(browser.new_page(), base_url)
    hr.login("hr")
    hr.go("/m/tamme/positions/tamme-spets")
    hr.page.get_by_role("button", name="Alusta uut versiooni").click()
    hr.page.locator("#s1-c1-text").fill("Sisestab toetuste ja teenuste andmed STAR-i.")
    hr.page.get_by_role("button", name="Salvesta").click()
    hr.page.get_by_label(re.compile("^Käskkirja number")).fill("1-2/78")
    hr.page.get_by_role("button", name="Kinnita", exact=True).click()
    expect(hr.page.get_by_role("heading", name="Võrdle versioone")).to_be_visible()
    hr.go("/m/tamme")
    expect(hr.page.locator("#pending-list")).to_contain_text("Mari Äär")

    me = Ui(browser.new_page(), base_url)
    me.login("employee")
    expect(me.page.get_by_role("heading", name="Minu ametijuhend")).to_be_visible()
    expect(me.page.locator("#ack-status")).to_have_text(
        "Sa pole veel kinnitanud, et oled tutvunud."
    )
    expect(me.page.get_by_role("heading", name=re.compile("Mis muutus"))).to_be_visible()
    expect(me.page.locator("table.diff")).to_contain_text("teenuste andmed STAR-i")
    me.check("employee-before")
    me.page.get_by_role("button", name="Kinnitan, et olen ametijuhendiga tutvunud").click()
    expect(me.page.get_by_text("Tutvumine kinnitatud.")).to_be_visible()
    expect(me.page.locator("#ack-status")).to_contain_text("Tutvusid")
    me.check("employee-acknowledged")
    # the employee sees nothing of HR's pages
    me.go("/m/tamme/positions/tamme-juht")
    expect(me.page.get_by_role("heading", name="Lehte ei leitud")).to_be_visible()

    hr.page.reload()
    expect(hr.page.locator("#pending-list")).not_to_contain_text("Mari Äär")
    hr.check("hr-overview-acknowledged")
