"""Every page each role reaches, in Estonian: no registry id, finding code, exception name or
English error text in what the page shows; axe-core finds nothing serious at 1 366 px and at
390 px; nothing scrolls sideways at 390 px.

The pages are walked once per role (links from the home page, plus the pages a few actions
lead to: error answers, a form sent back with errors, a draft in the editor) and kept; each
(page, check) is its own test, so a check known to fail can be marked `xfail` with the handler
it waits for (KNOWN). A walk finding a page missing from PAGES fails too: a new page gets its
checks by being listed here."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page

from roles import coverage, store

from ..api.factories import PASSWORD, kase
from ..conftest import make_app
from . import seed
from .browser import axe
from .conftest import SECRET, serving

pytestmark = pytest.mark.browser

SKIP = re.compile(r"\.(yaml|json|docx|pdf|asice|txt|xlsx|ics)$|^/(logout|schema|api|feeds)(/|$)")
TODAY = dt.date.today()
WHO = f"/m/tamme/coverage?position=tamme-vaba&day={TODAY.isoformat()}"

# page key -> why it is reached; keys are paths, or "name:" for pages an action leads to
PAGES: dict[str, list[str]] = {
    "hr": [
        "/",
        "/m/tamme",
        "/m/tamme/positions",
        "/m/tamme/positions?vacant=1",
        "/m/tamme/positions?findings=1",
        "/m/tamme/positions?pending=1",
        "/m/tamme/positions?unit=tamme-haldus",
        "/m/tamme/positions?unit=tamme-sotsiaal",
        "/m/tamme/positions?unit=tamme-lastekaitse",
        "/m/tamme/positions/tamme-juht",
        "/m/tamme/positions/tamme-spets",
        "/m/tamme/positions/tamme-haldur",
        "/m/tamme/positions/tamme-vaba",
        "/m/tamme/coverage",
        "/m/tamme/import",
        "/m/tamme/registry",
        "who-acts:",
        "not-found:",
        "foreign-municipality:",
        "registry-not-yaml:",
        "registry-wrong-reference:",
        "import-not-docx:",
        "absence-end-before-start:",
        "editor:",
        "editor-errors:",
        "sign-approval:",
        # the correction pages (pagesa)
        "/m/tamme/organisation",
        "/m/tamme/people",
        "/library",
        "/search",
        "/m/tamme/positions/new",
        "/m/tamme/organisation/name",
        "/m/tamme/organisation/agencies/new",
        "/m/tamme/organisation/units/new",
        "/m/tamme/organisation/agencies/tamme-vv",
        "/m/tamme/organisation/units/tamme-haldus",
        "/m/tamme/organisation/units/tamme-lastekaitse",
        "/m/tamme/organisation/units/tamme-sotsiaal",
        "/m/tamme/people/new",
        "/m/tamme/people/tamme-p1",
        "/m/tamme/people/tamme-p2",
        "/m/tamme/people/tamme-p3",
        "/library/new",
        "/m/tamme/positions/tamme-vaba/edit",
        "/m/tamme/positions/tamme-vaba/abolish",
        "/m/tamme/positions/tamme-vaba/rules",
        "/m/tamme/positions/tamme-spets/edit",
        "/m/tamme/positions/tamme-spets/abolish",
        "/m/tamme/positions/tamme-spets/rules",
        "/m/tamme/positions/tamme-juht/edit",
        "/m/tamme/positions/tamme-juht/abolish",
        "/m/tamme/positions/tamme-juht/rules",
        "/m/tamme/positions/tamme-haldur/edit",
        "/m/tamme/positions/tamme-haldur/abolish",
        "/m/tamme/positions/tamme-haldur/rules",
        "/m/tamme/people/tamme-p1/assignments/0",
        "/m/tamme/people/tamme-p1/assignments/new",
        "/m/tamme/people/tamme-p1/absences/0",
        "/m/tamme/people/tamme-p1/absences/new",
        "/m/tamme/people/tamme-p2/assignments/0",
        "/m/tamme/people/tamme-p2/assignments/new",
        "/m/tamme/people/tamme-p2/absences/0",
        "/m/tamme/people/tamme-p2/absences/new",
        "/m/tamme/people/tamme-p3/assignments/0",
        "/m/tamme/people/tamme-p3/assignments/new",
        "/m/tamme/people/tamme-p3/absences/0",
        "/m/tamme/people/tamme-p3/absences/new",
        # HR's sheets, the staff establishment, one's own account and feeds
        "/m/tamme/sheets",
        "/m/tamme/establishment",
        "/me/subscriptions",
        "/account",
        "/users",
        "/users/new",
    ],
    "manager": [
        "/",
        "/m/tamme/coverage",
        "/m/tamme/positions",
        "/m/tamme/positions?unit=tamme-sotsiaal",
        "/m/tamme/positions?unit=tamme-lastekaitse",
        "/m/tamme/positions/tamme-juht",
        "/m/tamme/positions/tamme-spets",
        "/m/tamme/positions/tamme-vaba",
        "who-acts:",
        "not-found:",
        "absence-end-before-start:",
        # the correction pages (pagesa)
        "/m/tamme/people",
        "/search",
        "/m/tamme/people/tamme-p1",
        "/m/tamme/people/tamme-p2",
        "/m/tamme/positions/tamme-juht/rules",
        "/m/tamme/positions/tamme-vaba/rules",
        "/m/tamme/positions/tamme-spets/rules",
        "/m/tamme/people/tamme-p1/absences/0",
        "/m/tamme/people/tamme-p1/absences/new",
        "/m/tamme/people/tamme-p2/absences/0",
        "/m/tamme/people/tamme-p2/absences/new",
        "/me/subscriptions",
        "/account",
    ],
    "employee": [
        "/",
        "/me",
        "not-found:",
        "foreign-municipality:",
        "unit-positions:",
        "/search",
        "/me/subscriptions",
        "/account",
    ],
}


def _ids() -> set[str]:
    found: set[str] = set()
    for r in (seed.tamme_now(TODAY), kase()):
        found.add(r.municipality.id)
        found.update(a.id for a in r.agencies)
        found.update(u.id for u in r.units)
        found.update(p.id for p in r.positions)
        found.update(p.id for p in r.people)
    return found | {"kase-kaardistaja"}


IDS = _ids()
CODES = {c.value for c in coverage.Code}
EXCEPTION = re.compile(r"\b(?:[A-Z][a-z]+)+(?:Error|Exception|Warning)\b|\bBadZipFile\b|Traceback")
ENGLISH = re.compile(
    r"\b(?:the|is|not|of|and|unknown|invalid|must|expected|missing|required|while|parsing|"
    r"cannot|failed|error|found|conflict|allowed|method|file|line|column)\b"
)


def _token(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


ID_PATTERNS = {i: _token(i) for i in IDS}
CODE_PATTERNS = {c: _token(c) for c in CODES}


def check_ids(text: str) -> list[str]:
    return [i for i, p in ID_PATTERNS.items() if p.search(text)]


def check_codes(text: str) -> list[str]:
    return [c for c, p in CODE_PATTERNS.items() if p.search(text)]


def check_exceptions(text: str) -> list[str]:
    return EXCEPTION.findall(text)


def check_english(text: str) -> list[str]:
    return sorted(set(ENGLISH.findall(text)))


CHECKS: dict[str, Callable[[str], list[str]]] = {
    "ids": check_ids,
    "codes": check_codes,
    "exceptions": check_exceptions,
    "english": check_english,
}


@dataclass
class Seen:
    status: int
    main: str = field(repr=False)  # the visible text of <main>
    header: str = field(repr=False)
    html: str = field(repr=False)  # the whole page, for axe at both widths
    url: str = ""


@dataclass
class Walk:
    pages: dict[str, Seen] = field(default_factory=dict, repr=False)
    extra: list[str] = field(default_factory=list)  # reached but not listed in PAGES


def _login(page: Page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Kasutajanimi").fill(name)
    page.get_by_label("Parool").fill(PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url(re.compile(r"^(?!.*/login)"))


def _key(base: str, href: str, here: str) -> str | None:
    u = urlparse(urljoin(here, href))
    if f"{u.scheme}://{u.netloc}" != base or SKIP.search(u.path):
        return None
    query = "&".join(q for q in u.query.split("&") if q and not q.startswith(("lang=", "done=")))
    return u.path + (f"?{query}" if query else "")


def _settled(page: Page) -> None:
    """Loaded, and any in-place submit (site.js marks <main> busy meanwhile) swapped in."""
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('main[aria-busy]')")


def _see(page: Page, status: int) -> Seen:
    return Seen(
        status,
        page.locator("main").inner_text(),
        page.locator("header").inner_text(),
        page.content(),
        page.url,
    )


def _visit(page: Page, base: str, key: str) -> Seen:
    got = page.goto(base + key)
    return _see(page, got.status if got else 0)


def _upload(page: Page, base: str, path: str, name: str, content: bytes, tmp: Path) -> Seen:
    page.goto(base + path)
    file = tmp / name
    file.write_bytes(content)
    page.locator("input[type=file]").first.set_input_files(str(file))
    with page.expect_response(lambda r: r.request.method == "POST") as got:
        page.locator("main form[enctype] button[type=submit]").first.click()
    _settled(page)
    return _see(page, got.value.status)


def _absence_end_before_start(page: Page, base: str) -> Seen:
    page.goto(base + "/m/tamme/coverage")
    page.locator("#absence-from").fill((TODAY + dt.timedelta(days=40)).isoformat())
    page.locator("#absence-to").fill((TODAY + dt.timedelta(days=30)).isoformat())
    with page.expect_response(lambda r: r.request.method == "POST") as got:
        page.locator("form[action$='/absence'] button[type=submit]").click()
    _settled(page)
    return _see(page, got.value.status)


def _editor(browser: Browser, base: str, walk: Walk) -> None:
    """A draft of a new Kase position, as Kase's HR: the editor, then the editor with errors."""
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    _login(page, base, "hr-kase")
    token = page.locator('input[name="_csrf"]').first.get_attribute("value") or ""
    api = "/api/municipalities/kase/positions"
    body = {"id": "kase-kaardistaja", "title": "kaardistaja", "unit": "kase-sotsiaal"}
    page.request.post(base + api, data=body, headers={"X-CSRF-Token": token})
    page.goto(base + "/m/kase/positions/kase-kaardistaja")
    page.get_by_role("button", name="Alusta uut versiooni").click()
    page.wait_for_url(re.compile("/edit"))
    walk.pages["editor:"] = _see(page, 200)
    page.locator("#approve-by").fill("")
    page.locator("#approve-by").evaluate("e => { e.required = false; }")  # the server's check
    page.locator("#approve-date").fill("1899-01-01")
    with page.expect_response(lambda r: r.request.method == "POST") as got:
        page.get_by_role("button", name="Kinnita").click()
    _settled(page)
    walk.pages["editor-errors:"] = _see(page, got.value.status)
    page.goto(base + "/m/kase/positions/kase-kaardistaja")
    page.get_by_role("link", name=re.compile("allkirjaga", re.I)).first.click()
    page.wait_for_url(re.compile("/sign-approval$"))
    walk.pages["sign-approval:"] = _see(page, 200)
    context.close()


