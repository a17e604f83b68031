"""Acknowledgements of job descriptions: an employee acknowledges their position's version in
force (with their session, or by uploading the container they signed in DigiDoc4); HR and
managers see who has not (per unit, with how long it has been pending)."""

from typing import Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery

from roles.api.controllers._http import WS, Me, tagged
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import CREATE, READ, Busy
from roles.services import acknowledgements, signed_uploads, verification
from roles.services.acknowledgements import Acknowledgement, PendingReport
from roles.services.signed_uploads import SignedAcknowledgement


class AcknowledgementController(Controller):
    path = VERSIONS
    tags = ("acknowledgements",)

    @post(
        "/{version:int}/acknowledgements",
        sync_to_thread=True,
        raises=CREATE,
        responses={
            200: ResponseSpec(
                data_container=Acknowledgement, description="Acknowledged before: the first one"
            )
        },
    )
    def acknowledge(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Acknowledgement]:
        """Acknowledge, as its holder, the version in force of your position's job description
        (201; 200 with the first one when you had already acknowledged it). Other positions'
        versions are 404; a version no longer (or not yet) in force is 409."""
        made, new = acknowledgements.acknowledge(ws, caller, municipality, position, version)
        return tagged(made, 201 if new else 200)

    @post(
        "/{version:int}/signed-container",
        raises=[*CREATE, Busy],
        request_max_body_size=verification.MAX_BYTES + 1,  # the archive checks say why
        responses={
            200: ResponseSpec(
                data_container=SignedAcknowledgement,
                description="Acknowledged before: the first acknowledgement",
            )
        },
    )
    async def signed_container(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        request: Request[Any, Any, Any],
    ) -> Response[SignedAcknowledgement]:
        """Acknowledge the version in force of your position by signing it in DigiDoc4: send
        the version's `.asice` (…/document.asice) with your signature added as the raw request
        body (Content-Type application/vnd.etsi.asic-e+zip). Taken when every signature in it
        is valid, its one data file is this version's DOCX, the signatures already on the
        version are kept, and one signature carries your personal code; the container then
        becomes the version's container of record (when it adds signatures to it). 201; 200
        with the first acknowledgement when you had acknowledged the version before. 422 with
        the reason (path `body`) otherwise; 409 for a version not in force."""
        data = await request.body()
        made, new = await anyio.to_thread.run_sync(
            signed_uploads.by_signed_container, ws, caller, municipality, position, version, data
        )
        return tagged(made, 201 if new else 200)

    @get("/{version:int}/acknowledgements", sync_to_thread=True, raises=READ)
    def list_acknowledgements(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> list[Acknowledgement]:
        """Who has acknowledged this version (of the people you see), first first."""
        return acknowledgements.listing(ws, caller, municipality, position, version)


class PendingAcknowledgementController(Controller):
    path = "/api/municipalities/{municipality:str}/acknowledgements"
    tags = ("acknowledgements",)

    @get("/pending", sync_to_thread=True, raises=READ)
    def pending(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        unit: FromQuery[str | None] = None,
    ) -> PendingReport:
        """Holders who have not acknowledged their position's version in force, per unit (and
        the units below `unit`), with the days pending since the version's approval or the
        holder's start, whichever is later. HR: their municipalities; managers: their units."""
        return acknowledgements.pending(ws, caller, municipality, unit)
