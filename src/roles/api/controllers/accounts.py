"""/api/auth (login, logout, tokens, me) and /api/users (admins)."""

from typing import Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody

from roles.api import schemas
from roles.api.controllers._http import WS, Me
from roles.api.errors import CREATE, READ, WRITE, NotAuthenticated, TooManyRequests
from roles.services import accounts, auth
from roles.services.views import require_admin


class AuthController(Controller):
    path = "/api/auth"
    tags = ("accounts",)

    @post("/login", sync_to_thread=True, raises=[NotAuthenticated, TooManyRequests])
    def login(
        self, request: Request[Any, Any, Any], ws: WS, data: JSONBody[schemas.Login]
    ) -> Response[schemas.LoggedIn]:
        """Log in with a password: sets the session cookie and answers its CSRF token."""
        with ws.sessions() as session:
            user = auth.login(session, data.name, data.password)
            me = accounts.describe(session, user)
        cookie, session_data = auth.session_cookie(request.app.state.secret, user.id)
        return Response(
            schemas.LoggedIn(user=me, csrf_token=session_data.csrf),
            status_code=200,
            cookies=[Cookie(**auth.cookie(cookie, secure=request.app.state.secure_cookies))],
        )

    @post(
        "/logout",
        status_code=204,
        sync_to_thread=False,
        raises=[NotAuthenticated],
        response_cookies=[Cookie(key=auth.SESSION_COOKIE, value="", max_age=0, path="/")],
    )
    def logout(self, caller: Me) -> None:
        """End the session: the cookie is cleared."""

    @get("/me", sync_to_thread=False, raises=READ)
    def me(self, ws: WS, caller: Me) -> accounts.User:
        with ws.sessions() as session:
            return accounts.describe(session, accounts.find(session, caller.name))

    @post("/tokens", sync_to_thread=True, raises=CREATE)
    def create_token(self, ws: WS, caller: Me, data: JSONBody[schemas.TokenIn]) -> accounts.Token:
        """A new bearer token for yourself (shown once)."""
        with ws.sessions() as session, session.begin():
            return accounts.create_token(session, caller.name, data.name, data.days)


class UserController(Controller):
    path = "/api/users"
    tags = ("accounts",)

    @get(sync_to_thread=False, raises=READ)
    def list_users(self, ws: WS, caller: Me) -> list[accounts.User]:
        _admin(caller, "")
        with ws.sessions() as session:
            return accounts.users(session)

    @post(sync_to_thread=True, raises=CREATE)
    def create_user(self, ws: WS, caller: Me, data: JSONBody[accounts.UserIn]) -> accounts.User:
        _admin(caller, data.name)
        with ws.sessions() as session, session.begin():
            return accounts.add_user(session, data, caller.name)

    @get("/{name:str}", sync_to_thread=False, raises=READ)
    def get_user(self, ws: WS, caller: Me, name: FromPath[str]) -> accounts.User:
        _admin(caller, name)
        with ws.sessions() as session:
            return accounts.describe(session, accounts.find(session, name))

    @delete("/{name:str}", sync_to_thread=True, raises=WRITE)
    def delete_user(self, ws: WS, caller: Me, name: FromPath[str]) -> None:
        _admin(caller, name)
        with ws.sessions() as session, session.begin():
            accounts.delete_user(session, name, caller.name)


def _admin(caller: Me, name: str) -> None:
    require_admin(caller, "user", name)
