"""/api/municipalities/{municipality}/positions"""

import datetime as dt
from typing import Literal

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles import domain
from roles.api.controllers._http import (
    WS,
    IfMatch,
    IfNoneMatch,
    Me,
    Now,
    PageNumber,
    PerPage,
    tagged,
    tagged_bytes,
)
from roles.api.errors import CREATE, READ, WRITE
from roles.api.schemas import PositionPage
from roles.services import organisation, paging
from roles.services.errors import not_found
from roles.services.views import visible, visible_now

Sort = Literal["id", "-id", "title", "-title", "unit", "-unit"]


class PositionController(Controller):
    path = "/api/municipalities/{municipality:str}/positions"
    tags = ("positions",)

    @get(sync_to_thread=False, raises=READ)
    def list_positions(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromQuery[str | None] = None,
        vacant: FromQuery[bool | None] = None,
        day: FromQuery[dt.date | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
        sort: FromQuery[Sort] = "id",
    ) -> PositionPage:
        """Positions, filtered by unit and by vacancy on `day` (today by default)."""
        snap, view = visible(ws, caller, municipality)
        found = [p for p in snap.registry.positions if view.position(p.id)]
        if unit is not None:
            found = [p for p in found if p.unit == unit]
        if vacant is not None:
            on = day or dt.date.today()
            found = [p for p in found if snap.vacant(p.id, on) == vacant]
        found = paging.ordered(
            found,
            sort,
            {
                "id": lambda p: p.id,
                "title": lambda p: (p.title, p.id),
                "unit": lambda p: (p.unit, p.id),
            },
        )
        return PositionPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_position(
        self, ws: WS, caller: Me, municipality: FromPath[str], data: JSONBody[domain.Position]
    ) -> Response[domain.Position]:
        return tagged(organisation.create(ws, caller, municipality, "position", data), 201)

    @get("/{position:str}", raises=READ)
    async def get_position(
        self,
        ws: WS,
        caller: Me,
        committed: Now,
        municipality: FromPath[str],
        position: FromPath[str],
        if_none_match: IfNoneMatch = None,
    ) -> Response[domain.Position]:
        """One position with its substitution rules."""
        snap, view = await visible_now(ws, caller, municipality, committed)
        found = snap.positions.get(position)
        if found is None or not view.position(position):
            raise not_found("position", position)
        return tagged_bytes(snap.encoded(("position", position), lambda: found), if_none_match)

    @put("/{position:str}", sync_to_thread=True, raises=WRITE)
    def replace_position(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        data: JSONBody[domain.Position],
        if_match: IfMatch = None,
    ) -> Response[domain.Position]:
        """Replace a position (managers: its substitution rules only)."""
        return tagged(
            organisation.replace(ws, caller, municipality, "position", position, data, if_match)
        )

    @delete("/{position:str}", sync_to_thread=True, raises=WRITE)
    def delete_position(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        if_match: IfMatch = None,
    ) -> None:
        organisation.delete(ws, caller, municipality, "position", position, if_match)
