"""Calendar feeds (iCalendar, RFC 5545) people subscribe to from Outlook or Google Calendar.

Pure: the service works out who acts when (`roles.coverage`) and passes plain data in; this
package only writes it as a calendar. Public API:

- `runs(days) -> list[DayRun]`: a set of days as runs of consecutive days.
- `person_feed(feed: PersonFeed, *, host: str) -> bytes`: one person's calendar: "you act for
  <title>" as all-day events over runs of days, and their own absences.
- `unit_feed(feed: UnitFeed, *, host: str) -> bytes`: a unit's calendar for its managers: who is
  away, who acts for which position, and the days nobody does.

Events are all-day (`DTSTART;VALUE=DATE`, `DTEND` the day after the last, exclusive, as RFC
5545 and both calendar programs want), transparent (they do not make anyone busy; absences are
shown as out of office in Outlook), with UIDs that stay the same while the event's subject and
first day do (so a subscribed calendar updates an event instead of duplicating it) and DTSTAMP
from `updated`, the time the data last changed, so the same data gives the same bytes. Text is
in the feed's language and escaped by `icalendar`; control characters are dropped. `host` (the
service's host name) makes UIDs globally unique.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

import icalendar
import msgspec

from roles.domain import AbsenceKind, dates

__all__ = [
    "Acting",
    "DayRun",
    "OwnAbsence",
    "PersonFeed",
    "UnitAbsence",
    "UnitActing",
    "UnitFeed",
    "person_feed",
    "runs",
    "unit_feed",
]


class DayRun(msgspec.Struct, frozen=True):
    """Consecutive days, both ends included."""

    first: dt.date
    last: dt.date


def runs(days: Iterable[dt.date]) -> list[DayRun]:
    """The days as runs of consecutive days, in order; duplicates count once."""
    out: list[DayRun] = []
    for day in sorted(set(days)):
        if out and out[-1].last + dt.timedelta(days=1) == day:
            out[-1] = DayRun(out[-1].first, day)
        else:
            out.append(DayRun(day, day))
    return out


class Acting(msgspec.Struct, frozen=True, kw_only=True):
    """The feed's person acts for a position over a run of days."""

    position: str  # id
    title: str  # the position's title
    first: dt.date
    last: dt.date
    absent: list[str] = []  # whom they stand in for (the absent holders), when known


class OwnAbsence(msgspec.Struct, frozen=True, kw_only=True):
    first: dt.date
    last: dt.date
    kind: AbsenceKind
    acting: list[str] = []  # who acts for them meanwhile (names), when known


class PersonFeed(msgspec.Struct, frozen=True, kw_only=True):
    person: str  # id: UIDs are made of it
    name: str
    language: str  # "et" or "en"
    updated: dt.datetime  # when the data last changed (UTC): every event's DTSTAMP
    acting: list[Acting] = []
    absences: list[OwnAbsence] = []


class UnitAbsence(msgspec.Struct, frozen=True, kw_only=True):
    person: str  # id
    name: str
    first: dt.date
    last: dt.date
    kind: AbsenceKind
    positions: list[str] = []  # titles of the positions they hold


class UnitActing(msgspec.Struct, frozen=True, kw_only=True):
    """Who acts for a position of the unit over a run of days; nobody = uncovered."""

    position: str  # id
    title: str
    first: dt.date
    last: dt.date
    person: str | None = None  # id of who acts; None: nobody, the position is uncovered
    name: str | None = None


class UnitFeed(msgspec.Struct, frozen=True, kw_only=True):
    unit: str  # id
    name: str
    language: str
    updated: dt.datetime
    absences: list[UnitAbsence] = []
    acting: list[UnitActing] = []


_WORDS = {
    "acts": ("Asendad: {}", "You act for: {}"),
    "acts_long": ("Asendad ametikohta „{}“ {}.", "You act for the position “{}” {}."),
    "for_whom": ("Eemal: {}.", "Away: {}."),
    "away": ("Puudud: {}", "You are away: {}"),
    "acting_for_you": ("Sind asendab: {}.", "Acting for you: {}."),
    "absent": ("{}: {}", "{}: {}"),
    "holds": ("Ametikoht: {}.", "Position: {}."),
    "unit_acting": ("{}: asendab {}", "{}: {} acts"),
    "uncovered": ("{}: KATMATA", "{}: UNCOVERED"),
    "uncovered_long": (
        "Ametikohal „{}“ pole {} kedagi, kes asendaks.",
        "Nobody acts for the position “{}” {}.",
    ),
    "person_calendar": ("Asendamised: {}", "Substitutions: {}"),
    "unit_calendar": ("{}: puudumised ja asendamised", "{}: absences and substitutions"),
}
_KINDS = {
    AbsenceKind.VACATION: ("puhkus", "vacation"),
    AbsenceKind.SICK: ("haigusleht", "sick leave"),
    AbsenceKind.TRAINING: ("koolitus", "training"),
    AbsenceKind.TRIP: ("lähetus", "business trip"),
    AbsenceKind.OTHER: ("muu puudumine", "other absence"),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}$")


