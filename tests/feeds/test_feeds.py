"""Calendar feeds parsed back with `icalendar`: the events hold exactly the runs put in."""

import datetime as dt
import itertools
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roles import feeds, registry
from roles.coverage import Coverage, CoverageIndex, DayRange, Status
from roles.domain import AbsenceKind
from roles.feeds import Acting, DayRun, OwnAbsence, PersonFeed, UnitAbsence, UnitActing, UnitFeed

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
UPDATED = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)
HOST = "roles.example.ee"


def events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT")]


def days_of(event: icalendar.Event) -> tuple[dt.date, dt.date]:
    """(first, last) of an all-day event: DTEND is exclusive."""
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert type(start) is dt.date and type(end) is dt.date  # VALUE=DATE, not date-times
    return start, end - dt.timedelta(days=1)


@given(st.sets(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), max_size=60))
def test_runs_cover_exactly_the_days_given(days: set[dt.date]) -> None:
    found = feeds.runs(days)
    covered = {
        r.first + dt.timedelta(days=i) for r in found for i in range((r.last - r.first).days + 1)
    }
    assert covered == days
    for a, b in itertools.pairwise(found):
        assert a.last + dt.timedelta(days=1) < b.first  # runs never touch: they would be one


def test_runs_of_nothing_and_of_a_month() -> None:
    assert feeds.runs([]) == []
    july = [dt.date(2026, 7, d) for d in (1, 2, 3, 3, 10, 31)]
    assert feeds.runs(july) == [
        DayRun(dt.date(2026, 7, 1), dt.date(2026, 7, 3)),
        DayRun(dt.date(2026, 7, 10), dt.date(2026, 7, 10)),
        DayRun(dt.date(2026, 7, 31), dt.date(2026, 7, 31)),
    ]


def _acting_from_coverage(person: str, first: dt.date, last: dt.date) -> list[Acting]:
    """What the service does: the coverage engine's days on which `person` acts for others."""
    seed = registry.read(SEEDS / "voru.yaml")
    coverage = Coverage(CoverageIndex(seed), DayRange(first, last))
    titles = {p.id: p.title for p in seed.positions}
    out: list[Acting] = []
    for position in titles:
        days = [
            segment_day
            for segment in coverage.segments(position)
            if segment.acting.status is Status.SUBSTITUTE and segment.acting.person == person
            for segment_day in _days(segment.first, segment.last)
        ]
        out += [
            Acting(position=position, title=titles[position], first=r.first, last=r.last)
            for r in feeds.runs(days)
        ]
    return out


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize("person", ["voru-p03", "voru-p05", "voru-p04"])
def test_a_person_feed_holds_exactly_the_acting_days_of_the_coverage_engine(person: str) -> None:
    first, last = dt.date(2026, 6, 1), dt.date(2026, 9, 30)
    acting = _acting_from_coverage(person, first, last)
    assert acting or person == "voru-p04"  # the seed has substitutions for the first two
    feed = PersonFeed(
        person=person, name="Kati Katsetaja", language="et", updated=UPDATED, acting=acting
    )
    found = events(feeds.person_feed(feed, host=HOST))
    assert sorted(days_of(e) for e in found) == sorted((a.first, a.last) for a in acting)
    for event in found:
        assert str(event["summary"]).startswith("Asendad: ")
        assert str(event["transp"]) == "TRANSPARENT"
        assert event.decoded("dtstamp") == UPDATED.replace(microsecond=0)
        assert str(event["uid"]).endswith("@" + HOST)


def test_own_absences_are_out_of_office_in_the_person_s_language() -> None:
    feed = PersonFeed(
        person="voru-p01",
        name="Mari Maasikas",
        language="en",
        updated=UPDATED,
        absences=[
            OwnAbsence(
                first=dt.date(2026, 7, 1),
                last=dt.date(2026, 7, 21),
                kind=AbsenceKind.VACATION,
                acting=["Kati Katsetaja"],
            )
        ],
    )
    [event] = events(feeds.person_feed(feed, host=HOST))
    assert days_of(event) == (dt.date(2026, 7, 1), dt.date(2026, 7, 21))
    assert str(event["summary"]) == "You are away: vacation"
    assert "Acting for you: Kati Katsetaja" in str(event["description"])
    assert str(event["x-microsoft-cdo-busystatus"]) == "OOF"


