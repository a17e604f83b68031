"""The editor's pages: open a draft, reshape or save it, approve or discard it.

Nothing typed is lost: every form carries the ETag of the draft the person saw; "Approve"
posts the whole draft with the approval and stores both in one change, or nothing; a draft
changed by someone else meanwhile comes back as a conflict (`conflict`) with the person's
text kept beside the stored one.
"""

import dataclasses
import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.domain import dates, limits
from roles.domain.approval import approval_problems
from roles.services import descriptions, library, sendings
from roles.services.descriptions import Approve, approved_as
from roles.services.errors import Conflict, Invalid, NotFound, PreconditionRequired, Stale
from roles.services.library import LibraryClause
from roles.services.snapshot import Snapshot
from roles.services.views import require_full
from roles.web.editor.conflict import beside, take
from roles.web.editor.convert import build, from_post, to_form
from roles.web.editor.form import EDUCATION, KINDS, DraftForm
from roles.web.editor.operations import apply
from roles.web.editor.problems import beside_fields
from roles.web.forms import Form
from roles.web.page import LoggedIn, Page, see_other

APPROVAL_FIELDS = ("by", "name", "date", "directive", "annex", "in_force_from")


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
    conflict: bool = False,
    notice: str = "",
) -> Response[str]:
    position = snap.positions[stored.position]
    agency = snap.agencies.get(snap.units[position.unit].agency)
    theirs = to_form(stored)
    if conflict:
        f.etag = theirs.etag  # saving now stores the person's choice over the stored draft
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
        or {
            "by": (agency.head_title if agency else "") or "",
            "date": dates.estonian_day(dt.datetime.now(dt.UTC)).isoformat(),
        },
        unsaved=unsaved or conflict,
        conflict=conflict,
        theirs=beside(f, theirs) if conflict else None,
        notice=notice,
        max_depth=limits.MAX_CLAUSE_DEPTH,
    )


