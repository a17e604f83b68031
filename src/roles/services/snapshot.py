"""One municipality's registry at one revision, with the look-ups every use case needs and the
caches that live exactly as long as that revision (a write makes a new snapshot).

The caches are typed and bounded where people's input decides their keys: views per caller
and findings per date range are least-recently-used caches with a size limit; the encoded
resources and the coverage index are bounded by the registry itself.
"""

import datetime as dt
import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import msgspec

from roles import coverage, domain
from roles.services.access import View
from roles.services.caches import LRU
from roles.store import change_log
from roles.store.change_log import Delta

VIEWS = 1024  # callers' views kept per snapshot
FINDINGS = 8  # date ranges whose coverage findings are kept per snapshot
TREES = 256  # unit trees (one per view) kept per snapshot

encoder = msgspec.json.Encoder()

ViewKey = tuple[Hashable, ...]


def etag_of(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'


@dataclass(frozen=True)
class Encoded:
    body: bytes
    etag: str


@dataclass
class UnitNode:
    unit: domain.Unit
    children: list["UnitNode"] = field(default_factory=list)
    count: int = 0  # positions in this unit and below, as the caller sees them


E = TypeVar("E")


def _patched(items: dict[str, E], upserts: list[Any], removed: list[str] | None) -> dict[str, E]:
    if not upserts and not removed:
        return items
    out = dict(items)
    for id_ in removed or []:
        out.pop(id_, None)
    for e in upserts:
        out[e.id] = e
    return out


def units_below(units: Iterable[domain.Unit], roots: Collection[str]) -> set[str]:
    """The units `roots` and every unit below them (the one walk of the unit tree)."""
    children: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        if unit.parent is not None:
            children[unit.parent].append(unit.id)
    found: set[str] = set()
    stack = list(roots)
    while stack:
        unit_id = stack.pop()
        if unit_id not in found:
            found.add(unit_id)
            stack.extend(children.get(unit_id, []))
    return found


class Snapshot:
    """One municipality's registry at one revision."""

    def __init__(self, revision: int, registry: domain.Registry) -> None:
        self.revision = revision
        self.registry = registry
        self.agencies: dict[str, domain.Agency] = {a.id: a for a in registry.agencies}
        self.units: dict[str, domain.Unit] = {u.id: u for u in registry.units}
        self.positions: dict[str, domain.Position] = {p.id: p for p in registry.positions}
        self.people: dict[str, domain.Person] = {p.id: p for p in registry.people}
        versions: dict[str, list[domain.JobDescription]] = defaultdict(list)
        for d in sorted(registry.job_descriptions, key=lambda d: (d.position, d.version)):
            versions[d.position].append(d)
        self.versions: dict[str, list[domain.JobDescription]] = dict(versions)  # by version
        holders: dict[str, list[str]] = defaultdict(list)
        for p in registry.people:  # canonical: by id, so each list is by person id
            for a in p.assignments:
                if p.id not in holders[a.position]:
                    holders[a.position].append(p.id)
        self.holders: dict[str, list[str]] = dict(holders)  # position → people ever assigned
        self._checker: domain.Checker | None = None
        self._caches()

    def _caches(self) -> None:
        """Caches of this revision (a new snapshot starts them empty)."""
        self.views: LRU[ViewKey, View | None] = LRU(VIEWS)
        self._findings: LRU[tuple[dt.date, dt.date], list[coverage.Finding]] = LRU(FINDINGS)
        self._trees: LRU[int, tuple[View, list[UnitNode]]] = LRU(TREES)
        self._encoded: dict[Hashable, Encoded] = {}

    def advance(self, revision: int, delta: Delta) -> "Snapshot":
        """The snapshot after `delta` (this snapshot's registry changed by it, as
        `change_log.apply` makes it): look-ups copied and changed where the delta touches
        them, never rebuilt from the whole registry."""
        new = object.__new__(Snapshot)
        new.revision = revision
        new.registry = change_log.apply(self.registry, delta)
        new.agencies = _patched(self.agencies, delta.agencies, delta.removed.get("agencies"))
        new.units = _patched(self.units, delta.units, delta.removed.get("units"))
        new.positions = _patched(self.positions, delta.positions, delta.removed.get("positions"))
        new.people = _patched(self.people, delta.people, delta.removed.get("people"))
        new.versions = self.versions
        touched = {d.position for d in delta.job_descriptions}
        touched.update(p for p, _ in delta.removed_descriptions)
        if touched:
            new.versions = dict(self.versions)
            for position in touched:
                found = [d for d in self._versions_of(new.registry, position)]
                if found:
                    new.versions[position] = found
                else:
                    new.versions.pop(position, None)
        new.holders = self.holders
        gone = delta.removed.get("people", [])
        if delta.people or gone:
            new.holders = dict(self.holders)
            changed = {p.id for p in delta.people} | set(gone)
            positions = {
                a.position
                for pid in changed
                for person in (self.people.get(pid), new.people.get(pid))
                if person is not None
                for a in person.assignments
            }
            for position in positions:
                ids = [i for i in self.holders.get(position, []) if i not in changed]
                ids += [
                    p.id for p in delta.people if any(a.position == position for a in p.assignments)
                ]
                if ids:
                    new.holders[position] = sorted(ids)
                else:
                    new.holders.pop(position, None)
        new._checker = self._checker  # revised from there at the next change (check_change)
        new._caches()
        return new

    def check_change(self, registry: domain.Registry, layouts: Collection[str]) -> domain.Checker:
        """The incremental check of `registry`, a change of this snapshot's registry
        (`domain.Checker.revise`). The checker it revises is made once per process from a
        registry the database holds (checked when it was written), then carried from snapshot
        to snapshot: it may be the checker of an earlier revision (caught up since) or of the
        change that made this one (the same entities, maybe in another order). `revise` takes
        it straight to `registry` — being correct between any two registries — so what
        changed since is scanned once, not once to this registry and again to the change.
        Only `Workspace.edit` asks, under the municipality's lock."""
        checker = self._checker
        if checker is None or checker.layouts != frozenset(layouts):
            checker = self._checker = domain.Checker.trusting(self.registry, layouts)
        return checker.revise(registry)

    def keep_checker(self, checker: domain.Checker) -> None:
        """Take the checker of a change's registry (the same entities, maybe in another
        order): the next change is checked by revising it (`check_change`)."""
        self._checker = checker

    @staticmethod
    def _versions_of(registry: domain.Registry, position: str) -> list[domain.JobDescription]:
        ds = registry.job_descriptions
        i = bisect_left(ds, (position, 0), key=lambda d: (d.position, d.version))
        found = []
        while i < len(ds) and ds[i].position == position:
            found.append(ds[i])
            i += 1
        return found

    @property
    def id(self) -> str:
        return self.registry.municipality.id

    def version(self, position: str, number: int) -> domain.JobDescription | None:
        for d in self.versions.get(position, []):
            if d.version == number:
                return d
        return None

    def current(self, position: str) -> domain.JobDescription | None:
        return domain.current_description(self.versions.get(position, []), position)

    def vacant(self, position: str, day: dt.date) -> bool:
        return not any(
            a.position == position and a.active_on(day)
            for pid in self.holders.get(position, [])
            for a in self.people[pid].assignments
        )

    def holders_on(self, position: str, day: dt.date) -> list[domain.Person]:
        return [
            self.people[pid]
            for pid in self.holders.get(position, [])
            if any(
                a.position == position and a.active_on(day) for a in self.people[pid].assignments
            )
        ]

    def below(self, *units: str) -> set[str]:
        """The given units and every unit below them."""
        return units_below(self.registry.units, units)

    @cached_property
    def coverage_index(self) -> coverage.CoverageIndex:
        """The coverage engine's index of this registry, built once per snapshot."""
        return coverage.CoverageIndex(self.registry)

    def findings(self, first: dt.date, last: dt.date) -> list[coverage.Finding]:
        """Every coverage finding of the municipality over the days `first`–`last`."""

        def check() -> list[coverage.Finding]:
            options = coverage.Options(on=first, first=first, last=last)
            return coverage.check(self.registry, options, self.coverage_index)

        return self._findings.get((first, last), check)

    def unit_tree(self, view: View) -> list[UnitNode]:
        """The units the view holds as a forest, by name, with position counts."""
        found = self._trees.get(id(view), lambda: (view, self._unit_tree(view)))
        if found[0] is not view:  # an id reused by another view: make this one's
            return self._unit_tree(view)
        return found[1]

    def _unit_tree(self, view: View) -> list[UnitNode]:
        nodes = {u.id: UnitNode(u) for u in self.registry.units if view.unit(u.id)}
        for p in self.registry.positions:
            if p.unit in nodes and view.position(p.id):
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
        return roots

    def encoded(self, key: Hashable, value: Callable[[], Any]) -> Encoded:
        """A value's JSON bytes and ETag, made once per snapshot and key (keys name entities
        that exist, so the registry bounds them)."""
        found = self._encoded.get(key)
        if found is None:
            body = encoder.encode(value())
            found = self._encoded[key] = Encoded(body, etag_of(body))
        return found
