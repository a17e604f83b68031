"""Acknowledgements: every holder of a position acknowledges each approved version of its job
description ("Olen ametijuhendiga tutvunud").

- A holder is a person with an assignment to the position that has not ended (today's, or one
  starting later: they may acknowledge ahead). Who is *pending* counts today's holders only.
- An employee acknowledges the version in force of their own position with their session or
  token (method "session"), or by signing its container (method "signature"): through Web
  eID (services/webeid.py), or in DigiDoc4 and uploading the signed container
  (services/signed_uploads.py). The record keeps the person, position, version, the SHA-256 of
  the DOCX of record (services/records.docx_of_record) and the time.
- Append-only: rows are inserted, never changed or deleted; one per person and version (a
  unique index), so acknowledging again answers the first one. Each is in the audit log.
- A new approved version asks again: pending is always reckoned against the version in force,
  since its approval date or the holder's assignment start, whichever is later.
"""

import datetime as dt
import hashlib
from collections import defaultdict

import msgspec
import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.orm import Session

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.services import descriptions, records
from roles.services.access import Caller, View
from roles.services.errors import Conflict, NotFound, not_found
from roles.services.snapshot import Snapshot
from roles.services.views import visible
from roles.services.workspace import Workspace
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.db import aware

KIND = "acknowledgement"
SESSION = "session"
SIGNATURE = "signature"


