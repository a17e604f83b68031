"""What a caller sees of a municipality, and the checks every use case starts with.

- admin: everything, everywhere; HR: everything in their municipalities;
- manager: the units they are given and every unit below, those units' positions, and the
  people holding them (absences and qualifications, never personal codes); they edit those
  positions' substitution rules and those people's absences;
- employee: themselves, their positions, their positions' approved versions.
"""

from roles.services.access import FULL, Caller, Role, View
from roles.services.errors import NotFound, not_found
from roles.services.snapshot import Snapshot
from roles.services.workspace import Workspace


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


async def visible_now(ws: Workspace, caller: Caller, municipality: str) -> tuple[Snapshot, View]:
    """`visible` for async handlers: the snapshot validated by `Workspace.fresh`."""
    snap = await ws.fresh(municipality)
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
