"""Row-level changes: a change's `Delta` (store.change_log) is written row by row (a whole
`load` is for files, and for the one change rows cannot say)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.store import hr_tables as hr
from roles.store import rows
from roles.store import tables as t
from roles.store.change_log import Delta
from roles.store.loading import check_foreign_ids, chunks

_CHUNK = 500  # ids per IN (…) query: well under every backend's parameter limit


def needs_whole_load(versions: Mapping[str, Sequence[domain.JobDescription]], delta: Delta) -> bool:
    """True when `write_changes` cannot store the change: a removed position leaves approved
    history behind (`versions`: the versions before, by position), which only `load` archives."""
    return any(
        d.status is not Status.DRAFT
        for p in delta.removed.get("positions", [])
        for d in versions.get(p, [])
    )


def write_changes(session: Session, registry: domain.Registry, delta: Delta) -> int:
    """Store `delta` (entities only: municipality, agencies, units, positions, people), row by
    row, in the caller's transaction; `registry` is the changed one (for the paths of ids
    another municipality holds).

    `registry` must be valid (domain.check) and the delta's people canonical
    (change_log.diff): assignments and absences are re-inserted in their order, so the
    database reads back the same lists. Removing a position with approved history is `load`'s
    (see `needs_whole_load`). Answers the number of entities written.
    """
    m = registry.municipality.id
    written = 0
    if delta.municipality is not None:
        session.execute(
            sa.update(t.Municipality)
            .where(t.Municipality.id == m)
            .values(**rows.municipality_row(registry))
        )
        written += 1
    agencies = _Diff.of(delta, "agencies")
    units = _Diff.of(delta, "units")
    positions = _Diff.of(delta, "positions")
    people = _Diff.of(delta, "people")
    added = {id_ for ids in delta.added.values() for id_ in ids}
    if added:
        check_foreign_ids(session, registry, "api", only=added)
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
    if delta.establishments is not None:  # few and small: stored anew whole
        session.execute(sa.delete(hr.Establishment).where(hr.Establishment.municipality_id == m))
        if delta.establishments:
            session.execute(
                sa.insert(hr.Establishment),
                [rows.establishment_row(m, e) for e in delta.establishments],
            )
        written += 1
    return written


class _Diff(msgspec.Struct):
    new: dict[str, Any]  # id → entity as it is now
    added: list[str]
    changed: list[str]
    removed: list[str]

    @classmethod
    def of(cls, delta: Delta, kind: str) -> "_Diff":
        upserts = {e.id: e for e in getattr(delta, kind)}
        added = delta.added.get(kind, [])
        fresh = set(added)
        changed = [id_ for id_ in upserts if id_ not in fresh]
        return cls(upserts, list(added), changed, delta.removed.get(kind, []))

    @property
    def stored(self) -> list[str]:
        """Entities whose rows are written anew: the added and the changed."""
        return [*self.changed, *self.added]


def _delete_in(session: Session, model: Any, column: Any, ids: list[str]) -> None:
    for chunk in chunks(ids, _CHUNK):
        session.execute(sa.delete(model).where(column.in_(chunk)))


def write_descriptions(session: Session, municipality: str, delta: Delta) -> None:
    """Write the job-description rows the delta names (the caller has made sure no approved or
    superseded version goes: those never change)."""
    jd = t.JobDescription
    for position, version in delta.removed_descriptions:
        session.execute(sa.delete(jd).where(jd.position_id == position, jd.version == version))
    for d in delta.job_descriptions:
        row = rows.description_row(municipality, d)
        done = session.execute(
            sa.update(jd)
            .where(jd.position_id == d.position, jd.version == d.version)
            .values(status=d.status.value, document=row["document"])
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            session.execute(sa.insert(jd).values(row))
