"""People, their assignments and absences: HR creates and edits people and assignments (an
assignment ends by giving it an end date); managers add, edit and delete the absences of their
units' people, HR everyone's. An absence that overlaps another of the same person is refused
beside its dates, naming the other one."""

from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import FromPath

from roles import domain
from roles.domain import personal_code as codes
from roles.services import corrections, organisation
from roles.services.errors import not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.web.correct import show, submit
from roles.web.fields import Reader
from roles.web.ids import new_id, taken
from roles.web.organisation import full
from roles.web.page import LoggedIn, Page
from roles.web.people_sheets import KINDS, absence_sheet, assignment_sheet, person_sheet
from roles.web.problems import FORM


def people_of(page: Page, municipality: str) -> tuple[Snapshot, list[domain.Person]]:
    """The snapshot and the people whose page the caller may open (404 when none)."""
    snap, v = visible(page.ws, page.me, municipality)
    found = [p for p in snap.registry.people if v.everything or v.may_edit_absences(p.id)]
    if not v.everything and not found:
        raise not_found("person", municipality)
    return snap, found


def person_of(page: Page, municipality: str, person: str) -> tuple[Snapshot, domain.Person, bool]:
    """The snapshot, the person and whether the caller is HR; 404 for anyone else's."""
    snap, v = visible(page.ws, page.me, municipality)
    found = snap.people.get(person)
    if found is None or not (v.everything or v.may_edit_absences(person)):
        raise not_found("person", person)
    return snap, found, v.everything


def _snap(page: Page, municipality: str, person: str) -> Snapshot:
    return person_of(page, municipality, person)[0]


