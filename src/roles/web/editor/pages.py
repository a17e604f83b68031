"""The editor's pages: open a draft, reshape or save it, approve or discard it."""

import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.services import descriptions, library
from roles.services.descriptions import Approve
from roles.services.errors import Invalid
from roles.services.library import LibraryClause
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.services.views import require_full
from roles.web.editor.convert import build, from_post, to_form
from roles.web.editor.form import EDUCATION, KINDS, DraftForm
from roles.web.editor.operations import apply
from roles.web.page import LoggedIn, Page, see_other


def _library(page: Page) -> dict[str, LibraryClause]:
    with page.ws.sessions() as session:
        return {c.id: c for c in library.clauses(session)}


def _draft(
    page: Page, municipality: str, position: str, version: int
) -> tuple[Snapshot, domain.JobDescription]:
    snap, found = descriptions.version(page.ws, page.me, municipality, position, version)
    require_full(page.me, snap, "version", f"{position}/v{version}")
    return snap, found


def render_editor(
    page: Page,
    snap: Snapshot,
    stored: domain.JobDescription,
    f: DraftForm,
    errors: dict[str, str],
    approve_values: dict[str, str],
    status_code: int = 200,
    unsaved: bool = False,
) -> Response[str]:
    position = snap.positions[stored.position]
    agency = snap.agencies.get(snap.units[position.unit].agency)
    return page.render(
        "editor.html",
        status_code=status_code,
        municipality=snap.registry.municipality,
        position=position,
        draft=stored,
        form=f,
        errors=errors,
        kinds=KINDS,
        education=EDUCATION,
        library=sorted(_library(page).values(), key=lambda c: c.title),
        approve=approve_values
        or {"by": (agency.head_title if agency else "") or "", "date": dt.date.today().isoformat()},
        unsaved=unsaved,
    )


class EditorPages(Controller):
    path = "/m/{municipality:str}/positions/{position:str}/versions/{version:int}"
    include_in_schema = False

    @get("/edit", sync_to_thread=True)
    def edit(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        snap, stored = _draft(page, municipality, position, version)
        if stored.status is not domain.JobDescriptionStatus.DRAFT:
            return see_other(f"/m/{municipality}/positions/{position}")
        return render_editor(page, snap, stored, to_form(stored), {}, {})

    @post("/edit")
    async def change(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        posted = await page.form()
        snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        f = from_post(posted)
        op = posted.get("op", "save")
        if op != "save":
            apply(op, f, posted, await sync_to_thread(_library, page))
            return await sync_to_thread(render_editor, page, snap, stored, f, {}, {}, unsaved=True)
        made, errors = build(f, stored, page.t)
        if made is None:
            return await sync_to_thread(
                render_editor, page, snap, stored, f, errors, {}, 422, unsaved=True
            )
        try:
            await sync_to_thread(
                descriptions.save_draft,
                page.ws,
                page.me,
                municipality,
                position,
                version,
                made,
                f.etag or None,
            )
        except Invalid as e:
            return await sync_to_thread(
                render_editor, page, snap, stored, f, {"form": e.message}, {}, 422, unsaved=True
            )
        return see_other(
            f"/m/{municipality}/positions/{position}/versions/{version}/edit?done=saved"
        )

    @post("/approve")
    async def approve(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        posted = await page.form()
        snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        values = {k: posted.get(k).strip() for k in ("by", "name", "date", "directive", "annex")}
        errors: dict[str, str] = {}
        if not values["by"]:
            errors["approve-by"] = page.t("must_fill")
        try:
            day = dt.date.fromisoformat(values["date"])
        except ValueError:
            errors["approve-date"] = page.t("bad_date")
        if errors:
            return await sync_to_thread(
                render_editor, page, snap, stored, to_form(stored), errors, values, 422
            )
        approval = Approve(
            by=values["by"],
            date=day,
            name=values["name"] or None,
            directive=values["directive"] or None,
            annex=values["annex"] or None,
        )
        await sync_to_thread(
            descriptions.approve,
            page.ws,
            page.me,
            municipality,
            position,
            version,
            approval,
            etag(stored),
        )
        return see_other(f"/m/{municipality}/positions/{position}?done=approved")

    @post("/discard")
    async def discard(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        await page.form()
        _, stored = await sync_to_thread(_draft, page, municipality, position, version)
        await sync_to_thread(
            descriptions.discard, page.ws, page.me, municipality, position, version, etag(stored)
        )
        return see_other(f"/m/{municipality}/positions/{position}")
