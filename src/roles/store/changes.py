"""Row-level changes: what differs between two versions of one municipality's registry is
written row by row (a whole `load` is for files, and for the one change rows cannot say)."""

from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.store import hr_tables as hr
from roles.store import rows
from roles.store import tables as t
from roles.store.loading import check_foreign_ids, chunks

_CHUNK = 500  # ids per IN (…) query: well under every backend's parameter limit


def needs_whole_load(old: domain.Registry, new: domain.Registry) -> bool:
    """True when `write_changes` cannot store the change: a removed position leaves approved
    history behind, which only `load` archives."""
    kept = {p.id for p in new.positions}
    return any(
        d.position not in kept and d.status is not Status.DRAFT for d in old.job_descriptions
    )


def write_changes(session: Session, old: domain.Registry, new: domain.Registry) -> int:
    """Store what differs between two versions of one municipality's registry (entities only:
    municipality, agencies, units, positions, people), row by row, in the caller's transaction.

    `new` must be valid (domain.check) and canonical (registry.canonical): assignments and
    absences are re-inserted in its order, so the database reads back the same lists. Job
    descriptions are the caller's; removing a position with approved history is `load`'s (see
    `needs_whole_load`). Answers the number of entities written.
    """
    m = new.municipality.id
    written = 0
    if new.municipality != old.municipality:
        session.execute(
            sa.update(t.Municipality)
            .where(t.Municipality.id == m)
            .values(**rows.municipality_row(new))
        )
        written += 1
    agencies = _differ(old.agencies, new.agencies)
    units = _differ(old.units, new.units)
    positions = _differ(old.positions, new.positions)
    people = _differ(old.people, new.people)
    check_foreign_ids(
        session,
        new,
        "api",
        only={*agencies.added, *units.added, *positions.added, *people.added},
    )
    # Children first go whole for every changed parent, then come back from the new values.
    redo_positions = [*positions.removed, *positions.changed]
    _delete_in(session, t.SubstitutionRule, t.SubstitutionRule.position_id, redo_positions)
    _delete_in(session, t.DeclaredSubstitution, t.DeclaredSubstitution.position_id, redo_positions)
    redo_people = [*people.removed, *people.changed]
    _delete_in(session, t.Assignment, t.Assignment.person_id, redo_people)
    _delete_in(session, t.Absence, t.Absence.person_id, redo_people)
    entities: list[tuple[Any, _Diff, Callable[[str, Any], dict[str, Any]]]] = [
        (t.Agency, agencies, rows.agency_row),
        (t.Unit, units, rows.unit_row),
        (t.Position, positions, rows.position_row),
        (t.Person, people, rows.person_row),
    ]
    for model, diff, row in entities:
        _delete_in(session, model, model.id, diff.removed)
        for id_ in diff.changed:
            session.execute(sa.update(model).where(model.id == id_).values(**row(m, diff.new[id_])))
        if diff.added:
            session.execute(sa.insert(model), [row(m, diff.new[id_]) for id_ in diff.added])
        written += len(diff.removed) + len(diff.changed) + len(diff.added)
    children: list[tuple[Any, list[dict[str, Any]]]] = [
        (
            t.SubstitutionRule,
            [r for i in positions.stored for r in rows.rule_rows(positions.new[i])],
        ),
        (
            t.DeclaredSubstitution,
            [r for i in positions.stored for r in rows.declared_rows(positions.new[i])],
        ),
        (t.Assignment, [r for i in people.stored for r in rows.assignment_rows(people.new[i])]),
        (t.Absence, [r for i in people.stored for r in rows.absence_rows(people.new[i])]),
    ]
    for table, values in children:
        if values:
            session.execute(sa.insert(table), values)
    if old.establishments != new.establishments:  # few and small: stored anew whole
        session.execute(sa.delete(hr.Establishment).where(hr.Establishment.municipality_id == m))
        if new.establishments:
            session.execute(
                sa.insert(hr.Establishment),
                [rows.establishment_row(m, e) for e in new.establishments],
            )
        written += 1
    return written


class _Diff(msgspec.Struct):
    new: dict[str, Any]  # id → entity in the new registry
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def stored(self) -> list[str]:
        """Entities whose rows are written anew: the added and the changed."""
        return [*self.changed, *self.added]


def _differ(old: Sequence[Any], new: Sequence[Any]) -> _Diff:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    added, changed = [], []
    for id_, e in after.items():
        was = before.get(id_)
        if was is None:
            added.append(id_)
        elif was is not e and was != e:
            changed.append(id_)
    removed = [id_ for id_ in before if id_ not in after]
    return _Diff(after, added, changed, removed)


def _delete_in(session: Session, model: Any, column: Any, ids: list[str]) -> None:
    for chunk in chunks(ids, _CHUNK):
        session.execute(sa.delete(model).where(column.in_(chunk)))


def write_descriptions(
    session: Session, municipality: str, old: domain.Registry, new: domain.Registry
) -> None:
    """Write only the job-description rows that differ (the caller has made sure no approved
    or superseded version goes: those never change)."""
    before = {(d.position, d.version): d for d in old.job_descriptions}
    after = {(d.position, d.version): d for d in new.job_descriptions}
    jd = t.JobDescription
    for key in before.keys() - after.keys():
        session.execute(sa.delete(jd).where(jd.position_id == key[0], jd.version == key[1]))
    for key, d in after.items():
        if key not in before:
            session.execute(sa.insert(jd).values(rows.description_row(municipality, d)))
        elif before[key] != d:
            session.execute(
                sa.update(jd)
                .where(jd.position_id == key[0], jd.version == key[1])
                .values(
                    status=d.status.value,
                    document=rows.description_row(municipality, d)["document"],
                )
            )
