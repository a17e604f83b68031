"""Signing pages: approving a draft by the approver's own Smart-ID or Mobile-ID signature,
acknowledging one's job description with them (/me), and the session's page that shows the
verification code and follows the session until it ends (it refreshes itself every 3 seconds;
no script, so nothing depends on JavaScript or an inline-script CSP)."""

from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles.domain import JobDescriptionStatus as Status
from roles.services import approval_signing, descriptions, signing_sessions, verification
from roles.services.errors import Conflict, Invalid
from roles.services.preconditions import etag
from roles.services.signing_sessions import SignWith, StartRefused
from roles.services.views import require_full
from roles.web.me import render_me
from roles.web.page import LoggedIn, Page, see_other

_SK = ("smart-id", "mobile-id")
MAX_BYTES = verification.MAX_BYTES


def _request(page: Page, values: dict[str, str], **extra: str) -> SignWith:
    try:
        return msgspec.convert(
            {
                "method": values.get("method", ""),
                "personal_code": values.get("personal_code") or None,
                "phone": values.get("phone") or None,
                "lang": page.lang if page.lang in ("et", "en") else "et",
                **extra,
            },
            SignWith,
        )
    except msgspec.ValidationError:
        raise StartRefused(
            "method", "Vali allkirjastamise viis.", "Choose a signing method."
        ) from None


def _message(page: Page, error: Invalid) -> str:
    if isinstance(error, StartRefused):
        return error.message_et if page.lang == "et" else error.message_en
    return str(error)


def _methods(page: Page) -> list[str]:
    return [m for m in signing_sessions.methods(page.ws.options) if m in _SK]


class SigningPages(Controller):
    include_in_schema = False

    @get(
        "/m/{municipality:str}/positions/{position:str}/versions/{version:int}/sign-approval",
        sync_to_thread=True,
    )
    def approval_form(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[str]:
        return _approval_page(page, municipality, position, version, {}, None)

    @post("/m/{municipality:str}/positions/{position:str}/versions/{version:int}/sign-approval")
    async def approval_start(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        values = (await page.form()).values()
        try:
            request = _request(page, values, by=values.get("by", ""))
            started = await sync_to_thread(
                approval_signing.start,
                page.ws,
                page.me,
                municipality,
                position,
                version,
                request,
                values.get("etag"),
            )
        except Invalid as error:
            return await sync_to_thread(
                _approval_page,
                page,
                municipality,
                position,
                version,
                values,
                _message(page, error),
                422,
            )
        return see_other(f"/signing/{started.id}")

    @post("/me/sign-with/{municipality:str}/{position:str}/{version:int}")
    async def acknowledge_start(
        self,
        page: LoggedIn,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        values = (await page.form()).values()
        try:
            started = await sync_to_thread(
                signing_sessions.start_acknowledgement,
                page.ws,
                page.me,
                municipality,
                position,
                version,
                _request(page, values),
            )
        except Invalid as error:
            errors = {f"{municipality}/{position}": _message(page, error)}
            return await sync_to_thread(render_me, page, None, 422, errors)
        return see_other(f"/signing/{started.id}")

    @get("/verify", sync_to_thread=False)
    def verify_form(self, page: LoggedIn) -> Response[str]:
        return page.render("verify.html", result=None, error=None)

    @post("/verify", request_max_body_size=verification.UPLOAD_BYTES)
    async def verify(self, page: LoggedIn) -> Response[str]:
        """The report of an uploaded container, in the page's language; a container that
        cannot be read is named so beside the field (422)."""
        data = (await page.form(MAX_BYTES)).file().data
        try:
            result = await sync_to_thread(verification.verify, data, "file")
        except verification.Unreadable as error:
            reason = error.message_et if page.lang == "et" else error.message_en
            message = page.t("verify_unreadable", reason)
            return page.render("verify.html", status_code=422, result=None, error=message)
        return page.render("verify.html", result=result, error=None)

    @get("/signing/{id:str}", sync_to_thread=True)
    def session(self, page: LoggedIn, id: FromPath[str]) -> Response[str]:
        found = signing_sessions.status(page.ws, page.me, id, wait=1.0)
        if found.purpose == "approval":
            back = f"/m/{found.municipality}/positions/{found.position}"
            back_label = "sign_open_version" if found.state == "signed" else "sign_back_editor"
        else:
            back, back_label = "/me", "sign_back_me"
        message = None
        if found.state == "failed":
            message = found.message_et if page.lang == "et" else found.message_en
        return page.render(
            "signing_session.html",
            s=found,
            message=message,
            back=back,
            back_label=back_label,
        )


def _approval_page(
    page: Page,
    municipality: str,
    position: str,
    version: int,
    values: dict[str, str],
    error: str | None,
    status_code: int = 200,
) -> Response[str]:
    snap, draft = descriptions.version(page.ws, page.me, municipality, position, version)
    require_full(page.me, snap, "version", f"{position}/v{version}")
    if draft.status is not Status.DRAFT:
        raise Conflict(f"version {version} of {position!r} is {draft.status}; it never changes")
    return page.render(
        "sign_approval.html",
        status_code=status_code,
        snap=snap,
        position=snap.positions[position],
        draft=draft,
        etag=etag(draft),
        methods=_methods(page),
        values=values,
        error=error,
    )
