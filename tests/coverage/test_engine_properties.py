"""The engine agrees with the literal reference implementation on random small registries."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from roles.coverage.days import DayRange
from roles.coverage.engine import Coverage, Status, who_acts
from roles.coverage.index import CoverageIndex
from roles.domain import Absence, Assignment, Person, Position, Registry, SubstitutionRule

from . import reference
from .factories import registry

FIRST = dt.date(2026, 3, 1)
DAYS = 12
IDS = ["a", "b", "c", "d", "e", "f"]


def _day(offset: int) -> dt.date:
    return FIRST + dt.timedelta(days=offset)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    ids = IDS[: draw(st.integers(1, len(IDS)))]
    rules = st.builds(
        SubstitutionRule,
        position=st.sampled_from(ids),
        if_needed=st.booleans(),
        duties=st.none() | st.just(["1"]),
    )
    positions = [
        Position(
            id=pid,
            title=pid,
            unit="sotsiaal",
            seats=draw(st.integers(1, 2)),
            abolished=draw(st.none() | st.integers(0, DAYS).map(_day)),
            substitutes=draw(st.lists(rules, max_size=3)),
        )
        for pid in ids
    ]
    spans = st.tuples(st.integers(-2, DAYS), st.integers(0, DAYS))
    people = []
    for n in range(draw(st.integers(0, 6))):
        assignments = [
            Assignment(
                position=draw(st.sampled_from(ids)),
                start=_day(start),
                end=draw(st.none() | st.just(_day(start + length))),
            )
            for start, length in draw(st.lists(spans, max_size=2))
        ]
        absences = [
            Absence(start=_day(start), end=_day(start + length))
            for start, length in draw(st.lists(spans, max_size=3))
        ]
        people.append(Person(id=f"p{n}", name=f"p{n}", assignments=assignments, absences=absences))
    return registry(positions, people)


@settings(max_examples=300, deadline=None)
@given(registries(), st.integers(1, 3))
def test_who_acts_agrees_with_the_reference_on_every_position_and_day(
    r: Registry, depth: int
) -> None:
    index = CoverageIndex(r)
    for p in r.positions:
        for offset in range(DAYS):
            day = _day(offset)
            acting = who_acts(index, p.id, day, depth)
            expected = reference.who_acts(r, p.id, day, depth)
            assert (acting.status, acting.person, acting.via, acting.depth) == expected


@settings(max_examples=300, deadline=None)
@given(registries(), st.integers(1, 3))
def test_calendar_segments_agree_with_the_reference_on_every_day_the_position_exists(
    r: Registry, depth: int
) -> None:
    days = DayRange(_day(0), _day(DAYS - 1))
    coverage = Coverage(CoverageIndex(r), days, depth)
    for p in r.positions:
        found = {
            segment.first + dt.timedelta(days=i): segment.acting
            for segment in coverage.segments(p.id)
            for i in range((segment.last - segment.first).days + 1)
        }
        existing = [d for d in days.days() if p.exists_on(d)]
        assert sorted(found) == existing
        for d in existing:
            a = found[d]
            assert (a.status, a.person, a.via, a.depth) == reference.who_acts(r, p.id, d, depth)


@settings(max_examples=300, deadline=None)
@given(registries())
def test_uncovered_days_are_the_days_the_reference_finds_nobody(r: Registry) -> None:
    days = DayRange(_day(0), _day(DAYS - 1))
    coverage = Coverage(CoverageIndex(r), days)
    for p in r.positions:
        uncovered = coverage.uncovered(p.id)
        expected = {
            offset
            for offset in range(DAYS)
            if p.exists_on(_day(offset))
            and reference.who_acts(r, p.id, _day(offset))[0] == Status.UNCOVERED
        }
        assert {i for i in range(DAYS) if uncovered >> i & 1} == expected
