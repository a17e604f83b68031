"""The login expiring while a form is being filled, in Chromium with JavaScript: the form
stays with what was typed, the page says the login expired, and once the person has logged in
again in another tab, saving the same form works."""

import itertools

import pytest
from playwright.sync_api import Browser, expect

from .browser import Ui

pytestmark = pytest.mark.browser

RUNS = itertools.count(1)


def test_a_login_that_expired_mid_form_loses_nothing(browser: Browser, base_url: str) -> None:
    context = browser.new_context(locale="et-EE")
    typing, other = Ui(context.new_page(), base_url), Ui(context.new_page(), base_url)
    typing.login("hr")
    typing.go("/m/tamme/people/new")
    name = f"Aegunud Sessioon {next(RUNS)}"
    typing.page.get_by_label("Nimi").fill(name)
    other.go("/m/tamme")
    other.page.get_by_role("button", name="Logi välja").click()  # the session ends meanwhile

    typing.page.get_by_role("button", name="Salvesta").click()
    expect(typing.page.get_by_role("alert")).to_contain_text("Sisselogimine on aegunud")
    expect(typing.page.get_by_label("Nimi")).to_have_value(name)
    typing.forgive(401)

    other.login("hr")  # in the other tab: a new session, with a new CSRF token
    typing.page.get_by_role("button", name="Salvesta").click()
    expect(typing.page.get_by_role("heading", name=name)).to_be_visible()
    typing.forgive(403)
    assert not typing.errors, typing.errors
    context.close()
