"""The correction journeys in Chromium, in Estonian and English, with JavaScript on and off:
HR deletes an import's mistaken position, abolishes a position from a date, edits and reorders
substitution rules; a manager adds, edits and deletes an absence; the library page creates a
clause and applies a change of it to a draft. axe-core checks every new page on the way.

The live server is shared by the session: each run makes its own positions and dates."""

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from roles import domain, store
from roles.services import access, descriptions, organisation
from roles.services.preconditions import etag
from roles.services.workspace import Workspace
from roles.web import i18n

from .browser import Ui
from .conftest import LiveServer

pytestmark = pytest.mark.browser

RUNS = itertools.count(1)
MODES = [("et", True), ("et", False), ("en", True), ("en", False)]


@pytest.fixture(params=MODES, ids=lambda m: f"{m[0]}-{'js' if m[1] else 'nojs'}")
def ui(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Ui]:
    lang, js = request.param
    context = browser.new_context(java_script_enabled=js, locale="et-EE")
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())  # data-confirm asks; the person says yes
    found = Ui(page, base_url)
    found.lang = lang  # type: ignore[attr-defined]
    found.js = js  # type: ignore[attr-defined]
    yield found
    context.close()


def check(ui: Ui, name: str) -> None:
    """axe-core and the console with JavaScript on; without it the same HTML is only shown
    (axe is itself a script), and the console must still be quiet."""
    if ui.js:  # type: ignore[attr-defined]
        ui.check(name)
    else:
        assert not ui.errors, f"{name}: console errors {ui.errors}"


def t(ui: Ui, key: str, *args: Any) -> str:
    phrase = i18n.text(ui.lang, key)  # type: ignore[attr-defined]
    return phrase.format(*args) if args else phrase


def start(ui: Ui, who: str, path: str) -> Page:
    ui.login(who)
    lang = ui.lang  # type: ignore[attr-defined]
    ui.go(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    return ui.page


def new_position(ui: Ui, title: str) -> str:
    """HR makes a position through the form; answers its page's path."""
    page = ui.page
    ui.go("/m/tamme/positions/new")
    check(ui, f"fix-new-position-{ui.lang}-{ui.js}")  # type: ignore[attr-defined]
    page.locator("#f-title").fill(title)
    page.locator("#f-unit").select_option(label="haldusosakond")
    page.get_by_role("button", name=t(ui, "save")).click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]


def test_hr_deletes_a_mistake_and_abolishes_a_position(ui: Ui) -> None:
    n = next(RUNS)
    page = start(ui, "hr", "/m/tamme/positions")
    check(ui, f"fix-positions-{n}")
    mistake = new_position(ui, f"Vale ametikoht {n}")
    page.get_by_role("link", name=t(ui, "fix_edit_position", f"Vale ametikoht {n}")).click()
    check(ui, f"fix-edit-position-{n}")
    page.get_by_role("button", name=t(ui, "fix_delete_position")).click()
    expect(page.get_by_text(t(ui, "fix_position_deleted"))).to_be_visible()
    gone = page.goto(ui.base_url + mistake)
    assert gone is not None and gone.status == 404
    ui.forgive(404)
    # a position that was held is not deleted: the page says why, naming the holder
    ui.go("/m/tamme/positions/tamme-haldur/edit")
    page.get_by_role("button", name=t(ui, "fix_delete_position")).click()
    expect(page.get_by_role("alert")).to_contain_text("Ülle Öö")
    ui.forgive(422)
    check(ui, f"fix-delete-refused-{n}")
    # abolish from a date
    kept = new_position(ui, f"Kaotatav ametikoht {n}")
    ui.go(f"{kept}/abolish")
    check(ui, f"fix-abolish-{n}")
    page.locator("#f-abolished").fill("2031-01-01")
    page.get_by_role("button", name=t(ui, "fix_abolish")).click()
    expect(page.get_by_role("heading", name=f"Kaotatav ametikoht {n}", exact=True)).to_be_visible()
    ui.go(f"{kept}/abolish")
    expect(page.locator("#f-abolished")).to_have_value("2031-01-01")


def test_hr_edits_and_reorders_substitution_rules(ui: Ui) -> None:
    n = next(RUNS)
    page = start(ui, "hr", "/m/tamme")
    position = new_position(ui, f"Asendatav {n}")
    page.get_by_role("link", name=t(ui, "fix_rules")).click()
    check(ui, f"fix-rules-empty-{n}")
    # the drop-down starts on "choose": adding without choosing is refused, not itself
    expect(page.locator("#add-position")).to_have_value("")
    page.get_by_role("button", name=t(ui, "add_substitute")).click()
    expect(page.locator("#add-position-error")).to_have_text(t(ui, "must_fill"))
    ui.forgive(422)
    for label in ("haldusjuht (haldusosakond)", "osakonna juhataja (sotsiaalosakond)"):
        page.locator("#add-position").select_option(label=label)
        page.get_by_role("button", name=t(ui, "add_substitute")).click()
        expect(page.locator("ol.rules")).to_contain_text(label.split(" (")[0])
    check(ui, f"fix-rules-{n}")
    page.get_by_role("button", name=t(ui, "fix_move_up", "osakonna juhataja")).click()
    expect(page.locator("ol.rules > li").first).to_contain_text("osakonna juhataja")
    first = page.locator("#rule-0")
    first.get_by_label(t(ui, "if_needed")).check()
    first.get_by_role("button", name=re.compile(t(ui, "save"))).click()
    # an if-needed rule before a plain one is refused, worded, what was typed kept
    expect(page.get_by_role("alert")).to_contain_text(t(ui, "if_needed"))
    expect(page.locator("#rule-0").get_by_label(t(ui, "if_needed"))).to_be_checked()
    ui.forgive(422)
    page.get_by_role("button", name=t(ui, "fix_move_down", "osakonna juhataja")).click()
    expect(page.locator("ol.rules > li").first).to_contain_text("haldusjuht")
    second = page.locator("#rule-1")
    second.get_by_label(t(ui, "if_needed")).check()
    second.get_by_role("button", name=re.compile(t(ui, "save"))).click()
    expect(page.locator("#rule-1").get_by_label(t(ui, "if_needed"))).to_be_checked()
    page.get_by_role("button", name=t(ui, "fix_delete_rule", "haldusjuht")).click()
    expect(page.locator("ol.rules > li")).to_have_count(1)
    ui.go(position)
    expect(page.locator("#substitutes")).to_contain_text("osakonna juhataja")