def _approval_values(posted: Form) -> dict[str, str]:
    return {k: posted.get(k).strip() for k in APPROVAL_FIELDS}


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
        try:
            snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        except NotFound:
            return await sync_to_thread(_draft_gone, page, municipality, position, version, posted)
        f = from_post(posted)
        op = posted.get("op", "save")
        values = _approval_values(posted)
        conflict = posted.get("conflict") == "1"
        if stored.status is not domain.JobDescriptionStatus.DRAFT:
            return await sync_to_thread(_not_a_draft, page, snap, stored, f, values)
        if op == "approve":
            return await self._approve(page, snap, stored, f, values)
        if op != "save":
            notice = ""
            if op.startswith("theirs"):
                take(op, f, to_form(stored))
            else:
                notice = apply(op, f, posted, await sync_to_thread(_library, page)) or ""
            return await sync_to_thread(
                render_editor,
                page,
                snap,
                stored,
                f,
                {},
                values,
                unsaved=True,
                conflict=conflict,
                notice=page.t(notice) if notice else "",
            )
        made, errors = build(f, stored, page.t)
        if made is None:
            return await sync_to_thread(
                render_editor, page, snap, stored, f, errors, values, 422, True, conflict
            )
        saved = f"/m/{municipality}/positions/{position}/versions/{version}/edit?done=saved"
        once = sendings.key(page.me, posted.get(sendings.FIELD), posted.fields)
        repeat = await sync_to_thread(sendings.repeat, page.ws, once)
        if repeat is not None:
            # "Save" pressed twice: the second lands where the first did, not on a conflict
            # with itself
            if repeat.url is not None:
                return see_other(repeat.url)
            notice = page.t("fix_sent_twice")
            return await sync_to_thread(
                render_editor, page, snap, stored, f, {}, values, 409, True, notice=notice
            )

        def save() -> str:
            descriptions.save_draft(
                page.ws, page.me, municipality, position, version, made, f.etag or None
            )
            return saved

        try:
            return see_other(await sync_to_thread(sendings.make, page.ws, once, save))
        except (Stale, PreconditionRequired):
            return await sync_to_thread(
                render_editor, page, snap, stored, f, {}, values, 409, True, True
            )
        except Invalid as e:
            errors = beside_fields(e.problems, made, page.lang)
            return await sync_to_thread(
                render_editor, page, snap, stored, f, errors, values, 422, True, conflict
            )

    async def _approve(
        self,
        page: Page,
        snap: Snapshot,
        stored: domain.JobDescription,
        f: DraftForm,
        values: dict[str, str],
    ) -> Response[Any]:
        """Store what is typed and approve it, in one change; or show why not, form kept."""
        made, errors = build(f, stored, page.t)
        days: dict[str, dt.date | None] = {}
        for name in ("date", "in_force_from"):
            try:
                days[name] = dt.date.fromisoformat(values[name]) if values[name] else None
            except ValueError:
                errors[f"approve-{name}"] = page.t("bad_date")
        approval = form_approval(values, days)
        if made is None or errors:
            if made is not None:  # say everything else the approval needs at once, too
                problems = approval_problems(
                    approved_as(made, approval),
                    snap.registry.municipality,
                    dates.estonian_day(dt.datetime.now(dt.UTC)),
                )
                errors = beside_fields(problems, made, page.lang) | errors
            return await sync_to_thread(
                render_editor, page, snap, stored, f, errors, values, 422, True
            )
        try:
            await sync_to_thread(
                descriptions.approve,
                page.ws,
                page.me,
                snap.id,
                stored.position,
                stored.version,
                approval,
                f.etag or None,
                document=made,
            )
        except (Stale, PreconditionRequired):
            return await sync_to_thread(
                render_editor, page, snap, stored, f, {}, values, 409, True, True
            )
        except Invalid as e:
            errors = beside_fields(e.problems, made, page.lang)
            return await sync_to_thread(
                render_editor, page, snap, stored, f, errors, values, 422, True
            )
        return see_other(f"/m/{snap.id}/positions/{stored.position}?done=approved")

    @post("/approve")
    async def approve(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        """The approval as its own form (pages from before it joined the editor's form): the
        same as the editor's "Approve" button, the draft fields included."""
        posted = await page.form()
        snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        f, values = from_post(posted), _approval_values(posted)
        if stored.status is not domain.JobDescriptionStatus.DRAFT:
            return await sync_to_thread(_not_a_draft, page, snap, stored, f, values)
        return await self._approve(page, snap, stored, f, values)

    @post("/discard")
    async def discard(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        posted = await page.form()
        await sync_to_thread(_draft, page, municipality, position, version)
        await sync_to_thread(
            descriptions.discard,
            page.ws,
            page.me,
            municipality,
            position,
            version,
            posted.get("etag") or None,
        )
        return see_other(f"/m/{municipality}/positions/{position}?done=discarded")


def _not_a_draft(
    page: Page,
    snap: Snapshot,
    stored: domain.JobDescription,
    f: DraftForm,
    values: dict[str, str],
) -> Response[str]:
    """A form of a draft approved since it was opened (another tab, a colleague, or the same
    button pressed twice): when it holds nothing the stored version lacks, the position's page;
    otherwise the editor again with what was typed, saying why it was not saved."""
    shown = to_form(stored)
    if dataclasses.replace(f, etag="") == dataclasses.replace(shown, etag=""):
        done = "?done=approved" if stored.status is domain.JobDescriptionStatus.APPROVED else ""
        return see_other(f"/m/{snap.id}/positions/{stored.position}{done}")
    notice = page.t("editor_not_a_draft", stored.version)
    return render_editor(page, snap, stored, f, {}, values, 409, True, notice=notice)


def _draft_gone(
    page: Page, municipality: str, position: str, version: int, posted: Form
) -> Response[str]:
    """A form of a draft discarded since it was opened (another tab, a colleague): what was
    typed goes into the position's draft now — a new one, or the one someone started meanwhile
    — shown unsaved, saying so; never a bare "not found" that loses the text. Only a position
    gone too (or out of reach) is a plain 404."""
    f = from_post(posted)
    try:
        started = descriptions.start_draft(page.ws, page.me, municipality, position)
        number = started.version
    except Conflict:  # a draft started meanwhile: the person's text goes beside it
        drafts = [
            d.version
            for d in descriptions.versions(page.ws, page.me, municipality, position)
            if d.status is domain.JobDescriptionStatus.DRAFT
        ]
        if not drafts:
            raise
        number = drafts[0]
    snap, stored = _draft(page, municipality, position, number)
    f = dataclasses.replace(f, etag=to_form(stored).etag)
    notice = page.t("editor_draft_gone", number)
    return render_editor(
        page, snap, stored, f, {}, _approval_values(posted), 409, True, notice=notice
    )


def form_approval(values: dict[str, str], days: dict[str, dt.date | None]) -> Approve:
    """The approval the form states; its bounds are the approval rule's to check."""
    return Approve(
        by=values["by"],
        date=days.get("date"),
        name=values["name"] or None,
        directive=values["directive"] or None,
        annex=values["annex"] or None,
        in_force_from=days.get("in_force_from"),
    )
