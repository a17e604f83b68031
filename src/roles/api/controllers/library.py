"""/api/library (the clause library) and /api/search"""

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles.api import schemas
from roles.api.controllers._http import WS, IfMatch, Me, PageNumber, PerPage, tagged
from roles.api.errors import CREATE, READ, WRITE
from roles.services import library, paging
from roles.services.errors import not_found
from roles.services.library import (
    DraftsMade,
    LibraryClause,
    LibraryClauseIn,
    LibraryUpdate,
    Usage,
)


class LibraryController(Controller):
    path = "/api/library"
    tags = ("clause library",)

    @get(sync_to_thread=False, raises=READ)
    def list_library(
        self,
        ws: WS,
        caller: Me,
        q: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> schemas.LibraryPage:
        """Library clauses, optionally matching `q` (Estonian-aware, case-insensitive)."""
        with ws.sessions() as session:
            found = library.clauses(session, q)
        return schemas.LibraryPage(
            items=paging.page(found, page, per_page), total=len(found), page=page, per_page=per_page
        )

    @post(sync_to_thread=True, raises=CREATE)
    def create_clause(
        self, ws: WS, caller: Me, data: JSONBody[LibraryClauseIn]
    ) -> Response[LibraryClause]:
        with ws.sessions() as session, session.begin():
            return tagged(library.create(session, caller, data), 201)

    @get("/{clause:str}", sync_to_thread=False, raises=READ)
    def get_clause(self, ws: WS, caller: Me, clause: FromPath[str]) -> Response[LibraryClause]:
        with ws.sessions() as session:
            return tagged(library.get(session, clause))

    @put("/{clause:str}", sync_to_thread=True, raises=WRITE)
    def update_clause(
        self,
        ws: WS,
        caller: Me,
        clause: FromPath[str],
        data: JSONBody[LibraryClauseIn],
        if_match: IfMatch = None,
    ) -> LibraryUpdate:
        """Change a library clause; answers the current versions using an older text as offers
        (nothing stored changes: POST …/drafts makes the drafts)."""
        with ws.sessions() as session, session.begin():
            return library.update(ws, session, caller, clause, data, if_match)

    @delete("/{clause:str}", sync_to_thread=True, raises=WRITE)
    def delete_clause(
        self, ws: WS, caller: Me, clause: FromPath[str], if_match: IfMatch = None
    ) -> None:
        with ws.sessions() as session, session.begin():
            library.delete(session, caller, clause, if_match)

    @get("/{clause:str}/usage", sync_to_thread=False, raises=READ)
    def clause_usage(self, ws: WS, caller: Me, clause: FromPath[str]) -> list[Usage]:
        """The job-description versions (that the caller sees) taking this clause."""
        with ws.sessions() as session:
            found = library.get(session, clause)
        return library.usage(ws, caller, found)

    @post("/{clause:str}/drafts", sync_to_thread=True, raises=WRITE)
    def make_drafts(self, ws: WS, caller: Me, clause: FromPath[str]) -> DraftsMade:
        """Take the offers: drafts with the library's text for every current version using an
        older one (approved versions are copied into new drafts, never changed)."""
        with ws.sessions() as session:
            found = library.get(session, clause)
        if not library.may_write(caller):
            raise not_found("library clause", clause)
        return DraftsMade(drafts=library.make_drafts(ws, caller, found))


class SearchController(Controller):
    path = "/api/search"
    tags = ("clause library",)

    @get(sync_to_thread=True, raises=READ)
    def search(
        self,
        ws: WS,
        caller: Me,
        q: FromQuery[str],
        municipality: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> schemas.SearchResult:
        """Position titles and clauses across the municipalities the caller sees, and the
        library: `?q=STAR` ("which positions enter data into STAR?"). Case-insensitive,
        õ/ä/ö/ü-aware, the same on every database."""
        with ws.sessions() as session:
            found = library.search(ws, session, caller, q, municipality)
        return schemas.SearchResult(
            query=q,
            items=paging.page(found, page, per_page),
            total=len(found),
            page=page,
            per_page=per_page,
        )
