"""Signed job descriptions: the ASiC-E container of a version (sealed with the service's
e-seal when one is configured), Web eID's two-step signing, and verification of containers.

Every handler here is synchronous and runs in the thread pool: libdigidocpp holds the
interpreter lock and waits on OCSP and TSA (see services/slots.py for the bounds)."""

from typing import Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from roles import sign
from roles.api.controllers._http import WS, Me, download
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import (
    CREATE,
    READ,
    Busy,
    Conflict,
    Gone,
    Invalid,
    NotAuthenticated,
    NotFound,
    RenderFailed,
)
from roles.services import documents, verification, webeid
from roles.services.documents import ASICE
from roles.services.webeid import SignatureRequest, SignatureStarted, SignatureValue

ACK_HEADER = "X-Acknowledgement"


class ContainerController(Controller):
    path = VERSIONS
    tags = ("signing",)

    @get(
        "/{version:int}/document.asice",
        sync_to_thread=True,
        raises=[*READ, RenderFailed, Busy],
        media_type=ASICE,
    )
    def container(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        pdf: FromQuery[bool] = False,
    ) -> Response[bytes]:
        """The version's DOCX in an ASiC-E container (DigiDoc4 opens it): the container of
        record, sealed with the service's e-seal when one is configured (on approval) and
        carrying every signature finished since; unsigned without an e-seal. `?pdf=1`: the
        DOCX and its PDF in a new container, sealed when an e-seal is configured."""
        return download(documents.container(ws, caller, municipality, position, version, pdf))

    @post(
        "/{version:int}/signatures",
        sync_to_thread=True,
        raises=[*CREATE, Busy],
    )
    def begin_signature(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        data: JSONBody[SignatureRequest],
    ) -> SignatureStarted:
        """Web eID step one: send the signing certificate (base64 DER); sign `digest` with the
        card using `algorithm` as hashFunction, then POST the value to /api/signatures/{id}
        before `expires`."""
        return webeid.begin(ws, caller, municipality, position, version, data)


class SignatureController(Controller):
    path = "/api"
    tags = ("signing",)

    @post(
        "/signatures/{id:str}",
        status_code=200,
        sync_to_thread=True,
        raises=[NotAuthenticated, NotFound, Gone, Conflict, Invalid, Busy],
        media_type=ASICE,
    )
    def finish_signature(
        self, ws: WS, caller: Me, id: FromPath[str], data: JSONBody[SignatureValue]
    ) -> Response[bytes]:
        """Web eID step two: the signature value (base64; raw r‖s for EC keys). Answers the
        signed container, now the version's container of record. When the signer holds the
        position, the signature is also their acknowledgement: its id is in the
        X-Acknowledgement header. 410: expired (discarded); 409: someone else signed the
        container meanwhile (discarded; start again)."""
        done = webeid.finish(ws, caller, id, data)
        headers = {} if done.acknowledgement is None else {ACK_HEADER: str(done.acknowledgement)}
        return download(done.container, headers)

    @post(
        "/verify",
        status_code=200,
        raises=[NotAuthenticated, Invalid, Busy],
        request_max_body_size=verification.MAX_BYTES + 1,  # the archive checks say why
    )
    async def verify(self, caller: Me, request: Request[Any, Any, Any]) -> sign.Report:
        """Verify an ASiC-E container sent as the raw request body (Content-Type
        application/vnd.etsi.asic-e+zip): per signature the signer's name and personal code,
        signing time, profile, validity and the reasons; per data file whether it is intact."""
        data = await request.body()
        return await anyio.to_thread.run_sync(verification.verify, data)
