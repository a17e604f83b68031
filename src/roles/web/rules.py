"""A position's substitution rules: add, edit `if_needed` and the duty scope, move up and down,
delete (HR, and managers for their units' positions).

Every form on the page carries the position's ETag; a rule never names its own position unless
the position has several seats (another holder then acts), and the add form's drop-down starts
on "choose", never on a position.
"""

from collections.abc import Coroutine
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import FromPath

from roles import domain
from roles.services import organisation
from roles.services.errors import not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.web.correct import Again, answer
from roles.web.fields import Reader
from roles.web.page import LoggedIn, Page

MAX_DUTIES = 100
NAMES = ["position", "duties"]  # fields with a place for a message; the rest above the form


def editable(page: Page, municipality: str, position: str) -> Snapshot:
    snap, v = visible(page.ws, page.me, municipality)
    if position not in snap.positions or not v.may_edit_position(position):
        raise not_found("position", position)
    return snap


def choices(page: Page, snap: Snapshot, p: domain.Position) -> list[tuple[str, str]]:
    """The positions a rule may name: every visible one, itself only with several seats."""
    _, v = visible(page.ws, page.me, snap.id)
    found = [
        x
        for x in snap.registry.positions
        if v.position(x.id) and (x.id != p.id or p.seats > 1) and x.abolished is None
    ]
    found.sort(key=lambda x: x.title.casefold())
    units = snap.units
    return [
        (x.id, f"{x.title} ({units[x.unit].name})" if x.unit in units else x.title) for x in found
    ]


def _duties(r: Reader, name: str) -> list[str] | None:
    typed = r.form.get(name)
    refs = [x.strip() for x in typed.replace(";", ",").split(",") if x.strip()]
    if len(typed) > 2000 or len(refs) > MAX_DUTIES or any(len(x) > 40 for x in refs):
        r.fail(name, r.t("fix_bad_duties"))
        return None
    return refs or None


class RulePages(Controller):
    path = "/m/{municipality:str}/positions/{position:str}/rules"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def rules(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[str]:
        snap = editable(page, municipality, position)
        return _render(page, snap, position, "", {}, {}, False, 200)

    def _post(
        self,
        page: Page,
        municipality: str,
        position: str,
        which: str,
        rules: Any,
    ) -> Coroutine[Any, Any, Response[Any]]:
        """Answer a rule form: `rules(reader, position)` gives the new rule list or None."""

        def again(
            snap: Snapshot, values: dict[str, Any], said: dict[str, str], stale: bool, status: int
        ) -> Response[Any]:
            return _render(page, snap, position, which, values, said, stale, status)

        def parse(r: Reader, snap: Snapshot) -> Any:
            current = snap.positions[position]
            new = rules(r, current)
            if new is None or r.errors:
                return None
            changed = msgspec.structs.replace(current, substitutes=new)
            return lambda: organisation.replace(
                page.ws, page.me, municipality, "position", position, changed, r.etag
            )

        shown: Again = again
        return answer(
            page,
            shown,
            lambda _: NAMES,
            lambda: editable(page, municipality, position),
            parse,
            lambda _: f"/m/{municipality}/positions/{position}/rules?done=saved#rules",
        )

    @post("/add")
    async def add(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str]
    ) -> Response[Any]:
        def rules(r: Reader, p: domain.Position) -> list[domain.SubstitutionRule] | None:
            named = r.form.get("position")
            if not named:
                r.fail("position", r.t("must_fill"))
                return None
            if named == p.id and p.seats < 2:
                r.fail("position", r.t("fix_own_substitute"))
                return None
            snap = editable(page, municipality, position)
            if named not in dict(choices(page, snap, p)):
                r.fail("position", r.t("fix_bad_choice"))
                return None
            duties = _duties(r, "duties")
            rule = domain.SubstitutionRule(
                position=named, if_needed=r.flag("if_needed"), duties=duties
            )
            return [*p.substitutes, rule]

        return await self._post(page, municipality, position, "add", rules)

    @post("/{n:int}")
    async def edit(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        def rules(r: Reader, p: domain.Position) -> list[domain.SubstitutionRule] | None:
            found = _nth(p, n)
            duties = _duties(r, "duties")
            rule = msgspec.structs.replace(found, if_needed=r.flag("if_needed"), duties=duties)
            return [rule if i == n else x for i, x in enumerate(p.substitutes)]

        return await self._post(page, municipality, position, str(n), rules)

    @post("/{n:int}/up")
    async def up(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._post(
            page, municipality, position, str(n), lambda r, p: _swap(p, n, n - 1)
        )

    @post("/{n:int}/down")
    async def down(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        return await self._post(
            page, municipality, position, str(n), lambda r, p: _swap(p, n, n + 1)
        )

    @post("/{n:int}/delete")
    async def delete(
        self, page: LoggedIn, municipality: FromPath[str], position: FromPath[str], n: FromPath[int]
    ) -> Response[Any]:
        def rules(r: Reader, p: domain.Position) -> list[domain.SubstitutionRule]:
            _nth(p, n)
            return [x for i, x in enumerate(p.substitutes) if i != n]

        return await self._post(page, municipality, position, str(n), rules)


def _nth(p: domain.Position, n: FromPath[int]) -> domain.SubstitutionRule:
    if not 0 <= n < len(p.substitutes):
        raise not_found("substitution rule", f"{p.id}/{n}")
    return p.substitutes[n]


def _swap(p: domain.Position, a: int, b: int) -> list[domain.SubstitutionRule]:
    _nth(p, a)
    rules = list(p.substitutes)
    if 0 <= b < len(rules):
        rules[a], rules[b] = rules[b], rules[a]
    return rules


def _render(
    page: Page,
    snap: Snapshot,
    position: str,
    which: str,
    values: dict[str, Any],
    errors: dict[str, str],
    stale: bool,
    status: int,
) -> Response[str]:
    p = snap.positions[position]
    names = {x.id: x.title for x in snap.registry.positions}
    current = snap.current(position)
    return page.render(
        "rules.html",
        status_code=status,
        municipality=snap.registry.municipality,
        position=p,
        names=names,
        tag=etag(p),
        which=which,
        values=values,
        errors=errors,
        stale=stale,
        options=choices(page, snap, p),
        duties=domain.duty_refs(current) if current else [],
    )
