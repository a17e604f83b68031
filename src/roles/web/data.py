"""What pages compute from a snapshot, memoised per snapshot (so per registry revision).

Coverage findings of a whole municipality are the expensive part (a few hundred ms for 1 500
positions); they are kept in the snapshot's memo, over the coverage index the snapshot shares
with the API's coverage endpoints, so a page after the first costs a dictionary look-up.
"""

import datetime as dt
from dataclasses import dataclass, field

from roles import coverage, domain
from roles.api.access import Caller, View
from roles.api.services import acknowledgements
from roles.api.services.workspace import Snapshot, Workspace

DASHBOARD_DAYS = 28


def findings(snap: Snapshot, first: dt.date, last: dt.date) -> list[coverage.Finding]:
    key = ("web-findings", first, last)
    found = snap.memo.get(key)
    if found is None:
        options = coverage.Options(on=first, first=first, last=last)
        found = coverage.check(snap.registry, options, snap.coverage_index())
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
        found = stack.pop()
        if found not in out:
            out.add(found)
            stack.extend(children.get(found, []))
    return out


def holders_on(snap: Snapshot, position: str, day: dt.date) -> list[domain.Person]:
    return [
        snap.people[pid]
        for pid in snap.holders.get(position, [])
        if any(a.position == position and a.active_on(day) for a in snap.people[pid].assignments)
    ]


# --- acknowledgements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    person: str
    person_name: str
    position: str
    version: int
    days: int


def pending_acknowledgements(ws: Workspace, caller: Caller, snap: Snapshot) -> list[Pending]:
    """Today's holders who have not acknowledged the version in force, as the caller sees them."""
    report = acknowledgements.pending(ws, caller, snap.id)
    return [
        Pending(
            person=h.person,
            person_name=h.name,
            position=h.position,
            version=h.version,
            days=h.days,
        )
        for h in report.items
    ]
