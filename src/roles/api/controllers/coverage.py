"""Coverage: who acts for a position on a day, the findings, and a calendar of who acts.

Scoped by the caller's access: only positions they see are asked about or listed.
"""

import datetime as dt
from typing import Annotated, Literal

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from roles import coverage
from roles.api.controllers._http import WS, Me
from roles.api.errors import READ, Invalid
from roles.services import coverage as service
from roles.services.coverage import DayCalendar, PositionCalendar

From = Annotated[dt.date | None, QueryParameter(name="from")]
To = Annotated[dt.date | None, QueryParameter(name="to")]


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
        return service.who_acts(ws, caller, municipality, position, day)

    @get("/findings", sync_to_thread=True, raises=[*READ, Invalid])
    def findings(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        first: From = None,
        last: To = None,
    ) -> list[coverage.Finding]:
        """Where the substitution chains break, over the days `from`–`to`."""
        return service.findings(ws, caller, municipality, first, last)

    @get("/calendar", sync_to_thread=True, raises=[*READ, Invalid])
    def calendar(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromQuery[str | None] = None,
        first: From = None,
        last: To = None,
        form: FromQuery[Literal["runs", "days"]] = "runs",
    ) -> list[PositionCalendar] | DayCalendar:
        """Who acts for each position (of `unit` and the units below it) over `from`–`to`:
        as runs of days with the same acting person (`form=runs`, the default and compact
        form), or one entry per position and day (`form=days`: {"POSITION DATE": acting})."""
        runs = service.calendar(ws, caller, municipality, unit, first, last)
        return runs if form == "runs" else service.per_day(runs)
