"""Acknowledgements of job descriptions: an employee acknowledges their position's version in
force; HR and managers see who has not (per unit, with how long it has been pending)."""

from litestar import Controller, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery

from roles.api.controllers._http import WS, Me, tagged
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import CREATE, READ
from roles.api.services import acknowledgements
from roles.api.services.acknowledgements import Acknowledgement, PendingReport


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
