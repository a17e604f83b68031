"""Loading registries into the database: a municipality is replaced whole, in the caller's
transaction, so a load either lands completely or not at all.

Approved history is never lost on a reload. For every approved or superseded version stored
for the municipality:
- the file holds the same version: it must be the same document (approved versions never
  change; only approved → superseded is allowed), else the load fails;
- the file lacks it and still has its position: the version is carried over into the new
  registry (superseded when the file brings a newer approved version);
- the file lacks its position too: the version is moved to `archived_job_descriptions`
  together with the position it belonged to.
The merged registry is checked again before anything is written.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.registry import RegistryError
from roles.store import tables as t
from roles.store.reading import read_registry

_CHUNK = 500  # ids per IN (…) query: well under every backend's parameter limit


class LoadResult(msgspec.Struct, frozen=True):
    municipality: str
    replaced: bool
    rows: int
    carried: list[str] = []  # "position v3": approved history kept from the database
    archived: list[str] = []  # the same, moved to the archive with its removed position


def load(session: Session, registry: domain.Registry, *, source: str) -> LoadResult:
    """Put one municipality's registry into the session's transaction, replacing what was there.

    Raises RegistryError (naming `source`) when the registry conflicts with the database.
    Nothing is committed here: the caller's transaction decides.
    """
    municipality = registry.municipality.id
    _check_foreign_ids(session, registry, source)
    old = read_registry(session, municipality)
    carried: list[str] = []
    archived: list[domain.JobDescription] = []
    if old is not None:
        registry, carried, archived = _merge_history(old, registry, source)
        session.execute(sa.delete(t.Municipality).where(t.Municipality.id == municipality))
        # Cascades do it on both backends, but only with SQLite's foreign keys on; delete
        # explicitly so a connection without the pragma cannot leave orphans.
        for table in _CHILD_TABLES:
            session.execute(sa.delete(table).where(table.c.municipality_id == municipality))
    rows = _insert(session, registry)
    if archived and old is not None:
        positions = {p.id: p for p in old.positions}
        now = dt.datetime.now(dt.UTC)
        session.execute(
            sa.insert(t.ArchivedJobDescription),
            [
                {
                    "municipality_id": municipality,
                    "position_id": d.position,
                    "version": d.version,
                    "position": msgspec.json.encode(positions[d.position]).decode(),
                    "document": msgspec.json.encode(d).decode(),
                    "archived_at": now,
                }
                for d in archived
            ],
        )
    return LoadResult(
        municipality=municipality,
        replaced=old is not None,
        rows=rows,
        carried=carried,
        archived=[f"{d.position} v{d.version}" for d in archived],
    )


def load_all(
    session: Session, registries: Iterable[tuple[str, domain.Registry]]
) -> list[LoadResult]:
    """Load several registries in one transaction: all land, or none does."""
    results: list[LoadResult] = []
    with session.begin():
        seen: dict[str, str] = {}
        for source, registry in registries:
            mid = registry.municipality.id
            if mid in seen:
                raise RegistryError(
                    source,
                    [
                        domain.Problem(
                            "municipality.id", f"municipality {mid!r} is also in {seen[mid]}"
                        )
                    ],
                )
            seen[mid] = source
            results.append(load(session, registry, source=source))
    return results


def _check_foreign_ids(
    session: Session, registry: domain.Registry, source: str, only: set[str] | None = None
) -> None:
    """Ids are global: another municipality's id may not be taken over by this file.
    With `only`, just those ids are looked up (the ones a row-level change adds)."""
    mine = registry.municipality.id
    problems: list[domain.Problem] = []
    kinds: list[tuple[str, Any, list[str]]] = [
        ("agencies", t.Agency.__table__, [a.id for a in registry.agencies]),
        ("units", t.Unit.__table__, [u.id for u in registry.units]),
        ("positions", t.Position.__table__, [p.id for p in registry.positions]),
        ("people", t.Person.__table__, [p.id for p in registry.people]),
    ]
    for key, table, ids in kinds:
        index = {id_: i for i, id_ in enumerate(ids)}
        if only is not None:
            ids = [id_ for id_ in ids if id_ in only]
        for chunk in _chunks(ids, _CHUNK):
            taken = session.execute(
                sa.select(table.c.id, table.c.municipality_id).where(
                    table.c.id.in_(chunk), table.c.municipality_id != mine
                )
            )
            for id_, owner in taken:
                problems.append(
                    domain.Problem(
                        f"{key}[{index[id_]}].id", f"id {id_!r} belongs to municipality {owner!r}"
                    )
                )
    if problems:
        raise RegistryError(source, problems)


def _merge_history(
    old: domain.Registry, new: domain.Registry, source: str
) -> tuple[domain.Registry, list[str], list[domain.JobDescription]]:
    incoming = {(d.position, d.version): (i, d) for i, d in enumerate(new.job_descriptions)}
    positions = {p.id for p in new.positions}
    newest_approved: dict[str, int] = {}
    for d in new.job_descriptions:
        if d.status is Status.APPROVED:
            newest_approved[d.position] = max(d.version, newest_approved.get(d.position, 0))
    problems: list[domain.Problem] = []
    carried: list[domain.JobDescription] = []
    archived: list[domain.JobDescription] = []
    for stored in old.job_descriptions:
        if stored.status is Status.DRAFT:
            continue  # drafts are the file's to replace
        key = (stored.position, stored.version)
        if key in incoming:
            i, given = incoming[key]
            if given.status is Status.DRAFT or _as_superseded(given) != _as_superseded(stored):
                problems.append(
                    domain.Problem(
                        f"job_descriptions[{i}]",
                        f"version {stored.version} of {stored.position!r} is {stored.status} in "
                        "the database and may not change; give the new text a new version number",
                    )
                )
            continue
        if stored.position not in positions:
            archived.append(stored)
            continue
        newer = newest_approved.get(stored.position, 0)
        if stored.status is Status.APPROVED and newer > stored.version:
            stored = msgspec.structs.replace(stored, status=Status.SUPERSEDED)
        carried.append(stored)
    if problems:
        raise RegistryError(source, problems)
    if not carried:
        return new, [], archived
    merged = msgspec.structs.replace(new, job_descriptions=[*new.job_descriptions, *carried])
    conflicts = domain.check(merged)
    if conflicts:
        raise RegistryError(
            source,
            [
                domain.Problem(
                    p.path,
                    p.message + " (after keeping the approved versions stored in the database)",
                )
                for p in conflicts
            ],
        )
    return merged, [f"{d.position} v{d.version}" for d in carried], archived


def _as_superseded(d: domain.JobDescription) -> domain.JobDescription:
    return msgspec.structs.replace(d, status=Status.SUPERSEDED)


def _insert(session: Session, r: domain.Registry) -> int:
    m = r.municipality.id
    rows: list[tuple[type[t.Base], list[dict[str, Any]]]] = [
        (t.Municipality, [{"id": m, **_municipality_row(r), "loaded_at": dt.datetime.now(dt.UTC)}]),
        (t.Agency, [_agency_row(m, a) for a in r.agencies]),
        (t.Unit, [_unit_row(m, u) for u in r.units]),
        (t.Position, [_position_row(m, p) for p in r.positions]),
        (t.SubstitutionRule, [row for p in r.positions for row in _rule_rows(p)]),
        (t.DeclaredSubstitution, [row for p in r.positions for row in _declared_rows(p)]),
        (t.Person, [_person_row(m, p) for p in r.people]),
        (t.Assignment, [row for p in r.people for row in _assignment_rows(p)]),
        (t.Absence, [row for p in r.people for row in _absence_rows(p)]),
        (t.JobDescription, [_description_row(m, d) for d in r.job_descriptions]),
    ]
    count = 0
    for table, values in rows:
        for chunk in _chunks(values, 5000):
            session.execute(sa.insert(table), chunk)
            count += len(chunk)
    return count


# --- rows of one entity: what `_insert` and `write_changes` store ------------------------------


def _json(value: Any) -> str | None:
    return None if value is None else msgspec.json.encode(value).decode()


def _municipality_row(r: domain.Registry) -> dict[str, Any]:
    m = r.municipality
    return {"name": m.name, "kind": m.kind.value, "layout": m.layout}


def _agency_row(m: str, a: domain.Agency) -> dict[str, Any]:
    return {"id": a.id, "municipality_id": m, "name": a.name, "head_title": a.head_title}


def _unit_row(m: str, u: domain.Unit) -> dict[str, Any]:
    return {
        "id": u.id,
        "municipality_id": m,
        "agency_id": u.agency,
        "name": u.name,
        "parent_id": u.parent,
    }


def _position_row(m: str, p: domain.Position) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality_id": m,
        "unit_id": p.unit,
        "title": p.title,
        "service": p.service.value,
        "anti_corruption_official": p.anti_corruption_official,
        "seats": p.seats,
        "reports_to_id": p.reports_to,
        "abolished": p.abolished,
    }


def _rule_rows(p: domain.Position) -> list[dict[str, Any]]:
    return [
        {
            "position_id": p.id,
            "ordinal": i,
            "substitute_id": rule.position,
            "if_needed": rule.if_needed,
            "duties": _json(rule.duties),
        }
        for i, rule in enumerate(p.substitutes)
    ]


def _declared_rows(p: domain.Position) -> list[dict[str, Any]]:
    return [
        {"position_id": p.id, "ordinal": i, "substituted_id": other}
        for i, other in enumerate(p.substitutes_for)
    ]


def _person_row(m: str, p: domain.Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality_id": m,
        "name": p.name,
        "personal_code": p.personal_code,
        "sample": p.sample,
        "qualifications": _json(p.qualifications),
    }


def _assignment_rows(p: domain.Person) -> list[dict[str, Any]]:
    return [
        {"person_id": p.id, "position_id": a.position, "start": a.start, "end": a.end}
        for a in p.assignments
    ]


def _absence_rows(p: domain.Person) -> list[dict[str, Any]]:
    return [
        {"person_id": p.id, "start": a.start, "end": a.end, "kind": a.kind.value}
        for a in p.absences
    ]


def _description_row(m: str, d: domain.JobDescription) -> dict[str, Any]:
    return {
        "municipality_id": m,
        "position_id": d.position,
        "version": d.version,
        "status": d.status.value,
        "document": msgspec.json.encode(d).decode(),
    }


# --- row-level changes -------------------------------------------------------------------------


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
            sa.update(t.Municipality).where(t.Municipality.id == m).values(**_municipality_row(new))
        )
        written += 1
    agencies = _differ(old.agencies, new.agencies)
    units = _differ(old.units, new.units)
    positions = _differ(old.positions, new.positions)
    people = _differ(old.people, new.people)
    _check_foreign_ids(
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
        (t.Agency, agencies, _agency_row),
        (t.Unit, units, _unit_row),
        (t.Position, positions, _position_row),
        (t.Person, people, _person_row),
    ]
    for model, diff, row in entities:
        _delete_in(session, model, model.id, diff.removed)
        for id_ in diff.changed:
            session.execute(sa.update(model).where(model.id == id_).values(**row(m, diff.new[id_])))
        if diff.added:
            session.execute(sa.insert(model), [row(m, diff.new[id_]) for id_ in diff.added])
        written += len(diff.removed) + len(diff.changed) + len(diff.added)
    children: list[tuple[Any, list[dict[str, Any]]]] = [
        (t.SubstitutionRule, [r for i in positions.stored for r in _rule_rows(positions.new[i])]),
        (
            t.DeclaredSubstitution,
            [r for i in positions.stored for r in _declared_rows(positions.new[i])],
        ),
        (t.Assignment, [r for i in people.stored for r in _assignment_rows(people.new[i])]),
        (t.Absence, [r for i in people.stored for r in _absence_rows(people.new[i])]),
    ]
    for table, rows in children:
        if rows:
            session.execute(sa.insert(table), rows)
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
    for chunk in _chunks(ids, _CHUNK):
        session.execute(sa.delete(model).where(column.in_(chunk)))


_CHILD_TABLES: Sequence[sa.Table] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (t.JobDescription, t.Person, t.Position, t.Unit, t.Agency)
)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
