"""Correcting the organisation: the municipality's name, agencies and units (HR and admins).

Create, rename, move (a unit's agency and parent), and remove when empty — a removal that
would leave something behind is refused naming what is in it.
"""

from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import FromPath

from roles import domain
from roles.services import corrections, organisation
from roles.services.errors import not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.services.views import require_full, visible
from roles.web.correct import Removal, Sheet, show, submit
from roles.web.fields import Field, Reader
from roles.web.ids import new_id, taken
from roles.web.page import LoggedIn, Page


def full(page: Page, municipality: str) -> Snapshot:
    """The snapshot, for HR and admins of the municipality only (404 for everyone else)."""
    snap, _ = visible(page.ws, page.me, municipality)
    require_full(page.me, snap, "municipality", municipality)
    return snap


class OrganisationPages(Controller):
    path = "/m/{municipality:str}/organisation"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap = full(page, municipality)
        agencies = [
            (a, [u for u in snap.registry.units if u.agency == a.id])
            for a in snap.registry.agencies
        ]
        return page.render(
            "organisation.html",
            municipality=snap.registry.municipality,
            agencies=agencies,
            snap=snap,
        )

    # --- the municipality -----------------------------------------------------------------

    @get("/name", sync_to_thread=True)
    def name_form(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return show(page, _municipality_sheet(page, full(page, municipality)))

    @post("/name")
    async def rename(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            name = r.text("name")
            if name is None:
                return None
            m = msgspec.structs.replace(snap.registry.municipality, name=name)
            return lambda: organisation.replace_municipality(
                page.ws, page.me, municipality, m, r.etag
            )

        return await submit(
            page,
            lambda s: _municipality_sheet(page, s),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/organisation?done=saved",
        )

    # --- agencies ---------------------------------------------------------------------------

    @get("/agencies/new", sync_to_thread=True)
    def new_agency_form(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return show(page, _agency_sheet(page, full(page, municipality), None))

    @post("/agencies/new")
    async def new_agency(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            name, head = r.text("name"), r.text("head_title", required=False)
            if name is None:
                return None
            a = domain.Agency(
                id=new_id(municipality, name, taken(snap)), name=name, head_title=head
            )
            return lambda: organisation.create(page.ws, page.me, municipality, "agency", a)

        return await submit(
            page,
            lambda s: _agency_sheet(page, s, None),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/organisation?done=saved",
        )

    @get("/agencies/{agency:str}", sync_to_thread=True)
    def agency_form(
        self, page: LoggedIn, municipality: FromPath[str], agency: FromPath[str]
    ) -> Response[str]:
        snap = full(page, municipality)
        return show(page, _agency_sheet(page, snap, _agency(snap, agency)))

    @post("/agencies/{agency:str}")
    async def edit_agency(
        self, page: LoggedIn, municipality: FromPath[str], agency: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            name, head = r.text("name"), r.text("head_title", required=False)
            if name is None:
                return None
            a = msgspec.structs.replace(_agency(snap, agency), name=name, head_title=head)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "agency", agency, a, r.etag
            )

        return await submit(
            page,
            lambda s: _agency_sheet(page, s, _agency(s, agency)),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/organisation?done=saved",
        )

    @post("/agencies/{agency:str}/delete")
    async def delete_agency(
        self, page: LoggedIn, municipality: FromPath[str], agency: FromPath[str]
    ) -> Response[Any]:
        return await submit(
            page,
            lambda s: _agency_sheet(page, s, _agency(s, agency)),
            lambda: full(page, municipality),
            lambda r, s: (
                lambda: corrections.delete_agency(page.ws, page.me, municipality, agency, r.etag)
            ),
            lambda _: f"/m/{municipality}/organisation?done=fix_removed",
        )

    # --- units ------------------------------------------------------------------------------

    @get("/units/new", sync_to_thread=True)
    def new_unit_form(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return show(page, _unit_sheet(page, full(page, municipality), None))

    @post("/units/new")
    async def new_unit(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            values = _read_unit(r, snap, None)
            if values is None:
                return None
            name, agency, parent = values
            u = domain.Unit(
                id=new_id(municipality, name, taken(snap)), agency=agency, name=name, parent=parent
            )
            return lambda: organisation.create(page.ws, page.me, municipality, "unit", u)

        return await submit(
            page,
            lambda s: _unit_sheet(page, s, None),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/organisation?done=saved",
        )

    @get("/units/{unit:str}", sync_to_thread=True)
    def unit_form(
        self, page: LoggedIn, municipality: FromPath[str], unit: FromPath[str]
    ) -> Response[str]:
        snap = full(page, municipality)
        return show(page, _unit_sheet(page, snap, _unit(snap, unit)))

    @post("/units/{unit:str}")
    async def edit_unit(
        self, page: LoggedIn, municipality: FromPath[str], unit: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            current = _unit(snap, unit)
            values = _read_unit(r, snap, current)
            if values is None:
                return None
            name, agency, parent = values
            u = msgspec.structs.replace(current, name=name, agency=agency, parent=parent)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "unit", unit, u, r.etag
            )

        return await submit(
            page,
            lambda s: _unit_sheet(page, s, _unit(s, unit)),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/organisation?done=saved",
        )

    @post("/units/{unit:str}/delete")
    async def delete_unit(
        self, page: LoggedIn, municipality: FromPath[str], unit: FromPath[str]
    ) -> Response[Any]:
        return await submit(
            page,
            lambda s: _unit_sheet(page, s, _unit(s, unit)),
            lambda: full(page, municipality),
            lambda r, s: (
                lambda: corrections.delete_unit(page.ws, page.me, municipality, unit, r.etag)
            ),
            lambda _: f"/m/{municipality}/organisation?done=fix_removed",
        )


def _agency(snap: Snapshot, id_: str) -> domain.Agency:
    found = snap.agencies.get(id_)
    if found is None:
        raise not_found("agency", id_)
    return found


def _unit(snap: Snapshot, id_: str) -> domain.Unit:
    found = snap.units.get(id_)
    if found is None:
        raise not_found("unit", id_)
    return found


def _back(page: Page, snap: Snapshot) -> tuple[str, str]:
    return (f"/m/{snap.id}/organisation", page.t("fix_organisation"))


def _municipality_sheet(page: Page, snap: Snapshot) -> Sheet:
    m = snap.registry.municipality
    return Sheet(
        title=page.t("fix_rename_municipality"),
        action=f"/m/{snap.id}/organisation/name",
        fields=[Field("name", page.t("fix_name"), value=m.name, required=True)],
        etag=etag(m),
        back=_back(page, snap),
    )


def _agency_sheet(page: Page, snap: Snapshot, a: domain.Agency | None) -> Sheet:
    base = f"/m/{snap.id}/organisation/agencies"
    fields = [
        Field("name", page.t("fix_name"), value=a.name if a else "", required=True),
        Field(
            "head_title",
            page.t("fix_head_title"),
            value=(a.head_title or "") if a else "",
            hint=page.t("fix_head_title_hint"),
        ),
    ]
    if a is None:
        return Sheet(page.t("fix_new_agency"), f"{base}/new", fields, back=_back(page, snap))
    return Sheet(
        title=page.t("fix_agency_named", a.name),
        action=f"{base}/{a.id}",
        fields=fields,
        etag=etag(a),
        back=_back(page, snap),
        removals=[
            Removal(
                f"{base}/{a.id}/delete",
                page.t("fix_remove_agency"),
                page.t("fix_confirm_remove", a.name),
                etag(a),
            )
        ],
    )


def _unit_options(page: Page, snap: Snapshot, u: domain.Unit | None) -> list[tuple[str, str]]:
    excluded = snap.below(u.id) if u else set()
    units = sorted(
        (x for x in snap.registry.units if x.id not in excluded), key=lambda x: x.name.casefold()
    )
    return [("", page.t("fix_no_parent")), *((x.id, x.name) for x in units)]


def _unit_sheet(page: Page, snap: Snapshot, u: domain.Unit | None) -> Sheet:
    base = f"/m/{snap.id}/organisation/units"
    agencies = [(a.id, a.name) for a in snap.registry.agencies]
    fields = [
        Field("name", page.t("fix_name"), value=u.name if u else "", required=True),
        Field(
            "agency",
            page.t("fix_agency"),
            "select",
            value=u.agency if u else (agencies[0][0] if agencies else ""),
            options=agencies,
            required=True,
        ),
        Field(
            "parent",
            page.t("fix_parent_unit"),
            "select",
            value=(u.parent or "") if u else "",
            options=_unit_options(page, snap, u),
        ),
    ]
    if u is None:
        return Sheet(page.t("fix_new_unit"), f"{base}/new", fields, back=_back(page, snap))
    return Sheet(
        title=page.t("fix_unit_named", u.name),
        action=f"{base}/{u.id}",
        fields=fields,
        etag=etag(u),
        back=_back(page, snap),
        removals=[
            Removal(
                f"{base}/{u.id}/delete",
                page.t("fix_remove_unit"),
                page.t("fix_confirm_remove", u.name),
                etag(u),
            )
        ],
    )


def _read_unit(
    r: Reader, snap: Snapshot, current: domain.Unit | None
) -> tuple[str, str, str | None] | None:
    name = r.text("name")
    agency = r.choice("agency", list(snap.agencies))
    if current is not None and r.form.get("parent") in snap.below(current.id):
        r.fail("parent", r.t("fix_unit_own_parent"))
    under = snap.below(current.id) if current is not None else set()  # once, not per unit
    allowed = [x for x in snap.units if x not in under]
    parent = r.choice("parent", allowed, required=False)
    if name is None or agency is None or r.errors:
        return None
    twin = next(
        (
            u
            for u in snap.registry.units
            if u.agency == agency
            and u.parent == parent
            and u.name.casefold() == name.casefold()
            and (current is None or u.id != current.id)
        ),
        None,
    )
    if twin is not None:  # two of a name side by side cannot be told apart in any list
        r.fail("name", r.t("fix_unit_twin", twin.name))
        return None
    return name, agency, parent
