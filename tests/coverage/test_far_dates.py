"""Dates at the ends of what a registry may hold never take coverage or documents down.

Issue 14 (12): an absence up to 9999-12-31 was accepted, and then the coverage index failed
with OverflowError for every page of the municipality. The check now refuses such dates, and
the engine and the renderer work on every registry that passes it — edges included.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roles import coverage
from roles.coverage import Coverage, CoverageIndex, DayRange, Options, who_acts
from roles.domain import (
    Absence,
    Approval,
    Assignment,
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Person,
    Position,
    Registry,
    Section,
    SectionKind,
    SubstitutionRule,
    check,
    limits,
)
from roles.render import render_docx

from .factories import away, person, position, registry

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FAR = "9999-12-31"


def test_an_absence_to_the_end_of_time_no_longer_breaks_the_coverage_index() -> None:
    """Reproduces the defect: two absences, the first reaching date.max (its day after does
    not exist). Built directly, as a registry stored before the check refused it would be."""
    r = registry(
        [position("a", "b"), position("b")],
        [
            person("x", "a", absences=[away("2026-12-01", FAR), away("2027-01-01", "2027-01-02")]),
            person("y", "b"),
        ],
    )
    index = CoverageIndex(r)
    acting = who_acts(index, "a", dt.date(2026, 12, 2))
    assert (acting.status, acting.person) == ("substitute", "y")
    options = Options(
        on=dt.date(2026, 11, 24), first=dt.date(2026, 11, 24), last=dt.date(2027, 11, 24)
    )
    assert [f.code for f in coverage.check(r, options, index)] == ["no-substitute"]


def test_the_check_refuses_the_far_absence_with_its_path() -> None:
    r = registry([position("a")], [person("x", "a", absences=[away("2026-12-01", FAR)])])
    problems = check(r)
    assert [(p.path, p.code) for p in problems] == [("people[0].absences[0].to", "date.range")]
    assert problems[0].params == {"value": FAR, "min": "1900-01-01", "max": "2100-12-31"}


def test_an_abolition_on_the_first_day_there_is_leaves_nothing_to_cover() -> None:
    r = registry([position("a", abolished=dt.date.min.isoformat())])
    days = DayRange(dt.date.min, dt.date(1, 1, 10))
    assert Coverage(CoverageIndex(r), days).segments("a") == []


# --- property: any registry that passes the check ----------------------------------------------

EDGES = [limits.MIN_DATE, limits.MAX_DATE, dt.date(2000, 2, 29), dt.date(2026, 11, 24)]
DATES = st.sampled_from(EDGES) | st.dates(limits.MIN_DATE, limits.MAX_DATE)
IDS = ["a", "b", "c"]
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Co", "Cn"]),
    min_size=1,
    max_size=40,
).filter(lambda s: not s.isspace())


@st.composite
def far_registries(draw: st.DrawFn) -> Registry:
    ids = IDS[: draw(st.integers(1, len(IDS)))]
    rules = st.builds(SubstitutionRule, position=st.sampled_from(ids), if_needed=st.just(False))
    positions = [
        Position(
            id=pid,
            title=draw(TEXT),
            unit="sotsiaal",
            seats=draw(st.integers(1, 2)),
            abolished=draw(st.none() | DATES),
            substitutes=list({r.position: r for r in draw(st.lists(rules, max_size=2))}.values()),
        )
        for pid in ids
    ]
    people = []
    for n in range(draw(st.integers(0, 3))):
        start, end = sorted(draw(st.lists(DATES, min_size=2, max_size=2)))
        pid = draw(st.sampled_from(ids))
        p = next(p for p in positions if p.id == pid)
        if p.abolished is not None and end >= p.abolished:
            end = None if p.abolished <= start else p.abolished - dt.timedelta(days=1)
            if end is None:
                continue
        assignment = Assignment(position=p.id, start=start, end=draw(st.none() | st.just(end)))
        if p.abolished is not None:
            assignment = Assignment(position=p.id, start=start, end=end)
        absences: list[Absence] = []
        for first, last in (
            sorted(pair)
            for pair in draw(st.lists(st.lists(DATES, min_size=2, max_size=2), max_size=3))
        ):
            if all(last < a.start or a.end < first for a in absences):
                absences.append(Absence(start=first, end=last))
        people.append(
            Person(id=f"h{n}", name=draw(TEXT), assignments=[assignment], absences=absences)
        )
    description = JobDescription(
        position=ids[0],
        version=1,
        status=JobDescriptionStatus.APPROVED,
        approval=Approval(by=draw(TEXT), date=draw(st.dates(limits.RECORDS_FROM, limits.MAX_DATE))),
        title=draw(TEXT),
        sections=[
            Section(
                kind=SectionKind.DUTIES,
                title=draw(TEXT),
                clauses=[Clause(ref="1", text=draw(TEXT), result=draw(st.none() | TEXT))],
            )
        ],
    )
    return registry(positions, people, [description])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(far_registries(), DATES, st.integers(0, 400))
def test_findings_calendar_who_acts_and_documents_work_across_the_whole_range(
    r: Registry, on: dt.date, length: int
) -> None:
    assume(check(r) == [])
    last = min(limits.MAX_DATE, on + dt.timedelta(days=length))
    index = CoverageIndex(r)
    coverage.check(r, Options(on=on, first=on, last=last), index)
    days = DayRange(on, last)
    calendar = Coverage(index, days)
    for p in r.positions:
        for segment in calendar.segments(p.id):
            assert on <= segment.first <= segment.last <= last
        for day in (limits.MIN_DATE, limits.MAX_DATE, on):
            who_acts(index, p.id, day)
    document = render_docx(r, r.job_descriptions[0].position, templates_dir=TEMPLATES)
    assert document[:2] == b"PK"


@pytest.mark.parametrize("day", [limits.MIN_DATE, limits.MAX_DATE])
def test_a_calendar_at_either_end_of_the_range(day: dt.date) -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [
            person(
                "x",
                Assignment(position="a", start=limits.MIN_DATE),
                absences=[Absence(start=limits.MIN_DATE, end=limits.MAX_DATE)],
            ),
            person("y", Assignment(position="b", start=limits.MIN_DATE)),
        ],
    )
    assert check(r) == []
    days = DayRange(day, day)
    [segment] = Coverage(CoverageIndex(r), days).segments("a")
    assert segment.acting.person == "y"
