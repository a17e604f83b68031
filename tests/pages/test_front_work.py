"""Never lose work, in the browser: leaving with unsaved changes warns, discarding a draft asks,
forms post in place keeping scroll and focus and announcing the outcome, a conflict keeps what
was typed; long words wrap at 390 px; error pages speak the page's language; and all of it
still works with JavaScript off.

Each test makes its own position in Kase through the API (with the page's session), so the
tests need nothing from each other and run in any order."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from .browser import Ui

pytestmark = pytest.mark.browser

LONG = "Sotsiaal" + "hoolekande" * 40 + "spetsialist"  # one unbroken 419-letter word
TITLE = LONG[:190]  # titles are at most 200 characters


def _api(ui: Ui, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    token = ui.page.locator('input[name="_csrf"]').first.get_attribute("value")
    got = ui.page.request.fetch(
        ui.base_url + path, method=method, data=body, headers={"X-CSRF-Token": token or ""}
    )
    assert got.ok, f"{method} {path}: {got.status} {got.text()}"
    return got.json()


def _draft(ui: Ui, position: str, title: str, lang: str = "et") -> str:
    """A new Kase position with a draft open in the editor; answers the editor's path."""
    ui.login("hr-kase")
    api = "/api/municipalities/kase/positions"
    _api(ui, "POST", api, {"id": position, "title": title, "unit": "kase-sotsiaal"})
    ui.go(f"/m/kase/positions/{position}?lang={lang}")
    ui.page.get_by_role(
        "button", name=re.compile("Alusta uut versiooni|Start a new version")
    ).click()
    ui.page.wait_for_url(re.compile("/edit"))
    return f"/m/kase/positions/{position}/versions/1/edit"


def _settled(page: Page) -> None:
    page.wait_for_function("() => !document.querySelector('main[aria-busy]')")


def _no_reload_marker(page: Page) -> None:
    page.evaluate("() => { window.__stillHere = true; }")


def _still_here(page: Page) -> bool:
    return bool(page.evaluate("() => window.__stillHere === true"))


