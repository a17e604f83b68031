"""Who acts for a position: on one day, and over a range of days at once.

The rules are those of registry-format.md ("Who acts for a position on a day"). Over a range
the engine works on day sets (see `days`): the days a position's holders are present are a few
`&`/`|` over intervals, and the substitute chain is only walked while some days remain without
anyone, so a year costs about as much as a day.
"""

import datetime as dt
from enum import StrEnum

import msgspec

from roles.coverage.days import DayRange, DaySet, runs
from roles.coverage.index import DEFAULT_DEPTH, CoverageIndex


class Status(StrEnum):
    PRESENT = "present"  # a holder of the position is at work
    SUBSTITUTE = "substitute"  # a holder of a substitute position acts
    UNCOVERED = "uncovered"  # nobody acts


class Acting(msgspec.Struct, frozen=True, kw_only=True):
    """Who acts for a position on a day; `via` is the position whose holder acts."""

    status: Status
    person: str | None = None
    via: str | None = None
    depth: int | None = None  # 0 = a holder of the position itself


UNCOVERED = Acting(status=Status.UNCOVERED)


def who_acts(
    index: CoverageIndex, position: str, day: dt.date, depth: int = DEFAULT_DEPTH
) -> Acting:
    holder = index.present_holder(position, day)
    if holder is not None:
        return Acting(status=Status.PRESENT, person=holder, via=position, depth=0)
    for named, level in index.chain(position, depth):
        holder = index.present_holder(named, day)
        if holder is not None:
            return Acting(status=Status.SUBSTITUTE, person=holder, via=named, depth=level)
    return UNCOVERED


class Segment(msgspec.Struct, frozen=True):
    """Consecutive days with the same acting person, for calendars."""

    first: dt.date
    last: dt.date
    acting: Acting


class Coverage:
    """Who acts for every position over one range of days; day sets are computed on demand."""

    def __init__(self, index: CoverageIndex, days: DayRange, depth: int = DEFAULT_DEPTH) -> None:
        self.index = index
        self.days = days
        self.depth = depth
        self._absent: dict[str, DaySet] = {}
        self._shifts: dict[str, list[tuple[str, DaySet]]] = {}
        self._present: dict[str, DaySet] = {}

    def exists(self, position: str) -> DaySet:
        """The days of the range before the position is abolished."""
        abolished = self.index.positions[position].abolished
        if abolished is None:
            return self.days.all
        if abolished <= self.days.first:  # also when there is no day before it (date.min)
            return 0
        return self.days.span(None, abolished - dt.timedelta(days=1))

    def absent(self, person: str) -> DaySet:
        cached = self._absent.get(person)
        if cached is None:
            cached = 0
            absences = self.index.absences(person)
            if absences is not None:
                for start, end in absences.intervals():
                    cached |= self.days.span(start, end)
            self._absent[person] = cached
        return cached

    def shifts(self, position: str) -> list[tuple[str, DaySet]]:
        """For each holder, the days on which they are the holder who acts (priority order)."""
        cached = self._shifts.get(position)
        if cached is None:
            cached = []
            taken = 0
            exists = self.exists(position)
            for h in self.index.holdings.get(position, ()):
                at_work = self.days.span(h.start, h.end) & exists & ~self.absent(h.person)
                own = at_work & ~taken
                if own:
                    cached.append((h.person, own))
                    taken |= own
            self._shifts[position] = cached
            self._present[position] = taken
        return cached

    def present(self, position: str) -> DaySet:
        """The days on which some holder of the position is at work."""
        cached = self._present.get(position)
        if cached is None:
            self.shifts(position)
            cached = self._present[position]
        return cached

    def uncovered(self, position: str) -> DaySet:
        """The days, while the position exists, on which nobody acts for it."""
        remaining = self.exists(position) & ~self.present(position)
        if remaining:
            for named, _ in self.index.chain(position, self.depth):
                remaining &= ~self.present(named)
                if not remaining:
                    break
        return remaining

    def acting(self, position: str) -> list[tuple[DaySet, Acting]]:
        """Who acts on the days the position exists, as day sets with the same acting person."""
        out = [
            (own, Acting(status=Status.PRESENT, person=person, via=position, depth=0))
            for person, own in self.shifts(position)
        ]
        remaining = self.exists(position) & ~self.present(position)
        if remaining:
            for named, level in self.index.chain(position, self.depth):
                for person, own in self.shifts(named):
                    got = remaining & own
                    if got:
                        acting = Acting(
                            status=Status.SUBSTITUTE, person=person, via=named, depth=level
                        )
                        out.append((got, acting))
                        remaining &= ~got
                if not remaining:
                    break
        if remaining:
            out.append((remaining, UNCOVERED))
        return out

    def segments(self, position: str) -> list[Segment]:
        """Who acts as runs of consecutive days, in date order."""
        bits = [
            (first, last, acting)
            for days, acting in self.acting(position)
            for first, last in runs(days)
        ]
        bits.sort(key=lambda b: b[0])
        return [Segment(self.days.day(a), self.days.day(b), acting) for a, b, acting in bits]
