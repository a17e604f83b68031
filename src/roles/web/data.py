"""What pages compute from a snapshot, memoised per snapshot (so per registry revision).

Coverage findings of a whole municipality are the expensive part (a few hundred ms for 1 500
positions); they are kept in the snapshot's memo under the same coverage index the API's
coverage endpoints use, so a page after the first costs a dictionary look-up.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from roles import coverage, domain
from roles.api.access import View
from roles.api.services.workspace import Snapshot, Workspace

DASHBOARD_DAYS = 28


def index(snap: Snapshot) -> coverage.CoverageIndex:
    found = snap.memo.get("coverage-index")
    if found is None:
        found = coverage.CoverageIndex(snap.registry)
        snap.memo["coverage-index"] = found
    made: coverage.CoverageIndex = found
    return made


def findings(snap: Snapshot, first: dt.date, last: dt.date) -> list[coverage.Finding]:
    key = ("web-findings", first, last)
    found = snap.memo.get(key)
    if found is None:
        options = coverage.Options(on=first, first=first, last=last)
        found = coverage.check(snap.registry, options, index(snap))
        snap.memo[key] = found
    made: list[coverage.Finding] = found
    return made


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    first = today or dt.date.today()
    return first, first + dt.timedelta(days=DASHBOARD_DAYS - 1)


def findings_by_position(snap: Snapshot) -> dict[str, list[coverage.Finding]]:
    first, last = default_range()
    key = ("web-findings-by-position", first, last)
    found = snap.memo.get(key)
    if found is None:
        found = {}
        for f in findings(snap, first, last):
            found.setdefault(f.position, []).append(f)
        snap.memo[key] = found
    made: dict[str, list[coverage.Finding]] = found
    return made


@dataclass
class UnitNode:
    unit: domain.Unit
    children: list["UnitNode"] = field(default_factory=list)
    count: int = 0  # positions in this unit and below, as the caller sees them


def unit_tree(snap: Snapshot, v: View) -> list[UnitNode]:
    """The units the caller sees as a forest, by name, with position counts."""
    key = ("web-unit-tree", id(v))
    found = snap.memo.get(key)
    if found is not None and found[0] is v:
        tree: list[UnitNode] = found[1]
        return tree
    nodes = {u.id: UnitNode(u) for u in snap.registry.units if v.unit(u.id)}
    for p in snap.registry.positions:
        if p.unit in nodes and v.position(p.id):
            nodes[p.unit].count += 1
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = node.unit.parent
        if parent is not None and parent in nodes:
            nodes[parent].children.append(node)
        else:
            roots.append(node)

    def total(n: UnitNode) -> int:
        n.children.sort(key=lambda c: c.unit.name)
        n.count += sum(total(c) for c in n.children)
        return n.count

    for r in roots:
        total(r)
    roots.sort(key=lambda r: r.unit.name)
    snap.memo[key] = (v, roots)
    return roots


def units_below(snap: Snapshot, unit: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for u in snap.registry.units:
        if u.parent is not None:
            children.setdefault(u.parent, []).append(u.id)
    out: set[str] = set()
    stack = [unit]
    while stack:
        u = stack.pop()
        if u not in out:
            out.add(u)
            stack.extend(children.get(u, []))
    return out


def holders_on(snap: Snapshot, position: str, day: dt.date) -> list[domain.Person]:
    return [
        snap.people[pid]
        for pid in snap.holders.get(position, [])
        if any(a.position == position and a.active_on(day) for a in snap.people[pid].assignments)
    ]


# --- acknowledgements (the other helper's service; optional until it exists) ----------------


@dataclass(frozen=True)
class Pending:
    person: str
    person_name: str
    position: str
    version: int
    days: int


def pending_acknowledgements(ws: Workspace, caller: Any, snap: Snapshot) -> list[Pending] | None:
    """Holders who have not acknowledged the approved version; None when the service is absent."""
    try:
        from roles.api.services import acknowledgements  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _pending(acknowledgements, ws, caller, snap)


def _pending(module: Any, ws: Workspace, caller: Any, snap: Snapshot) -> list[Pending] | None:
    fn = getattr(module, "pending", None)
    if fn is None:
        return None
    out: list[Pending] = []
    try:
        found = fn(ws, caller, snap.id)
    except Exception:  # an unfinished service must not break the pages
        return None
    items = getattr(found, "items", found)
    today = dt.date.today()
    for item in items:
        person = str(getattr(item, "person", ""))
        since = getattr(item, "since", None) or getattr(item, "approved_on", None)
        days = getattr(item, "days", None)
        if days is None and isinstance(since, dt.date | dt.datetime):
            day = since.date() if isinstance(since, dt.datetime) else since
            days = (today - day).days
        out.append(
            Pending(
                person=person,
                person_name=snap.people[person].name if person in snap.people else person,
                position=str(getattr(item, "position", "")),
                version=int(getattr(item, "version", 0)),
                days=int(days or 0),
            )
        )
    return out
