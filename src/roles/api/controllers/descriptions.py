"""Job descriptions: versions of a position's description, their lifecycle and diffs."""

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from roles import domain
from roles.api import schemas
from roles.api.controllers._http import (
    WS,
    IfMatch,
    IfNoneMatch,
    Me,
    Now,
    PageNumber,
    PerPage,
    tagged,
    tagged_bytes,
)
from roles.api.errors import CREATE, READ, WRITE, Invalid
from roles.services import descriptions, errors, paging
from roles.services.descriptions import Approve, Diff
from roles.services.errors import not_found
from roles.services.views import visible_now

VERSIONS = "/api/municipalities/{municipality:str}/positions/{position:str}/versions"


class DescriptionController(Controller):
    path = VERSIONS
    tags = ("job descriptions",)

    @get(sync_to_thread=False, raises=READ)
    def list_versions(
        self, ws: WS, caller: Me, municipality: FromPath[str], position: FromPath[str]
    ) -> list[domain.JobDescription]:
        """Every version of the position's job description the caller may see, oldest first."""
        return descriptions.versions(ws, caller, municipality, position)

    @post(sync_to_thread=True, raises=CREATE)
    def start_draft(
        self, ws: WS, caller: Me, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[domain.JobDescription]:
        """Start a draft: a copy of the current version (or an empty one), numbered next."""
        return tagged(descriptions.start_draft(ws, caller, municipality, position), 201)

    @get("/{version:int}", raises=READ)
    async def get_version(
        self,
        ws: WS,
        caller: Me,
        committed: Now,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        if_none_match: IfNoneMatch = None,
    ) -> Response[domain.JobDescription]:
        snap, view = await visible_now(ws, caller, municipality, committed)
        found = snap.version(position, version)
        if found is None or not view.description(found):
            raise not_found("version", f"{position}/v{version}")
        encoded = snap.encoded(("version", position, version), lambda: found)
        return tagged_bytes(encoded, if_none_match)

    @put("/{version:int}", sync_to_thread=True, raises=WRITE)
    def save_draft(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        data: JSONBody[domain.JobDescription],
        if_match: IfMatch = None,
    ) -> Response[domain.JobDescription]:
        """Replace a draft's content (409 for approved and superseded versions)."""
        saved = descriptions.save_draft(ws, caller, municipality, position, version, data, if_match)
        return tagged(saved)

    @delete("/{version:int}", sync_to_thread=True, raises=WRITE)
    def discard_draft(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        if_match: IfMatch = None,
    ) -> None:
        """Discard a draft (409 for approved and superseded versions)."""
        descriptions.discard(ws, caller, municipality, position, version, if_match)

    @post("/{version:int}/approve", status_code=200, sync_to_thread=True, raises=WRITE)
    def approve(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        data: JSONBody[Approve],
        if_match: IfMatch = None,
    ) -> Response[domain.JobDescription]:
        """Approve a draft: the approval is recorded, the version approved before superseded."""
        approved = descriptions.approve(ws, caller, municipality, position, version, data, if_match)
        return tagged(approved)

    @get("/{version:int}/diff/{other:int}", sync_to_thread=False, raises=READ)
    def diff_versions(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        other: FromPath[int],
    ) -> Diff:
        """Clause by clause, what changed from `version` to `other`."""
        return descriptions.compare(ws, caller, municipality, position, version, other)


class DescriptionListController(Controller):
    path = "/api"
    tags = ("job descriptions",)

    @get("/municipalities/{municipality:str}/job-descriptions", sync_to_thread=False, raises=READ)
    def list_descriptions(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        status: FromQuery[domain.JobDescriptionStatus | None] = None,
        unit: FromQuery[str | None] = None,
        position: FromQuery[str | None] = None,
        page: PageNumber = 1,
        per_page: PerPage = 50,
    ) -> schemas.DescriptionPage:
        """Job-description versions of the municipality, filtered by status, unit, position."""
        found = descriptions.listing(ws, caller, municipality, status, unit, position)
        return schemas.DescriptionPage(
            items=paging.page(found, page, per_page),
            total=len(found),
            page=page,
            per_page=per_page,
        )

    @get("/compare", sync_to_thread=False, raises=[*READ, Invalid])
    def compare_positions(
        self, ws: WS, caller: Me, left: FromQuery[str], right: FromQuery[str]
    ) -> Diff:
        """The current descriptions of two positions, in any municipalities:
        `?left=viljandi/viljandi-spetsialist&right=kohtla-jarve/kj-peaspetsialist`."""
        return descriptions.compare_positions(
            ws, caller, _pair(left, "left"), _pair(right, "right")
        )


def _pair(value: str, name: str) -> tuple[str, str]:
    municipality, _, position = value.partition("/")
    if not municipality or not position:
        raise errors.Invalid([domain.Problem(name, "write it as MUNICIPALITY/POSITION")])
    return municipality, position
