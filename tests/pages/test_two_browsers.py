"""Two browsers, one draft (issue 13): nothing typed is lost. The second save comes back as a
conflict with the typed text kept and the stored text beside it; either side can be taken per
clause; approving a draft changed after the approver opened it is a conflict, not an approval.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser import Ui
from .test_editor_browser import _start_draft

pytestmark = pytest.mark.browser


def test_two_browsers_edit_one_draft(page: Page, browser: Browser, base_url: str) -> None:
    mine = Ui(page, base_url)
    _start_draft(mine, "kase-kahekesi", "kahe toimetajaga ametikoht")
    page.locator("#title").fill("Ametijuhend")
    page.get_by_label("Osa liik").last.select_option("duties")
    page.get_by_role("button", name="Lisa osa").click()
    page.locator("#s0-c0-text").fill("Esimene ülesanne.")
    page.get_by_role("button", name="Lisa punkt").click()
    page.locator("#s0-c1-text").fill("Teine ülesanne.")
    page.get_by_role("button", name="Salvesta").last.click()
    expect(page.locator("#s0-c1-text")).to_have_value("Teine ülesanne.")
    url = page.url

    context = browser.new_context(base_url=base_url)
    try:
        theirs = Ui(context.new_page(), base_url)
        theirs.login("hr-kase")
        theirs.page.goto(url)
        # both have the draft open; the colleague saves first
        theirs.page.locator("#s0-c0-text").fill("Kolleegi sõnastus.")
        theirs.page.get_by_role("button", name="Salvesta").last.click()
        expect(theirs.page.locator("#s0-c0-text")).to_have_value("Kolleegi sõnastus.")

        page.locator("#s0-c1-text").fill("Minu sõnastus.")
        page.get_by_role("button", name="Salvesta").last.click()
        mine.forgive(409)
        expect(page.locator("#conflict")).to_be_visible()
        expect(page.locator("#s0-c1-text")).to_have_value("Minu sõnastus.")  # kept
        expect(page.locator("#s0-c0-theirs")).to_contain_text("Kolleegi sõnastus.")
        page.locator("#s0-c0-theirs").get_by_role("button").click()  # take theirs
        expect(page.locator("#s0-c0-text")).to_have_value("Kolleegi sõnastus.")
        expect(page.locator("#s0-c1-text")).to_have_value("Minu sõnastus.")
        page.get_by_role("button", name="Salvesta").last.click()
        expect(page.locator("#conflict")).to_have_count(0)

        # The colleague's page is now stale: approving from it is a conflict, not an approval.
        theirs.page.locator("#approve-directive").fill("1-2/7")
        theirs.page.get_by_role("button", name="Kinnita", exact=True).click()
        theirs.forgive(409)
        expect(theirs.page.locator("#conflict")).to_be_visible()
        expect(theirs.page.locator("#approve-directive")).to_have_value("1-2/7")
        page.reload()
        expect(page.locator("#s0-c0-text")).to_have_value("Kolleegi sõnastus.")
        expect(page.locator("#s0-c1-text")).to_have_value("Minu sõnastus.")
    finally:
        context.close()
