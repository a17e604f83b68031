"""What every page shares: templates, the language, the logged-in caller and CSRF on forms.

Pages use the API's session cookie (`auth.SESSION_COOKIE`, set by the login page the same way
`POST /api/auth/login` sets it). A form carries the session's CSRF token in a hidden `_csrf`
field; a POST whose token does not match is refused (403) before anything is done. The login
form, which has no session yet, uses a double-submit cookie instead.
"""

import contextlib
import datetime as dt
import hmac
import secrets
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from litestar import MediaType, Request, Response
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException
from litestar.response import Redirect

from roles.api import auth
from roles.api.access import Caller, Role
from roles.api.errors import ApiError, Conflict, NotAuthenticated, NotFound
from roles.api.services.workspace import Workspace
from roles.config import settings
from roles.domain import dates
from roles.web import i18n

LANG_COOKIE = "roles_lang"
LOGIN_CSRF_COOKIE = "roles_login_csrf"
STATIC = Path(__file__).parent / "static"

AnyRequest = Request[Any, Any, Any]


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings().templates_dir / "pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["qs"] = query
    return env


def query(base: dict[str, Any], **changes: Any) -> str:
    """A query string from `base` with `changes`; None and False values are left out."""
    merged = {**base, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, False, "")})


def language(request: AnyRequest) -> str:
    asked = request.query_params.get("lang")
    if asked in i18n.LANGUAGES:
        return str(asked)
    cookie = request.cookies.get(LANG_COOKIE)
    return cookie if cookie in i18n.LANGUAGES else i18n.DEFAULT


class Page:
    """One request's page context: language, caller, workspace."""

    def __init__(self, request: AnyRequest, caller: Caller | None) -> None:
        self.request = request
        self.caller = caller
        self.lang = language(request)
        self.ws: Workspace = request.app.state.workspace

    def t(self, key: str, *args: Any) -> str:
        phrase = i18n.text(self.lang, key)
        return phrase.format(*args) if args else phrase

    def day(self, value: dt.date | None) -> str:
        """A date as people read it: 24.11.2026 in Estonian, 2026-11-24 in English."""
        return "" if value is None else dates.shown(value, self.lang)

    def language_name(self, code: str) -> str:
        """'et' → 'eesti keel'; a code without a phrase is shown as it is."""
        key = "lang_" + code
        return self.t(key) if key in i18n.TEXTS else code

    def render(self, template: str, status_code: int = 200, **values: Any) -> Response[str]:
        body = (
            environment()
            .get_template(template)
            .render(
                t=self.t,
                day=self.day,
                language_name=self.language_name,
                lang=self.lang,
                caller=self.caller,
                csrf=self.caller.csrf if self.caller else None,
                path=self.request.url.path,
                request_query=dict(self.request.query_params),
                nav=self.nav(),
                flash=self._flash(),
                **values,
            )
        )
        response = Response(body, status_code=status_code, media_type=MediaType.HTML)
        asked = self.request.query_params.get("lang")
        if asked in i18n.LANGUAGES and asked != self.request.cookies.get(LANG_COOKIE):
            response.set_cookie(LANG_COOKIE, str(asked), path="/", samesite="lax", max_age=31536000)
        return response

    def _flash(self) -> str | None:
        done = self.request.query_params.get("done")
        return done if done in i18n.TEXTS else None

    def nav(self) -> list[tuple[str, str]]:
        """The main menu: (link, label) pairs the caller's role may use."""
        c = self.caller
        if c is None:
            return []
        items: list[tuple[str, str]] = []
        if c.role in (Role.ADMIN, Role.HR):
            for mid in sorted(self.municipalities()):
                items.append((f"/m/{mid}", self.t("overview") + f" · {mid}"))
                items.append((f"/m/{mid}/positions", self.t("positions")))
                items.append((f"/m/{mid}/coverage", self.t("coverage")))
                items.append((f"/m/{mid}/import", self.t("import")))
                items.append((f"/m/{mid}/registry", self.t("registry_file")))
        elif c.role is Role.MANAGER:
            for mid in sorted({m for m, _ in c.units}):
                items.append((f"/m/{mid}/coverage", self.t("coverage")))
                items.append((f"/m/{mid}/positions", self.t("positions")))
        else:
            items.append(("/me", self.t("my_description")))
        return items

    def municipalities(self) -> list[str]:
        c = self.caller
        if c is None:
            return []
        if c.role is Role.ADMIN:
            return [s.id for s in self.ws.all()]
        if c.role is Role.HR:
            return sorted(c.municipalities)
        return sorted({m for m, _ in c.units})


def caller_of(request: AnyRequest) -> Caller:
    """The logged-in caller from the session cookie; NotAuthenticated (→ login page) without."""
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    data = auth.read_session(request.app.state.secret, cookie) if cookie else None
    if data is None:
        raise NotAuthenticated("log in")
    ws: Workspace = request.app.state.workspace
    with ws.sessions() as session:
        from roles.store import tables as t

        user = session.get(t.User, data.user)
        if user is None:
            raise NotAuthenticated("log in")
        return auth.caller_of(session, user, csrf=data.csrf)


class CsrfRefused(ApiError):
    status_code = 403


async def form_of(request: AnyRequest, caller: Caller) -> dict[str, Any]:
    """The posted form, once its CSRF token is checked."""
    form = await request.form()
    sent = str(form.get("_csrf", ""))
    if not caller.csrf or not hmac.compare_digest(sent, caller.csrf):
        raise CsrfRefused("missing or wrong CSRF token")
    return {k: form.getall(k) if len(form.getall(k)) > 1 else form.get(k) for k in form}


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def login_cookie(value: str, secure: bool) -> Cookie:
    return Cookie(
        key=LOGIN_CSRF_COOKIE,
        value=value,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=secure,
    )


def see_other(url: str) -> Redirect:
    return Redirect(url, status_code=303)


# --- errors as pages -------------------------------------------------------------------------


def _error_page(request: AnyRequest, status: int, message: str) -> Response[str]:
    page = Page(request, None)
    with contextlib.suppress(HTTPException):
        page.caller = caller_of(request)
    return page.render("error.html", status_code=status, status=status, message=message)


def on_http_error(request: AnyRequest, exc: HTTPException) -> Response[Any]:
    lang = language(request)
    if isinstance(exc, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return see_other("/login?" + urlencode({"next": target}))
    if isinstance(exc, CsrfRefused):
        return _error_page(request, 403, i18n.text(lang, "csrf_failed"))
    if isinstance(exc, NotFound) or exc.status_code == 404:
        return _error_page(request, 404, i18n.text(lang, "not_found_text"))
    if isinstance(exc, Conflict) or exc.status_code in (409, 412):
        return _error_page(
            request, exc.status_code, i18n.text(lang, "conflict") + f" ({exc.detail})"
        )
    return _error_page(request, exc.status_code, str(exc.detail))


PAGE_ERRORS: Any = {HTTPException: on_http_error}
