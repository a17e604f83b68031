"""What a manager's weekly digest and HR's monthly summary say, from a municipality's
snapshot and the holders awaiting acknowledgement (services.reminders decides who gets which
and when)."""

import datetime as dt
from collections import defaultdict

from roles import coverage, mail
from roles.services import seen_findings
from roles.services.access import View
from roles.services.acknowledgements import PendingHolder
from roles.services.snapshot import Snapshot

DIGEST_DAYS = 28  # a digest looks four weeks ahead


def link(public_url: str, path: str) -> str:
    return public_url.rstrip("/") + path


def _names(snap: Snapshot, people: list[str]) -> list[str]:
    return [snap.people[p].name for p in people if p in snap.people]


def _uncovered(
    snap: Snapshot, findings: list[coverage.Finding], positions: set[str]
) -> list[mail.Uncovered]:
    out = []
    for f in findings:
        if f.code != coverage.Code.UNCOVERED or f.position not in positions or not f.ranges:
            continue
        p = snap.positions[f.position]
        away = [
            person.name
            for person in snap.holders_on(p.id, f.ranges[0].start)
            if any(a.start <= r.end and r.start <= a.end for a in person.absences for r in f.ranges)
        ]
        out.append(
            mail.Uncovered(
                position=p.title,
                unit=snap.units[p.unit].name,
                days=[mail.DayRange(r.start, r.end) for r in f.ranges],
                away=away,
            )
        )
    return out


def digest(
    snap: Snapshot,
    waiting: list[PendingHolder],
    to: mail.Recipient,
    units: list[str],
    today: dt.date,
    public_url: str,
    unsubscribe: str,
) -> mail.Digest | None:
    below = snap.below(*units)
    positions = {p.id for p in snap.registry.positions if p.unit in below}
    last = today + dt.timedelta(days=DIGEST_DAYS - 1)
    # as the manager sees them on the pages: nothing named outside their units
    people = frozenset(h for p in positions for h in snap.holders.get(p, []))
    v = View(units=frozenset(below), positions=frozenset(positions), people=people, private=people)
    findings = seen_findings.seen(v, snap.registry, snap.findings(today, last))
    language = to.language
    vacant = [
        mail.VacantChain(
            position=snap.positions[f.position].title,
            unit=snap.units[snap.positions[f.position].unit].name,
            chain=[
                snap.positions[p].title
                if p in snap.positions
                else seen_findings.outside(language)
                for p in f.positions or []
            ],
        )
        for f in findings
        if f.code == coverage.Code.VACANT_CHAIN and f.position in positions
    ]
    unqualified = [
        mail.Unqualified(
            position=snap.positions[f.position].title,
            substitute=", ".join(
                dict.fromkeys(
                    snap.people[m.who].name
                    if m.who in snap.people
                    else snap.positions[m.who].title
                    if m.who in snap.positions
                    else seen_findings.outside(language, person=m.whose == "person")
                    for m in f.requirements or []
                )
            ),
            missing=[f"{m.kind} {m.required}" for m in f.requirements or []],
        )
        for f in findings
        if f.code == coverage.Code.UNQUALIFIED_SUBSTITUTE and f.position in positions
    ]
    pending = [
        mail.Pending(person=h.name, position=h.position_title, since=h.since)
        for h in waiting
        if h.unit in below
    ]
    uncovered = _uncovered(snap, findings, positions)
    if not (uncovered or vacant or unqualified or pending):
        return None  # a quiet week: no message
    return mail.Digest(
        to=to,
        units=[snap.units[unit].name for unit in units],
        first=today,
        last=last,
        uncovered=uncovered,
        vacant_chains=vacant,
        unqualified=unqualified,
        pending=pending,
        link=link(public_url, f"/m/{snap.id}/coverage"),
        unsubscribe=unsubscribe,
    )


def summary(
    snap: Snapshot,
    waiting: list[PendingHolder],
    to: mail.Recipient,
    month: dt.date,
    today: dt.date,
    public_url: str,
    unsubscribe: str,
) -> mail.MonthlySummary:
    first = month.replace(day=1)
    r = snap.registry
    live = [p for p in r.positions if p.abolished is None or p.abolished > today]
    absence_days = 0
    for person in r.people:
        for a in person.absences:
            start, end = max(a.start, first), min(a.end, month)
            absence_days += max(0, (end - start).days + 1)
    ahead = today + dt.timedelta(days=30)
    findings = snap.findings(today, ahead)
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[str(f.code)] += 1
    approved = [
        mail.Approved(position=snap.positions[d.position].title, version=d.version, day=d_day)
        for d in r.job_descriptions
        if d.approval is not None
        and (d_day := d.approval.date) is not None
        and first <= d_day <= month
        and d.position in snap.positions
    ]
    return mail.MonthlySummary(
        to=to,
        municipality=r.municipality.name,
        month=month,
        positions=len(live),
        vacant=sum(1 for p in live if snap.vacant(p.id, today)),
        people=len(r.people),
        absence_days=absence_days,
        findings=dict(sorted(counts.items())),
        uncovered=_uncovered(snap, findings, {p.id for p in live}),
        pending=[
            mail.Pending(person=h.name, position=h.position_title, since=h.since) for h in waiting
        ],
        approved=approved,
        link=link(public_url, f"/m/{snap.id}"),
        unsubscribe=unsubscribe,
    )
