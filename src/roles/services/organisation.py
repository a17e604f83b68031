"""Municipalities, agencies, units, positions and people: read, create, replace, delete.

Every write goes through `Workspace.edit`: the change is applied to the municipality's
registry and the whole registry is checked before anything is stored, so a write that would
leave a dangling reference (a unit still holding positions, a rule naming a deleted position)
is answered 422 with the path of what breaks.
"""

from bisect import bisect_left
from typing import Any, Literal, TypeAlias

import msgspec

from roles import domain
from roles.services.access import Caller, View
from roles.services.errors import Conflict, Invalid, NotFound, not_found
from roles.services.preconditions import check_match
from roles.services.snapshot import Snapshot
from roles.services.views import (
    edit_scoped,
    is_admin,
    require_full,
    unseen_positions,
    view,
    view_in,
    visible,
)
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change

Kind: TypeAlias = Literal["agency", "unit", "position", "person"]
Entity: TypeAlias = domain.Agency | domain.Unit | domain.Position | domain.Person
ATTR: dict[str, str] = {
    "agency": "agencies",
    "unit": "units",
    "position": "positions",
    "person": "people",
}
PersonList: TypeAlias = Literal["assignments", "absences"]


def sees(v: View, snap: Snapshot, kind: Kind, id_: str) -> bool:
    if kind == "agency":
        return v.agency(snap.units, id_)
    if kind == "unit":
        return v.unit(id_)
    if kind == "position":
        return v.position(id_)
    return v.person(id_)


def items(snap: Snapshot, kind: Kind) -> list[Any]:
    found: list[Any] = getattr(snap.registry, ATTR[kind])
    return found


def lookup(snap: Snapshot, kind: Kind, id_: str) -> Any:
    tables: dict[str, dict[str, Any]] = {
        "agency": snap.agencies,
        "unit": snap.units,
        "position": snap.positions,
        "person": snap.people,
    }
    return tables[kind].get(id_)


def get(ws: Workspace, caller: Caller, municipality: str, kind: Kind, id_: str) -> Any:
    snap, v = visible(ws, caller, municipality)
    item = lookup(snap, kind, id_)
    if item is None or not sees(v, snap, kind, id_):
        raise not_found(kind, id_)
    return v.redact(item) if kind == "person" else item


def listing(ws: Workspace, caller: Caller, municipality: str, kind: Kind) -> list[Any]:
    snap, v = visible(ws, caller, municipality)
    found = [i for i in items(snap, kind) if sees(v, snap, kind, i.id)]
    return [v.redact(p) for p in found] if kind == "person" else found


def _replace_list(registry: domain.Registry, kind: Kind, new: list[Any]) -> domain.Registry:
    return msgspec.structs.replace(registry, **{ATTR[kind]: new})


def _swapped(found: list[Any], current: Any, item: Any) -> list[Any]:
    """`found` with `current` (one of its entities) replaced by `item`. A snapshot's lists are
    by id (`registry.canonical`), so a binary search finds it; a scan only if not."""
    i = bisect_left(found, current.id, key=_id_of)
    if not (i < len(found) and found[i] is current):
        i = next(n for n, e in enumerate(found) if e is current)
    out = list(found)
    out[i] = item
    return out


def _id_of(e: Any) -> str:
    return e.id  # type: ignore[no-any-return]


def create(ws: Workspace, caller: Caller, municipality: str, kind: Kind, item: Entity) -> Any:
    def change(snap: Snapshot) -> Edit[Any]:
        require_full(caller, snap, kind, item.id)
        if lookup(snap, kind, item.id) is not None:
            raise Conflict(f"{kind} {item.id!r} exists")
        registry = _replace_list(snap.registry, kind, [*items(snap, kind), item])
        return Edit(registry, item, [Change(kind, item.id, "create", None, item)])

    return ws.edit(municipality, caller.name, change)


def replace(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    kind: Kind,
    id_: str,
    item: Entity,
    if_match: str | None,
) -> Any:
    def change(snap: Snapshot) -> Edit[Any]:
        v = view_in(caller, snap)
        current = lookup(snap, kind, id_)
        if current is None or not sees(v, snap, kind, id_):
            raise not_found(kind, id_)
        _may_replace(v, kind, current, item)
        check_match(if_match, current)
        if item.id != id_:
            raise Invalid([domain.Problem("id", f"ids never change: expected {id_!r}")])
        registry = _replace_list(snap.registry, kind, _swapped(items(snap, kind), current, item))
        return Edit(registry, item, [Change(kind, id_, "update", current, item)])

    return edit_scoped(ws, caller, municipality, ATTR[kind], id_, change)


