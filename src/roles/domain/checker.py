"""Checking a registry whole, and checking a change by only what it can affect.

    checker = Checker(registry, layouts)      # the whole check; checker.problems
    following = checker.revise(changed)       # the same problems as Checker(changed), in the
                                              # same order with the same paths, found by
                                              # rechecking only what the change can affect

`check(registry)` is `Checker(registry).problems`. A Checker never changes: `revise` returns a
new one sharing what did not change, so the one a snapshot holds stays right when an edit is
refused.

How a change is found: entities are immutable and edits replace the ones they change (msgspec
`structs.replace`), so comparing the lists of before and after *by identity* — a common prefix,
a common suffix, the rest removed and added — finds the changed entities in a few microseconds
per thousand. An entity's own problems (`rules.own_*`) depend on it and on a few look-ups
(does unit X exist? which versions has position Y?); an index of who looked up what tells which
entities a change can affect. Group problems (duplicate ids and codes, cycles, seats, versions)
are kept per id, code, node or position and recomputed where a changed entity touches them.
Paths are made last, from the entities' places in the new registry, so that removing one
entity never leaves a stale index in a kept problem.

Correct for any two registries (a rebuilt registry with no shared entities is checked whole,
just slower); the property test in tests/domain/test_incremental.py holds it to that.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import compress, count
from operator import is_not
from typing import Any

import msgspec

from roles.domain import establishment, layered, limits, personal_code, rules, values
from roles.domain.model import (
    FORMAT,
    Agency,
    JobDescription,
    Municipality,
    Person,
    Position,
    Registry,
    Unit,
)
from roles.domain.problem import Problem

KINDS = ("agencies", "units", "positions", "people", "job_descriptions")
_KIND_OF: dict[type, str] = {
    Municipality: "municipality",
    Agency: "agencies",
    Unit: "units",
    Position: "positions",
    Person: "people",
    JobDescription: "job_descriptions",
}
_RANK = {"municipality": 0, **{k: n + 1 for n, k in enumerate(KINDS)}}
_OWN: dict[str, Any] = {
    "agencies": rules.own_agency,
    "units": rules.own_unit,
    "positions": rules.own_position,
    "people": rules.own_person,
    "job_descriptions": rules.own_description,
}
# The dicts a revision writes to (`_w`, `_wk`): a whole build makes them all anew.
_OWNED = (
    "_objs",
    *(f"_objs.{k}" for k in KINDS),
    "_own",
    *(f"_own.{k}" for k in KINDS),
    "_agencies",
    "_units",
    "_positions",
    "_descriptions",
    "_bearers",
    "_codes",
    "_holds",
    "_g_ids",
    "_g_codes",
    "_g_seats",
    "_g_versions",
    "_unit_cycles",
    "_report_cycles",
)
# Order of group problems on one entity, after its own.
_IDS, _CODES, _CYCLES, _SEATS, _VERSIONS = 1, 2, 3, 4, 5

Fact = tuple[str, str]  # ("unit", "voru-sotsiaal"): something own rules look up


def check(registry: Registry, layouts: Collection[str] | None = None) -> list[Problem]:
    """Every problem of a registry; empty when it may be stored.

    `layouts` names the document layouts that exist; None skips that check.
    """
    return Checker(registry, layouts).problems


class Checker:
    """The problems of one registry, with what it takes to recheck a change of it."""

    def __init__(self, registry: Registry, layouts: Collection[str] | None = None) -> None:
        self.layouts: Collection[str] | None = None if layouts is None else frozenset(layouts)
        self.registry = _distinct(registry)
        self._copied: set[str] = set()  # dicts already copied in this revision
        self._copied_sets: set[Fact] = set()  # sets of `_deps` already copied
        self._deps: dict[Fact, set[tuple[str, int]]] | None = None  # made on first revise
        self._indices: dict[str, dict[int, int]] = {}
        self._build()

    # --- the public face -----------------------------------------------------------------

    registry: Registry
    problems: list[Problem]

    @classmethod
    def trusting(cls, registry: Registry, layouts: Collection[str] | None = None) -> "Checker":
        """A Checker of a registry known to pass `check` (one read back from the database,
        where only checked registries are written), without checking it again: its look-ups
        are built (a fraction of a whole check) and its problems are taken to be none.

        A registry stored before a rule was added may break that rule unseen until a whole
        check; `revise` then finds only the problems a change touches.
        """
        checker = object.__new__(cls)
        checker.layouts = None if layouts is None else frozenset(layouts)
        checker.registry = _distinct(registry)
        checker._copied = set()
        checker._copied_sets = set()
        checker._deps = None
        checker._indices = {}
        checker._build(trust=True)
        return checker

    def revise(self, registry: Registry) -> "Checker":
        """A Checker of `registry`, rechecking only what differs from this one's registry."""
        if self.registry.format != FORMAT or registry.format != FORMAT:
            return Checker(registry, self.layouts)
        if self._deps is None:
            self._deps = self._dependents()  # derived, invisible: made once, then kept
        following = object.__new__(Checker)
        following.__dict__.update(self.__dict__)
        following._copied = set()
        following._copied_sets = set()
        following._indices = {}
        following.registry = registry
        try:
            following._apply(self.registry)
        except _SameObjectTwice:
            return Checker(registry, self.layouts)
        return following

    # --- state ---------------------------------------------------------------------------

    def _build(self, *, trust: bool = False) -> None:
        """The look-ups and every problem of a registry (none when trusted), in bulk."""
        r = self.registry
        self._objs: dict[str, dict[int, Any]] = {
            k: {id(e): e for e in getattr(r, k)} for k in KINDS
        }  # id() → entity
        self._own: dict[str, dict[int, tuple[Problem, ...]]] = {k: {} for k in KINDS}
        agencies: dict[str, int] = defaultdict(int)
        units: dict[str, list[Unit]] = defaultdict(list)
        positions: dict[str, list[Position]] = defaultdict(list)
        descriptions: dict[str, list[JobDescription]] = defaultdict(list)
        bearers: dict[str, list[Any]] = defaultdict(list)
        codes: dict[str, list[Person]] = defaultdict(list)
        holds: dict[str, list[tuple[Person, int]]] = defaultdict(list)
        bearers[r.municipality.id].append(r.municipality)
        for ag in r.agencies:
            agencies[ag.id] += 1
            bearers[ag.id].append(ag)
        for u in r.units:
            units[u.id].append(u)
            bearers[u.id].append(u)
        for p in r.positions:
            positions[p.id].append(p)
            bearers[p.id].append(p)
        for h in r.people:
            bearers[h.id].append(h)
            if h.personal_code is not None and personal_code.issue(h.personal_code) is None:
                codes[h.personal_code].append(h)
            for j, a in enumerate(h.assignments):
                holds[a.position].append((h, j))
        for d in r.job_descriptions:
            descriptions[d.position].append(d)
        self._agencies: dict[str, int] = dict(agencies)
        self._units: dict[str, tuple[Unit, ...]] = _tuples(units)
        self._positions: dict[str, tuple[Position, ...]] = _tuples(positions)
        self._descriptions: dict[str, tuple[JobDescription, ...]] = _tuples(descriptions)
        self._bearers: dict[str, tuple[Any, ...]] = _tuples(bearers)  # id → its entities
        self._codes: dict[str, tuple[Person, ...]] = _tuples(codes)  # valid code → people
        self._holds: dict[str, tuple[tuple[Person, int], ...]] = _tuples(holds)
        self._g_ids: dict[str, list[rules.Found]] = {}
        self._g_codes: dict[str, list[rules.Found]] = {}
        self._g_seats: dict[str, list[rules.Found]] = {}
        self._g_versions: dict[str, list[rules.Found]] = {}
        self._unit_cycles: dict[str, tuple[str, ...]] = {}  # member → its cycle
        self._report_cycles: dict[str, tuple[str, ...]] = {}
        self._copied.update(_OWNED)  # made just now: this revision's own, written in place
        if trust:
            self._own_m: tuple[Problem, ...] = ()
            self.problems = []
            return
        self._own_m = tuple(rules.own_municipality(r.municipality, self))
        t = _Touched()
        t.dirty = [(k, e) for k in KINDS for e in getattr(r, k)]
        t.ids = set(self._bearers)
        t.codes = set(self._codes)
        t.seats = {pid for pid, held in self._holds.items() if pid in self._positions}
        t.versions = set(self._descriptions)
        t.unit_nodes = set(self._units)
        t.report_nodes = set(self._positions)
        self._recheck_own(t)
        self._recheck_groups(t)
        self.problems = self._assemble()

    def _dependents(self) -> dict[Fact, set[tuple[str, int]]]:
        """Which entities' own rules look up which facts."""
        deps: dict[Fact, set[tuple[str, int]]] = defaultdict(set)
        for kind in KINDS:
            for key, e in self._objs[kind].items():
                for fact in _facts_of(kind, e):
                    deps[fact].add((kind, key))
        return dict(deps)

    def _w(self, name: str) -> Any:
        """A dict attribute made writable in this revision (forked once, on first write: the
        revision it came from keeps its own, and a big one is not copied whole, see
        `layered`)."""
        if name not in self._copied:
            self._copied.add(name)
            setattr(self, name, layered.fork(getattr(self, name)))
        return getattr(self, name)

    def _wk(self, name: str, kind: str) -> dict[Any, Any]:
        """One kind's dict of `_objs` or `_own`, writable in this revision."""
        key = f"{name}.{kind}"
        outer = self._w(name)
        if key not in self._copied:
            self._copied.add(key)
            outer[kind] = layered.fork(outer[kind])
        found: dict[Any, Any] = outer[kind]
        return found

    # --- look-ups for own rules ----------------------------------------------------------

    @property
    def records_from(self) -> dt.date:
        return self.registry.municipality.records_from or limits.RECORDS_FROM

    def agency(self, id_: str) -> bool:
        return self._agencies.get(id_, 0) > 0

    def units(self, id_: str) -> Sequence[Unit]:
        return self._in_order("units", self._units.get(id_, ()))

    def positions(self, id_: str) -> Sequence[Position]:
        return self._in_order("positions", self._positions.get(id_, ()))

    def descriptions(self, position: str) -> Sequence[JobDescription]:
        return self._in_order("job_descriptions", self._descriptions.get(position, ()))

    def _in_order(self, kind: str, found: tuple[Any, ...]) -> Sequence[Any]:
        """Entities in file order (look-ups keep them in the order they came)."""
        if len(found) < 2:
            return found
        index = self._index(kind)
        return sorted(found, key=lambda e: index[id(e)])

    # --- applying a change ---------------------------------------------------------------

    def _apply(self, before: Registry) -> None:
        after = self.registry
        t = _Touched()
        if before.municipality is not after.municipality:
            self._bear(before.municipality.id, before.municipality, add=False, t=t)
            self._bear(after.municipality.id, after.municipality, add=True, t=t)
            if before.municipality.records_from != after.municipality.records_from:
                t.all_descriptions = True
            self._own_m = tuple(rules.own_municipality(after.municipality, self))
        for kind in KINDS:
            old: list[Any] = getattr(before, kind)
            new: list[Any] = getattr(after, kind)
            if old is new:
                continue
            gone, come = _difference(old, new)
            for entity in gone:
                self._remove(kind, entity, t)
            for entity in come:
                self._add(kind, entity, t)
        self._recheck_own(t)
        self._recheck_groups(t)
        self.problems = self._assemble()

    def _add(self, kind: str, e: Any, t: "_Touched") -> None:
        objs = self._wk("_objs", kind)
        if id(e) in objs:
            raise _SameObjectTwice
        objs[id(e)] = e
        t.dirty.append((kind, e))
        self._index_entity(kind, e, t, add=True)

    def _remove(self, kind: str, e: Any, t: "_Touched") -> None:
        self._wk("_objs", kind).pop(id(e), None)
        if id(e) in self._own[kind]:
            self._wk("_own", kind).pop(id(e))
        self._index_entity(kind, e, t, add=False)

    def _index_entity(self, kind: str, e: Any, t: "_Touched", *, add: bool) -> None:
        """Enter an entity into the look-ups (or take it out) and note what that touches."""
        me = (kind, id(e))
        for fact in _facts_of(kind, e):
            self._dep(fact, me, add)
        if kind == "agencies":
            counts = self._w("_agencies")
            counts[e.id] = counts.get(e.id, 0) + (1 if add else -1)
            t.facts.add(("agency", e.id))
            self._bear(e.id, e, add=add, t=t)
        elif kind == "units":
            _tuple_edit(self._w("_units"), e.id, e, add)
            t.facts.add(("unit", e.id))
            t.unit_nodes.add(e.id)
            self._bear(e.id, e, add=add, t=t)
        elif kind == "positions":
            _tuple_edit(self._w("_positions"), e.id, e, add)
            t.facts.add(("position", e.id))
            t.report_nodes.add(e.id)
            t.seats.add(e.id)
            t.versions.add(e.id)
            self._bear(e.id, e, add=add, t=t)
        elif kind == "people":
            self._bear(e.id, e, add=add, t=t)
            if e.personal_code is not None and personal_code.issue(e.personal_code) is None:
                _tuple_edit(self._w("_codes"), e.personal_code, e, add)
                t.codes.add(e.personal_code)
            holds = self._w("_holds")
            for j, a in enumerate(e.assignments):
                _tuple_edit(holds, a.position, (e, j), add)
                t.seats.add(a.position)
        else:  # job_descriptions
            _tuple_edit(self._w("_descriptions"), e.position, e, add)
            t.facts.add(("descriptions", e.position))
            t.versions.add(e.position)

    def _bear(self, id_: str, e: Any, *, add: bool, t: "_Touched") -> None:
        _tuple_edit(self._w("_bearers"), id_, e, add)
        t.ids.add(id_)

    def _dep(self, fact: Fact, me: tuple[str, int], add: bool) -> None:
        deps: dict[Fact, set[tuple[str, int]]] = self._w("_deps")
        if fact not in self._copied_sets:  # the set may be shared with an older revision
            self._copied_sets.add(fact)
            if fact in deps:
                deps[fact] = set(deps[fact])
        if add:
            deps.setdefault(fact, set()).add(me)
        elif fact in deps:
            deps[fact].discard(me)
            if not deps[fact]:
                del deps[fact]

    def _recheck_own(self, t: "_Touched") -> None:
        dirty: dict[int, tuple[str, Any]] = {id(e): (k, e) for k, e in t.dirty}
        deps = self._deps or {}
        for fact in t.facts:
            for kind, key in deps.get(fact, ()):
                found = self._objs[kind].get(key)
                if found is not None:
                    dirty[key] = (kind, found)
        if t.all_descriptions:
            for e in self.registry.job_descriptions:
                dirty[id(e)] = ("job_descriptions", e)
        for key, (kind, e) in dirty.items():
            found = _OWN[kind](e, self)
            if found:
                self._wk("_own", kind)[key] = tuple(found)
            elif key in self._own[kind]:
                self._wk("_own", kind).pop(key)

    def _recheck_groups(self, t: "_Touched") -> None:
        rank = self._rank
        for id_ in t.ids:
            bearers = self._bearers.get(id_, ())
            if len(bearers) > 1:
                found = rules.duplicate_ids(sorted(bearers, key=rank), id_)
                self._w("_g_ids")[id_] = found
            elif id_ in self._g_ids:
                self._w("_g_ids").pop(id_)
        for code in t.codes:
            holders = self._codes.get(code, ())
            if len(holders) > 1:
                self._w("_g_codes")[code] = rules.duplicate_codes(sorted(holders, key=rank), code)
            elif code in self._g_codes:
                self._w("_g_codes").pop(code)
        for pid in t.seats:
            _set(self._w("_g_seats"), pid, self._overfull(pid))
        for pid in t.versions:
            _set(self._w("_g_versions"), pid, self._versions(pid))
        self._recheck_cycles(t.unit_nodes, "_unit_cycles", self._units, lambda u: u.parent)
        self._recheck_cycles(
            t.report_nodes,
            "_report_cycles",
            self._positions,
            lambda p: p.reports_to if p.reports_to != p.id else None,
        )

    def _overfull(self, pid: str) -> list[rules.Found]:
        found = self._positions.get(pid, ())
        if len(found) != 1:
            return []  # unknown, or an ambiguous id (reported as a duplicate)
        held = [(h, j) for h, j in self._holds.get(pid, ()) if not _backwards(h.assignments[j])]
        if len(held) <= found[0].seats:
            return []  # too few to overfill: no need to know where they are in the file
        index = self._index("people")
        spans = sorted(
            ((h.assignments[j].start, h.assignments[j].end, h, j) for h, j in held),
            key=lambda s: (index[id(s[2])], s[3]),
        )
        return rules.overfull(found[0], spans)

    def _versions(self, pid: str) -> list[rules.Found]:
        named = self._positions.get(pid, ())
        descriptions = self._descriptions.get(pid, ()) if named else ()
        if not descriptions:
            return []
        if len(named) == 1 and not rules.versions(named[0], descriptions):
            return []  # whether there are problems does not depend on the order
        return rules.versions(self.positions(pid)[0], self.descriptions(pid))

    def _recheck_cycles(
        self, nodes: set[str], name: str, by_id: dict[str, tuple[Any, ...]], up: Any
    ) -> None:
        """Cycles through changed nodes: a new cycle has a changed edge, so it holds one."""
        if not nodes:
            return

        def parent(node: str) -> str | None:
            found = by_id.get(node, ())
            return up(found[0]) if len(found) == 1 else None  # ambiguous ids lead nowhere

        cycles = self._w(name)
        for node in nodes:
            for member in cycles.get(node, ()):
                cycles.pop(member, None)
        for found in rules.cycles(sorted(nodes), parent):
            least = found.index(min(found))
            canonical = tuple(found[least:] + found[:least])
            for member in canonical:
                cycles[member] = canonical

    # --- places and assembly -------------------------------------------------------------

    def _index(self, kind: str) -> dict[int, int]:
        """id() → place in the list, for this revision's registry; made when first needed."""
        found = self._indices.get(kind)
        if found is None:
            found = {id(e): i for i, e in enumerate(getattr(self.registry, kind))}
            self._indices[kind] = found
        return found

    def _rank(self, e: Any) -> tuple[int, int]:
        kind = _KIND_OF[type(e)]
        return (_RANK[kind], 0 if kind == "municipality" else self._index(kind)[id(e)])

    def _path_of(self, e: Any) -> str:
        kind = _KIND_OF[type(e)]
        return kind if kind == "municipality" else f"{kind}[{self._index(kind)[id(e)]}]"

    def _assemble(self) -> list[Problem]:
        r = self.registry
        if r.format != FORMAT:
            return [rules.format_problem(r.format, FORMAT)]
        placed: list[tuple[tuple[Any, ...], Problem]] = []

        def put(e: Any, rank: int, seq: int, p: Problem) -> None:
            base = self._path_of(e)
            path = f"{base}.{p.path}" if p.path else base
            placed.append(((*self._rank(e), rank, seq, path, p.message), _at(p, path)))

        for n, p in enumerate(self._own_m):
            put(r.municipality, 0, n, p)
        for kind in KINDS:
            own = self._own[kind]
            if own:
                for e in getattr(r, kind):
                    for n, p in enumerate(own.get(id(e), ())):
                        put(e, 0, n, p)
        groups: list[tuple[int, Iterable[list[rules.Found]]]] = [
            (_IDS, self._g_ids.values()),
            (_CODES, self._g_codes.values()),
            (_SEATS, self._g_seats.values()),
            (_VERSIONS, self._g_versions.values()),
            (_CYCLES, [self._cycle_problems()]),
        ]
        for rank, lists in groups:
            for found in lists:
                for n, (e, item) in enumerate(found):
                    made = item.make(self._path_of) if isinstance(item, rules.Deferred) else item
                    put(e, rank, n, made)
        placed.sort(key=lambda item: item[0])
        # The staff establishment's checks, whole: versions are few and small, and a registry
        # without any pays nothing (so a revise still equals the whole check).
        staff = establishment.check(r) if r.establishments else []
        return [*values.registry_counts(r), *(p for _, p in placed), *staff]

    def _cycle_problems(self) -> list[rules.Found]:
        out: list[rules.Found] = []
        for cycles, by_id, field, code, what in (
            (self._unit_cycles, self._units, "parent", "unit.cycle", "units"),
            (
                self._report_cycles,
                self._positions,
                "reports_to",
                "position.reporting-cycle",
                "reporting lines",
            ),
        ):
            for members in set(cycles.values()):
                entities = [by_id[m][0] for m in members]
                first = min(range(len(entities)), key=lambda i: self._rank(entities[i]))
                out.append(rules.cycle(entities[first:] + entities[:first], field, code, what))
        return out


