"""Signing over several requests: the approver's own signature approving a version
("KINNITAN"), the holder's acknowledging one ("Tutvunud ametijuhendiga"), through Web eID,
Smart-ID or Mobile-ID; then polling the session (or, Web eID, sending the card's value).

Every handler is synchronous and runs in the thread pool (libdigidocpp, SK's long polls)."""

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from roles.api.controllers._http import WS, IfMatch, Me
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import CREATE, READ, Busy, Gone, Invalid, NotAuthenticated, NotFound
from roles.services import approval_signing, signing_sessions
from roles.services.signing_sessions import SignatureValue, SigningStatus, SignWith

Wait = Annotated[
    float,
    QueryParameter(ge=0, le=10, description="seconds to wait for the phone before answering"),
]


class SigningStartController(Controller):
    path = VERSIONS
    tags = ("signing",)

    @post("/{version:int}/approval-signatures", sync_to_thread=True, raises=[*CREATE, Busy])
    def approve_by_signature(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        data: JSONBody[SignWith],
        if_match: IfMatch = None,
    ) -> SigningStatus:
        """Approve a draft by your own signature (roles "KINNITAN" and `by`, your position):
        `method` web-eid (with `certificate`; then POST the value to
        /api/signing-sessions/{id}/value), smart-id (`personal_code`) or mobile-id (`phone`,
        `personal_code`; show `verification_code`), then poll GET /api/signing-sessions/{id}.
        The version is approved when the signature is finished and valid. If-Match: the
        draft's ETag."""
        return approval_signing.start(ws, caller, municipality, position, version, data, if_match)

    @post("/{version:int}/acknowledgement-signatures", sync_to_thread=True, raises=[*CREATE, Busy])
    def acknowledge_by_signature(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
        data: JSONBody[SignWith],
    ) -> SigningStatus:
        """Acknowledge the version in force of your position by signing it ("Tutvunud
        ametijuhendiga") with Web eID, Smart-ID or Mobile-ID; then as for approvals."""
        return signing_sessions.start_acknowledgement(
            ws, caller, municipality, position, version, data
        )


class SigningSessionController(Controller):
    path = "/api"
    tags = ("signing",)

    @get("/signing-methods", raises=[NotAuthenticated])
    async def signing_methods(self, ws: WS, caller: Me) -> list[str]:
        """The methods this service offers: web-eid, and smart-id / mobile-id when set up."""
        return list(signing_sessions.methods(ws.options))

    @get("/signing-sessions/{id:str}", sync_to_thread=True, raises=[*READ, Busy])
    def signing_session(
        self, ws: WS, caller: Me, id: FromPath[str], wait: Wait = 2.0
    ) -> SigningStatus:
        """How a signing stands: running (with the code to show), signed, or failed with its
        reason in Estonian and English (nothing was changed then)."""
        return signing_sessions.status(ws, caller, id, wait)

    @post(
        "/signing-sessions/{id:str}/value",
        status_code=200,
        sync_to_thread=True,
        raises=[NotAuthenticated, NotFound, Gone, Invalid, Busy],
    )
    def signing_value(
        self, ws: WS, caller: Me, id: FromPath[str], data: JSONBody[SignatureValue]
    ) -> SigningStatus:
        """Web eID's second step: the card's signature value (base64)."""
        return signing_sessions.give_value(ws, caller, id, data)
