"""Sets of days as Python integers: bit i is day `first + i` of a range.

A year of days is a 365-bit integer, so "the days on which someone acts" for a position is one
`|` per holder and "the days still uncovered" one `& ~`: interval arithmetic at C speed instead
of a loop over days.
"""

import datetime as dt
from collections.abc import Iterator

DaySet = int


class DayRange:
    """An inclusive range of days and the bit positions of its days."""

    __slots__ = ("all", "first", "last", "length")

    def __init__(self, first: dt.date, last: dt.date) -> None:
        if last < first:
            raise ValueError(f"the range ends ({last}) before it starts ({first})")
        self.first = first
        self.last = last
        self.length = (last - first).days + 1
        self.all: DaySet = (1 << self.length) - 1

    def span(self, start: dt.date | None, end: dt.date | None) -> DaySet:
        """The days of [start, end] (None = unbounded) that fall in the range."""
        lo = 0 if start is None else max(0, (start - self.first).days)
        hi = self.length - 1 if end is None else min(self.length - 1, (end - self.first).days)
        if hi < lo:
            return 0
        return ((1 << (hi - lo + 1)) - 1) << lo

    def day(self, bit: int) -> dt.date:
        return self.first + dt.timedelta(days=bit)

    def days(self) -> Iterator[dt.date]:
        for i in range(self.length):
            yield self.first + dt.timedelta(days=i)


def runs(days: DaySet) -> Iterator[tuple[int, int]]:
    """The runs of consecutive days as (first bit, last bit), in order."""
    offset = 0
    while days:
        skip = (days & -days).bit_length() - 1  # trailing zeros
        days >>= skip
        offset += skip
        length = (~days & (days + 1)).bit_length() - 1  # trailing ones
        yield offset, offset + length - 1
        days >>= length
        offset += length