class _Touched:
    """What a change touched: facts own rules look up, and the keys of group rules."""

    def __init__(self) -> None:
        self.dirty: list[tuple[str, Any]] = []  # entities added: their own problems anew
        self.facts: set[Fact] = set()
        self.ids: set[str] = set()
        self.codes: set[str] = set()
        self.seats: set[str] = set()
        self.versions: set[str] = set()
        self.unit_nodes: set[str] = set()
        self.report_nodes: set[str] = set()
        self.all_descriptions = False


class _SameObjectTwice(Exception):
    """One entity object appears twice in a list: places by identity would be ambiguous."""


def _facts_of(kind: str, e: Any) -> Iterator[Fact]:
    """What the own rules of an entity look up (see `rules.Lookup`)."""
    if kind == "units":
        yield ("agency", e.agency)
        if e.parent is not None:
            yield ("unit", e.parent)
    elif kind == "positions":
        yield ("unit", e.unit)
        yield ("descriptions", e.id)
        if e.reports_to is not None:
            yield ("position", e.reports_to)
        for rule in e.substitutes:
            yield ("position", rule.position)
        for other in e.substitutes_for:
            yield ("position", other)
    elif kind == "people":
        for a in e.assignments:
            yield ("position", a.position)
    elif kind == "job_descriptions":
        yield ("position", e.position)


