"""/api/auth (login, logout, password, tokens, me) and /api/users (admins; HR for their own)."""

from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody

from roles.api import schemas
from roles.api.controllers._http import WS, Me, client_of
from roles.api.errors import (
    CREATE,
    READ,
    WRITE,
    Invalid,
    NotAuthenticated,
    NotFound,
    TooManyRequests,
    Unavailable,
)
from roles.api.errors import Forbidden as ApiForbidden
from roles.domain import Problem
from roles.services import accounts, auth, logins, user_admin
from roles.services.access import Role
from roles.services.errors import Forbidden, Refused, not_found
from roles.services.errors import Invalid as InvalidInput

AnyRequest = Request[Any, Any, Any]


def _json_only(request: AnyRequest) -> None:
    """A login is JSON: a form posted by another site (no CORS preflight) is refused."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Refused("json_only", "send the login as application/json", field="content-type")


class AuthController(Controller):
    path = "/api/auth"
    tags = ("accounts",)

    @post(
        "/login",
        sync_to_thread=True,
        raises=[NotAuthenticated, TooManyRequests, Invalid, Unavailable],
    )
    def login(
        self, request: AnyRequest, ws: WS, data: JSONBody[schemas.Login]
    ) -> Response[schemas.LoggedIn]:
        """Log in with a password (JSON only): sets the session cookie and answers its CSRF
        token. Failed logins are slowed per address and per account from that address (429)."""
        _json_only(request)
        with ws.sessions() as session:
            user, cookie, csrf = logins.login(
                session, request.app.state.secret, data.name, data.password, client_of(request)
            )
            me = accounts.describe(session, user)
        return Response(
            schemas.LoggedIn(user=me, csrf_token=csrf),
            status_code=200,
            cookies=[Cookie(**auth.cookie(cookie, secure=request.app.state.secure_cookies))],
        )

    @post(
        "/logout",
        status_code=204,
        sync_to_thread=True,
        raises=[NotAuthenticated],
        response_cookies=[Cookie(key=auth.SESSION_COOKIE, value="", max_age=0, path="/")],
    )
    def logout(self, request: AnyRequest, ws: WS, caller: Me) -> None:
        """End the session at once (its cookie no longer works anywhere) and clear it."""
        with ws.sessions() as session, session.begin():
            logins.logout(session, caller, client_of(request))

    @post("/password", sync_to_thread=True, raises=[NotAuthenticated, Invalid])
    def change_password(
        self, request: AnyRequest, ws: WS, caller: Me, data: JSONBody[schemas.PasswordChange]
    ) -> schemas.PasswordChanged:
        """Change your own password; your other sessions end."""
        with ws.sessions() as session, session.begin():
            ended = logins.change_password(
                session, caller, data.current, data.new, client_of(request)
            )
        return schemas.PasswordChanged(sessions_ended=ended)

    @get("/me", sync_to_thread=False, raises=READ)
    def me(self, ws: WS, caller: Me) -> accounts.User:
        with ws.sessions() as session:
            return accounts.describe(session, accounts.find(session, caller.name))

    @post("/tokens", sync_to_thread=True, raises=CREATE)
    def create_token(self, ws: WS, caller: Me, data: JSONBody[schemas.TokenIn]) -> accounts.Token:
        """A new bearer token for yourself (shown once), living at most 90 days; your password
        again, so a stolen session or token cannot mint one."""
        with ws.sessions() as session, session.begin():
            user = accounts.find(session, caller.name)
            if not logins.verify(user.password_hash, data.password):
                raise InvalidInput([Problem("password", "wrong password")])
            return accounts.create_token(
                session, caller.name, data.name, data.days, actor=caller.name
            )

    @get("/tokens", sync_to_thread=True, raises=READ)
    def list_tokens(self, ws: WS, caller: Me) -> list[accounts.TokenInfo]:
        """Your live tokens; an admin sees everyone's."""
        with ws.sessions() as session:
            return accounts.tokens(session, None if caller.role is Role.ADMIN else caller.name)

    @delete("/tokens/{token_id:int}", sync_to_thread=True, raises=[NotAuthenticated, NotFound])
    def revoke_token(self, ws: WS, caller: Me, token_id: FromPath[int]) -> None:
        """Revoke a token of yours (an admin: anyone's); refused from the next request on."""
        owner = None if caller.role is Role.ADMIN else caller.name
        with ws.sessions() as session, session.begin():
            accounts.revoke_token(session, token_id, caller.name, owner)


class UserController(Controller):
    path = "/api/users"
    tags = ("accounts",)

    @get(sync_to_thread=True, raises=READ)
    def list_users(self, ws: WS, caller: Me) -> list[accounts.User]:
        """The accounts you keep: an admin every one; HR their municipalities' managers and
        employees."""
        return _kept(ws, caller)

    @post(sync_to_thread=True, raises=[*CREATE, ApiForbidden])
    def create_user(self, ws: WS, caller: Me, data: JSONBody[accounts.UserIn]) -> accounts.User:
        """Add an account you may keep, naming municipalities, units and people that exist."""
        _kept(ws, caller)
        return user_admin.add(ws, caller, data)

    @get("/{name:str}", sync_to_thread=True, raises=READ)
    def get_user(self, ws: WS, caller: Me, name: FromPath[str]) -> accounts.User:
        found = next((u for u in _kept(ws, caller) if u.name == name), None)
        if found is None:
            raise not_found("user", name)
        return found

    @delete("/{name:str}", sync_to_thread=True, raises=[*WRITE, ApiForbidden])
    def delete_user(self, ws: WS, caller: Me, name: FromPath[str]) -> None:
        """Remove an account you keep (not your own): its sessions and tokens end at once."""
        _kept(ws, caller)
        user_admin.remove(ws, caller, name)


def _kept(ws: WS, caller: Me) -> list[accounts.User]:
    """404 for those who keep no accounts, as for anything one may not see."""
    try:
        return user_admin.kept(ws, caller)
    except Forbidden:
        raise not_found("path", "/api/users") from None
