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
from collections.abc import Iterable, Iterator, Sequence
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


def _check_foreign_ids(session: Session, registry: domain.Registry, source: str) -> None:
    """Ids are global: another municipality's id may not be taken over by this file."""
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
    now = dt.datetime.now(dt.UTC)
    rows: list[tuple[type[t.Base], list[dict[str, Any]]]] = [
        (
            t.Municipality,
            [
                {
                    "id": m,
                    "name": r.municipality.name,
                    "kind": r.municipality.kind.value,
                    "layout": r.municipality.layout,
                    "loaded_at": now,
                }
            ],
        ),
        (
            t.Agency,
            [
                {"id": a.id, "municipality_id": m, "name": a.name, "head_title": a.head_title}
                for a in r.agencies
            ],
        ),
        (
            t.Unit,
            [
                {
                    "id": u.id,
                    "municipality_id": m,
                    "agency_id": u.agency,
                    "name": u.name,
                    "parent_id": u.parent,
                }
                for u in r.units
            ],
        ),
        (
            t.Position,
            [
                {
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
                for p in r.positions
            ],
        ),
        (
            t.SubstitutionRule,
            [
                {
                    "position_id": p.id,
                    "ordinal": i,
                    "substitute_id": rule.position,
                    "if_needed": rule.if_needed,
                    "duties": None
                    if rule.duties is None
                    else msgspec.json.encode(rule.duties).decode(),
                }
                for p in r.positions
                for i, rule in enumerate(p.substitutes)
            ],
        ),
        (
            t.DeclaredSubstitution,
            [
                {"position_id": p.id, "ordinal": i, "substituted_id": other}
                for p in r.positions
                for i, other in enumerate(p.substitutes_for)
            ],
        ),
        (
            t.Person,
            [
                {
                    "id": p.id,
                    "municipality_id": m,
                    "name": p.name,
                    "personal_code": p.personal_code,
                    "sample": p.sample,
                    "qualifications": None
                    if p.qualifications is None
                    else msgspec.json.encode(p.qualifications).decode(),
                }
                for p in r.people
            ],
        ),
        (
            t.Assignment,
            [
                {"person_id": p.id, "position_id": a.position, "start": a.start, "end": a.end}
                for p in r.people
                for a in p.assignments
            ],
        ),
        (
            t.Absence,
            [
                {"person_id": p.id, "start": a.start, "end": a.end, "kind": a.kind.value}
                for p in r.people
                for a in p.absences
            ],
        ),
        (
            t.JobDescription,
            [
                {
                    "municipality_id": m,
                    "position_id": d.position,
                    "version": d.version,
                    "status": d.status.value,
                    "document": msgspec.json.encode(d).decode(),
                }
                for d in r.job_descriptions
            ],
        ),
    ]
    count = 0
    for table, values in rows:
        for chunk in _chunks(values, 5000):
            session.execute(sa.insert(table), chunk)
            count += len(chunk)
    return count


_CHILD_TABLES: Sequence[sa.Table] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (t.JobDescription, t.Person, t.Position, t.Unit, t.Agency)
)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