def test_manager_adds_edits_and_deletes_an_absence(ui: Ui) -> None:
    n = next(RUNS)
    year = 2040 + n
    page = start(ui, "manager", "/m/tamme/people")
    check(ui, f"fix-people-{n}")
    page.get_by_role("link", name="Mari Äär").click()
    check(ui, f"fix-person-{n}")
    page.get_by_role("link", name=t(ui, "add_absence")).click()
    check(ui, f"fix-new-absence-{n}")
    page.locator("#f-from").fill(f"{year}-03-10")
    page.locator("#f-to").fill(f"{year}-03-01")
    page.get_by_role("button", name=t(ui, "save")).click()
    expect(page.locator("#f-to-error")).to_have_text(t(ui, "end_before_start"))
    expect(page.locator("#f-from")).to_have_value(f"{year}-03-10")
    ui.forgive(422)
    check(ui, f"fix-absence-error-{n}")
    page.locator("#f-to").fill(f"{year}-03-14")
    page.get_by_role("button", name=t(ui, "save")).click()
    shown = dt.date(year, 3, 10).strftime("%d.%m.%Y" if ui.lang == "et" else "%Y-%m-%d")  # type: ignore[attr-defined]
    row = page.locator("tr", has_text=shown)
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    page.locator("#f-to").fill(f"{year}-03-20")
    page.get_by_role("button", name=t(ui, "save")).click()
    end = dt.date(year, 3, 20).strftime("%d.%m.%Y" if ui.lang == "et" else "%Y-%m-%d")  # type: ignore[attr-defined]
    expect(page.locator("tr", has_text=shown)).to_contain_text(end)
    page.locator("tr", has_text=shown).get_by_role("link").click()
    page.get_by_role("button", name=t(ui, "fix_delete_absence")).click()
    expect(page.locator("tr", has_text=shown)).to_have_count(0)


def _draft_with(live: LiveServer, title: str, clause: str, text: str) -> tuple[str, int]:
    """A new position whose draft takes `clause` from the library (as the editor's "add from
    the library" does), made through the services on the live server's database."""
    engine = store.create(live.database_url)
    ws = Workspace(engine)
    try:
        me = access.system("test")
        taken = {p.id for p in ws.require("tamme").registry.positions}
        pid = next(f"tamme-lib-{i}" for i in itertools.count() if f"tamme-lib-{i}" not in taken)
        organisation.create(
            ws, me, "tamme", "position", domain.Position(id=pid, title=title, unit="tamme-haldus")
        )
        draft = descriptions.start_draft(ws, me, "tamme", pid)
        section = domain.Section(
            kind=domain.SectionKind.DUTIES,
            clauses=[domain.Clause(ref="1", text=text, library=clause)],
        )
        filled = domain.JobDescription(
            position=pid, version=draft.version, status=draft.status, sections=[section]
        )
        descriptions.save_draft(ws, me, "tamme", pid, draft.version, filled, etag(draft))
        return pid, draft.version
    finally:
        ws.close()
        engine.dispose()


def test_library_creates_a_clause_and_applies_it_to_a_draft(
    ui: Ui, live_server: LiveServer
) -> None:
    n = next(RUNS)
    page = start(ui, "hr", "/library")
    check(ui, f"fix-library-{n}")
    page.get_by_role("link", name=t(ui, "fix_new_clause")).click()
    check(ui, f"fix-new-clause-{n}")
    page.locator("#f-title").fill(f"Ametisaladus {n}")
    page.locator("#f-text").fill("Hoiab ametisaladust.")
    page.get_by_role("button", name=t(ui, "save")).click()
    expect(page.get_by_role("heading", name=f"Ametisaladus {n}")).to_be_visible()
    clause = re.sub(r"^https?://[^/]+/library/", "", page.url).split("?")[0].split("#")[0]
    pid, version = _draft_with(live_server, f"Teegi kasutaja {n}", clause, "Hoiab ametisaladust.")
    page.reload()
    expect(page.locator("#used").locator("..")).to_contain_text(f"Teegi kasutaja {n}")
    page.locator("#f-text").fill("Hoiab ametisaladust ka pärast töölt lahkumist.")
    page.get_by_role("button", name=t(ui, "save")).click()
    check(ui, f"fix-clause-{n}")
    page.get_by_role("button", name=t(ui, "fix_apply_to_drafts")).click()
    expect(page.get_by_text(t(ui, "fix_drafts_made"))).to_be_visible()
    ui.go(f"/m/tamme/positions/{pid}/versions/{version}/edit")
    expect(page.locator("textarea[id$='-c0-text']").first).to_have_value(
        "Hoiab ametisaladust ka pärast töölt lahkumist."
    )
    # and the search page finds it, Estonian-aware
    ui.go("/search?q=P%C3%84RAST")
    check(ui, f"fix-search-{n}")
    expect(page.locator("ol.hits")).to_contain_text(f"Teegi kasutaja {n}")
