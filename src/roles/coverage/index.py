"""Indices over one registry, built once: who holds what when, who is away when, who substitutes.

Every coverage question is answered from these, so a query costs a few dictionary look-ups and
bisections instead of a scan of the registry.
"""

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from roles.domain import Person, Position, Registry

DEFAULT_DEPTH = 3  # the position's own rules are depth 1 (registry-format.md)


class Holding(NamedTuple):
    """One assignment of a person to a position; `end` None = open, inclusive otherwise."""

    start: dt.date
    person: str
    end: dt.date | None

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Absences:
    """A person's absences merged into disjoint, sorted intervals, for bisection."""

    __slots__ = ("ends", "starts")

    def __init__(self, person: Person) -> None:
        merged: list[list[dt.date]] = []
        for a in sorted(person.absences, key=lambda a: a.start):
            # Adjacent or overlapping: compared as a difference, since the day after an end
            # may not exist (date.max).
            if merged and (a.start - merged[-1][1]).days <= 1:
                merged[-1][1] = max(merged[-1][1], a.end)
            else:
                merged.append([a.start, a.end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def on(self, day: dt.date) -> bool:
        i = bisect_right(self.starts, day) - 1
        return i >= 0 and day <= self.ends[i]

    def intervals(self) -> Iterator[tuple[dt.date, dt.date]]:
        return zip(self.starts, self.ends, strict=True)


class CoverageIndex:
    """The facts coverage needs from one registry, arranged for fast look-up."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.positions: dict[str, Position] = {p.id: p for p in registry.positions}
        # Unscoped rules naming another position, in rule order, each position once: the edges
        # who-acts follows. A rule naming the position itself adds nothing here: it means
        # "another present holder", and a position is only searched when none is present.
        self.substitutes: dict[str, tuple[str, ...]] = {}
        for p in registry.positions:
            named = dict.fromkeys(
                r.position
                for r in p.substitutes
                if not r.scoped and r.position != p.id and r.position in self.positions
            )
            self.substitutes[p.id] = tuple(named)
        holdings: dict[str, list[Holding]] = defaultdict(list)
        for person in registry.people:
            for a in person.assignments:
                holdings[a.position].append(Holding(a.start, person.id, a.end))
        # Priority among several holders: the earliest assignment, then the person id.
        self.holdings: dict[str, list[Holding]] = {
            k: sorted(v, key=lambda h: (h.start, h.person)) for k, v in holdings.items()
        }
        self.people: dict[str, Person] = {p.id: p for p in registry.people}
        self._absences: dict[str, Absences | None] = {}  # built per person on first use

    def exists_on(self, position: str, day: dt.date) -> bool:
        return self.positions[position].exists_on(day)

    def absences(self, person: str) -> Absences | None:
        """The person's absences, merged; None when they have none."""
        try:
            return self._absences[person]
        except KeyError:
            found = self.people[person]
            merged = Absences(found) if found.absences else None
            self._absences[person] = merged
            return merged

    def absent(self, person: str, day: dt.date) -> bool:
        absences = self.absences(person)
        return absences is not None and absences.on(day)

    def holders_on(self, position: str, day: dt.date) -> list[str]:
        """Who holds the position on the day, absences ignored, in priority order."""
        if not self.exists_on(position, day):
            return []  # an abolished position's assignments have ended
        return [h.person for h in self.holdings.get(position, ()) if h.on(day)]

    def present_holder(self, position: str, day: dt.date) -> str | None:
        """The holder who acts on the day, or None when every holder is away or there is none."""
        if not self.exists_on(position, day):
            return None
        for h in self.holdings.get(position, ()):
            if h.on(day) and not self.absent(h.person, day):
                return h.person
        return None

    def chain(self, position: str, depth: int = DEFAULT_DEPTH) -> Iterator[tuple[str, int]]:
        """The substitute positions in the order who-acts tries them, with their depth.

        Breadth first over unscoped rules, each position once, the position itself excluded.
        The order does not depend on the day, so it is generated lazily and the caller stops at
        the first position that helps.
        """
        visited = {position}
        frontier = [position]
        for level in range(1, depth + 1):
            following: list[str] = []
            for current in frontier:
                for named in self.substitutes[current]:
                    if named not in visited:
                        visited.add(named)
                        following.append(named)
                        yield named, level
            if not following:
                return
            frontier = following