def _walk(browser: Browser, base: str, role: str, tmp: Path) -> Walk:
    walk = Walk()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="et-EE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _login(page, base, role)
    queue = ["/"]
    while queue and len(walk.pages) < 300:  # a bound, not a budget: the walk must reach every page
        key = queue.pop(0)
        if key in walk.pages:
            continue
        seen = _visit(page, base, key)
        walk.pages[key] = seen
        if key not in PAGES[role]:
            walk.extra.append(key)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            found = _key(base, href, page.url)
            if found and found not in walk.pages and found not in queue:
                queue.append(found)
    actions: dict[str, Callable[[], Seen]] = {
        "who-acts:": lambda: _visit(page, base, WHO),
        "not-found:": lambda: _visit(page, base, "/m/tamme/positions/no-such-position"),
        "foreign-municipality:": lambda: _visit(page, base, "/m/kase/positions"),
        "unit-positions:": lambda: _visit(page, base, "/m/tamme/positions"),
        "registry-not-yaml:": lambda: _upload(
            page, base, "/m/tamme/registry", "tamme.yaml", b"format: [unclosed\n  - :", tmp
        ),
        "registry-wrong-reference:": lambda: _upload(
            page,
            base,
            "/m/tamme/registry",
            "tamme.yaml",
            page.request.get(base + "/m/tamme/registry/tamme.yaml")
            .body()
            .replace(b"unit: tamme-haldus", b"unit: no-such-unit", 1),
            tmp,
        ),
        "import-not-docx:": lambda: _upload(
            page, base, "/m/tamme/import", "ametijuhend.docx", b"PK\x03\x04 not a zip", tmp
        ),
        "absence-end-before-start:": lambda: _absence_end_before_start(page, base),
    }
    for key in PAGES[role]:
        if key in actions:
            walk.pages[key] = actions[key]()
    context.close()
    if role == "hr":
        _editor(browser, base, walk)
    return walk


