"""Correcting positions: create, edit every field, abolish from a date, delete one with no
history (HR and admins); substitution rules are on `rules.py`'s page."""

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import FromPath

from roles import domain
from roles.services import corrections, organisation
from roles.services.errors import not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.web.correct import Removal, Sheet, show, submit
from roles.web.fields import Field, Reader
from roles.web.ids import new_id, taken
from roles.web.organisation import full
from roles.web.page import LoggedIn, Page

SERVICES = [s.value for s in domain.ServiceType]
MAX_SEATS = 500


def position_of(snap: Snapshot, id_: str) -> domain.Position:
    found = snap.positions.get(id_)
    if found is None:
        raise not_found("position", id_)
    return found


class PositionEditPages(Controller):
    path = "/m/{municipality:str}/positions"
    include_in_schema = False

    @get("/new", sync_to_thread=True)
    def new_form(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return show(page, _sheet(page, full(page, municipality), None))

    @post("/new")
    async def create(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            values = _read(r, snap, None)
            if values is None:
                return None
            p = domain.Position(id=new_id(municipality, values["title"], taken(snap)), **values)
            return lambda: organisation.create(page.ws, page.me, municipality, "position", p)

        return await submit(
            page,
            lambda s: _sheet(page, s, None),
            lambda: full(page, municipality),
            parse,
            lambda p: f"/m/{municipality}/positions/{p.id}?done=saved",
        )

    @get("/{position:str}/edit", sync_to_thread=True)
    def edit_form(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[str]:
        snap = full(page, municipality)
        return show(page, _sheet(page, snap, position_of(snap, position)))

    @post("/{position:str}/edit")
    async def edit(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            current = position_of(snap, position)
            values = _read(r, snap, current)
            if values is None:
                return None
            p = msgspec.structs.replace(current, **values)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "position", position, p, r.etag
            )

        return await submit(
            page,
            lambda s: _sheet(page, s, position_of(s, position)),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/positions/{position}?done=saved",
        )

    @post("/{position:str}/delete")
    async def delete(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[Any]:
        return await submit(
            page,
            lambda s: _sheet(page, s, position_of(s, position)),
            lambda: full(page, municipality),
            lambda r, s: (
                lambda: corrections.delete_position(
                    page.ws, page.me, municipality, position, r.etag
                )
            ),
            lambda _: f"/m/{municipality}/positions?done=fix_position_deleted",
        )

    @get("/{position:str}/abolish", sync_to_thread=True)
    def abolish_form(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[str]:
        snap = full(page, municipality)
        return show(page, _abolish_sheet(page, snap, position_of(snap, position)))

    @post("/{position:str}/abolish")
    async def abolish(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[Any]:
        def parse(r: Reader, snap: Snapshot) -> Any:
            current = position_of(snap, position)
            day = r.date("abolished", required=False)
            if r.errors:
                return None
            p = msgspec.structs.replace(current, abolished=day)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "position", position, p, r.etag
            )

        return await submit(
            page,
            lambda s: _abolish_sheet(page, s, position_of(s, position)),
            lambda: full(page, municipality),
            parse,
            lambda _: f"/m/{municipality}/positions/{position}?done=saved",
        )


def _sheet(page: Page, snap: Snapshot, p: domain.Position | None) -> Sheet:
    mid = snap.id
    units = sorted(snap.registry.units, key=lambda u: u.name.casefold())
    others = sorted(
        (x for x in snap.registry.positions if p is None or x.id != p.id),
        key=lambda x: x.title.casefold(),
    )
    fields = [
        Field("title", page.t("title"), value=p.title if p else "", required=True),
        Field(
            "unit",
            page.t("unit"),
            "select",
            value=p.unit if p else "",
            options=[("", page.t("fix_choose")), *((u.id, u.name) for u in units)],
            required=True,
        ),
        Field(
            "service",
            page.t("service"),
            "select",
            value=p.service.value if p else domain.ServiceType.OFFICIAL.value,
            options=[(s, page.t(s)) for s in SERVICES],
            required=True,
        ),
        Field(
            "anti_corruption_official",
            page.t("fix_anti_corruption"),
            "checkbox",
            value="1" if p and p.anti_corruption_official else "",
        ),
        Field("seats", page.t("seats"), "number", value=str(p.seats if p else 1), required=True),
        Field(
            "reports_to",
            page.t("reports_to"),
            "select",
            value=(p.reports_to or "") if p else "",
            options=[("", page.t("fix_nobody")), *((x.id, _titled(snap, x)) for x in others)],
        ),
    ]
    if p is None:
        return Sheet(
            page.t("fix_new_position"),
            f"/m/{mid}/positions/new",
            fields,
            back=(f"/m/{mid}/positions", page.t("positions")),
        )
    base = f"/m/{mid}/positions/{p.id}"
    blocker = corrections.position_blockers(snap, p.id)
    return Sheet(
        title=page.t("fix_edit_position", p.title),
        action=f"{base}/edit",
        fields=fields,
        etag=etag(p),
        back=(base, p.title),
        removals=[
            Removal(
                f"{base}/delete",
                page.t("fix_delete_position"),
                page.t("fix_confirm_delete_position", p.title),
                etag(p),
            )
        ],
        intro=None,
        side="_position_side.html",
        extra={"base": base, "blocked": blocker is not None},
    )


def _titled(snap: Snapshot, p: domain.Position) -> str:
    """A position in a drop-down: its title and unit (titles repeat across units)."""
    unit = snap.units.get(p.unit)
    return f"{p.title} ({unit.name})" if unit else p.title


def _read(r: Reader, snap: Snapshot, current: domain.Position | None) -> dict[str, Any] | None:
    title = r.text("title")
    unit = r.choice("unit", list(snap.units))
    service = r.choice("service", SERVICES)
    seats = r.integer("seats", low=1, high=MAX_SEATS)
    reports_to = r.form.get("reports_to").strip() or None
    if current is not None and reports_to == current.id:
        r.fail("reports_to", r.t("fix_reports_to_self"))
    elif reports_to is not None and reports_to not in snap.positions:
        r.fail("reports_to", r.t("fix_bad_choice"))
    if r.errors or title is None or unit is None or service is None or seats is None:
        return None
    return {
        "title": title,
        "unit": unit,
        "service": domain.ServiceType(service),
        "anti_corruption_official": r.flag("anti_corruption_official"),
        "seats": seats,
        "reports_to": reports_to,
    }


def _abolish_sheet(page: Page, snap: Snapshot, p: domain.Position) -> Sheet:
    base = f"/m/{snap.id}/positions/{p.id}"
    return Sheet(
        title=page.t("fix_abolish_position", p.title),
        action=f"{base}/abolish",
        fields=[
            Field(
                "abolished",
                page.t("fix_abolished_from"),
                "date",
                value=p.abolished.isoformat() if p.abolished else "",
                hint=page.t("fix_abolished_hint"),
            )
        ],
        etag=etag(p),
        back=(base, p.title),
        submit=page.t("fix_abolish"),
        extra={"today": dt.date.today()},
    )
