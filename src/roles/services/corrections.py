"""Removing what was made by mistake: a position with no history, a unit or agency when empty.

`organisation.delete` removes whatever the registry check lets go; these are the careful forms
the pages use. Each refuses, naming what stands in the way (`Refused` with the titles and
names as its values), instead of letting a change cascade: a position whose job description
was ever approved or that anyone ever held is abolished, not deleted; a unit still holding
units or positions, an agency still holding units, stay.
"""

from typing import Literal

import msgspec

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.services.access import Caller
from roles.services.errors import Refused, not_found
from roles.services.preconditions import check_match
from roles.services.snapshot import Snapshot
from roles.services.views import require_full
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change

LISTED = 10  # names listed in a refusal; "…" after them


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown + (", …" if len(names) > LISTED else "")


def position_blockers(snap: Snapshot, id_: str) -> Refused | None:
    """Why a position may not be deleted, or None."""
    p = snap.positions[id_]
    kept = [d.version for d in snap.versions.get(id_, []) if d.status is not Status.DRAFT]
    if kept:
        return Refused(
            "has_versions",
            f"position {id_!r} has approved job descriptions; abolish it instead",
            p.title,
        )
    held = [x.name for x in snap.registry.people if any(a.position == id_ for a in x.assignments)]
    if held:
        return Refused(
            "has_holders",
            f"position {id_!r} has been held; abolish it instead",
            p.title,
            _names(held),
        )
    naming = [
        x.title
        for x in snap.registry.positions
        if x.id != id_
        and (
            x.reports_to == id_
            or id_ in x.substitutes_for
            or any(r.position == id_ for r in x.substitutes)
        )
    ]
    if naming:
        return Refused(
            "is_named", f"other positions name {id_!r}", p.title, _names(sorted(set(naming)))
        )
    return None


def delete_position(
    ws: Workspace, caller: Caller, municipality: str, id_: str, if_match: str | None
) -> None:
    """Delete a position that has no history (an import's mistake), with its draft."""

    def change(snap: Snapshot) -> Edit[None]:
        require_full(caller, snap, "position", id_)
        current = snap.positions.get(id_)
        if current is None:
            raise not_found("position", id_)
        check_match(if_match, current)
        blocker = position_blockers(snap, id_)
        if blocker is not None:
            raise blocker
        r = snap.registry
        registry = msgspec.structs.replace(
            r,
            positions=[p for p in r.positions if p.id != id_],
            job_descriptions=[d for d in r.job_descriptions if d.position != id_],
        )
        return Edit(registry, None, [Change("position", id_, "delete", current, None)])

    ws.edit(municipality, caller.name, change)


def unit_blockers(snap: Snapshot, id_: str) -> Refused | None:
    u = snap.units[id_]
    below = [x.name for x in snap.registry.units if x.parent == id_]
    if below:
        return Refused("unit_has_units", f"unit {id_!r} has units", u.name, _names(below))
    held = [p.title for p in snap.registry.positions if p.unit == id_]
    if held:
        return Refused("unit_has_positions", f"unit {id_!r} has positions", u.name, _names(held))
    return None


def agency_blockers(snap: Snapshot, id_: str) -> Refused | None:
    a = snap.agencies[id_]
    held = [u.name for u in snap.registry.units if u.agency == id_]
    if held:
        return Refused("agency_has_units", f"agency {id_!r} has units", a.name, _names(held))
    return None


def delete_unit(
    ws: Workspace, caller: Caller, municipality: str, id_: str, if_match: str | None
) -> None:
    _delete(ws, caller, municipality, "unit", id_, if_match)


def delete_agency(
    ws: Workspace, caller: Caller, municipality: str, id_: str, if_match: str | None
) -> None:
    _delete(ws, caller, municipality, "agency", id_, if_match)


def _delete(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    kind: Literal["unit", "agency"],
    id_: str,
    if_match: str | None,
) -> None:
    """Remove an empty unit or agency: what still stands in it (unit_blockers,
    agency_blockers) refuses the removal, naming it."""

    def change(snap: Snapshot) -> Edit[None]:
        require_full(caller, snap, kind, id_)
        current = (snap.units if kind == "unit" else snap.agencies).get(id_)
        if current is None:
            raise not_found(kind, id_)
        check_match(if_match, current)
        blocker = (unit_blockers if kind == "unit" else agency_blockers)(snap, id_)
        if blocker is not None:
            raise blocker
        r = snap.registry
        if kind == "unit":
            registry = msgspec.structs.replace(r, units=[u for u in r.units if u.id != id_])
        else:
            registry = msgspec.structs.replace(r, agencies=[a for a in r.agencies if a.id != id_])
        return Edit(registry, None, [Change(kind, id_, "delete", current, None)])

    ws.edit(municipality, caller.name, change)


def overlapping(
    person: domain.Person, absence: domain.Absence, skip: int | None
) -> domain.Absence | None:
    """The person's other absence the new one overlaps, or None."""
    for i, a in enumerate(person.absences):
        if i != skip and a.start <= absence.end and absence.start <= a.end:
            return a
    return None