@pytest.fixture(scope="module")
def walk_server(tmp_path_factory: pytest.TempPathFactory, _fast_hashes: None) -> Iterator[str]:
    """A server of the walk's own, seeded afresh: the shared one holds what journeys that ran
    before on the same worker added (positions, clauses), which the walk would find too."""
    url = f"sqlite:///{tmp_path_factory.mktemp('walk-db') / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with serving(make_app(url, SECRET)) as base:
        yield base


@pytest.fixture(scope="module")
def walks(
    browser: Browser, walk_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator["Walks"]:
    tmp = tmp_path_factory.mktemp("walk")
    yield Walks(lambda role: _walk(browser, walk_server, role, tmp))


class Walks(dict[str, Walk]):
    """Walks a role the first time a test asks for it."""

    def __init__(self, walk: Callable[[str], Walk]) -> None:
        super().__init__()
        self._walk = walk
        self._failed: dict[str, Exception] = {}

    def __missing__(self, role: str) -> Walk:
        if role in self._failed:  # walk once: a broken walk fails each test at once
            raise self._failed[role]
        try:
            walk = self[role] = self._walk(role)
        except Exception as e:
            self._failed[role] = e
            raise
        return walk


# (role, page, check) known to fail today, with the code each waits for (none now: a check that
# fails is either fixed or listed here with the handler it waits for)
KNOWN: dict[tuple[str, str, str], str] = {}


def _cases() -> Iterator[Any]:
    for role, keys in PAGES.items():
        for key in keys:
            for check in CHECKS:
                reason = KNOWN.get((role, key, check))
                marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
                yield pytest.param(role, key, check, marks=marks, id=f"{role}-{key}-{check}")


@pytest.mark.parametrize(("role", "key", "check"), list(_cases()))
def test_page_speaks_estonian(walks: dict[str, Walk], role: str, key: str, check: str) -> None:
    seen = walks[role].pages.get(key)
    assert seen is not None, f"{role} did not reach {key}"
    found = CHECKS[check](seen.main)
    assert not found, f"{role} {key} ({seen.url}) shows {check}: {found}\n---\n{seen.main[:1500]}"


@pytest.mark.parametrize("role", list(PAGES))
def test_header_names_no_ids(walks: dict[str, Walk], role: str) -> None:
    leaks = {k: check_ids(s.header) for k, s in walks[role].pages.items() if check_ids(s.header)}
    assert not leaks, leaks


@pytest.mark.parametrize("role", list(PAGES))
def test_walk_finds_only_listed_pages(walks: dict[str, Walk], role: str) -> None:
    assert not walks[role].extra, f"pages not in PAGES[{role!r}]: {walks[role].extra}"


AXE_KNOWN: dict[tuple[str, str], str] = {}


def _axe_cases() -> Iterator[Any]:
    for role, keys in PAGES.items():
        for key in keys:
            reason = AXE_KNOWN.get((role, key))
            marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
            yield pytest.param(role, key, marks=marks, id=f"{role}-{key}")


@pytest.mark.parametrize(("role", "key"), list(_axe_cases()))
def test_axe_and_no_sideways_scroll(
    walks: dict[str, Walk], browser: Browser, role: str, key: str
) -> None:
    """The page as it was answered, shown again (with its styles and script) at both widths."""
    seen = walks[role].pages[key]
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.route(
        lambda url: url == seen.url,
        lambda route: route.fulfill(body=seen.html, content_type="text/html"),
    )
    page.goto(seen.url)
    name = "walk-" + re.sub(r"[^a-z0-9]+", "-", f"{role}-{key}".lower()).strip("-")
    axe(page, name + "-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page, name + "-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{role} {key} scrolls sideways at 390 px: {width}px"
    context.close()


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_works_without_javascript(browser: Browser, walk_server: str, role: str) -> None:
    """The same pages with JavaScript off, at 390 px: each answers, shows its heading and
    fits the width."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    _login(page, walk_server, role)
    for key in PAGES[role]:
        if not key.startswith("/"):
            continue
        got = page.goto(walk_server + key)
        assert got is not None and got.status == 200, f"{role} {key}: {got and got.status}"
        assert page.locator("main h1").first.is_visible(), f"{role} {key}: no heading"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{role} {key} scrolls sideways at 390 px without JS: {width}px"
    context.close()
