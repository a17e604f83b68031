"""The calendar page: a heat map people can read with a mouse, a keyboard or a screen reader."""

import re
from html.parser import HTMLParser

from roles.coverage import Coverage, CoverageIndex, DayRange, Options, check
from roles.coverage.heatmap import page

from .factories import away, day, person, position, registry

DAYS = DayRange(day("2026-07-01"), day("2026-07-10"))
R = registry(
    [position("a", "b"), position("b"), position("c", abolished="2026-07-06")],
    [
        person("mari", "a", absences=[away("2026-07-03", "2026-07-04")]),
        person("jaan", "b", absences=[away("2026-07-04")]),
    ],
)


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self.cells.append(dict(attrs))


def _page(language: str = "et") -> str:
    coverage = Coverage(CoverageIndex(R), DAYS)
    rows = [(p, coverage.segments(p.id)) for p in R.positions]
    findings = check(R, Options(on=DAYS.first, first=DAYS.first, last=DAYS.last))
    return page("Näidislinn", rows, DAYS, findings, {p.id: p.name for p in R.people}, language)


def _cells(html: str) -> list[dict[str, str | None]]:
    parser = _Cells()
    parser.feed(html)
    return parser.cells


def test_every_coloured_cell_is_focusable_and_labelled_with_who_acts() -> None:
    coloured = [c for c in _cells(_page()) if c["class"] != "none"]
    assert coloured
    for cell in coloured:
        assert cell["tabindex"] == "0"
        assert cell["aria-label"] and cell["title"] == cell["aria-label"]


def test_each_row_spans_exactly_the_days_of_the_range() -> None:
    html = _page()
    for row in re.findall(r"<tr><th scope=\"row\".*?</tr>", html):
        assert sum(int(n) for n in re.findall(r'colspan="(\d+)"', row)) == DAYS.length


def test_a_substitute_run_names_the_person_the_position_and_the_depth() -> None:
    labels = [c["aria-label"] for c in _cells(_page()) if c["class"] == "substitute"]
    assert labels == ["a ametikoht a, 03.07.2026: asendab Isik jaan (ametikoht b, sügavus 1)"]


def test_days_after_abolition_are_shown_as_no_position() -> None:
    html = _page()
    row_c = re.search(r'<tr><th scope="row" title="c [^"]*">.*?</tr>', html)
    assert row_c is not None and '<td class="none" colspan="5"></td>' in row_c.group(0)


def test_the_findings_are_beside_the_map_in_the_pages_language() -> None:
    html = _page("en")
    assert '<html lang="en">' in html
    assert "Findings" in html and "Nobody acts for position a on 1 day(s): 2026-07-04" in html


def test_the_status_line_announces_the_focused_cell() -> None:
    html = _page()
    assert 'role="status"' in html and "focusin" in html
