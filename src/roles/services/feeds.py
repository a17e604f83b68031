"""Calendar feeds at secret URLs: a person's ("you act for X", their own absences) and a unit's
for its managers (who is away, who acts, the days nobody does).

A feed is made by its owner (an employee for their own person; a manager or HR for a unit they
see) and answered at `/feeds/<token>.ics` to anyone holding the URL, since calendar programs
cannot log in. Only the SHA-256 of the token is stored: the URL is shown once, and a database
that leaks gives no feed away. Revoking deletes the row; the URL answers 404 from then on, as
does a feed whose person or unit is gone or no longer in its owner's view.

What acts when is the coverage engine's (`roles.coverage.Coverage`): the feed holds exactly
the days it gives, from `PAST` days ago to `AHEAD` days ahead.
"""

import datetime as dt
import hashlib
import secrets
from collections import defaultdict

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import coverage, domain, feeds
from roles.services import auth
from roles.services.access import Caller, Role
from roles.services.errors import Forbidden, Invalid, NotFound, not_found
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.services.workspace import Workspace
from roles.store import hr_tables as hr
from roles.store import tables as t
from roles.store.db import aware

PAST = 31  # days back a feed shows
AHEAD = 365  # days ahead
PERSON = "person"
UNIT = "unit"
MAX_FEEDS = 20  # per user: more is a leak waiting to happen, not a need


class FeedIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    kind: str  # person | unit
    municipality: domain.Slug
    subject: domain.Slug  # the person's or the unit's id
    language: str = "et"


