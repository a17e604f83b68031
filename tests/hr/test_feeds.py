"""Calendar feeds: made, read at a secret URL as iCalendar holding exactly the acting days the
coverage engine gives, and 404 once revoked."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import icalendar
import msgspec
import pytest
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from roles import coverage, domain, store
from roles.services import feeds

from ..api.conftest import Api
from ..api.factories import populate, tamme
from ..conftest import make_app

TODAY = dt.date.today()


def with_absence() -> domain.Registry:
    """Mari (tamme-p2) away from 10 to 20 days from now: Jüri (tamme-p1) acts for her."""
    r = tamme()
    people = [
        msgspec.structs.replace(
            p,
            absences=[
                *p.absences,
                domain.Absence(
                    start=TODAY + dt.timedelta(days=10),
                    end=TODAY + dt.timedelta(days=20),
                    kind=domain.AbsenceKind.TRAINING,
                ),
            ],
        )
        if p.id == "tamme-p2"
        else p
        for p in r.people
    ]
    return msgspec.structs.replace(r, people=people)


@pytest.fixture
def api(engine: Engine, database_url: str) -> Iterator[Api]:
    tokens = populate(engine)
    with store.sessions(engine)() as session:
        store.load_all(session, [("tamme.yaml", with_absence())])
    app = make_app(database_url, "test-secret-test-secret-test-secret")
    with TestClient(app) as client:
        yield Api(client, tokens)


def engine_days(r: domain.Registry, person: str, first: dt.date, last: dt.date) -> set[dt.date]:
    """Days on which the engine has `person` act for a position not their own."""
    index = coverage.CoverageIndex(r)
    out = set()
    day = first
    while day <= last:
        for p in r.positions:
            a = coverage.who_acts(index, p.id, day)
            if a.status is coverage.Status.SUBSTITUTE and a.person == person:
                out.add(day)
        day += dt.timedelta(days=1)
    return out


def events(body: bytes) -> list[Any]:
    cal = icalendar.Calendar.from_ical(body)
    return list(cal.walk("VEVENT"))


def days_of(event: Any) -> set[dt.date]:
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    return {start + dt.timedelta(days=i) for i in range((end - start).days)}


def test_a_person_feed_holds_exactly_the_engines_acting_days(api: Api) -> None:
    hr = api.as_("hr")
    made = hr.post(
        "/api/feeds", json={"kind": "person", "municipality": "tamme", "subject": "tamme-p1"}
    )
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    assert url.endswith(".ics") and made.json()["token"] in url
    path = url.split("//", 1)[1].split("/", 1)[1]
    got = api.client.get("/" + path)  # no login: calendar programs have none
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/calendar")
    acting = [e for e in events(got.content) if "Asendad" in str(e["SUMMARY"])]
    found = set().union(*(days_of(e) for e in acting))
    first = TODAY - dt.timedelta(days=feeds.PAST)
    last = TODAY + dt.timedelta(days=feeds.AHEAD)
    expected = engine_days(with_absence(), "tamme-p1", first, last)
    assert expected and found == expected
    # Revoked: the URL is gone for good.
    [listed] = hr.get("/api/feeds").json()
    assert "token" not in listed
    assert hr.delete(f"/api/feeds/{listed['id']}").status_code == 204
    assert api.client.get("/" + path).status_code == 404
    assert hr.get("/api/feeds").json() == []


def test_own_absences_and_unit_feeds_and_who_may_have_which(api: Api) -> None:
    employee = api.as_("employee")  # Mari, tamme-p2
    mine = employee.post(
        "/api/feeds",
        json={"kind": "person", "municipality": "tamme", "subject": "tamme-p2", "language": "en"},
    )
    assert mine.status_code == 201, mine.text
    body = api.client.get("/feeds/" + mine.json()["token"] + ".ics").content
    [away] = [e for e in events(body) if "away" in str(e["SUMMARY"]).lower()]
    assert days_of(away) == {TODAY + dt.timedelta(days=i) for i in range(10, 21)}
    assert "Jüri Õun" in str(away.get("DESCRIPTION", ""))
    # Someone else's person feed, or a unit feed, is not an employee's to make.
    other = employee.post(
        "/api/feeds", json={"kind": "person", "municipality": "tamme", "subject": "tamme-p1"}
    )
    assert other.status_code == 404
    unit = employee.post(
        "/api/feeds", json={"kind": "unit", "municipality": "tamme", "subject": "tamme-lastekaitse"}
    )
    assert unit.status_code == 404
    manager = api.as_("manager")
    made = manager.post(
        "/api/feeds", json={"kind": "unit", "municipality": "tamme", "subject": "tamme-sotsiaal"}
    )
    assert made.status_code == 201, made.text
    cal = api.client.get("/feeds/" + made.json()["token"] + ".ics")
    assert cal.status_code == 200 and events(cal.content)
    # Someone else's feed cannot be revoked; a made-up token is 404.
    assert employee.delete(f"/api/feeds/{made.json()['feed']['id']}").status_code == 404
    assert api.client.get("/feeds/" + "x" * 43 + ".ics").status_code == 404
    bad = manager.post(
        "/api/feeds", json={"kind": "moon", "municipality": "tamme", "subject": "tamme-sotsiaal"}
    )
    assert bad.status_code in (400, 422)
