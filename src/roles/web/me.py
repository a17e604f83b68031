"""An employee's own job description: the version in force, acknowledging it, downloads,
earlier versions and what changed."""

import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.api.access import Caller, view
from roles.api.errors import not_found
from roles.api.services import acknowledgements, descriptions
from roles.api.services.workspace import Snapshot, Workspace
from roles.domain.diff import diff
from roles.web.base import AnyRequest, Page, caller_of, form_of, see_other
from roles.web.pages import document_links


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
    assert page.caller is not None
    versions = descriptions.versions(page.ws, page.caller, snap.id, position.id)
    current = acknowledgements.in_force(snap, position.id)
    mine = None
    if current is not None:
        done = acknowledgements.listing(page.ws, page.caller, snap.id, position.id, current.version)
        mine = next((a for a in done if a.person == page.caller.person), None)
    earlier = [d for d in versions if current is None or d.version < current.version]
    changes = None
    if current is not None and earlier:
        found, summary = diff(earlier[-1], current)
        changes = {"from": earlier[-1].version, "changes": found, "summary": summary}
    return {
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
    def mine(self, request: AnyRequest) -> Response[str]:
        page = Page(request, caller_of(request))
        assert page.caller is not None
        entries = [_entry(page, snap, p) for snap, p in _mine(page.ws, page.caller)]
        return page.render("me.html", entries=entries, document_links=document_links(request))

    @post("/acknowledge/{municipality:str}/{position:str}/{version:int}")
    async def acknowledge(
        self,
        request: AnyRequest,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        caller = caller_of(request)
        await form_of(request, caller)
        if caller.person is None:
            raise not_found("position", position)
        await sync_to_thread(
            acknowledgements.acknowledge,
            request.app.state.workspace,
            caller,
            municipality,
            position,
            version,
        )
        return see_other("/me?done=acknowledged")
