"""The registry browser tests run against: the API tests' two municipalities, with dates
relative to today so the coverage dashboard (today + 4 weeks) shows an uncovered week."""

import datetime as dt

import msgspec
from sqlalchemy.engine import Engine

from roles import domain, store
from roles.services import accounts

from ..api.factories import USERS, kase, tamme

ABSENCE_START = 7  # days from today: the week the department head is away


def absence_week(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today + dt.timedelta(days=ABSENCE_START)
    return first, first + dt.timedelta(days=6)


def tamme_now(today: dt.date) -> domain.Registry:
    r = tamme()
    first, last = absence_week(today)
    people = [
        msgspec.structs.replace(
            p,
            absences=[
                *p.absences,
                domain.Absence(start=first, end=last, kind=domain.AbsenceKind.VACATION),
            ],
        )
        if p.id == "tamme-p1"
        else p
        for p in r.people
    ]
    return msgspec.structs.replace(r, people=people)


def populate(engine: Engine, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    with store.sessions(engine)() as session:
        store.load_all(session, [("tamme", tamme_now(today)), ("kase", kase())])
    with store.sessions(engine)() as session, session.begin():
        for user in USERS.values():
            accounts.add_user(session, user, "test")
