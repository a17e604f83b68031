"""The calendar as one self-contained HTML page: a heat map of positions × days, findings beside.

A run of days with the same acting person is one table cell spanning those days, so a year for
1 500 positions stays a few thousand cells. Every cell can be reached with the keyboard (Tab),
says who acts in its accessible name and tooltip, and a status line repeats it on focus for
people who cannot hover.
"""

from collections.abc import Sequence
from html import escape

from roles.coverage.days import DayRange
from roles.coverage.engine import Segment, Status
from roles.coverage.findings import Finding, Severity
from roles.domain import Position, dates

_STATUS_NAMES = {
    Status.PRESENT: ("kohal", "present"),
    Status.SUBSTITUTE: ("asendaja", "substitute"),
    Status.UNCOVERED: ("keegi ei asenda", "uncovered"),
}
_MONTHS = {
    "et": dates.MONTHS,
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1rem;color:#1a1a1a}
main{display:flex;gap:1.5rem;align-items:flex-start}
.map{overflow:auto;max-height:85vh;border:1px solid #999}
table{border-collapse:collapse;table-layout:fixed}
th,td{padding:0;border:0}
thead th{position:sticky;top:0;background:#fff;font-weight:normal;font-size:10px}
tbody th{position:sticky;left:0;background:#fff;text-align:left;white-space:nowrap;
 padding-right:.5rem;font-weight:normal;max-width:22rem;overflow:hidden;text-overflow:ellipsis}
col.day{width:9px}
td{height:16px;border-bottom:1px solid #fff}
td.present{background:#2e7d32}
td.substitute{background:#f9a825;background-image:repeating-linear-gradient(45deg,
 transparent 0 3px,rgba(0,0,0,.25) 3px 4px)}
td.uncovered{background:#c62828;background-image:radial-gradient(#fff 1px,transparent 1.5px);
 background-size:5px 5px}
td.none{background:#eee}
td:focus{outline:3px solid #0d47a1;outline-offset:-1px}
aside{min-width:20rem;max-width:34rem}
aside li{margin-bottom:.4rem}
.error{color:#b71c1c}.warning{color:#8a5a00}
.legend span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em}
#status{min-height:1.4em;font-weight:bold}
"""
_SCRIPT = """
document.querySelector('.map').addEventListener('focusin', function (e) {
  var label = e.target.getAttribute('aria-label');
  if (label) { document.getElementById('status').textContent = label; }
});
"""


def _t(language: str, et: str, en: str) -> str:
    return et if language == "et" else en


def _label(position: Position, segment: Segment, names: dict[str, str], language: str) -> str:
    first, last = dates.shown(segment.first, language), dates.shown(segment.last, language)
    when = first if segment.first == segment.last else f"{first}–{last}"
    acting = segment.acting
    who = names.get(acting.person or "", acting.person or "")
    if acting.status is Status.PRESENT:
        what = _t(language, f"kohal {who}", f"{who} present")
    elif acting.status is Status.SUBSTITUTE:
        what = _t(
            language,
            f"asendab {who} (ametikoht {acting.via}, sügavus {acting.depth})",
            f"{who} acts (position {acting.via}, depth {acting.depth})",
        )
    else:
        what = _t(language, "keegi ei asenda", "nobody acts")
    return f"{position.id} {position.title}, {when}: {what}"


def _head(days: DayRange, language: str) -> str:
    months: list[tuple[str, int]] = []
    for d in days.days():
        name = _MONTHS["et" if language == "et" else "en"][d.month - 1]
        label = f"{name} {d.year}"
        if months and months[-1][0] == label:
            months[-1] = (label, months[-1][1] + 1)
        else:
            months.append((label, 1))
    corner = _t(language, "Ametikoht", "Position")
    month_row = "".join(f'<th scope="colgroup" colspan="{n}">{escape(m)}</th>' for m, n in months)
    day_row = "".join(
        f'<th scope="col" abbr="{d.isoformat()}">{d.day if d.day in (1, 10, 20) else ""}</th>'
        for d in days.days()
    )
    return (
        f'<thead><tr><th rowspan="2" scope="col">{corner}</th>{month_row}</tr>'
        f"<tr>{day_row}</tr></thead>"
    )


def _row(
    position: Position, segments: list[Segment], days: DayRange, names: dict[str, str], lang: str
) -> str:
    cells: list[str] = []
    at = 0  # the next day (bit) to fill
    for s in segments:
        first = (s.first - days.first).days
        if first > at:  # days on which the position does not exist
            cells.append(f'<td class="none" colspan="{first - at}"></td>')
        span = (s.last - s.first).days + 1
        label = escape(_label(position, s, names, lang), quote=True)
        cells.append(
            f'<td class="{s.acting.status}" colspan="{span}" tabindex="0" title="{label}" '
            f'aria-label="{label}"></td>'
        )
        at = first + span
    if at < days.length:
        cells.append(f'<td class="none" colspan="{days.length - at}"></td>')
    name = escape(f"{position.id} {position.title}")
    return f'<tr><th scope="row" title="{name}">{name}</th>{"".join(cells)}</tr>'


def _findings(findings: Sequence[Finding], language: str) -> str:
    if not findings:
        return f"<p>{_t(language, 'Leide pole.', 'No findings.')}</p>"
    items = "".join(
        f'<li class="{f.severity}"><strong>{escape(f.code)}</strong> '
        f"{escape(f.position)}: {escape(f.message(language))}</li>"
        for f in findings
    )
    errors = sum(f.severity is Severity.ERROR for f in findings)
    summary = _t(
        language,
        f"{errors} viga, {len(findings) - errors} hoiatus(t)",
        f"{errors} error(s), {len(findings) - errors} warning(s)",
    )
    return f"<p>{summary}</p><ol>{items}</ol>"


def page(
    title: str,
    rows: Sequence[tuple[Position, list[Segment]]],
    days: DayRange,
    findings: Sequence[Finding],
    names: dict[str, str],
    language: str = "et",
) -> str:
    """The whole page; `names` maps person ids to names for the tooltips."""
    legend = " ".join(
        f'<span class="{status}" style="background:{colour}"></span>'
        f"{_STATUS_NAMES[status][0 if language == 'et' else 1]}"
        for status, colour in (
            (Status.PRESENT, "#2e7d32"),
            (Status.SUBSTITUTE, "#f9a825"),
            (Status.UNCOVERED, "#c62828"),
        )
    )
    caption = _t(
        language,
        f"Kes asendab: {dates.shown(days.first, language)}–{dates.shown(days.last, language)}",
        f"Who acts: {days.first}–{days.last}",
    )
    body = "".join(_row(p, segments, days, names, language) for p, segments in rows)
    heading = _t(language, "Leiud", "Findings")
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="legend">{legend}</p>'
        f'<p id="status" role="status" aria-live="polite"></p>'
        f'<main><div class="map" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f"<table><caption>{escape(caption)}</caption><colgroup><col>"
        f'<col span="{days.length}" class="day"></colgroup>'
        f"{_head(days, language)}<tbody>{body}</tbody></table></div>"
        f'<aside aria-labelledby="findings-heading"><h2 id="findings-heading">{heading}</h2>'
        f"{_findings(findings, language)}</aside></main>"
        f"<script>{_SCRIPT}</script></body></html>"
    )
