"""/api/municipalities/{municipality}/people, with their assignments and absences"""

from typing import Literal

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles import domain
from roles.api.controllers._http import WS, IfMatch, Me, PageNumber, PerPage, tagged
from roles.api.errors import CREATE, READ, WRITE
from roles.api.schemas import PersonPage
from roles.services import organisation, paging

Sort = Literal["id", "-id", "name", "-name"]


class PersonController(Controller):
    path = "/api/municipalities/{municipality:str}/people"
    tags = ("people",)

    @get(sync_to_thread=False, raises=READ)
    def list_people(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
        sort: FromQuery[Sort] = "id",
    ) -> PersonPage:
        """People (personal codes and absences only where the caller may see them)."""
        found: list[domain.Person] = organisation.listing(ws, caller, municipality, "person")
        if position is not None:
            found = [p for p in found if any(a.position == position for a in p.assignments)]
        found = paging.ordered(
            found, sort, {"id": lambda p: p.id, "name": lambda p: (p.name, p.id)}
        )
        return PersonPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_person(
        self, ws: WS, caller: Me, municipality: FromPath[str], data: JSONBody[domain.Person]
    ) -> Response[domain.Person]:
        return tagged(organisation.create(ws, caller, municipality, "person", data), 201)

    @get("/{person:str}", sync_to_thread=False, raises=READ)
    def get_person(
        self, ws: WS, caller: Me, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[domain.Person]:
        return tagged(organisation.get(ws, caller, municipality, "person", person))

    @put("/{person:str}", sync_to_thread=True, raises=WRITE)
    def replace_person(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        data: JSONBody[domain.Person],
        if_match: IfMatch = None,
    ) -> Response[domain.Person]:
        return tagged(
            organisation.replace(ws, caller, municipality, "person", person, data, if_match)
        )

    @delete("/{person:str}", sync_to_thread=True, raises=WRITE)
    def delete_person(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        if_match: IfMatch = None,
    ) -> None:
        organisation.delete(ws, caller, municipality, "person", person, if_match)

    # --- assignments ---

    @get("/{person:str}/assignments", sync_to_thread=False, raises=READ)
    def list_assignments(
        self, ws: WS, caller: Me, municipality: FromPath[str], person: FromPath[str]
    ) -> list[domain.Assignment]:
        return organisation.person_list(ws, caller, municipality, person, "assignments")

    @post("/{person:str}/assignments", sync_to_thread=True, raises=CREATE)
    def add_assignment(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        data: JSONBody[domain.Assignment],
    ) -> Response[domain.Assignment]:
        made = organisation.edit_person_list(
            ws, caller, municipality, person, "assignments", None, data, None
        )
        return tagged(made, 201)

    @get("/{person:str}/assignments/{n:int}", sync_to_thread=False, raises=READ)
    def get_assignment(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
    ) -> Response[domain.Assignment]:
        return tagged(organisation.person_item(ws, caller, municipality, person, "assignments", n))

    @put("/{person:str}/assignments/{n:int}", sync_to_thread=True, raises=WRITE)
    def replace_assignment(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
        data: JSONBody[domain.Assignment],
        if_match: IfMatch = None,
    ) -> Response[domain.Assignment]:
        made = organisation.edit_person_list(
            ws, caller, municipality, person, "assignments", n, data, if_match
        )
        return tagged(made)

    @delete("/{person:str}/assignments/{n:int}", sync_to_thread=True, raises=WRITE)
    def delete_assignment(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
        if_match: IfMatch = None,
    ) -> None:
        organisation.edit_person_list(
            ws, caller, municipality, person, "assignments", n, None, if_match
        )

    # --- absences ---

    @get("/{person:str}/absences", sync_to_thread=False, raises=READ)
    def list_absences(
        self, ws: WS, caller: Me, municipality: FromPath[str], person: FromPath[str]
    ) -> list[domain.Absence]:
        return organisation.person_list(ws, caller, municipality, person, "absences")

    @post("/{person:str}/absences", sync_to_thread=True, raises=CREATE)
    def add_absence(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        data: JSONBody[domain.Absence],
    ) -> Response[domain.Absence]:
        made = organisation.edit_person_list(
            ws, caller, municipality, person, "absences", None, data, None
        )
        return tagged(made, 201)

    @get("/{person:str}/absences/{n:int}", sync_to_thread=False, raises=READ)
    def get_absence(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
    ) -> Response[domain.Absence]:
        return tagged(organisation.person_item(ws, caller, municipality, person, "absences", n))

    @put("/{person:str}/absences/{n:int}", sync_to_thread=True, raises=WRITE)
    def replace_absence(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
        data: JSONBody[domain.Absence],
        if_match: IfMatch = None,
    ) -> Response[domain.Absence]:
        made = organisation.edit_person_list(
            ws, caller, municipality, person, "absences", n, data, if_match
        )
        return tagged(made)

    @delete("/{person:str}/absences/{n:int}", sync_to_thread=True, raises=WRITE)
    def delete_absence(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        person: FromPath[str],
        n: FromPath[int],
        if_match: IfMatch = None,
    ) -> None:
        organisation.edit_person_list(
            ws, caller, municipality, person, "absences", n, None, if_match
        )