def _w(key: str, language: str, *args: object) -> str:
    et, en = _WORDS[key]
    return (et if language == "et" else en).format(*args)


def _span(first: dt.date, last: dt.date, language: str) -> str:
    a, b = dates.shown(first, language), dates.shown(last, language)
    if first == last:
        return ("" if language == "et" else "on ") + a
    return f"{a}–{b}" if language == "et" else f"from {a} to {b}"


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _calendar(name: str, language: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//roles//substitution calendar//" + language.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", icalendar.vText(_clean(name)))
    # How often subscribers should fetch again (Google, Apple: REFRESH-INTERVAL; Outlook: TTL).
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal


def _event(
    cal: icalendar.Calendar,
    *,
    uid_parts: tuple[str, ...],
    host: str,
    stamp: dt.datetime,
    first: dt.date,
    last: dt.date,
    summary: str,
    description: str,
    out_of_office: bool = False,
) -> None:
    event = icalendar.Event()
    digest = hashlib.sha256("\x1f".join(uid_parts).encode()).hexdigest()[:32]
    event.add("uid", f"{digest}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + dt.timedelta(days=1))  # exclusive
    event.add("summary", _clean(summary))
    event.add("description", _clean(description))
    event.add("transp", "TRANSPARENT")
    event.add("x-microsoft-cdo-busystatus", "OOF" if out_of_office else "FREE")
    event.add("x-microsoft-cdo-alldayevent", "TRUE")
    cal.add_component(event)


def _stamp(updated: dt.datetime) -> dt.datetime:
    if updated.tzinfo is None:
        raise ValueError("updated must be an aware datetime (UTC)")
    return updated.astimezone(dt.UTC).replace(microsecond=0)


def _check_host(host: str) -> None:
    if not _HOST.match(host):
        raise ValueError(f"host {host!r} is not a host name")


def person_feed(feed: PersonFeed, *, host: str) -> bytes:
    """One person's calendar: the positions they act for, and their own absences."""
    _check_host(host)
    language, stamp = feed.language, _stamp(feed.updated)
    cal = _calendar(_w("person_calendar", language, feed.name), language)
    for a in sorted(feed.acting, key=lambda a: (a.first, a.position)):
        description = _w("acts_long", language, a.title, _span(a.first, a.last, language))
        if a.absent:
            description += " " + _w("for_whom", language, ", ".join(a.absent))
        _event(
            cal,
            uid_parts=("acting", feed.person, a.position, a.first.isoformat()),
            host=host,
            stamp=stamp,
            first=a.first,
            last=a.last,
            summary=_w("acts", language, a.title),
            description=description,
        )
    for b in sorted(feed.absences, key=lambda b: (b.first, b.kind)):
        kind = _KINDS[b.kind][0 if language == "et" else 1]
        description = f"{kind} {_span(b.first, b.last, language)}."
        if b.acting:
            description += " " + _w("acting_for_you", language, ", ".join(b.acting))
        _event(
            cal,
            uid_parts=("absence", feed.person, b.first.isoformat(), str(b.kind)),
            host=host,
            stamp=stamp,
            first=b.first,
            last=b.last,
            summary=_w("away", language, kind),
            description=description,
            out_of_office=True,
        )
    return bytes(cal.to_ical())


def unit_feed(feed: UnitFeed, *, host: str) -> bytes:
    """A unit's calendar for its managers: absences, who acts, and uncovered days."""
    _check_host(host)
    language, stamp = feed.language, _stamp(feed.updated)
    cal = _calendar(_w("unit_calendar", language, feed.name), language)
    for b in sorted(feed.absences, key=lambda b: (b.first, b.person, b.kind)):
        kind = _KINDS[b.kind][0 if language == "et" else 1]
        description = f"{b.name}: {kind} {_span(b.first, b.last, language)}."
        if b.positions:
            description += " " + _w("holds", language, ", ".join(b.positions))
        _event(
            cal,
            uid_parts=("unit-absence", feed.unit, b.person, b.first.isoformat(), str(b.kind)),
            host=host,
            stamp=stamp,
            first=b.first,
            last=b.last,
            summary=_w("absent", language, b.name, kind),
            description=description,
        )
    for a in sorted(feed.acting, key=lambda a: (a.first, a.position)):
        span = _span(a.first, a.last, language)
        if a.person is None:
            summary = _w("uncovered", language, a.title)
            description = _w("uncovered_long", language, a.title, span)
        else:
            name = a.name or a.person
            summary = _w("unit_acting", language, a.title, name)
            description = f"{summary} {span}."
        _event(
            cal,
            uid_parts=("unit-acting", feed.unit, a.position, a.person or "", a.first.isoformat()),
            host=host,
            stamp=stamp,
            first=a.first,
            last=a.last,
            summary=summary,
            description=description,
        )
    return bytes(cal.to_ical())
