"""The clause library as its own page (browse, search, create, edit, where used, apply a
change to the drafts that use it) and the search page over the job descriptions a person may
see; both Estonian-aware through `services.library`."""

from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles.services import library
from roles.services.access import Role
from roles.services.errors import not_found
from roles.services.library import LibraryClause, LibraryClauseIn
from roles.services.preconditions import etag
from roles.web.correct import Sheet, show, submit
from roles.web.fields import MAX_LONG, Field, Reader
from roles.web.ids import new_id
from roles.web.page import LoggedIn, Page, see_other

MAX_QUERY = 200
MAX_HITS = 200


def _writer(page: Page) -> None:
    if not library.may_write(page.me):
        raise not_found("library", "clauses")


def _clause(page: Page, id_: str) -> LibraryClause:
    with page.ws.sessions() as session:
        return library.get(session, id_)


def _owners(page: Page) -> list[tuple[str, str]]:
    """Whom a new clause may belong to: HR's municipalities; for admins also nobody ("")."""
    names = {s.id: s.registry.municipality.name for s in page.ws.all()}
    if page.me.role is Role.ADMIN:
        return [("", page.t("fix_library_admins")), *sorted(names.items(), key=lambda x: x[1])]
    return sorted(((m, names.get(m, m)) for m in page.me.municipalities), key=lambda x: x[1])


def _owner_name(page: Page, owner: str | None) -> str:
    if owner is None:
        return page.t("fix_library_admins")
    snap = page.ws.snapshot(owner)
    return snap.registry.municipality.name if snap else owner


def _read(r: Reader) -> tuple[str, str, str | None] | None:
    title = r.text("title")
    text = r.text("text", limit=MAX_LONG)
    result = r.text("result", required=False, limit=MAX_LONG)
    if title is None or text is None or r.errors:
        return None
    return title, text, result


class LibraryPages(Controller):
    path = "/library"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def browse(self, page: LoggedIn) -> Response[str]:
        q = page.request.query_params.get("q", "").strip()
        error = page.t("fix_query_too_long", MAX_QUERY) if len(q) > MAX_QUERY else None
        with page.ws.sessions() as session:
            found = [] if error else library.clauses(session, q or None)
        return page.render(
            "library.html",
            clauses=found,
            q=q,
            error=error,
            may_write=library.may_write(page.me),
            status_code=422 if error else 200,
        )

    @get("/new", sync_to_thread=True)
    def new_form(self, page: LoggedIn) -> Response[str]:
        _writer(page)
        return show(page, _sheet(page, None))

    @post("/new")
    async def create(self, page: LoggedIn) -> Response[Any]:
        _writer(page)

        def parse(r: Reader, _: Any) -> Any:
            values = _read(r)
            if values is None:
                return None
            title, text, result = values
            owners = _owners(page)
            owner = None
            if len(owners) > 1:  # HR of one municipality: theirs, without asking
                admin = page.me.role is Role.ADMIN
                owner = r.choice("owner", [o for o, _ in owners if o], required=not admin)
                if r.errors:
                    return None

            def make() -> LibraryClause:
                with page.ws.sessions() as session, session.begin():
                    taken = {c.id for c in library.clauses(session)}
                    data = LibraryClauseIn(
                        id=new_id("", title, taken),
                        title=title,
                        text=text,
                        result=result,
                        owner=owner,
                    )
                    return library.create(session, page.me, data)

            return make

        return await submit(
            page,
            lambda _: _sheet(page, None),
            lambda: None,
            parse,
            lambda c: f"/library/{c.id}?done=saved",
        )

    @get("/{clause:str}", sync_to_thread=True)
    def clause(self, page: LoggedIn, clause: FromPath[str]) -> Response[str]:
        return show(page, _sheet(page, _clause(page, clause)))

    @post("/{clause:str}")
    async def edit(self, page: LoggedIn, clause: FromPath[str]) -> Response[Any]:
        _writer(page)

        def parse(r: Reader, _: Any) -> Any:
            values = _read(r)
            if values is None:
                return None
            title, text, result = values
            data = LibraryClauseIn(id=clause, title=title, text=text, result=result)

            def change() -> Any:
                with page.ws.sessions() as session, session.begin():
                    return library.update(page.ws, session, page.me, clause, data, r.etag)

            return change

        return await submit(
            page,
            lambda _: _sheet(page, _clause(page, clause)),
            lambda: None,
            parse,
            lambda _: f"/library/{clause}?done=saved#used",
        )

    @post("/{clause:str}/drafts")
    async def apply(self, page: LoggedIn, clause: FromPath[str]) -> Response[Any]:
        _writer(page)
        await page.form()
        found = await sync_to_thread(_clause, page, clause)
        made = await sync_to_thread(library.make_drafts, page.ws, page.me, found)
        done = "fix_drafts_made" if made else "fix_no_drafts_made"
        return see_other(f"/library/{clause}?done={done}#used")


def _sheet(page: Page, c: LibraryClause | None) -> Sheet:
    writer = library.may_change(page.me, c.owner) if c else library.may_write(page.me)
    fields = [
        Field("title", page.t("title"), value=c.title if c else "", required=True),
        Field(
            "text", page.t("fix_clause_text"), "textarea", value=c.text if c else "", required=True
        ),
        Field(
            "result",
            page.t("desired_result"),
            "textarea",
            value=(c.result or "") if c else "",
            hint=page.t("fix_optional"),
        ),
    ]
    back = ("/library", page.t("fix_library"))
    owners = _owners(page) if c is None and writer else []
    if len(owners) > 1:
        fields.append(
            Field(
                "owner",
                page.t("fix_library_owner"),
                "select",
                value=owners[0][0],
                options=owners,
                required=page.me.role is not Role.ADMIN,
                hint=page.t("fix_library_owner_hint"),
            )
        )
    if c is None:
        return Sheet(page.t("fix_new_clause"), "/library/new", fields, back=back)
    used = library.usage(page.ws, page.me, c)
    offers = library.offers(page.ws, page.me, c)
    rows = []
    for u in used:
        snap = page.ws.snapshot(u.municipality)
        p = snap.positions.get(u.position) if snap else None
        rows.append(
            {
                "municipality": snap.registry.municipality.name if snap else u.municipality,
                "href": f"/m/{u.municipality}/positions/{u.position}",
                "title": p.title if p else u.position,
                "version": u.version,
                "status": u.status.value,
                "up_to_date": u.up_to_date,
            }
        )
    return Sheet(
        title=c.title,
        action=f"/library/{c.id}",
        fields=fields if writer else [],
        etag=etag(c),
        back=back,
        side="_library_side.html",
        extra={
            "clause": c,
            "used": rows,
            "offers": len(offers),
            "writer": writer,
            "applier": library.may_write(page.me),
            "owner": _owner_name(page, c.owner),
        },
    )


class SearchPages(Controller):
    path = "/search"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def search(self, page: LoggedIn) -> Response[str]:
        q = page.request.query_params.get("q", "").strip()
        error = page.t("fix_query_too_long", MAX_QUERY) if len(q) > MAX_QUERY else None
        hits: list[library.SearchHit] = []
        if q and not error:
            with page.ws.sessions() as session:
                hits = library.search(page.ws, session, page.me, q, None)
        names = {s.id: s.registry.municipality.name for s in page.ws.all()} if hits else {}
        return page.render(
            "search.html",
            q=q,
            error=error,
            hits=hits[:MAX_HITS],
            total=len(hits),
            names=names,
            status_code=422 if error else 200,
        )