class Feed(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: str
    municipality: str
    subject: str
    language: str
    created_at: dt.datetime


class NewFeed(msgspec.Struct, frozen=True, kw_only=True):
    feed: Feed
    token: str  # shown once: the feed's URL is /feeds/<token>.ics


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _out(row: hr.FeedToken) -> Feed:
    return Feed(
        id=row.id,
        kind=row.kind,
        municipality=row.municipality_id,
        subject=row.subject_id,
        language=row.language,
        created_at=aware(row.created_at),
    )


def _may(ws: Workspace, caller: Caller, kind: str, municipality: str, subject: str) -> None:
    """NotFound unless the caller may have this feed."""
    snap, v = visible(ws, caller, municipality)
    if kind == PERSON:
        own = caller.person == subject
        staff = caller.role in (Role.HR, Role.ADMIN) and v.person(subject)
        if subject not in snap.people or not (own or staff):
            raise not_found("person", subject)
    elif kind == UNIT:
        if subject not in snap.units or not v.unit(subject) or caller.role == Role.EMPLOYEE:
            raise not_found("unit", subject)
    else:
        raise Invalid([domain.Problem("kind", "must be person or unit")])


def create(ws: Workspace, caller: Caller, data: FeedIn) -> NewFeed:
    if data.language not in ("et", "en"):
        raise Invalid([domain.Problem("language", "must be et or en")])
    if caller.id is None:
        raise Forbidden("feeds belong to users")
    _may(ws, caller, data.kind, data.municipality, data.subject)
    token = secrets.token_urlsafe(32)
    with ws.sessions() as session, session.begin():
        count = session.scalar(sa.select(sa.func.count()).where(hr.FeedToken.user_id == caller.id))
        if (count or 0) >= MAX_FEEDS:
            raise Invalid(
                [domain.Problem("feeds", f"at most {MAX_FEEDS} feeds: revoke one you do not use")]
            )
        row = hr.FeedToken(
            token_hash=_hash(token),
            user_id=caller.id,
            municipality_id=data.municipality,
            kind=data.kind,
            subject_id=data.subject,
            language=data.language,
            created_at=dt.datetime.now(dt.UTC),
        )
        session.add(row)
        session.flush()
        return NewFeed(feed=_out(row), token=token)


def mine(ws: Workspace, caller: Caller) -> list[Feed]:
    with ws.sessions() as session:
        return [
            _out(r)
            for r in session.scalars(
                sa.select(hr.FeedToken)
                .where(hr.FeedToken.user_id == caller.id)
                .order_by(hr.FeedToken.id)
            )
        ]


def revoke(ws: Workspace, caller: Caller, feed: int) -> None:
    """Delete one of the caller's feeds; NotFound for anyone else's."""
    with ws.sessions() as session, session.begin():
        row = session.get(hr.FeedToken, feed)
        if row is None or row.user_id != caller.id:
            raise NotFound(f"no feed {feed}")
        session.delete(row)


def _owner(session: Session, user_id: int) -> Caller | None:
    user = session.get(t.User, user_id)
    return None if user is None else auth.caller_of(session, user)


def calendar(ws: Workspace, token: str, host: str, today: dt.date | None = None) -> bytes:
    """The feed behind a token as iCalendar bytes; NotFound for a token that is unknown or
    revoked, or a feed its owner may no longer see."""
    if not 20 <= len(token) <= 100:
        raise NotFound("no such feed")
    with ws.sessions() as session:
        row = session.scalars(
            sa.select(hr.FeedToken).where(hr.FeedToken.token_hash == _hash(token))
        ).first()
        if row is None:
            raise NotFound("no such feed")
        owner = _owner(session, row.user_id)
        updated = session.scalar(
            sa.select(sa.func.max(t.AuditEntry.at)).where(
                t.AuditEntry.municipality_id == row.municipality_id
            )
        )
        kind, mid, subject, language = row.kind, row.municipality_id, row.subject_id, row.language
        created = aware(row.created_at)
    if owner is None:
        raise NotFound("no such feed")
    try:
        _may(ws, owner, kind, mid, subject)
    except (NotFound, Forbidden):
        raise NotFound("no such feed") from None
    snap = ws.require(mid)
    stamp = aware(updated) if updated is not None else created
    today = today or dt.date.today()
    days = coverage.DayRange(today - dt.timedelta(days=PAST), today + dt.timedelta(days=AHEAD))
    table = coverage.Coverage(snap.coverage_index, days)
    if kind == PERSON:
        return feeds.person_feed(person_feed(snap, table, subject, language, stamp), host=host)
    return feeds.unit_feed(unit_feed(snap, table, subject, language, stamp), host=host)


def _away(snap: Snapshot, position: str, first: dt.date, last: dt.date) -> list[str]:
    return [
        p.name
        for p in snap.holders_on(position, first)
        if any(a.start <= last and first <= a.end for a in p.absences)
    ]


def person_feed(
    snap: Snapshot,
    table: coverage.Coverage,
    person: str,
    language: str,
    updated: dt.datetime,
) -> feeds.PersonFeed:
    """One person's feed over the table's days: where the engine has them act for another
    position, and their own absences with who acts for them meanwhile."""
    acting: list[feeds.Acting] = []
    for p in snap.registry.positions:
        for seg in table.segments(p.id):
            a = seg.acting
            if a.status is coverage.Status.SUBSTITUTE and a.person == person:
                acting.append(
                    feeds.Acting(
                        position=p.id,
                        title=p.title,
                        first=seg.first,
                        last=seg.last,
                        absent=_away(snap, p.id, seg.first, seg.last),
                    )
                )
    me = snap.people[person]
    absences = []
    first, last = table.days.first, table.days.last
    for away in me.absences:
        if away.end < first or away.start > last:
            continue
        held = [x.position for x in me.assignments if x.active_on(away.start)]
        who: dict[str, None] = {}
        for pos in held:
            if pos in snap.positions:
                found = coverage.who_acts(snap.coverage_index, pos, max(away.start, first))
                if found.person and found.person != person and found.person in snap.people:
                    who[snap.people[found.person].name] = None
        absences.append(
            feeds.OwnAbsence(first=away.start, last=away.end, kind=away.kind, acting=list(who))
        )
    return feeds.PersonFeed(
        person=person,
        name=me.name,
        language=language,
        updated=updated,
        acting=acting,
        absences=absences,
    )


def unit_feed(
    snap: Snapshot,
    table: coverage.Coverage,
    unit: str,
    language: str,
    updated: dt.datetime,
) -> feeds.UnitFeed:
    """A unit's feed (with the units below it): absences of the people holding its positions,
    who acts for them, and the days nobody does."""
    below = snap.below(unit)
    positions = [p for p in snap.registry.positions if p.unit in below]
    first, last = table.days.first, table.days.last
    holds: dict[str, list[str]] = defaultdict(list)
    for p in positions:
        for pid in snap.holders.get(p.id, []):
            holds[pid].append(p.title)
    absences = [
        feeds.UnitAbsence(
            person=pid,
            name=snap.people[pid].name,
            first=a.start,
            last=a.end,
            kind=a.kind,
            positions=sorted(set(titles)),
        )
        for pid, titles in sorted(holds.items())
        for a in snap.people[pid].absences
        if a.start <= last and first <= a.end
    ]
    acting: list[feeds.UnitActing] = []
    for p in positions:
        for seg in table.segments(p.id):
            a = seg.acting
            if a.status is coverage.Status.PRESENT:
                continue
            name = snap.people[a.person].name if a.person in snap.people else None
            acting.append(
                feeds.UnitActing(
                    position=p.id,
                    title=p.title,
                    first=seg.first,
                    last=seg.last,
                    person=a.person,
                    name=name,
                )
            )
    return feeds.UnitFeed(
        unit=unit,
        name=snap.units[unit].name,
        language=language,
        updated=updated,
        absences=absences,
        acting=acting,
    )
