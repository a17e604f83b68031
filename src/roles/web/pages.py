"""Login, the municipality overview, the position list and the position page."""

import datetime as dt
import secrets
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import Cookie
from litestar.params import FromPath

from roles import coverage, domain
from roles.domain.diff import diff
from roles.services import auth, descriptions, logins, paging, records, security_log, views
from roles.services.access import Role
from roles.services.errors import Forbidden, NotAuthenticated, TooManyRequests, not_found
from roles.services.views import visible
from roles.web import data
from roles.web.findings import said
from roles.web.forms import read_form
from roles.web.page import LoggedIn, Page, Visitor, see_other

PER_PAGE = 50
LOGIN_CSRF_COOKIE = "roles_login_csrf"


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def login_cookie(value: str, secure: bool) -> Cookie:
    """The login form's double-submit token: it has no session yet to carry one."""
    return Cookie(
        key=LOGIN_CSRF_COOKIE,
        value=value,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=secure,
    )


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


class AccountPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def home(self, page: LoggedIn) -> Response[Any]:
        c = page.me
        if c.role is Role.EMPLOYEE:
            return page.go("/me")
        found = page.municipalities()
        if c.role is Role.MANAGER and found:
            return page.go(f"/m/{found[0]}/coverage")
        if len(found) == 1:
            return page.go(f"/m/{found[0]}")
        return page.render("home.html", municipalities=found)

    @get("/login", sync_to_thread=False)
    def login_form(self, visitor: Visitor) -> Response[str]:
        request = visitor.request
        token = new_login_token()
        response = visitor.render(
            "login.html",
            login_csrf=token,
            next=_safe_next(request.query_params.get("next")),
            error=None,
            name="",
        )
        response.set_cookie(login_cookie(token, request.app.state.secure_cookies))
        return response

    @post("/login")
    async def login(self, visitor: Visitor) -> Response[Any]:
        page, request = visitor, visitor.request
        name, target = "", "/"
        error: str | None = None
        try:
            form = await read_form(request, request.cookies.get(LOGIN_CSRF_COOKIE))
        except Forbidden as e:
            error = page.t("csrf_failed")
            await sync_to_thread(
                security_log.refused,
                page.ws,
                actor=None,
                client=page.client(),
                request="POST /login",
                status=403,
                reason=e.message,
            )
        else:
            name, target = form.get("name"), _safe_next(form.get("next"))
            try:
                cookie = await sync_to_thread(_login, page, name, form.get("password"))
            except TooManyRequests as e:
                error = page.t("wait_login", e.retry_after)
            except NotAuthenticated:
                error = page.t("wrong_login")
        if error is not None:
            token = new_login_token()
            response = page.render(
                "login.html",
                status_code=400,
                login_csrf=token,
                next=target,
                error=error,
                name=name,
            )
            response.set_cookie(login_cookie(token, request.app.state.secure_cookies))
            return response
        response = see_other(target)
        response.set_cookie(Cookie(**auth.cookie(cookie, secure=request.app.state.secure_cookies)))
        return response

    @post("/logout")
    async def logout(self, page: LoggedIn) -> Response[Any]:
        await page.form()
        await sync_to_thread(_logout, page)
        response = see_other("/login")
        response.delete_cookie(auth.SESSION_COOKIE, path="/")
        return response


def _login(page: Page, name: str, password: str) -> str:
    """The new session's cookie value."""
    with page.ws.sessions() as session:
        _, cookie, _ = logins.login(
            session, page.request.app.state.secret, name, password, page.client()
        )
        return cookie


def _logout(page: Page) -> None:
    with page.ws.sessions() as session, session.begin():
        logins.logout(session, page.me, page.client())