class Acknowledgement(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    municipality: str
    person: str
    position: str
    version: int
    document_sha256: str  # of the DOCX acknowledged
    at: dt.datetime
    method: str  # session | signature


class PendingHolder(msgspec.Struct, frozen=True, kw_only=True):
    person: str
    name: str
    position: str
    position_title: str
    unit: str
    version: int  # the version in force, not yet acknowledged
    approved: dt.date | None
    since: dt.date  # the later of the approval date and the assignment's start
    days: int  # pending this many days (as of the report's date)


class UnitPending(msgspec.Struct, frozen=True, kw_only=True):
    unit: str
    name: str
    holders: list[PendingHolder]


class PendingReport(msgspec.Struct, frozen=True, kw_only=True):
    municipality: str
    as_of: dt.date
    total: int
    units: list[UnitPending]  # units with someone pending, by name

    @property
    def items(self) -> list[PendingHolder]:
        return [h for u in self.units for h in u.holders]


def _out(row: t.Acknowledgement) -> Acknowledgement:
    return Acknowledgement(
        id=row.id,
        municipality=row.municipality_id,
        person=row.person_id,
        position=row.position_id,
        version=row.version,
        document_sha256=row.document_hash,
        at=aware(row.at),
        method=row.method,
    )


def _key(position: str, version: int, person: str) -> str:
    return f"{position}/v{version}/{person}"


def _existing(
    session: Session, person: str, position: str, version: int
) -> t.Acknowledgement | None:
    return session.scalars(
        sa.select(t.Acknowledgement).where(
            t.Acknowledgement.person_id == person,
            t.Acknowledgement.position_id == position,
            t.Acknowledgement.version == version,
        )
    ).first()


def add(
    session: Session,
    actor: str,
    municipality: str,
    person: str,
    position: str,
    version: int,
    document: bytes,
    method: str,
    now: dt.datetime,
) -> tuple[Acknowledgement, bool]:
    """Record an acknowledgement in the session's transaction, with its audit entry; an
    existing one for the same person and version is answered instead (False: not new)."""
    found = _existing(session, person, position, version)
    if found is not None:
        return _out(found), False
    row = t.Acknowledgement(
        municipality_id=municipality,
        person_id=person,
        position_id=position,
        version=version,
        document_hash=hashlib.sha256(document).hexdigest(),
        at=now,
        method=method,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except sqlalchemy.exc.IntegrityError:  # a concurrent request recorded it first
        found = _existing(session, person, position, version)
        assert found is not None
        return _out(found), False
    made = _out(row)
    record(
        session,
        actor,
        municipality,
        [Change(KIND, _key(position, version, person), "acknowledge", None, made)],
        now,
    )
    return made, True


def holds(person: domain.Person, position: str, today: dt.date) -> bool:
    """A current or coming holder of the position."""
    return any(
        a.position == position and (a.end is None or a.end >= today) for a in person.assignments
    )


def in_force(snap: Snapshot, position: str) -> domain.JobDescription | None:
    found = snap.current(position)
    return found if found is not None and found.status is Status.APPROVED else None


def acknowledge(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    version: int,
    now: dt.datetime | None = None,
) -> tuple[Acknowledgement, bool]:
    """The caller (an employee) acknowledges a version of their own position, in force."""
    now = now or dt.datetime.now(dt.UTC)
    snap, d, person = own_in_force(ws, caller, municipality, position, version, now)
    document = records.docx_of_record(ws, snap, d)
    with ws.sessions() as session, session.begin():
        return add(
            session, caller.name, snap.id, person.id, position, d.version, document, SESSION, now
        )


def own_in_force(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    version: int,
    now: dt.datetime,
) -> tuple[Snapshot, domain.JobDescription, domain.Person]:
    """The version, in force, of a position the caller holds; 404 / 409 otherwise."""
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    person = snap.people.get(caller.person or "")
    if person is None or not holds(person, position, now.date()):
        raise NotFound(f"you hold no position {position!r}: only its holders acknowledge it")
    current = in_force(snap, position)
    if current is None or current.version != d.version:
        hint = f"; acknowledge version {current.version}" if current is not None else ""
        raise Conflict(f"version {version} of {position!r} is {d.status}, not in force{hint}")
    return snap, d, person


def by_signature(
    session: Session,
    snap: Snapshot,
    actor: str,
    position: str,
    version: int,
    code: str,
    document: bytes,
    now: dt.datetime,
) -> int | None:
    """A finished signature whose signer holds the position acknowledges the version in
    force for them; answers the acknowledgement's id (None: not a holder, or not in force)."""
    current = in_force(snap, position)
    if current is None or current.version != version:
        return None
    today = now.date()
    for pid in snap.holders.get(position, []):
        person = snap.people[pid]
        if person.personal_code == code and holds(person, position, today):
            made, _ = add(session, actor, snap.id, pid, position, version, document, SIGNATURE, now)
            return made.id
    return None


def listing(
    ws: Workspace, caller: Caller, municipality: str, position: str, version: int
) -> list[Acknowledgement]:
    """The acknowledgements of a version, of the people the caller sees (employees: their own)."""
    snap, v = visible(ws, caller, municipality)
    _, d = descriptions.version(ws, caller, municipality, position, version)
    with ws.sessions() as session:
        rows = session.scalars(
            sa.select(t.Acknowledgement)
            .where(
                t.Acknowledgement.municipality_id == snap.id,
                t.Acknowledgement.position_id == position,
                t.Acknowledgement.version == d.version,
            )
            .order_by(t.Acknowledgement.id)
        ).all()
        return [_out(r) for r in rows if v.person(r.person_id)]


def _acknowledged(ws: Workspace, municipality: str) -> set[tuple[str, str, int]]:
    with ws.sessions() as session:
        rows = session.execute(
            sa.select(
                t.Acknowledgement.person_id,
                t.Acknowledgement.position_id,
                t.Acknowledgement.version,
            ).where(t.Acknowledgement.municipality_id == municipality)
        ).all()
    return {(p, q, n) for p, q, n in rows}


def pending(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    unit: str | None = None,
    today: dt.date | None = None,
) -> PendingReport:
    """Today's holders who have not acknowledged the version in force, per unit, in the
    caller's view (HR: the municipality; managers: their units; employees: themselves)."""
    today = today or dt.date.today()
    snap, v = visible(ws, caller, municipality)
    if unit is not None and (unit not in snap.units or not v.unit(unit)):
        raise not_found("unit", unit)
    units = snap.below(unit) if unit is not None else None
    done = _acknowledged(ws, snap.id)
    by_unit: dict[str, list[PendingHolder]] = defaultdict(list)
    for position in snap.registry.positions:
        if not _counts(v, position, units, today):
            continue
        d = in_force(snap, position.id)
        if d is None:
            continue
        approved = d.approval.date if d.approval is not None else None
        for pid in snap.holders.get(position.id, []):
            person = snap.people[pid]
            if not v.person(pid) or (pid, position.id, d.version) in done:
                continue
            starts = [
                a.start
                for a in person.assignments
                if a.position == position.id and a.active_on(today)
            ]
            if not starts:
                continue
            since = max(starts) if approved is None else max(approved, max(starts))
            by_unit[position.unit].append(
                PendingHolder(
                    person=pid,
                    name=person.name,
                    position=position.id,
                    position_title=position.title,
                    unit=position.unit,
                    version=d.version,
                    approved=approved,
                    since=since,
                    days=max(0, (today - since).days),
                )
            )
    listed = [
        UnitPending(
            unit=u,
            name=snap.units[u].name,
            holders=sorted(holders, key=lambda h: (-h.days, h.name, h.position)),
        )
        for u, holders in by_unit.items()
    ]
    listed.sort(key=lambda u: (u.name, u.unit))
    return PendingReport(
        municipality=snap.id,
        as_of=today,
        total=sum(len(u.holders) for u in listed),
        units=listed,
    )


def _counts(v: View, position: domain.Position, units: set[str] | None, today: dt.date) -> bool:
    if not v.position(position.id) or (units is not None and position.unit not in units):
        return False
    return position.abolished is None or position.abolished > today