def test_everything_is_escaped_and_reads_back_as_written() -> None:
    nasty = 'Kõik, mis; võib\\ "murda"\nkalendri\x07 <b>&'
    feed = PersonFeed(
        person="p",
        name=nasty,
        language="et",
        updated=UPDATED,
        acting=[
            Acting(
                position="x",
                title=nasty,
                first=dt.date(2026, 1, 1),
                last=dt.date(2026, 1, 1),
                absent=[nasty],
            )
        ],
    )
    data = feeds.person_feed(feed, host=HOST)
    assert b"\x07" not in data
    for line in data.split(b"\r\n"):
        assert len(line) <= 75  # folded as RFC 5545 wants
    [event] = events(data)
    clean = nasty.replace("\x07", "")
    assert str(event["summary"]) == f"Asendad: {clean}"
    assert clean in str(event["description"])


def test_uids_are_stable_and_dtstamp_comes_from_the_data() -> None:
    run = Acting(
        position="voru-sts",
        title="spetsialist",
        first=dt.date(2026, 7, 1),
        last=dt.date(2026, 7, 3),
    )
    feed = PersonFeed(person="voru-p03", name="Kati", language="et", updated=UPDATED, acting=[run])
    first = feeds.person_feed(feed, host=HOST)
    assert feeds.person_feed(feed, host=HOST) == first  # same data, same bytes
    longer = PersonFeed(
        person="voru-p03",
        name="Kati",
        language="et",
        updated=UPDATED,
        acting=[
            Acting(
                position="voru-sts",
                title="spetsialist",
                first=dt.date(2026, 7, 1),
                last=dt.date(2026, 7, 9),
            )
        ],
    )
    [a], [b] = events(first), events(feeds.person_feed(longer, host=HOST))
    assert a["uid"] == b["uid"]  # a longer run updates the event, it does not add one
    other = PersonFeed(
        person="voru-p05", name="Peeter", language="et", updated=UPDATED, acting=[run]
    )
    [c] = events(feeds.person_feed(other, host=HOST))
    assert c["uid"] != a["uid"]


def test_a_unit_feed_shows_absences_who_acts_and_uncovered_days() -> None:
    feed = UnitFeed(
        unit="voru-sotsiaal",
        name="sotsiaaltööosakond",
        language="et",
        updated=UPDATED,
        absences=[
            UnitAbsence(
                person="voru-p01",
                name="Mari Maasikas",
                first=dt.date(2026, 7, 1),
                last=dt.date(2026, 7, 21),
                kind=AbsenceKind.VACATION,
                positions=["sotsiaalteenuste spetsialist"],
            )
        ],
        acting=[
            UnitActing(
                position="voru-sts",
                title="sotsiaalteenuste spetsialist",
                first=dt.date(2026, 7, 1),
                last=dt.date(2026, 7, 14),
                person="voru-p03",
                name="Kati Katsetaja",
            ),
            UnitActing(
                position="voru-sts",
                title="sotsiaalteenuste spetsialist",
                first=dt.date(2026, 7, 15),
                last=dt.date(2026, 7, 17),
            ),
        ],
    )
    calendar = icalendar.Calendar.from_ical(feeds.unit_feed(feed, host=HOST))
    assert "sotsiaaltööosakond" in str(calendar["x-wr-calname"])
    found = {str(e["summary"]): days_of(e) for e in calendar.walk("VEVENT")}
    assert found == {
        "Mari Maasikas: puhkus": (dt.date(2026, 7, 1), dt.date(2026, 7, 21)),
        "sotsiaalteenuste spetsialist: asendab Kati Katsetaja": (
            dt.date(2026, 7, 1),
            dt.date(2026, 7, 14),
        ),
        "sotsiaalteenuste spetsialist: KATMATA": (dt.date(2026, 7, 15), dt.date(2026, 7, 17)),
    }


def test_bad_arguments_are_refused() -> None:
    feed = PersonFeed(person="p", name="n", language="et", updated=dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        feeds.person_feed(feed, host=HOST)
    with pytest.raises(ValueError, match="host"):
        feeds.person_feed(feed, host="evil\r\nhost")
