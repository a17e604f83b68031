"""Row-level changes: a change's `Delta` (store.change_log) is written row by row (a whole
`load` is for files, and for the one change rows cannot say)."""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Connection
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
    connection = session.connection()  # Core, not the ORM: no objects to keep in step
    written = 0
    if delta.municipality is not None:
        connection.execute(
            _update_by_id(t.Municipality), {"_id": m, **rows.municipality_row(registry)}
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
    _delete_in(connection, t.SubstitutionRule, "position_id", redo_positions)
    _delete_in(connection, t.DeclaredSubstitution, "position_id", redo_positions)
    redo_people = [*people.removed, *people.changed]
    _delete_in(connection, t.Assignment, "person_id", redo_people)
    _delete_in(connection, t.Absence, "person_id", redo_people)
    entities: list[tuple[Any, _Diff, Callable[[str, Any], dict[str, Any]]]] = [
        (t.Agency, agencies, rows.agency_row),
        (t.Unit, units, rows.unit_row),
        (t.Position, positions, rows.position_row),
        (t.Person, people, rows.person_row),
    ]
    for model, diff, row in entities:
        _delete_in(connection, model, "id", diff.removed)
        if diff.changed:
            connection.execute(
                _update_by_id(model), [{"_id": i, **row(m, diff.new[i])} for i in diff.changed]
            )
        if diff.added:
            connection.execute(_insert(model), [row(m, diff.new[id_]) for id_ in diff.added])
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
    for model, values in children:
        if values:
            connection.execute(_insert(model), values)
    if delta.establishments is not None:  # few and small: stored anew whole
        connection.execute(sa.delete(hr.Establishment).where(hr.Establishment.municipality_id == m))
        if delta.establishments:
            connection.execute(
                _insert(hr.Establishment),
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


# The statements a change runs, made once per table: a statement object built anew for
# every write cost more than running it (SQLAlchemy derives its cache key every time).


@cache
def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


@cache
def _update_by_id(model: Any) -> sa.Update:
    """UPDATE … WHERE id = :_id, the SET clause from the parameters given."""
    table = _table(model)
    return sa.update(table).where(table.c.id == sa.bindparam("_id"))


@cache
def _insert(model: Any) -> sa.Insert:
    return sa.insert(_table(model))


@cache
def _delete_where_in(model: Any, column: str) -> sa.Delete:
    table = _table(model)
    return sa.delete(table).where(table.c[column].in_(sa.bindparam("ids", expanding=True)))


def _delete_in(connection: Connection, model: Any, column: str, ids: list[str]) -> None:
    for chunk in chunks(ids, _CHUNK):
        connection.execute(_delete_where_in(model, column), {"ids": chunk})


def write_descriptions(session: Session, municipality: str, delta: Delta) -> None:
    """Write the job-description rows the delta names (the caller has made sure no approved or
    superseded version goes: those never change)."""
    connection = session.connection()
    jd = _table(t.JobDescription)
    for position, version in delta.removed_descriptions:
        connection.execute(_delete_version(), {"_position": position, "_version": version})
    for d in delta.job_descriptions:
        row = rows.description_row(municipality, d)
        done = connection.execute(
            _update_version(),
            {
                "_position": d.position,
                "_version": d.version,
                "status": d.status.value,
                "document": row["document"],
            },
        )
        if done.rowcount == 0:
            connection.execute(sa.insert(jd), row)


@cache
def _delete_version() -> sa.Delete:
    jd = _table(t.JobDescription)
    return sa.delete(jd).where(
        jd.c.position_id == sa.bindparam("_position"), jd.c.version == sa.bindparam("_version")
    )


@cache
def _update_version() -> sa.Update:
    jd = _table(t.JobDescription)
    return sa.update(jd).where(
        jd.c.position_id == sa.bindparam("_position"), jd.c.version == sa.bindparam("_version")
    )