class PeoplePages(Controller):
    path = "/m/{municipality:str}/people"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def people(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap, found = people_of(page, municipality)
        _, v = visible(page.ws, page.me, municipality)
        rows = [
            (
                p,
                [
                    snap.positions[a.position].title
                    for a in p.assignments
                    if a.position in snap.positions
                ],
            )
            for p in sorted(found, key=lambda p: p.name.casefold())
        ]
        return page.render(
            "people.html",
            municipality=snap.registry.municipality,
            rows=rows,
            full=v.everything,
        )

    @get("/new", sync_to_thread=True)
    def new_form(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return show(page, person_sheet(page, full(page, municipality), None, True))

    @post("/new")
    async def create(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            values = _read_person(r)
            if values is None:
                return None
            p = domain.Person(id=new_id(municipality, values["name"], taken(snap)), **values)
            return lambda: organisation.create(page.ws, page.me, municipality, "person", p)

        return await submit(
            page,
            lambda s: person_sheet(page, s, None, True),
            lambda: full(page, municipality),
            parse,
            lambda p: f"/m/{municipality}/people/{p.id}?done=saved",
        )

    @get("/{person:str}", sync_to_thread=True)
    def person(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[str]:
        snap, found, hr = person_of(page, municipality, person)
        return show(page, person_sheet(page, snap, found, hr))

    @post("/{person:str}")
    async def edit(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            values = _read_person(r)
            if values is None:
                return None
            p = msgspec.structs.replace(snap.people[person], **values)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "person", person, p, r.etag
            )

        return await submit(
            page,
            lambda s: person_sheet(page, s, s.people[person], True),
            lambda: _hr_person(page, municipality, person),
            parse,
            lambda _: f"/m/{municipality}/people/{person}?done=saved",
        )

    @post("/{person:str}/delete")
    async def delete(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            if snap.people[person].assignments:
                r.fail("", r.t("fix_person_has_assignments"))
                return None
            return lambda: organisation.delete(
                page.ws, page.me, municipality, "person", person, r.etag
            )

        return await submit(
            page,
            lambda s: person_sheet(page, s, s.people[person], True),
            lambda: _hr_person(page, municipality, person),
            parse,
            lambda _: f"/m/{municipality}/people?done=fix_removed",
        )

    # --- assignments (HR) --------------------------------------------------------------------

    @get("/{person:str}/assignments/new", sync_to_thread=True)
    def new_assignment_form(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[str]:
        snap = _hr_person(page, municipality, person)
        return show(page, assignment_sheet(page, snap, snap.people[person], None))

    @post("/{person:str}/assignments/new")
    async def add_assignment(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[Any]:
        return await self._assignment(page, municipality, person, None, delete=False)

    @get("/{person:str}/assignments/{n:int}", sync_to_thread=True)
    def assignment_form(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[str]:
        snap = _hr_person(page, municipality, person)
        return show(page, assignment_sheet(page, snap, snap.people[person], n))

    @post("/{person:str}/assignments/{n:int}")
    async def edit_assignment(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._assignment(page, municipality, person, n, delete=False)

    @post("/{person:str}/assignments/{n:int}/delete")
    async def delete_assignment(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._assignment(page, municipality, person, n, delete=True)

    async def _assignment(
        self, page: Page, municipality: str, person: str, n: int | None, *, delete: bool
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            entries = snap.people[person].assignments
            if _gone(entries, n):
                r.fail(FORM, r.t("fix_entry_gone_already" if delete else "fix_entry_gone"))
                return None
            at = _located(entries, n, r.etag)
            item = None
            if not delete:
                position = r.choice("position", list(snap.positions))
                start, end = r.span("from", "to", open_end=True)
                if r.errors or position is None or start is None:
                    return None
                item = domain.Assignment(position=position, start=start, end=end)
            return lambda: organisation.edit_person_list(
                page.ws, page.me, municipality, person, "assignments", at, item, r.etag
            )

        return await submit(
            page,
            lambda s: assignment_sheet(
                page, s, s.people[person], _still(s.people[person].assignments, n)
            ),
            lambda: _hr_person(page, municipality, person),
            parse,
            lambda _: f"/m/{municipality}/people/{person}?done=saved#assignments",
        )

    # --- absences (HR, and managers for their units' people) -------------------------------

    @get("/{person:str}/absences/new", sync_to_thread=True)
    def new_absence_form(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[str]:
        snap, found, _ = person_of(page, municipality, person)
        return show(page, absence_sheet(page, snap, found, None))

    @post("/{person:str}/absences/new")
    async def add_absence(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str]
    ) -> Response[Any]:
        return await self._absence(page, municipality, person, None, delete=False)

    @get("/{person:str}/absences/{n:int}", sync_to_thread=True)
    def absence_form(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[str]:
        snap, found, _ = person_of(page, municipality, person)
        return show(page, absence_sheet(page, snap, found, n))

    @post("/{person:str}/absences/{n:int}")
    async def edit_absence(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._absence(page, municipality, person, n, delete=False)

    @post("/{person:str}/absences/{n:int}/delete")
    async def delete_absence(
        self, page: LoggedIn, municipality: FromPath[str], person: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._absence(page, municipality, person, n, delete=True)

    async def _absence(
        self, page: Page, municipality: str, person: str, n: int | None, *, delete: bool
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            entries = snap.people[person].absences
            if _gone(entries, n):
                r.fail(FORM, r.t("fix_entry_gone_already" if delete else "fix_entry_gone"))
                return None
            at = _located(entries, n, r.etag)
            item = None
            if not delete:
                start, end = r.span("from", "to")
                kind = r.choice("kind", KINDS)
                if r.errors or start is None or end is None or kind is None:
                    return None
                item = domain.Absence(start=start, end=end, kind=domain.AbsenceKind(kind))
                other = corrections.overlapping(snap.people[person], item, at)
                if other is not None:
                    r.fail("from", r.t("fix_overlaps", page.day(other.start), page.day(other.end)))
                    return None
            return lambda: organisation.edit_person_list(
                page.ws, page.me, municipality, person, "absences", at, item, r.etag
            )

        return await submit(
            page,
            lambda s: absence_sheet(
                page, s, s.people[person], _still(s.people[person].absences, n)
            ),
            lambda: _snap(page, municipality, person),
            parse,
            lambda _: f"/m/{municipality}/people/{person}?done=saved#absences",
        )


def _gone(entries: list[Any], n: int | None) -> bool:
    """Whether the numbered entry a form was opened for is no longer there (another tab or
    person removed it): what was typed then comes back on the form for a new one."""
    return n is not None and not 0 <= n < len(entries)


def _located(entries: list[Any], n: int | None, seen: str | None) -> int | None:
    """Where the entry the form was opened for is now: entries are addressed by their place
    in the list, so when another tab removed one before it, it has moved up — saving must
    change it there, not whichever entry took its old place."""
    if n is None or seen is None or etag(entries[n]) == seen:
        return n
    return next((i for i, e in enumerate(entries) if etag(e) == seen), n)


def _still(entries: list[Any], n: int | None) -> int | None:
    return None if _gone(entries, n) else n


def _hr_person(page: Page, municipality: str, person: str) -> Snapshot:
    snap = full(page, municipality)
    if person not in snap.people:
        raise not_found("person", person)
    return snap


def _read_person(r: Reader) -> dict[str, Any] | None:
    name = r.text("name")
    code = r.text("personal_code", required=False, limit=20)
    if code is not None:
        wrong = codes.problem(code)
        if wrong:
            r.fail("personal_code", r.t("fix_bad_personal_code"))
    if name is None or r.errors:
        return None
    return {"name": name, "personal_code": code}