def _may_replace(v: View, kind: Kind, current: Any, item: Any) -> None:
    if v.everything:
        return
    if kind == "position" and v.may_edit_position(current.id):
        # Managers keep substitution rules; the rest of a position is HR's.
        same = msgspec.structs.replace(item, substitutes=current.substitutes)
        if same != current:
            raise Invalid(
                [domain.Problem("", "a manager may change only a position's substitutes")]
            )
        unseen_positions(v, current.substitutes, item.substitutes)
        return
    raise NotFound(f"no {kind} {current.id!r}")


def delete(
    ws: Workspace, caller: Caller, municipality: str, kind: Kind, id_: str, if_match: str | None
) -> None:
    def change(snap: Snapshot) -> Edit[None]:
        require_full(caller, snap, kind, id_)
        current = lookup(snap, kind, id_)
        if current is None:
            raise not_found(kind, id_)
        check_match(if_match, current)
        registry = _replace_list(snap.registry, kind, [i for i in items(snap, kind) if i.id != id_])
        if kind == "position":  # its drafts go; approved versions are archived by the store
            registry = msgspec.structs.replace(
                registry,
                job_descriptions=[d for d in registry.job_descriptions if d.position != id_],
            )
        return Edit(registry, None, [Change(kind, id_, "delete", current, None)])

    ws.edit(municipality, caller.name, change)


# --- municipalities ----------------------------------------------------------------------------


def municipalities(ws: Workspace, caller: Caller) -> list[domain.Municipality]:
    return [s.registry.municipality for s in ws.all() if view(caller, s) is not None]


def municipality(ws: Workspace, caller: Caller, id_: str) -> domain.Municipality:
    snap, _ = visible(ws, caller, id_)
    return snap.registry.municipality


def create_municipality(ws: Workspace, caller: Caller, item: domain.Municipality) -> None:
    """An empty municipality (admins only)."""
    if not is_admin(caller):
        raise not_found("municipality", item.id)
    registry = domain.Registry(format=domain.FORMAT, municipality=item)
    ws.create_municipality(registry, caller.name)


def replace_municipality(
    ws: Workspace, caller: Caller, id_: str, item: domain.Municipality, if_match: str | None
) -> domain.Municipality:
    def change(snap: Snapshot) -> Edit[domain.Municipality]:
        require_full(caller, snap, "municipality", id_)
        current = snap.registry.municipality
        check_match(if_match, current)
        if item.id != id_:
            raise Invalid([domain.Problem("id", f"ids never change: expected {id_!r}")])
        registry = msgspec.structs.replace(snap.registry, municipality=item)
        return Edit(registry, item, [Change("municipality", id_, "update", current, item)])

    return ws.edit(id_, caller.name, change)


def delete_municipality(ws: Workspace, caller: Caller, id_: str, if_match: str | None) -> None:
    snap, _ = visible(ws, caller, id_)
    if not is_admin(caller):
        raise not_found("municipality", id_)
    check_match(if_match, snap.registry.municipality)
    ws.delete_municipality(id_, caller.name, snap.registry.municipality)


# --- a person's assignments and absences -----------------------------------------------------


def person_list(
    ws: Workspace, caller: Caller, municipality: str, person: str, which: PersonList
) -> list[Any]:
    found: domain.Person = get(ws, caller, municipality, "person", person)
    result: list[Any] = getattr(found, which)
    return result


def person_item(
    ws: Workspace, caller: Caller, municipality: str, person: str, which: PersonList, n: int
) -> Any:
    found = person_list(ws, caller, municipality, person, which)
    if not 0 <= n < len(found):
        raise not_found(which.removesuffix("s"), f"{person}/{n}")
    return found[n]


def edit_person_list(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    person: str,
    which: PersonList,
    n: int | None,
    item: domain.Assignment | domain.Absence | None,
    if_match: str | None,
) -> Any:
    """Add (n None), replace (n and item) or delete (item None) one assignment or absence."""

    def change(snap: Snapshot) -> Edit[Any]:
        v = view_in(caller, snap)
        current: domain.Person | None = snap.people.get(person)
        if current is None or not v.person(person):
            raise not_found("person", person)
        allowed = v.everything or (which == "absences" and v.may_edit_absences(person))
        if not allowed:
            raise not_found("person", person)
        entries: list[Any] = list(getattr(current, which))
        before = None
        if n is not None:
            if not 0 <= n < len(entries):
                raise not_found(which.removesuffix("s"), f"{person}/{n}")
            before = entries[n]
            check_match(if_match, before)
            if item is None:
                del entries[n]
            else:
                entries[n] = item
        else:
            entries.append(item)
        updated = msgspec.structs.replace(current, **{which: entries})
        registry = msgspec.structs.replace(
            snap.registry,
            people=[updated if p.id == person else p for p in snap.registry.people],
        )
        action = "create" if n is None else ("delete" if item is None else "update")
        kind = which.removesuffix("s")
        return Edit(registry, item, [Change(kind, person, action, before, item)])

    return edit_scoped(ws, caller, municipality, "people", person, change)
