"""Substitution coverage as the caller sees it: who acts, the findings, who acts day by day.

A unit always means the unit and every unit below it, in the API, on the dashboard and on the
command line alike (the API once took the unit alone).
"""

import datetime as dt

import msgspec

from roles import coverage, domain
from roles.services import seen_findings
from roles.services.access import Caller, View
from roles.services.errors import Invalid, not_found
from roles.services.snapshot import Snapshot
from roles.services.views import acting, segments, visible
from roles.services.workspace import Workspace

MAX_DAYS = 400  # the longest range asked for at once
DEFAULT_DAYS = 31


class PositionCalendar(msgspec.Struct, kw_only=True):
    """Who acts for one position, as runs of days with the same acting person (the compact
    form: a year of 1 500 positions is a small fraction of the per-day form, see
    benchmarks/coverage_bench.py)."""

    position: str
    segments: list[coverage.Segment]


class DayCalendar(msgspec.Struct, kw_only=True):
    """Who acts, one entry per position and day: {"POSITION DATE": acting} (the form of
    `roles calendar --format json`)."""

    who_acts: dict[str, coverage.Acting]


def per_day(runs: list[PositionCalendar]) -> DayCalendar:
    """The runs spelled out day by day."""
    who: dict[str, coverage.Acting] = {}
    for row in runs:
        for s in row.segments:
            day = s.first
            while day <= s.last:
                who[f"{row.position} {day.isoformat()}"] = s.acting
                day += dt.timedelta(days=1)
    return DayCalendar(who_acts=who)


def day_range(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    """`first`–`last` (today and the month after by default); Invalid when `last` is before
    `first` or the range is longer than MAX_DAYS."""
    first = first or dt.date.today()
    last = last or first + dt.timedelta(days=DEFAULT_DAYS - 1)
    if last < first or (last - first).days >= MAX_DAYS:
        raise Invalid([domain.Problem("to", f"must be on or after 'from', within {MAX_DAYS} days")])
    return first, last


def in_unit(snap: Snapshot, v: View, unit: str | None) -> list[domain.Position]:
    """The positions the caller sees, in `unit` and the units below it (all without a unit);
    NotFound for a unit the caller does not see."""
    found = [p for p in snap.registry.positions if v.position(p.id)]
    if unit is None:
        return found
    if unit not in snap.units or not v.unit(unit):
        raise not_found("unit", unit)
    below = snap.below(unit)
    return [p for p in found if p.unit in below]


def who_acts(
    ws: Workspace, caller: Caller, municipality: str, position: str, day: dt.date | None
) -> coverage.Acting:
    """Who acts for the position on `day` (today by default)."""
    snap, v = visible(ws, caller, municipality)
    if position not in snap.positions or not v.position(position):
        raise not_found("position", position)
    return acting(v, coverage.who_acts(snap.coverage_index, position, day or dt.date.today()))


def findings(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    first: dt.date | None,
    last: dt.date | None,
) -> list[coverage.Finding]:
    """Where the substitution chains break over the days `first`–`last`, for the positions
    the caller sees, naming only what they may read (`seen_findings`)."""
    snap, v = visible(ws, caller, municipality)
    first, last = day_range(first, last)
    return seen_findings.seen(v, snap.registry, snap.findings(first, last))


def calendar(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    unit: str | None,
    first: dt.date | None,
    last: dt.date | None,
) -> list[PositionCalendar]:
    """Who acts for each position (of `unit` and below), as runs of days over `first`–`last`."""
    snap, v = visible(ws, caller, municipality)
    first, last = day_range(first, last)
    table = coverage.Coverage(snap.coverage_index, coverage.DayRange(first, last))
    return [
        PositionCalendar(position=p.id, segments=segments(v, table.segments(p.id)))
        for p in in_unit(snap, v, unit)
    ]
