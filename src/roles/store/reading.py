"""Rows back into domain registries: what export, coverage, rendering and the API read."""

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.store import hr_tables as hr
from roles.store import tables as t

_qualifications = msgspec.json.Decoder(domain.PersonQualifications)
_description = msgspec.json.Decoder(domain.JobDescription)
_duties = msgspec.json.Decoder(list[str])
_establishment = msgspec.json.Decoder(domain.Establishment)


def municipality_ids(session: Session) -> list[str]:
    return list(session.scalars(sa.select(t.Municipality.id).order_by(t.Municipality.id)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hundreds of thousands of new objects that all live: the cyclic collector would walk
    them over and over (three quarters of the time of decoding the job descriptions)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_registry(session: Session, municipality_id: str) -> domain.Registry | None:
    """One municipality's whole registry, in canonical order, or None when it is not stored.

    Plain rows, no ORM objects, the collector paused: a registry of 10 000 positions reads in
    a fraction of the time, which is what every other worker pays after a write.
    """
    with _collector_paused():
        return _read(session, municipality_id)


def _read(session: Session, municipality_id: str) -> domain.Registry | None:
    m = session.execute(
        sa.select(
            t.Municipality.id, t.Municipality.name, t.Municipality.kind, t.Municipality.layout
        ).where(t.Municipality.id == municipality_id)
    ).first()
    if m is None:
        return None
    where = municipality_id
    position_ids = sa.select(t.Position.id).where(t.Position.municipality_id == where)
    people_ids = sa.select(t.Person.id).where(t.Person.municipality_id == where)

    rules: dict[str, list[domain.SubstitutionRule]] = defaultdict(list)
    r = t.SubstitutionRule
    for position_id, substitute, if_needed, duties in session.execute(
        sa.select(r.position_id, r.substitute_id, r.if_needed, r.duties)
        .where(r.position_id.in_(position_ids))
        .order_by(r.position_id, r.ordinal)
    ):
        rules[position_id].append(
            domain.SubstitutionRule(
                position=substitute,
                if_needed=if_needed,
                duties=None if duties is None else _duties.decode(duties),
            )
        )
    declared: dict[str, list[str]] = defaultdict(list)
    ds = t.DeclaredSubstitution
    for position_id, substituted in session.execute(
        sa.select(ds.position_id, ds.substituted_id)
        .where(ds.position_id.in_(position_ids))
        .order_by(ds.position_id, ds.ordinal)
    ):
        declared[position_id].append(substituted)

    assignments: dict[str, list[domain.Assignment]] = defaultdict(list)
    a = t.Assignment
    for person_id, position_id, start, end in session.execute(
        sa.select(a.person_id, a.position_id, a.start, a.end)
        .where(a.person_id.in_(people_ids))
        .order_by(a.start, a.position_id, a.id)
    ):
        assignments[person_id].append(domain.Assignment(position=position_id, start=start, end=end))
    absences: dict[str, list[domain.Absence]] = defaultdict(list)
    b = t.Absence
    for person_id, start, end, kind in session.execute(
        sa.select(b.person_id, b.start, b.end, b.kind)
        .where(b.person_id.in_(people_ids))
        .order_by(b.start, b.end, b.kind, b.id)
    ):
        absences[person_id].append(
            domain.Absence(start=start, end=end, kind=domain.AbsenceKind(kind))
        )

    ag, u, p, pe, jd = t.Agency, t.Unit, t.Position, t.Person, t.JobDescription
    return domain.Registry(
        format=domain.FORMAT,
        municipality=domain.Municipality(
            id=m.id, name=m.name, kind=domain.MunicipalityKind(m.kind), layout=m.layout
        ),
        agencies=[
            domain.Agency(id=id_, name=name, head_title=head)
            for id_, name, head in session.execute(
                sa.select(ag.id, ag.name, ag.head_title)
                .where(ag.municipality_id == where)
                .order_by(ag.id)
            )
        ],
        units=[
            domain.Unit(id=id_, agency=agency, name=name, parent=parent)
            for id_, agency, name, parent in session.execute(
                sa.select(u.id, u.agency_id, u.name, u.parent_id)
                .where(u.municipality_id == where)
                .order_by(u.id)
            )
        ],
        positions=[
            domain.Position(
                id=id_,
                title=title,
                unit=unit,
                service=domain.ServiceType(service),
                anti_corruption_official=anti_corruption,
                seats=seats,
                reports_to=reports_to,
                abolished=abolished,
                substitutes=rules.get(id_, []),
                substitutes_for=declared.get(id_, []),
            )
            for id_, title, unit, service, anti_corruption, seats, reports_to, abolished in (
                session.execute(
                    sa.select(
                        p.id,
                        p.title,
                        p.unit_id,
                        p.service,
                        p.anti_corruption_official,
                        p.seats,
                        p.reports_to_id,
                        p.abolished,
                    )
                    .where(p.municipality_id == where)
                    .order_by(p.id)
                )
            )
        ],
        people=[
            domain.Person(
                id=id_,
                name=name,
                personal_code=code,
                sample=sample,
                qualifications=None if quals is None else _qualifications.decode(quals),
                assignments=assignments.get(id_, []),
                absences=absences.get(id_, []),
            )
            for id_, name, code, sample, quals in session.execute(
                sa.select(pe.id, pe.name, pe.personal_code, pe.sample, pe.qualifications)
                .where(pe.municipality_id == where)
                .order_by(pe.id)
            )
        ],
        job_descriptions=[
            _description.decode(document)
            for (document,) in session.execute(
                sa.select(jd.document)
                .where(jd.municipality_id == where)
                .order_by(jd.position_id, jd.version)
            )
        ],
        establishments=[
            _establishment.decode(document)
            for (document,) in session.execute(
                sa.select(hr.Establishment.document)
                .where(hr.Establishment.municipality_id == where)
                .order_by(hr.Establishment.agency_id, hr.Establishment.version)
            )
        ],
    )
