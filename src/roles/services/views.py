"""What a caller sees of a municipality, and the checks every use case starts with.

- admin: everything, everywhere; HR: everything in their municipalities;
- manager: the units they are given and every unit below, those units' positions, and the
  people holding them (absences and qualifications, never personal codes); they edit those
  positions' substitution rules and those people's absences;
- employee: themselves, their positions, their positions' approved versions.
"""

import re
from collections.abc import Callable
from typing import TypeVar

from roles import coverage, domain
from roles.services.access import FULL, Caller, Role, View
from roles.services.errors import Invalid, NotFound, not_found
from roles.services.snapshot import Snapshot
from roles.services.workspace import Committed, Edit, Workspace

T = TypeVar("T")


def view(caller: Caller, snap: Snapshot) -> View | None:
    """What the caller may see of this municipality; None = nothing (answered 404)."""
    key = (caller.id, caller.role, caller.municipalities, caller.units, caller.person)
    return snap.views.get(key, lambda: _make(caller, snap))


def _make(caller: Caller, snap: Snapshot) -> View | None:
    mid = snap.id
    if caller.role is Role.ADMIN:
        return FULL
    if caller.role is Role.HR:
        return FULL if mid in caller.municipalities else None
    if caller.role is Role.MANAGER:
        roots = {u for m, u in caller.units if m == mid and u in snap.units}
        if not roots:
            return None
        units = snap.below(*roots)
        positions = frozenset(p.id for p in snap.registry.positions if p.unit in units)
        people = frozenset(pid for p in positions for pid in snap.holders.get(p, []))
        return View(
            units=frozenset(units),
            positions=positions,
            people=people,
            private=people,
            edit_positions=positions,
            edit_absences=people,
            drafts=True,
        )
    person = snap.people.get(caller.person or "")
    if person is None:
        return None
    positions = frozenset(a.position for a in person.assignments)
    me = frozenset({person.id})
    return View(
        units=frozenset(snap.positions[p].unit for p in positions if p in snap.positions),
        positions=positions,
        people=me,
        private=me,
        codes=me,
    )


def visible(ws: Workspace, caller: Caller, municipality: str) -> tuple[Snapshot, View]:
    """The municipality's snapshot and the caller's view of it; 404 when they see nothing."""
    snap = ws.snapshot(municipality)
    found = None if snap is None else view(caller, snap)
    if snap is None or found is None:
        raise not_found("municipality", municipality)
    return snap, found


async def visible_now(
    ws: Workspace, caller: Caller, municipality: str, committed: Committed | None = None
) -> tuple[Snapshot, View]:
    """`visible` for async handlers: the snapshot validated by `Workspace.fresh`."""
    snap = await ws.fresh(municipality, committed)
    found = None if snap is None else view(caller, snap)
    if snap is None or found is None:
        raise not_found("municipality", municipality)
    return snap, found


def view_in(caller: Caller, snap: Snapshot) -> View:
    found = view(caller, snap)
    if found is None:
        raise not_found("municipality", snap.id)
    return found


def require_full(caller: Caller, snap: Snapshot, what: str, id_: str) -> View:
    """Admin or HR of the municipality; everyone else gets the 404 they would for absent data."""
    v = view_in(caller, snap)
    if not v.everything:
        raise NotFound(f"no {what} {id_!r}")
    return v


def is_admin(caller: Caller) -> bool:
    return caller.role is Role.ADMIN


def require_admin(caller: Caller, what: str, id_: str) -> None:
    """Admins only; everyone else gets the 404 they would for absent data."""
    if not is_admin(caller):
        raise not_found(what, id_)


# --- privacy of a partial view -----------------------------------------------------------------
# A caller who sees part of a municipality learns nothing of the rest through any path: not
# by naming a position they do not see (answered as one that does not exist), not by an error
# path's index (paths are relative to the item they sent), not by who acts on which day (only
# people whose absences they may see are named).

_ITEM = re.compile(r"^(\w+)\[(\d+)\]\.?")


def unseen_positions(
    v: View, kept: list[domain.SubstitutionRule], new: list[domain.SubstitutionRule]
) -> None:
    """Invalid, worded as for a position that does not exist, when a caller who does not see
    everything names a substitute position outside their view (rules already there stay)."""
    if v.everything:
        return
    before = {r.position for r in kept}
    problems = [
        domain.Problem(
            f"substitutes[{j}].position",
            f"unknown position {rule.position!r}",
            "ref.unknown-position",
            {"value": rule.position},
        )
        for j, rule in enumerate(new)
        if rule.position not in before and not v.position(rule.position)
    ]
    if problems:
        raise Invalid(problems)


def scoped_problems(
    v: View, registry: domain.Registry, attr: str, id_: str, problems: list[domain.Problem]
) -> list[domain.Problem]:
    """`problems` of an edit to `attr`'s item `id_` as a caller with view `v` may read them:
    paths relative to that item (never an index into the registry), and any problem elsewhere
    as one neutral sentence naming nothing."""
    if v.everything:
        return problems
    items = getattr(registry, attr)
    index = next((i for i, x in enumerate(items) if x.id == id_), None)
    out: list[domain.Problem] = []
    for p in problems:
        m = _ITEM.match(p.path)
        if m and m.group(1) == attr and int(m.group(2)) == index:
            p = domain.Problem(p.path[m.end() :], p.message, p.code, p.params)
            if _unknown_to(v, p):
                p = _as_unknown(p)
            out.append(p)
        else:
            out.append(domain.Problem("", "the change conflicts with the registry"))
    return sorted(set(out), key=lambda p: (p.path, p.message))


def _unknown_to(v: View, p: domain.Problem) -> bool:
    return p.code == "ref.unknown-position" and not v.position(p.params.get("value", ""))


def _as_unknown(p: domain.Problem) -> domain.Problem:
    value = p.params.get("value", "")
    return domain.Problem(p.path, f"unknown position {value!r}", p.code, {"value": value})


def edit_scoped(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    attr: str,
    id_: str,
    change: Callable[[Snapshot], Edit[T]],
) -> T:
    """`ws.edit` whose Invalid answers are scoped to what the caller sees (`scoped_problems`)."""
    made: list[tuple[View | None, domain.Registry]] = []  # the registry the problems index

    def recorded(snap: Snapshot) -> Edit[T]:
        edit = change(snap)
        made.append((view(caller, snap), edit.registry))
        return edit

    try:
        return ws.edit(municipality, caller.name, recorded)
    except Invalid as error:
        if not made or made[-1][0] is None:
            raise
        found, registry = made[-1]
        assert found is not None
        if found.everything:
            raise
        raise Invalid(scoped_problems(found, registry, attr, id_, error.problems)) from None


def acting(v: View, a: coverage.Acting) -> coverage.Acting:
    """Who acts, as the caller may read it: a person whose absences they may not see is not
    named (naming them day by day would show when they are away)."""
    if v.everything or a.person is None or a.person in v.private:
        return a
    return coverage.Acting(status=a.status)


def segments(v: View, found: list[coverage.Segment]) -> list[coverage.Segment]:
    """Calendar runs as the caller may read them: `acting` applied, equal runs joined."""
    out: list[coverage.Segment] = []
    for s in found:
        shown = acting(v, s.acting)
        last = out[-1] if out else None
        if last is not None and last.acting == shown and (s.first - last.last).days == 1:
            out[-1] = coverage.Segment(last.first, s.last, shown)
        else:
            out.append(coverage.Segment(s.first, s.last, shown))
    return out
