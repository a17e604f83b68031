"""What every page shares: the templates, the language, the caller and the form they sent.

Pages use the API's session cookie (`services.auth.SESSION_COOKIE`, set by the login page the
same way `POST /api/auth/login` sets it). Each handler gets a `Page` through a dependency
(`router` in `roles.web`) that has already found the caller, in a worker thread; a form's
CSRF token is checked by `Page.form`, the one form reader, before anything is done.
"""

import datetime as dt
import secrets
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import jinja2
from litestar import MediaType, Request, Response
from litestar.di import NamedDependency
from litestar.response import Redirect

from roles.domain import dates
from roles.services.access import Caller, Role
from roles.services.auth import Client
from roles.services.workspace import Workspace
from roles.web import i18n
from roles.web.forms import Form, read_form

LANG_COOKIE = "roles_lang"

AnyRequest = Request[Any, Any, Any]


@cache
def environment(pages: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(pages),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["qs"] = query
    env.globals["once"] = once
    return env


def once() -> str:
    """A new one-time token for a form (`services.sendings`): each form shown gets its own."""
    return secrets.token_urlsafe(16)


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


ResponseT = TypeVar("ResponseT", bound=Response[Any])


def see_other(url: str) -> Redirect:
    return Redirect(url, status_code=303)


class Page:
    """One request's page: its language, caller, workspace and templates."""

    def __init__(
        self,
        request: AnyRequest,
        caller: Caller | None,
        ws: Workspace,
        env: jinja2.Environment,
        *,
        cached_only: bool = False,  # the menu from what is cached: no database (error pages)
    ) -> None:
        self.cached_only = cached_only
        self.request = request
        self.caller = caller
        self.lang = language(request)
        self.ws = ws
        self.env = env

    @property
    def me(self) -> Caller:
        """The logged-in caller (pages behind the login have one)."""
        assert self.caller is not None
        return self.caller

    def client(self) -> Client:
        """Where the request came from (the audit, the login throttle)."""
        r = self.request
        return Client(
            address=r.client.host if r.client else "unknown",
            agent=r.headers.get("user-agent", "")[:300],
        )

    async def form(self, max_bytes: int = 0) -> Form:
        """The posted form, once its CSRF token is checked (uploads up to `max_bytes`)."""
        return await read_form(self.request, self.caller.csrf if self.caller else None, max_bytes)

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
        body = self.env.get_template(template).render(
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
        return self._keep_language(
            Response(body, status_code=status_code, media_type=MediaType.HTML)
        )

    def go(self, url: str) -> Redirect:
        """303 to `url`, keeping a language asked for with `?lang=` on the way."""
        return self._keep_language(see_other(url))

    def _keep_language(self, response: ResponseT) -> ResponseT:
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
            mids = sorted(self.municipalities())
            names = self.ws.names(mids)
            # With several municipalities (an administrator may have all 79), each gets its
            # overview link and only the one the page is in gets the rest: nine links for each
            # of them buried every page under the menu, worst on a phone.
            here = self.municipality_of_page()
            for mid in mids:
                name = names.get(mid, "?")  # never the id: gone since the list was read
                items.append((f"/m/{mid}", self.t("overview") + f" · {name}"))
                if len(mids) > 1 and mid != here:
                    continue
                items.append((f"/m/{mid}/positions", self.t("positions")))
                items.append((f"/m/{mid}/coverage", self.t("coverage")))
                items.append((f"/m/{mid}/import", self.t("import")))
                items.append((f"/m/{mid}/registry", self.t("registry_file")))
                items.append((f"/m/{mid}/organisation", self.t("fix_organisation")))
                items.append((f"/m/{mid}/people", self.t("fix_people")))
                items.append((f"/m/{mid}/sheets", self.t("sheets")))
                items.append((f"/m/{mid}/establishment", self.t("establishment")))
            items.append(("/library", self.t("fix_library")))
            items.append(("/users", self.t("users")))
        elif c.role is Role.MANAGER:
            for mid in sorted({m for m, _ in c.units}):
                items.append((f"/m/{mid}/coverage", self.t("coverage")))
                items.append((f"/m/{mid}/positions", self.t("positions")))
                items.append((f"/m/{mid}/people", self.t("fix_people")))
        else:
            items.append(("/me", self.t("my_description")))
        items.append(("/search", self.t("fix_search")))
        items.append(("/me/subscriptions", self.t("subscriptions")))
        return items

    def municipality_of_page(self) -> str | None:
        """The municipality whose page this is (`/m/<id>/…`), if any."""
        parts = self.request.url.path.split("/")
        return parts[2] if len(parts) > 2 and parts[1] == "m" and parts[2] else None

    def municipalities(self) -> list[str]:
        c = self.caller
        if c is None:
            return []
        if c.role is Role.ADMIN:
            return self.ws.cached() if self.cached_only else [s.id for s in self.ws.all()]
        if c.role is Role.HR:
            return sorted(c.municipalities)
        return sorted({m for m, _ in c.units})


LoggedIn = NamedDependency[Page]  # a logged-in caller's page (the login page without one)
Visitor = NamedDependency[Page]  # the page of someone not logged in
