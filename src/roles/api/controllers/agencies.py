"""/api/municipalities/{municipality}/agencies"""

from typing import Literal

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles import domain
from roles.api.controllers._http import WS, IfMatch, Me, PageNumber, PerPage, tagged
from roles.api.errors import CREATE, READ, WRITE
from roles.api.schemas import AgencyPage
from roles.services import organisation, paging

Sort = Literal["id", "-id", "name", "-name"]


class AgencyController(Controller):
    path = "/api/municipalities/{municipality:str}/agencies"
    tags = ("agencies",)

    @get(sync_to_thread=False, raises=READ)
    def list_agencies(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        page: PageNumber = 1,
        per_page: PerPage = 50,
        sort: FromQuery[Sort] = "id",
    ) -> AgencyPage:
        found: list[domain.Agency] = organisation.listing(ws, caller, municipality, "agency")
        found = paging.ordered(found, sort, {"id": lambda a: a.id, "name": lambda a: a.name})
        return AgencyPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_agency(
        self, ws: WS, caller: Me, municipality: FromPath[str], data: JSONBody[domain.Agency]
    ) -> Response[domain.Agency]:
        return tagged(organisation.create(ws, caller, municipality, "agency", data), 201)

    @get("/{agency:str}", sync_to_thread=False, raises=READ)
    def get_agency(
        self, ws: WS, caller: Me, municipality: FromPath[str], agency: FromPath[str]
    ) -> Response[domain.Agency]:
        return tagged(organisation.get(ws, caller, municipality, "agency", agency))

    @put("/{agency:str}", sync_to_thread=True, raises=WRITE)
    def replace_agency(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        agency: FromPath[str],
        data: JSONBody[domain.Agency],
        if_match: IfMatch = None,
    ) -> Response[domain.Agency]:
        return tagged(
            organisation.replace(ws, caller, municipality, "agency", agency, data, if_match)
        )

    @delete("/{agency:str}", sync_to_thread=True, raises=WRITE)
    def delete_agency(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        agency: FromPath[str],
        if_match: IfMatch = None,
    ) -> None:
        organisation.delete(ws, caller, municipality, "agency", agency, if_match)
