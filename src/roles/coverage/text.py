"""Plain-text reports for terminals: findings grouped by unit, who acts, a calendar grid.

Estonian by default; `language="en"` gives English. Dates follow the language's custom.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from roles.coverage.days import DayRange
from roles.coverage.engine import Acting, Segment, Status
from roles.coverage.findings import Finding, Severity, sort_key
from roles.domain import Registry, dates

_SEVERITY = {
    Severity.ERROR: ("viga", "error"),
    Severity.WARNING: ("hoiatus", "warning"),
}
# One character a day in the text calendar.
CALENDAR_MARKS = {Status.PRESENT: "█", Status.SUBSTITUTE: "▒", Status.UNCOVERED: "·"}


def _pick(language: str, et: str, en: str) -> str:
    return et if language == "et" else en


def findings_text(
    findings: Sequence[Finding], registries: Iterable[Registry], language: str = "et"
) -> str:
    """Findings under their unit's heading, units in name order, with a count at the end."""
    unit_of: dict[str, tuple[str, str]] = {}  # position → (municipality, unit) names
    for r in registries:
        units = {u.id: u.name for u in r.units}
        for p in r.positions:
            unit_of[p.id] = (r.municipality.name, units.get(p.unit, p.unit))
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        groups[unit_of.get(f.position, ("", ""))].append(f)
    lines: list[str] = []
    for (municipality, unit), items in sorted(groups.items()):
        lines.append(f"{municipality} · {unit}" if municipality else unit)
        for f in sorted(items, key=sort_key):
            label = _SEVERITY[f.severity][0 if language == "et" else 1]
            lines.append(f"  [{label}] {f.code} {f.position}: {f.message(language)}")
        lines.append("")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        lines.append(_pick(language, "Leide pole.", "No findings."))
    else:
        lines.append(
            _pick(
                language,
                f"Kokku {errors} viga ja {warnings} hoiatus(t).",
                f"In all {errors} error(s) and {warnings} warning(s).",
            )
        )
    return "\n".join(lines)


def acting_text(
    acting: Acting, position: str, day: dt.date, names: dict[str, str], language: str = "et"
) -> str:
    """One sentence: who acts for the position on the day."""
    when = dates.shown(day, language)
    who = f"{names.get(acting.person or '', acting.person)} ({acting.person})"
    if acting.status is Status.PRESENT:
        return _pick(
            language,
            f"{when} ametikohal {position}: kohal on {who}.",
            f"{when} position {position}: {who} is present.",
        )
    if acting.status is Status.SUBSTITUTE:
        return _pick(
            language,
            f"{when} ametikohal {position}: asendab {who}, ametikoht {acting.via} "
            f"(sügavus {acting.depth}).",
            f"{when} position {position}: {who} acts, holding {acting.via} (depth {acting.depth}).",
        )
    return _pick(
        language,
        f"{when} ametikohal {position}: keegi ei asenda.",
        f"{when} position {position}: nobody acts.",
    )


def calendar_text(
    rows: Sequence[tuple[str, list[Segment]]], days: DayRange, language: str = "et"
) -> str:
    """A grid: one line per position, one character per day, and a legend."""
    width = max((len(pid) for pid, _ in rows), default=0)
    lines = [
        _pick(
            language,
            f"{dates.shown(days.first, 'et')}–{dates.shown(days.last, 'et')}: "
            f"{CALENDAR_MARKS[Status.PRESENT]} kohal, {CALENDAR_MARKS[Status.SUBSTITUTE]} "
            f"asendaja, {CALENDAR_MARKS[Status.UNCOVERED]} keegi ei asenda, tühik: ametikohta "
            "pole",
            f"{days.first}–{days.last}: {CALENDAR_MARKS[Status.PRESENT]} present, "
            f"{CALENDAR_MARKS[Status.SUBSTITUTE]} substitute, {CALENDAR_MARKS[Status.UNCOVERED]}"
            " uncovered, blank: no such position",
        )
    ]
    for pid, segments in rows:
        cells = [" "] * days.length
        for s in segments:
            first = (s.first - days.first).days
            last = (s.last - days.first).days
            cells[first : last + 1] = CALENDAR_MARKS[s.acting.status] * (last - first + 1)
        lines.append(f"{pid.ljust(width)} {''.join(cells)}")
    return "\n".join(lines)
