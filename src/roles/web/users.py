"""The pages that keep accounts: the list, a new account, removing one (`services.user_admin`
says who may keep whose)."""

import re
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles.services import accounts, passwords, user_admin
from roles.services.access import Role
from roles.services.errors import Conflict, Forbidden, Invalid, NotFound
from roles.services.snapshot import Snapshot
from roles.web import problems
from roles.web.correct import Sheet, show
from roles.web.fields import Field, Reader
from roles.web.page import LoggedIn, Page, see_other

NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,100}$")  # accounts.Name, said in words when it fails


class UsersPages(Controller):
    path = "/users"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def users(self, page: LoggedIn) -> Response[str]:
        kept = _kept(page)
        snaps = _snaps(page)
        return page.render(
            "users.html",
            rows=[(u, _scope(u, snaps, page)) for u in kept],
            admin=page.me.role is Role.ADMIN,
        )

    @get("/new", sync_to_thread=True)
    def new_form(self, page: LoggedIn) -> Response[str]:
        _kept(page)  # 404 for those who keep no accounts
        return show(page, _sheet(page))

    @post("/new")
    async def add(self, page: LoggedIn) -> Response[Any]:
        form = await page.form()
        values: dict[str, Any] = form.values()
        values.pop("_csrf", None)
        return await sync_to_thread(_add, page, Reader(form, page.t), values)

    @post("/{name:str}/delete")
    async def remove(self, page: LoggedIn, name: FromPath[str]) -> Response[Any]:
        await page.form()
        try:
            await sync_to_thread(user_admin.remove, page.ws, page.me, name)
        except Forbidden:
            return see_other("/users?done=user_self")
        return see_other("/users?done=user_removed")


def _kept(page: Page) -> list[accounts.User]:
    try:
        return user_admin.kept(page.ws, page.me)
    except Forbidden:
        raise NotFound("no page /users") from None  # as for any page one may not see


def _snaps(page: Page) -> list[Snapshot]:
    """The municipalities whose units and people a new account may name."""
    if page.me.role is Role.ADMIN:
        return list(page.ws.all())
    return [s for m in sorted(page.me.municipalities) if (s := page.ws.snapshot(m)) is not None]


def _scope(user: accounts.User, snaps: list[Snapshot], page: Page) -> str:
    """What the account reaches, in words (names, never ids)."""
    by_id = {s.id: s for s in snaps}
    said: list[str] = []
    for mid in user.municipalities:
        snap = by_id.get(mid)
        said.append(snap.registry.municipality.name if snap else "?")
    for scope in user.units:
        snap = by_id.get(scope.municipality)
        unit = snap.units.get(scope.unit) if snap else None
        said.append(unit.name if unit else "?")
    if user.person:
        person = next((s.people[user.person] for s in snaps if user.person in s.people), None)
        said.append(person.name if person else "?")
    return ", ".join(said)


def _sheet(page: Page) -> Sheet:
    snaps = _snaps(page)
    none = [("", page.t("user_none"))]
    roles = [(r.value, page.t(f"role_{r.value}")) for r in user_admin.roles_kept_by(page.me)]
    fields = [
        Field("name", page.t("user_name"), required=True, hint=page.t("user_name_hint")),
        Field("role", page.t("user_role"), "select", options=roles, required=True),
        Field("password", page.t("user_password"), "password", required=True),
    ]
    if page.me.role is Role.ADMIN:
        options = [(s.id, s.registry.municipality.name) for s in snaps]
        municipality = Field("municipality", page.t("user_municipality"), "select")
        municipality.options = none + options
        fields.append(municipality)
    units = [
        (f"{s.id}/{u.id}", f"{s.registry.municipality.name}: {u.name}")
        for s in snaps
        for u in sorted(s.units.values(), key=lambda u: u.name.casefold())
    ]
    people = [
        (p.id, f"{p.name} ({s.registry.municipality.name})")
        for s in snaps
        for p in sorted(s.people.values(), key=lambda p: p.name.casefold())
    ]
    fields.append(Field("unit", page.t("user_unit"), "select", options=none + units))
    fields.append(Field("person", page.t("user_person"), "select", options=none + people))
    intro = "users_intro_admin" if page.me.role is Role.ADMIN else "users_intro_hr"
    return Sheet(
        page.t("user_add"),
        "/users/new",
        fields,
        back=("/users", page.t("users")),
        submit=page.t("user_add"),
        intro=page.t(intro),
    )


def _add(page: Page, r: Reader, values: dict[str, Any]) -> Response[Any]:
    sheet = _sheet(page)
    allowed = {f.name: [v for v, _ in f.options if v] for f in sheet.fields if f.kind == "select"}
    name = r.text("name", limit=100)
    if name is not None and not NAME.match(name):
        r.fail("name", page.t("user_bad_name"))
    role = r.choice("role", allowed["role"])
    password = r.form.get("password")
    if not password:
        r.fail("password", page.t("must_fill"))
    elif passwords.problems(password, name or ""):
        r.fail("password", page.t("password_weak", passwords.MIN_LENGTH, passwords.MAX_LENGTH))
    chosen: dict[str, str | None] = {
        key: r.choice(key, allowed[key], required=False)
        for key in ("municipality", "unit", "person")
        if key in allowed
    }
    needs = {"hr": "municipality", "manager": "unit", "employee": "person"}.get(role or "")
    for key, value in chosen.items():
        if value and key != needs:
            r.fail(key, page.t("user_not_for_role"))
    if needs and not chosen.get(needs) and needs in allowed:
        r.fail(needs, page.t(f"user_needs_{needs}"))
    if r.errors or name is None or role is None:
        return _again(page, sheet, values, r.errors)
    mid, _, unit = (chosen.get("unit") or "").partition("/")
    data = accounts.UserIn(
        name=name,
        password=password,
        role=Role(role),
        municipalities=[m] if (m := chosen.get("municipality")) else [],
        units=[accounts.UnitScope(municipality=mid, unit=unit)] if unit else [],
        person=chosen.get("person") or None,
    )
    try:
        user_admin.add(page.ws, page.me, data)
    except Conflict:
        return _again(page, sheet, values, {"name": page.t("user_exists")})
    except Invalid as e:
        names = [f.name for f in sheet.fields]
        return _again(page, sheet, values, problems.refusal(e, page.lang, None, names, page.t))
    except Forbidden:
        return _again(page, sheet, values, {problems.FORM: page.t("error_invalid")})
    return see_other("/users?done=user_added")


def _again(page: Page, sheet: Sheet, values: dict[str, Any], said: dict[str, str]) -> Response[Any]:
    return show(page, sheet, values=values, errors_=said, status_code=422)
