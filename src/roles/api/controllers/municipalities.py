"""/api/municipalities"""

from typing import Any

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody

from roles import domain
from roles.api.controllers._http import WS, IfMatch, Me, PageNumber, PerPage, tagged
from roles.api.errors import CREATE, READ, WRITE
from roles.api.schemas import MunicipalityPage
from roles.services import organisation, paging


class MunicipalityController(Controller):
    path = "/api/municipalities"
    tags = ("municipalities",)

    @get(sync_to_thread=False, raises=READ)
    def list_municipalities(
        self, ws: WS, caller: Me, page: PageNumber = 1, per_page: PerPage = 50
    ) -> MunicipalityPage:
        found = organisation.municipalities(ws, caller)
        return MunicipalityPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_municipality(
        self, ws: WS, caller: Me, data: JSONBody[domain.Municipality]
    ) -> Response[domain.Municipality]:
        """Create an empty municipality (admins only)."""
        organisation.create_municipality(ws, caller, data)
        return tagged(data, 201)

    @get("/{municipality:str}", sync_to_thread=False, raises=READ)
    def get_municipality(
        self, ws: WS, caller: Me, municipality: FromPath[str]
    ) -> Response[domain.Municipality]:
        return tagged(organisation.municipality(ws, caller, municipality))

    @put("/{municipality:str}", sync_to_thread=True, raises=WRITE)
    def replace_municipality(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        data: JSONBody[domain.Municipality],
        if_match: IfMatch = None,
    ) -> Response[domain.Municipality]:
        return tagged(organisation.replace_municipality(ws, caller, municipality, data, if_match))

    @delete("/{municipality:str}", sync_to_thread=True, raises=WRITE)
    def delete_municipality(
        self, ws: WS, caller: Me, municipality: FromPath[str], if_match: IfMatch = None
    ) -> None:
        """Delete a municipality with its whole registry (admins only)."""
        organisation.delete_municipality(ws, caller, municipality, if_match)


__all__: list[Any] = ["MunicipalityController"]
