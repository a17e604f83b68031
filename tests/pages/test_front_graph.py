"""The substitution graph's SVG (roles.web.graph): laid out by Graphviz when it is there, the
grid when not; user text escaped; problems, `if_needed` and scoped rules marked by more than
colour; nodes are named links. The browser half (fits the page, zooms, pans) is at the end."""

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from roles import domain
from roles.web import graph

from .browser import Ui

NS = {"s": "http://www.w3.org/2000/svg"}
HAS_DOT = shutil.which("dot") is not None
LINK = "/m/m1/positions/{}"
EVIL = "<script>alert('x')</script> & \"juhataja\" \\N \\G {}"


def _positions() -> list[domain.Position]:
    rule = domain.SubstitutionRule
    return [
        domain.Position(
            id="juht",
            title="osakonna juhataja",
            unit="u1",
            substitutes=[rule(position="spets"), rule(position="abi", if_needed=True)],
        ),
        domain.Position(
            id="spets",
            title=EVIL,
            unit="u1",
            substitutes=[rule(position="juht", duties=["2.1"])],
        ),
        domain.Position(id="abi", title="abiline", unit="u2"),
        domain.Position(id="x'\"<y>", title="kummaline id", unit="u2"),
    ]


def _draw(**options: object) -> tuple[str, ET.Element]:
    markup = graph.svg(
        _positions(),
        {"u1": "Sotsiaal<osakond>", "u2": 'Haldus "A"'},
        {"juht"},
        LINK,
        "Asendusskeem",
        "kirjeldus",
        **options,  # type: ignore[arg-type]
    )
    return markup, ET.fromstring(markup)  # well-formed XML, or this raises


LAYOUTS = [
    pytest.param(
        {"dot": "dot"}, "dot", marks=pytest.mark.skipif(not HAS_DOT, reason="no graphviz")
    ),
    pytest.param({"dot": None}, "grid"),
    pytest.param({"dot": "/nonexistent/dot"}, "grid"),
]


@pytest.mark.parametrize(("options", "engine"), LAYOUTS)
def test_layout_escapes_and_marks(options: dict[str, object], engine: str) -> None:
    markup, root = _draw(
        holders={"juht": ["Mari Maasikas"], "spets": [], "abi": ["<b>Jüri</b>"]},
        lang="et",
        **options,
    )
    assert root.get("data-layout") == engine
    assert "<script>" not in markup and "<b>" not in markup
    # a viewBox and a natural size: CSS scales it to the page, never a fixed 230 px box
    x, y, w, h = (float(v) for v in (root.get("viewBox") or "").split())
    assert (x, y) == (0, 0) and w > 300 and h > 50
    assert float(root.get("width") or 0) == w
    nodes = root.findall(".//s:a", NS)
    assert len(nodes) == 4
    names = {n.get("data-position"): n.get("aria-label") or "" for n in nodes}
    hrefs = {n.get("data-position"): n.get("href") for n in nodes}
    assert hrefs["x'\"<y>"] == "/m/m1/positions/x%27%22%3Cy%3E"
    assert names["spets"].startswith(EVIL)  # the name is the whole title, unescaped text
    assert "vaba" in names["spets"]  # no holders
    assert "Mari Maasikas" in names["juht"] and "probleem" in names["juht"]
    assert "asendajad: " + EVIL in names["juht"]
    assert "abiline vajadusel" in names["juht"]

    # what a node shows is part of its accessible name (WCAG 2.5.3, axe's
    # label-content-name-mismatch): compare letters and digits only
    def letters(text: str) -> str:
        return re.sub(r"[\W_]+", " ", text).strip()

    for n in nodes:
        shown = letters("".join(n.find("s:foreignObject", NS).itertext()))  # type: ignore[union-attr]
        assert shown and shown in letters(n.get("aria-label") or ""), (shown, n.get("aria-label"))
    # problems: a class, a thicker border in CSS, and "⚠" in the node and on its arrows
    problem = next(n for n in nodes if n.get("data-position") == "juht")
    assert "problem" in (problem.get("class") or "")
    assert "⚠" in "".join(problem.itertext())
    edges = {e.get("class"): e for e in root.findall(".//s:path[@class]", NS)}
    assert set(edges) == {"edge problem", "edge if-needed problem", "edge scoped"}
    labels = [
        t.text for t in root.findall(".//s:text[@class]", NS) if "edge-label" in t.get("class", "")
    ]
    assert sorted(labels) == ["1. osa ülesandeid", "⚠ 1.", "⚠ 2. vajadusel"]
    # unit names are shown escaped, and every piece of text stays inside the picture
    units = [t.text for t in root.findall(".//s:g[@class='unit']/s:text", NS)]
    assert sorted(units) == ['Haldus "A"', "Sotsiaal<osakond>"]
    for rect in root.findall(".//s:rect", NS):
        assert (
            float(rect.get("x") or 0) >= 0
            and float(rect.get("x") or 0) + float(rect.get("width") or 0) <= w
        )
        assert (
            float(rect.get("y") or 0) >= 0
            and float(rect.get("y") or 0) + float(rect.get("height") or 0) <= h
        )