def test_leaving_with_unsaved_changes_asks(page: Page, base_url: str) -> None:
    ui = Ui(page, base_url)
    editor = _draft(ui, "kase-hoiataja", "hoiataja")
    asked: list[str] = []

    def dismiss(d: Dialog) -> None:
        asked.append(d.message)
        d.dismiss()

    page.on("dialog", dismiss)
    # nothing typed: links just go
    page.get_by_role("link", name="hoiataja").first.click()
    page.wait_for_url(re.compile("/kase-hoiataja$"))
    assert asked == []
    ui.go(editor)
    page.locator("#title").fill("Ametijuhend, mida keegi ei salvestanud")
    page.get_by_role("link", name="Ametikohad").click()  # the main menu
    assert asked and "salvestamata muudatusi" in asked[-1]
    expect(page).to_have_url(re.compile(editor + "$"))
    expect(page.locator("#title")).to_have_value("Ametijuhend, mida keegi ei salvestanud")
    # approving posts this same form, the typed text with it: no question; this draft has no
    # duties, so the approval is refused and the form comes back with what was typed
    page.locator("#approve-by").fill("Vallavanem")
    page.locator("#approve-date").fill("2024-01-10")
    page.get_by_role("button", name="Kinnita", exact=True).click()
    _settled(page)
    assert len(asked) == 1
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#title")).to_have_value("Ametijuhend, mida keegi ei salvestanud")
    # posting another form (discard) would drop the typed text: past its own question, it asks
    page.remove_listener("dialog", dismiss)

    def discard_yes_leave_no(d: Dialog) -> None:
        asked.append(d.message)
        if d.message.startswith("Kas visata mustand ära?"):
            d.accept()
        else:
            d.dismiss()

    page.on("dialog", discard_yes_leave_no)
    page.get_by_role("button", name="Loobu mustandist").click()
    assert len(asked) == 3 and "salvestamata muudatusi" in asked[-1]
    expect(page).to_have_url(re.compile(editor + "$"))
    expect(page.locator("#title")).to_have_value("Ametijuhend, mida keegi ei salvestanud")
    page.remove_listener("dialog", discard_yes_leave_no)
    ui.forgive(422)
    # closing the tab or reloading: the browser's own "leave site?" question
    kinds: list[str] = []
    page.on("dialog", lambda d: (kinds.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert kinds == ["beforeunload"]


def test_leaving_after_a_step_the_server_holds_unsaved_asks(page: Page, base_url: str) -> None:
    """An editor step (add a section) comes back unsaved from the server: leaving still asks,
    and accepting leaves."""
    ui = Ui(page, base_url)
    _draft(ui, "kase-samm", "sammuja")
    page.get_by_label("Osa liik").last.select_option("duties")
    page.get_by_role("button", name="Lisa osa").click()
    expect(page.get_by_text("Muudatused pole veel salvestatud")).to_be_visible()
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("link", name="Ametikohad").click()
    page.wait_for_url(re.compile("/m/kase/positions$"))
    assert len(asked) == 1


@pytest.mark.parametrize(
    ("lang", "question", "said"),
    [
        ("et", "Kas visata mustand ära?", "Mustandist on loobutud."),
        ("en", "Discard the draft?", "The draft was discarded."),
    ],
)
def test_discarding_a_draft_asks_in_the_page_language(
    page: Page, base_url: str, lang: str, question: str, said: str
) -> None:
    ui = Ui(page, base_url)
    position = f"kase-loobuja-{lang}"
    editor = _draft(ui, position, "loobuja", lang)
    button = page.get_by_role("button", name=re.compile("^(Loobu mustandist|Discard the draft)$"))
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    button.click()
    assert asked and asked[0].startswith(question)
    page.wait_for_timeout(200)
    expect(page).to_have_url(re.compile(editor))  # still here, the draft kept
    assert _api(ui, "GET", f"/api/municipalities/kase/positions/{position}/versions/1")
    page.once("dialog", lambda d: d.accept())
    button.click()
    page.wait_for_url(re.compile(f"/positions/{position}\\?done=discarded$"))
    expect(page.locator("p.flash")).to_have_text(said)
    got = page.request.get(f"{base_url}/api/municipalities/kase/positions/{position}/versions/1")
    assert got.status == 404


def test_in_place_submit_keeps_scroll_focus_and_announces(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    ui = Ui(context.new_page(), base_url)
    page = ui.page
    editor = _draft(ui, "kase-kohapeal", "kohapealne")
    for kind in ("purpose", "duties", "rights"):
        page.get_by_label("Osa liik").last.select_option(kind)
        page.get_by_role("button", name="Lisa osa").click()
        _settled(page)
    expect(page.locator("fieldset#s2")).to_be_visible()
    _no_reload_marker(page)
    add = page.locator("fieldset#s2").get_by_role("button", name="Lisa punkt")
    add.scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    assert before > 200
    add.focus()
    page.keyboard.press("Enter")
    _settled(page)
    expect(page.locator("#s2-c1-text")).to_be_visible()
    assert _still_here(page), "the page reloaded"
    assert abs(page.evaluate("() => window.scrollY") - before) <= 2
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert focused == ["op", "add:2"]
    announced = page.locator("[data-announced]")
    expect(announced).to_have_text(re.compile("Muudatused pole veel salvestatud"))
    # saving: the redirect's URL is in the history, "Salvestatud." is announced
    page.locator("#title").fill("Kohapealne ametijuhend")
    page.locator("#s2-c1-text").fill("Teeb otsuseid.")
    page.locator("#s0-c0-text").fill("Eesmärk.")
    page.locator("#s1-c0-text").fill("Töö.")
    page.locator("#s2-c0-text").fill("Õigus.")
    page.get_by_role("button", name="Salvesta").click()
    _settled(page)
    expect(page).to_have_url(re.compile(re.escape(editor) + r"\?done=saved$"))
    expect(page.locator("[data-announced]")).to_have_text("Salvestatud.")
    assert _still_here(page)
    expect(page.locator("#s2-c1-text")).to_have_value("Teeb otsuseid.")
    ui.check("front-in-place-saved", full_page=False)
    # a form with errors comes back in place with the focus on the first wrong field
    page.locator("#approve-by").fill("Vallavanem")
    page.locator("#approve-date").evaluate("e => { e.required = false; e.value = ''; }")
    page.get_by_role("button", name="Kinnita").click()
    _settled(page)
    assert _still_here(page)
    expect(page.locator("#approve-date")).to_be_focused()
    expect(page.locator("#approve-by")).to_have_value("Vallavanem")
    ui.forgive(422)
    context.close()


def test_a_conflict_keeps_what_was_typed(browser: Browser, base_url: str) -> None:
    """Two tabs on one draft: the second save meets a conflict; the typed text stays in the
    form, the stored one beside it, instead of a bare error page; saving again keeps it."""
    context = browser.new_context()
    first = Ui(context.new_page(), base_url)
    editor = _draft(first, "kase-kaksik", "kaksik")
    second = Ui(context.new_page(), base_url)
    second.go(editor)
    first.page.locator("#title").fill("Esimese vahelehe pealkiri")
    first.page.get_by_role("button", name="Salvesta").click()
    _settled(first.page)
    expect(first.page.locator("[data-announced]")).to_have_text("Salvestatud.")
    typed = "Teise vahelehe pikk ja hoolikalt kirjutatud pealkiri"
    second.page.locator("#title").fill(typed)
    second.page.get_by_role("button", name="Salvesta").click()
    _settled(second.page)
    conflict = second.page.locator("#conflict")
    expect(conflict).to_have_text(re.compile("Keegi salvestas selle mustandi"))
    expect(conflict).to_have_attribute("data-announced", "")
    expect(second.page.locator("#title")).to_have_value(typed)
    stored = second.page.locator(".theirs").filter(has_text="Esimese vahelehe pealkiri")
    expect(stored).to_be_visible()  # the stored title beside what was typed
    # saving again keeps the person's own side: their title is stored
    second.page.get_by_role("button", name="Salvesta", exact=True).click()
    _settled(second.page)
    expect(second.page.locator("[data-announced]")).to_have_text("Salvestatud.")
    got = _api(first, "GET", "/api/municipalities/kase/positions/kase-kaksik/versions/1")
    assert got["title"] == typed
    second.forgive(409)
    context.close()


def test_long_words_wrap_at_390(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    ui = Ui(context.new_page(), base_url)
    page = ui.page
    _draft(ui, "kase-pikksona", TITLE)
    page.locator("#title").fill(TITLE)
    page.get_by_label("Osa liik").last.select_option("duties")
    page.get_by_role("button", name="Lisa osa").click()
    _settled(page)
    page.locator("#s0-c0-text").fill(LONG + " " + LONG)
    page.get_by_role("button", name="Salvesta").click()
    _settled(page)
    for path in (
        "/m/kase/positions",
        "/m/kase/positions/kase-pikksona",
        "/m/kase/positions/kase-pikksona/versions/1/edit",
        "/m/kase/coverage",
    ):
        ui.go(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at 390 px: {width}px"
    ui.check("front-long-word-editor-390")
    context.close()


@pytest.mark.parametrize(
    ("lang", "heading", "back"),
    [
        ("et", "Lehte ei leitud", "Tagasi eelmisele lehele"),
        ("en", "Page not found", "Back to the previous page"),
    ],
)
@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_error_page_in_the_site_layout(
    browser: Browser, base_url: str, lang: str, heading: str, back: str, script: bool
) -> None:
    context = browser.new_context(java_script_enabled=script)
    ui = Ui(context.new_page(), base_url)
    ui.login("hr")
    ui.go(f"/m/tamme/positions/no-such-position?lang={lang}")
    page = ui.page
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation").first).to_be_visible()  # the site's menu is there
    page.get_by_role("link", name=back).click()
    expect(page).to_have_url(re.compile(r"/m/tamme/positions(\?|$)"))
    ui.forgive(404)
    context.close()


def test_everything_here_works_without_javascript(browser: Browser, base_url: str) -> None:
    """The editor posts and saves, discarding goes without a question, nothing is lost."""
    context = browser.new_context(java_script_enabled=False)
    ui = Ui(context.new_page(), base_url)
    page = ui.page
    _draft(ui, "kase-skriptita", "skriptita")
    page.get_by_label("Osa liik").last.select_option("duties")
    page.get_by_role("button", name="Lisa osa").click()
    expect(page.get_by_text("Muudatused pole veel salvestatud")).to_be_visible()
    page.locator("#s0-c0-text").fill("Töötab ka ilma skriptita.")
    page.locator("#title").press("Enter")  # Enter in a field saves; it never moves or deletes
    expect(page.get_by_text("Salvestatud.")).to_be_visible()
    expect(page.locator("#s0-c0-text")).to_have_value("Töötab ka ilma skriptita.")
    page.get_by_role("button", name="Loobu mustandist").click()
    page.wait_for_url(re.compile("/positions/kase-skriptita\\?done=discarded$"))
    expect(page.locator("p.flash")).to_have_text("Mustandist on loobutud.")
    context.close()
