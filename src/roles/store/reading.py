"""Rows back into domain registries: what export, coverage and rendering read."""

from collections import defaultdict

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.store import tables as t

_qualifications = msgspec.json.Decoder(domain.PersonQualifications)
_description = msgspec.json.Decoder(domain.JobDescription)
_duties = msgspec.json.Decoder(list[str])


def municipality_ids(session: Session) -> list[str]:
    return list(session.scalars(sa.select(t.Municipality.id).order_by(t.Municipality.id)))


def read_registry(session: Session, municipality_id: str) -> domain.Registry | None:
    """One municipality's whole registry, in canonical order, or None when it is not stored."""
    m = session.get(t.Municipality, municipality_id)
    if m is None:
        return None
    where = municipality_id

    rules: dict[str, list[domain.SubstitutionRule]] = defaultdict(list)
    rule_rows = session.execute(
        sa.select(t.SubstitutionRule)
        .join(t.Position, t.Position.id == t.SubstitutionRule.position_id)
        .where(t.Position.municipality_id == where)
        .order_by(t.SubstitutionRule.position_id, t.SubstitutionRule.ordinal)
    ).scalars()
    for r in rule_rows:
        rules[r.position_id].append(
            domain.SubstitutionRule(
                position=r.substitute_id,
                if_needed=r.if_needed,
                duties=None if r.duties is None else _duties.decode(r.duties),
            )
        )
    declared: dict[str, list[str]] = defaultdict(list)
    declared_rows = session.execute(
        sa.select(t.DeclaredSubstitution)
        .join(t.Position, t.Position.id == t.DeclaredSubstitution.position_id)
        .where(t.Position.municipality_id == where)
        .order_by(t.DeclaredSubstitution.position_id, t.DeclaredSubstitution.ordinal)
    ).scalars()
    for d in declared_rows:
        declared[d.position_id].append(d.substituted_id)

    assignments: dict[str, list[domain.Assignment]] = defaultdict(list)
    absences: dict[str, list[domain.Absence]] = defaultdict(list)
    people_of = sa.select(t.Person.id).where(t.Person.municipality_id == where)
    for a in session.scalars(
        sa.select(t.Assignment)
        .where(t.Assignment.person_id.in_(people_of))
        .order_by(t.Assignment.start, t.Assignment.position_id, t.Assignment.id)
    ):
        assignments[a.person_id].append(
            domain.Assignment(position=a.position_id, start=a.start, end=a.end)
        )
    for b in session.scalars(
        sa.select(t.Absence)
        .where(t.Absence.person_id.in_(people_of))
        .order_by(t.Absence.start, t.Absence.end, t.Absence.kind, t.Absence.id)
    ):
        absences[b.person_id].append(
            domain.Absence(start=b.start, end=b.end, kind=domain.AbsenceKind(b.kind))
        )

    registry = domain.Registry(
        format=domain.FORMAT,
        municipality=domain.Municipality(
            id=m.id, name=m.name, kind=domain.MunicipalityKind(m.kind), layout=m.layout
        ),
        agencies=[
            domain.Agency(id=a.id, name=a.name, head_title=a.head_title)
            for a in session.scalars(
                sa.select(t.Agency).where(t.Agency.municipality_id == where).order_by(t.Agency.id)
            )
        ],
        units=[
            domain.Unit(id=u.id, agency=u.agency_id, name=u.name, parent=u.parent_id)
            for u in session.scalars(
                sa.select(t.Unit).where(t.Unit.municipality_id == where).order_by(t.Unit.id)
            )
        ],
        positions=[
            domain.Position(
                id=p.id,
                title=p.title,
                unit=p.unit_id,
                service=domain.ServiceType(p.service),
                anti_corruption_official=p.anti_corruption_official,
                seats=p.seats,
                reports_to=p.reports_to_id,
                abolished=p.abolished,
                substitutes=rules.get(p.id, []),
                substitutes_for=declared.get(p.id, []),
            )
            for p in session.scalars(
                sa.select(t.Position)
                .where(t.Position.municipality_id == where)
                .order_by(t.Position.id)
            )
        ],
        people=[
            domain.Person(
                id=p.id,
                name=p.name,
                personal_code=p.personal_code,
                sample=p.sample,
                qualifications=None
                if p.qualifications is None
                else _qualifications.decode(p.qualifications),
                assignments=assignments.get(p.id, []),
                absences=absences.get(p.id, []),
            )
            for p in session.scalars(
                sa.select(t.Person).where(t.Person.municipality_id == where).order_by(t.Person.id)
            )
        ],
        job_descriptions=[
            _description.decode(d.document)
            for d in session.scalars(
                sa.select(t.JobDescription)
                .where(t.JobDescription.municipality_id == where)
                .order_by(t.JobDescription.position_id, t.JobDescription.version)
            )
        ],
    )
    return registry