class MunicipalityPages(Controller):
    path = "/m/{municipality:str}"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def overview(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap, v = visible(page.ws, page.me, municipality)
        today = dt.date.today()
        positions = [p for p in snap.registry.positions if v.position(p.id) and p.exists_on(today)]
        vacant = [p for p in positions if snap.vacant(p.id, today)]
        by_position = data.findings_by_position(snap, v)
        found = [f for p in positions for f in by_position.get(p.id, [])]
        errors = sum(f.severity.value == "error" for f in found)
        pending = data.pending_acknowledgements(page.ws, page.me, snap)
        return page.render(
            "overview.html",
            municipality=snap.registry.municipality,
            positions=positions,
            vacant=vacant,
            findings=found,
            errors=errors,
            pending=pending,
            units=snap.unit_tree(v),
            snap=snap,
            said=said,
        )

    @get("/positions", sync_to_thread=True)
    def positions(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap, v = visible(page.ws, page.me, municipality)
        q = page.request.query_params
        today = dt.date.today()
        unit = q.get("unit") or None
        only_vacant = q.get("vacant") == "1"
        only_findings = q.get("findings") == "1"
        only_pending = q.get("pending") == "1"
        found = [p for p in snap.registry.positions if v.position(p.id)]
        if unit is not None:
            if unit not in snap.units or not v.unit(unit):
                raise not_found("unit", unit)
            below = snap.below(unit)
            found = [p for p in found if p.unit in below]
        if only_vacant:
            found = [p for p in found if p.exists_on(today) and snap.vacant(p.id, today)]
        by_position = data.findings_by_position(snap, v)
        if only_findings:
            found = [p for p in found if p.id in by_position]
        pending = data.pending_acknowledgements(page.ws, page.me, snap)
        pending_by: dict[str, list[data.Pending]] = {}
        for item in pending or []:
            pending_by.setdefault(item.position, []).append(item)
        if only_pending:
            found = [p for p in found if p.id in pending_by]
        found.sort(key=lambda p: (p.title, p.id))
        try:
            number = max(1, int(q.get("page", "1")))
        except ValueError:
            number = 1
        pages = max(1, -(-len(found) // PER_PAGE))
        number = min(number, pages)
        shown = paging.page(found, number, PER_PAGE)
        rows = [
            {
                "position": p,
                "unit": snap.units[p.unit].name,
                "holders": [h.name for h in snap.holders_on(p.id, today)],
                "findings": by_position.get(p.id, []),
                "pending": len(pending_by.get(p.id, [])),
                "abolished": not p.exists_on(today),
            }
            for p in shown
        ]
        return page.render(
            "positions.html",
            municipality=snap.registry.municipality,
            units=snap.unit_tree(v),
            rows=rows,
            total=len(found),
            number=number,
            pages=pages,
            filters={
                "unit": unit,
                "vacant": "1" if only_vacant else None,
                "findings": "1" if only_findings else None,
                "pending": "1" if only_pending else None,
            },
            acks_known=pending is not None,
            snap=snap,
            said=said,
        )

    @get("/positions/{position:str}", sync_to_thread=True)
    def position(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[str]:
        snap, v = visible(page.ws, page.me, municipality)
        found = snap.positions.get(position)
        if found is None or not v.position(position):
            raise not_found("position", position)
        today = dt.date.today()
        versions = descriptions.versions(page.ws, page.me, municipality, position)
        # The version in force today; else the newest draft or a version taking effect later,
        # headed for what it is ("Mustand", "Jõustub 01.03.2027"), never "Kehtiv".
        current = domain.current_description(versions, position, on=today) or (
            versions[-1] if versions else None
        )
        later = {
            d.version: start
            for d in versions
            if d.status is not domain.JobDescriptionStatus.DRAFT
            and (start := domain.takes_effect(d)) is not None
            and start > today
        }
        comparison = None
        q = page.request.query_params
        if len(versions) >= 2:
            numbers = [d.version for d in versions]
            try:
                a = int(q.get("a", numbers[-2]))
                b = int(q.get("b", numbers[-1]))
            except ValueError:
                a, b = numbers[-2], numbers[-1]
            left = next((d for d in versions if d.version == a), None)
            right = next((d for d in versions if d.version == b), None)
            if left is not None and right is not None:
                changes, summary = diff(left, right)
                comparison = {"a": a, "b": b, "changes": changes, "summary": summary}
        holders = [
            (snap.people[pid], a)
            for pid in snap.holders.get(position, [])
            if v.person(pid)
            for a in snap.people[pid].assignments
            if a.position == position and (a.end is None or a.end >= today)
        ]
        acting = views.acting(v, coverage.who_acts(snap.coverage_index, position, today))
        return page.render(
            "position.html",
            signed=_signed(page, municipality, versions),
            municipality=snap.registry.municipality,
            position=found,
            unit=snap.units[found.unit],
            snap=snap,
            holders=holders,
            versions=versions,
            current=current,
            later=later,
            comparison=comparison,
            draft=next(
                (d for d in versions if d.status is domain.JobDescriptionStatus.DRAFT), None
            ),
            full=v.everything,
            editable=v.may_edit_position(position),
            acting=acting,
            findings=data.findings_by_position(snap, v).get(position, []),
            said=said,
            document_links=document_links(page.request),
        )

    @post("/positions/{position:str}/draft")
    async def start_draft(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[Any]:
        await page.form()
        draft = await sync_to_thread(
            descriptions.start_draft, page.ws, page.me, municipality, position
        )
        return see_other(f"/m/{municipality}/positions/{position}/versions/{draft.version}/edit")


def _signed(page: Page, municipality: str, versions: list[domain.JobDescription]) -> set[int]:
    """The versions whose download is a signed container: signatures the registry records, or a
    container of record holding one (an approval by the approver's own signature, an e-seal,
    an uploaded signed container)."""
    found = set()
    for d in versions:
        if d.status is domain.JobDescriptionStatus.DRAFT:
            continue
        kept = (
            None if d.signatures else records.stored(page.ws, municipality, d.position, d.version)
        )
        if d.signatures or (kept is not None and records.has_signature(kept)):
            found.add(d.version)
    return found


_LINKS: dict[int, dict[str, bool]] = {}


def document_links(request: Request[Any, Any, Any]) -> dict[str, bool]:
    """Which download endpoints this app has (documents and signing are optional parts)."""
    found = _LINKS.setdefault(id(request.app), {})
    if not found:
        paths = {r.path for r in request.app.routes}
        base = "/api/municipalities/{municipality:str}/positions/{position:str}/versions"
        found["docx"] = any(p.startswith(base) and p.endswith("document.docx") for p in paths)
        found["pdf"] = any(p.startswith(base) and p.endswith("document.pdf") for p in paths)
        found["asice"] = any(p.startswith(base) and p.endswith(".asice") for p in paths)
    return found


__all__ = ["AccountPages", "MunicipalityPages"]
