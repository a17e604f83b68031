"""The account page: change one's own password (the other sessions end), list and revoke API
tokens (one's own; an admin sees everyone's)."""

from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles.services import accounts, logins, passwords
from roles.services.access import Role
from roles.services.errors import Invalid
from roles.web.page import LoggedIn, Page, see_other


class AccountPage(Controller):
    path = "/account"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def show(self, page: LoggedIn) -> Response[str]:
        return _render(page)

    @post("/password")
    async def change_password(self, page: LoggedIn) -> Response[Any]:
        form = await page.form()
        try:
            await sync_to_thread(_change, page, form.get("current"), form.get("new"))
        except Invalid as e:
            wrong = any(p.path == "current" for p in e.problems)
            key = "password_wrong" if wrong else "password_weak"
            return await sync_to_thread(
                _render, page, 422, page.t(key, passwords.MIN_LENGTH, passwords.MAX_LENGTH)
            )
        return see_other("/account?done=password_changed")

    @post("/tokens/{token_id:int}/revoke")
    async def revoke(self, page: LoggedIn, token_id: FromPath[int]) -> Response[Any]:
        await page.form()
        await sync_to_thread(_revoke, page, token_id)
        return see_other("/account?done=token_revoked")


def _owner(page: Page) -> str | None:
    return None if page.me.role is Role.ADMIN else page.me.name


def _render(page: Page, status: int = 200, error: str | None = None) -> Response[str]:
    with page.ws.sessions() as session:
        tokens = accounts.tokens(session, _owner(page))
    return page.render(
        "account.html",
        status_code=status,
        tokens=tokens,
        error=error,
        min_length=passwords.MIN_LENGTH,
    )


def _change(page: Page, current: str, new: str) -> None:
    with page.ws.sessions() as session, session.begin():
        logins.change_password(session, page.me, current, new, page.client())


def _revoke(page: Page, token_id: int) -> None:
    with page.ws.sessions() as session, session.begin():
        accounts.revoke_token(session, token_id, page.me.name, _owner(page))
