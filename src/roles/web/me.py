"""An employee's own job description: the version in force, acknowledging it (with the session,
or by uploading the container signed in DigiDoc4), downloads, earlier versions and what
changed."""

import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.domain.diff import diff
from roles.services import (
    acknowledgements,
    descriptions,
    eseal,
    records,
    signed_uploads,
    signing_sessions,
    verification,
)
from roles.services.access import Caller
from roles.services.errors import Refused, not_found
from roles.services.snapshot import Snapshot
from roles.services.views import view
from roles.services.workspace import Workspace
from roles.web.page import LoggedIn, Page, see_other
from roles.web.pages import document_links

MAX_BYTES = verification.MAX_BYTES


def _mine(ws: Workspace, caller: Caller) -> list[tuple[Snapshot, domain.Position]]:
    """The positions the caller holds today or from a later day, in every municipality."""
    today = dt.date.today()
    out: list[tuple[Snapshot, domain.Position]] = []
    if not caller.person:
        return out
    for snap in ws.all():
        person = snap.people.get(caller.person)
        if person is None or view(caller, snap) is None:
            continue
        for pid in dict.fromkeys(a.position for a in person.assignments):
            if acknowledgements.holds(person, pid, today) and pid in snap.positions:
                out.append((snap, snap.positions[pid]))
    return out


def _entry(page: Page, snap: Snapshot, position: domain.Position) -> dict[str, Any]:
    versions = descriptions.versions(page.ws, page.me, snap.id, position.id)
    current = acknowledgements.in_force(snap, position.id)
    mine = None
    if current is not None:
        done = acknowledgements.listing(page.ws, page.me, snap.id, position.id, current.version)
        mine = next((a for a in done if a.person == page.me.person), None)
    earlier = [d for d in versions if current is None or d.version < current.version]
    changes = None
    if current is not None and earlier:
        found, summary = diff(earlier[-1], current)
        changes = {"from": earlier[-1].version, "changes": found, "summary": summary}
    kept = (
        None if current is None else records.stored(page.ws, snap.id, position.id, current.version)
    )
    return {
        "signed_container": kept is not None and records.has_signature(kept),
        "sealed": eseal.seal_of(page.ws.options, snap, position.id) is not None,
        "snap": snap,
        "position": position,
        "unit": snap.units[position.unit],
        "current": current,
        "acknowledgement": mine,
        "earlier": list(reversed(earlier)),
        "changes": changes,
    }


class MyPages(Controller):
    path = "/me"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def mine(self, page: LoggedIn) -> Response[str]:
        return render_me(page)

    @post(
        "/signed/{municipality:str}/{position:str}/{version:int}",
        request_max_body_size=verification.UPLOAD_BYTES,
    )
    async def signed(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        """The container the employee signed in DigiDoc4: taken as their acknowledgement, or the
        page again with the reason beside the upload field (422)."""
        data = (await page.form(MAX_BYTES)).file().data
        if page.me.person is None:
            raise not_found("position", position)
        try:
            _, new = await sync_to_thread(
                signed_uploads.by_signed_container,
                page.ws,
                page.me,
                municipality,
                position,
                version,
                data,  # one byte past the bound when too big: the archive checks say so
            )
        except Refused as refused:
            message = page.t(f"signed_{refused.code}", *refused.values)
            errors = {f"{municipality}/{position}": message}
            return await sync_to_thread(render_me, page, errors, 422)
        return see_other("/me?done=" + ("signed_acknowledged" if new else "signed_already"))

    @post("/acknowledge/{municipality:str}/{position:str}/{version:int}")
    async def acknowledge(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        await page.form()
        if page.me.person is None:
            raise not_found("position", position)
        await sync_to_thread(
            acknowledgements.acknowledge, page.ws, page.me, municipality, position, version
        )
        return see_other("/me?done=acknowledged")


def render_me(
    page: Page,
    errors: dict[str, str] | None = None,
    status: int = 200,
    sign_errors: dict[str, str] | None = None,
) -> Response[str]:
    entries = [_entry(page, snap, p) for snap, p in _mine(page.ws, page.me)]
    return page.render(
        "me.html",
        status_code=status,
        entries=entries,
        document_links=document_links(page.request),
        upload_errors=errors or {},
        sign_errors=sign_errors or {},
        sign_methods=[
            m for m in signing_sessions.methods(page.ws.options) if m in ("smart-id", "mobile-id")
        ],
    )