def _difference(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """(removed, added) between two lists, by identity: what lies between their common
    prefix and suffix. An entity moved counts as removed and added."""
    n = min(len(old), len(new))
    # The first place from each end where the lists differ, compared at C speed.
    head = next(compress(count(), map(is_not, old, new)), n)
    if head == len(old) == len(new):
        return [], []  # the same entities in the same order: no need to scan back
    tail = next(compress(count(), map(is_not, reversed(old), reversed(new))), n)
    tail = min(tail, n - head)
    return old[head : len(old) - tail], new[head : len(new) - tail]


def _tuple_edit(d: dict[Any, tuple[Any, ...]], key: Any, item: Any, add: bool) -> None:
    if add:
        d[key] = (*d.get(key, ()), item)
        return
    items = d.get(key, ())
    # By identity: two people may hold equal-looking assignments.
    kept = tuple(x for x in items if not _same(x, item))
    if kept:
        d[key] = kept
    else:
        d.pop(key, None)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        return a[0] is b[0] and a[1] == b[1]
    return a is b


def _tuples(d: dict[str, list[Any]]) -> dict[str, tuple[Any, ...]]:
    return {k: tuple(v) for k, v in d.items()}


def _set(d: dict[str, list[rules.Found]], key: str, found: list[rules.Found]) -> None:
    if found:
        d[key] = found
    else:
        d.pop(key, None)


def _at(p: Problem, path: str) -> Problem:
    return msgspec.structs.replace(p, path=path)


def _backwards(a: Any) -> bool:
    return a.end is not None and a.end < a.start


def _distinct(registry: Registry) -> Registry:
    """The registry with every entity a distinct object (a copy where one appears twice)."""
    changes: dict[str, list[Any]] = {}
    for kind in KINDS:
        items: list[Any] = getattr(registry, kind)
        if len({id(e) for e in items}) == len(items):
            continue
        seen: set[int] = set()
        out = []
        for e in items:
            out.append(msgspec.structs.replace(e) if id(e) in seen else e)
            seen.add(id(e))
        changes[kind] = out
    return msgspec.structs.replace(registry, **changes) if changes else registry
