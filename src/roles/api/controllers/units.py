"""/api/municipalities/{municipality}/units"""

from typing import Literal

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles import domain
from roles.api.controllers._http import WS, IfMatch, Me, PageNumber, PerPage, tagged
from roles.api.errors import CREATE, READ, WRITE
from roles.api.schemas import UnitPage
from roles.services import organisation, paging

Sort = Literal["id", "-id", "name", "-name"]


class UnitController(Controller):
    path = "/api/municipalities/{municipality:str}/units"
    tags = ("units",)

    @get(sync_to_thread=False, raises=READ)
    def list_units(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        page: PageNumber = 1,
        per_page: PerPage = 50,
        sort: FromQuery[Sort] = "id",
    ) -> UnitPage:
        found: list[domain.Unit] = organisation.listing(ws, caller, municipality, "unit")
        found = paging.ordered(found, sort, {"id": lambda a: a.id, "name": lambda a: a.name})
        return UnitPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_unit(
        self, ws: WS, caller: Me, municipality: FromPath[str], data: JSONBody[domain.Unit]
    ) -> Response[domain.Unit]:
        return tagged(organisation.create(ws, caller, municipality, "unit", data), 201)

    @get("/{unit:str}", sync_to_thread=False, raises=READ)
    def get_unit(
        self, ws: WS, caller: Me, municipality: FromPath[str], unit: FromPath[str]
    ) -> Response[domain.Unit]:
        return tagged(organisation.get(ws, caller, municipality, "unit", unit))

    @put("/{unit:str}", sync_to_thread=True, raises=WRITE)
    def replace_unit(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromPath[str],
        data: JSONBody[domain.Unit],
        if_match: IfMatch = None,
    ) -> Response[domain.Unit]:
        return tagged(organisation.replace(ws, caller, municipality, "unit", unit, data, if_match))

    @delete("/{unit:str}", sync_to_thread=True, raises=WRITE)
    def delete_unit(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromPath[str],
        if_match: IfMatch = None,
    ) -> None:
        organisation.delete(ws, caller, municipality, "unit", unit, if_match)