def test_english_words_and_the_old_call() -> None:
    """coverage.py calls it positionally with the problem word; that still works, in English
    when the word is English."""
    markup = graph.svg(_positions(), {}, {"juht"}, LINK, "Graph", "desc", "problem")
    assert "if needed" in markup and "some duties" in markup and "substitutes:" in markup
    assert "vajadusel" not in markup


def test_dot_that_hangs_falls_back_to_the_grid(tmp_path: Path) -> None:
    slow = tmp_path / "dot"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    graph._run_dot.cache_clear()
    _, root = _draw(dot=str(slow), timeout=0.3)
    assert root.get("data-layout") == "grid"


def test_dot_that_answers_nonsense_falls_back(tmp_path: Path) -> None:
    bad = tmp_path / "dot"
    bad.write_text(
        '#!/bin/sh\ncat >/dev/null\necho \'{"bb": "0,0,1,1", "objects": [{"name": "n0"}]}\'\n'
    )
    bad.chmod(0o755)
    graph._run_dot.cache_clear()
    _, root = _draw(dot=str(bad))
    assert root.get("data-layout") == "grid"


def test_big_municipality_is_cut_to_problems_and_neighbours() -> None:
    many = [domain.Position(id=f"p{i}", title=f"ametikoht {i}", unit="u") for i in range(200)]
    many[5] = domain.Position(
        id="p5", title="x", unit="u", substitutes=[domain.SubstitutionRule(position="p9")]
    )
    chosen = graph.pick(many, {"p5"})
    assert [p.id for p in chosen] == ["p5", "p9"]


# --- in the browser --------------------------------------------------------------------------


def _view_box(page: Page) -> list[float]:
    value = page.locator(".graph-view svg").get_attribute("viewBox") or ""
    return [float(v) for v in value.split()]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_graph_fits_zooms_and_pans(browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    ui = Ui(context.new_page(), base_url)
    page = ui.page
    ui.login("hr")
    ui.go("/m/tamme/coverage")
    svg = page.locator(".graph-view svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] <= width - 16 and box["width"] > 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    start = _view_box(page)
    page.get_by_role("button", name="Suurenda").click()
    zoomed = _view_box(page)
    assert zoomed[2] < start[2] and zoomed[3] < start[3]
    page.get_by_role("button", name="Algvaade").click()
    assert _view_box(page) == start
    # the keyboard: focus the view, + zooms, arrows pan, − zooms out, 0 resets
    view = page.get_by_role("group", name=re.compile("^Asendusskeem; nooleklahvid"))
    view.focus()
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    moved = _view_box(page)
    assert moved[2] < start[2] and moved[0] > start[0]
    page.keyboard.press("-")
    page.keyboard.press("0")
    assert _view_box(page) == start
    # dragging pans and does not follow the link under the pointer
    page.get_by_role("button", name="Suurenda").click()
    before = _view_box(page)
    # start on a node that is in view: the drag must not follow its link
    sb = svg.bounding_box()
    assert sb is not None
    inside = page.evaluate(
        """() => { const r = document.querySelector('.graph-view svg').getBoundingClientRect();
        for (const a of document.querySelectorAll('.graph a.node')) {
          const b = a.getBoundingClientRect();
          if (b.left >= r.left && b.right <= r.right && b.top >= r.top && b.bottom <= r.bottom)
            return {x: b.left + 5, y: b.top + 5}; } return null; }"""
    )
    start_at = inside or {"x": sb["x"] + sb["width"] / 2, "y": sb["y"] + sb["height"] / 2}
    page.mouse.move(start_at["x"], start_at["y"])
    page.mouse.down()
    page.mouse.move(start_at["x"] + 60, start_at["y"] + 30, steps=5)
    page.mouse.up()
    assert page.url.endswith("/m/tamme/coverage")
    after = _view_box(page)
    assert after[0] < before[0]
    # nodes are links reached by keyboard, each named: title, holders, the problem
    name = re.compile("^haldusjuht – .+ – probleem$")
    link = page.locator(".graph-view").get_by_role("link", name=name)
    link.focus()
    expect(link).to_be_focused()
    ui.check(f"front-graph-{width}", full_page=False)
    context.close()


@pytest.mark.browser
def test_graph_fits_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    ui = Ui(context.new_page(), base_url)
    ui.login("hr")
    ui.go("/m/tamme/coverage")
    box = ui.page.locator(".graph-view svg").bounding_box()
    assert box is not None and 200 < box["width"] <= 390
    assert ui.page.get_by_role("button", name="Suurenda").count() == 0  # no dead buttons
    assert ui.page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
