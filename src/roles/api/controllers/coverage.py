"""Coverage: who acts for a position on a day, the findings, and a calendar of who acts.

Scoped by the caller's access: only positions they see are asked about or listed.
"""

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from roles import coverage
from roles.api.controllers._http import WS, Me
from roles.api.errors import READ, Invalid, not_found
from roles.api.services import common
from roles.domain import Problem

MAX_DAYS = 400


class PositionCalendar(msgspec.Struct, kw_only=True):
    position: str
    segments: list[coverage.Segment]


def _range(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    first = first or dt.date.today()
    last = last or first + dt.timedelta(days=30)
    if last < first or (last - first).days >= MAX_DAYS:
        raise Invalid([Problem("to", f"must be on or after 'from', within {MAX_DAYS} days")])
    return first, last


class CoverageController(Controller):
    path = "/api/municipalities/{municipality:str}/coverage"
    tags = ("coverage",)

    @get("/who-acts", sync_to_thread=False, raises=READ)
    def who_acts(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromQuery[str],
        day: FromQuery[dt.date | None] = None,
    ) -> coverage.Acting:
        """Who acts for the position on `day` (today by default)."""
        snap, view = common.visible(ws, caller, municipality)
        if position not in snap.positions or not view.position(position):
            raise not_found("position", position)
        return coverage.who_acts(snap.coverage_index(), position, day or dt.date.today())

    @get("/findings", sync_to_thread=True, raises=[*READ, Invalid])
    def findings(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        first: Annotated[dt.date | None, QueryParameter(name="from")] = None,
        last: Annotated[dt.date | None, QueryParameter(name="to")] = None,
    ) -> list[coverage.Finding]:
        """Where the substitution chains break, over the days `from`–`to`."""
        snap, view = common.visible(ws, caller, municipality)
        first, last = _range(first, last)
        options = coverage.Options(on=first, first=first, last=last)
        return [
            f
            for f in coverage.check(snap.registry, options, snap.coverage_index())
            if view.position(f.position)
        ]

    @get("/calendar", sync_to_thread=True, raises=[*READ, Invalid])
    def calendar(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromQuery[str | None] = None,
        first: Annotated[dt.date | None, QueryParameter(name="from")] = None,
        last: Annotated[dt.date | None, QueryParameter(name="to")] = None,
    ) -> list[PositionCalendar]:
        """Who acts for each position, as runs of days, over `from`–`to`."""
        snap, view = common.visible(ws, caller, municipality)
        first, last = _range(first, last)
        table = coverage.Coverage(snap.coverage_index(), coverage.DayRange(first, last))
        return [
            PositionCalendar(position=p.id, segments=table.segments(p.id))
            for p in snap.registry.positions
            if view.position(p.id) and (unit is None or p.unit == unit)
        ]
