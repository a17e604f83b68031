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
from roles.store import hr_tables as hr
from roles.store import revisions, rows
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.reading import read_registry

_CHUNK = 500  # ids per IN (…) query: well under every backend's parameter limit


class LoadResult(msgspec.Struct, frozen=True):
    municipality: str
    replaced: bool
    rows: int
    carried: list[str] = []  # "position v3": approved history kept from the database
    archived: list[str] = []  # the same, moved to the archive with its removed position
    changed: dict[str, dict[str, list[str]]] = {}  # kind → added/removed/changed ids (audit)


_SHOWN = 50  # ids per list in an audit entry; the count says how many there were


def differences(
    old: domain.Registry | None, new: domain.Registry
) -> dict[str, dict[str, list[str]]]:
    """What a load changes, per kind of entity: the ids added, removed and changed (at most
    `_SHOWN` of each, then "… and N more"), for the audit log. Kinds without a change are
    left out."""
    out: dict[str, dict[str, list[str]]] = {}

    def keyed(items: list[Any], key: Any) -> dict[str, Any]:
        return {key(i): i for i in items}

    kinds: list[tuple[str, Any]] = [
        ("agencies", lambda e: e.id),
        ("units", lambda e: e.id),
        ("positions", lambda e: e.id),
        ("people", lambda e: e.id),
        ("job_descriptions", lambda e: f"{e.position} v{e.version}"),
    ]
    for kind, key in kinds:
        before = keyed(getattr(old, kind), key) if old is not None else {}
        after = keyed(getattr(new, kind), key)
        found = {
            "added": sorted(after.keys() - before.keys()),
            "removed": sorted(before.keys() - after.keys()),
            "changed": sorted(k for k in after.keys() & before.keys() if after[k] != before[k]),
        }
        shown = {
            what: ids[:_SHOWN] + ([f"… and {len(ids) - _SHOWN} more"] if len(ids) > _SHOWN else [])
            for what, ids in found.items()
            if ids
        }
        if shown:
            out[kind] = shown
    if old is not None and old.municipality != new.municipality:
        out["municipality"] = {"changed": [new.municipality.id]}
    return out


def load(session: Session, registry: domain.Registry, *, source: str) -> LoadResult:
    """Put one municipality's registry into the session's transaction, replacing what was there.

    Raises RegistryError (naming `source`) when the registry conflicts with the database.
    Nothing is committed here: the caller's transaction decides.
    """
    municipality = registry.municipality.id
    check_foreign_ids(session, registry, source)
    old = read_registry(session, municipality)
    changed = differences(old, registry)
    carried: list[str] = []
    archived: list[domain.JobDescription] = []
    if old is not None:
        registry, carried, archived = _merge_history(old, registry, source)
        # The municipality's row stays (its revision moves on); its entities go, and the rows
        # below them with them (cascades).
        for table in _CHILD_TABLES:
            session.execute(sa.delete(table).where(table.c.municipality_id == municipality))
        session.execute(
            sa.update(t.Municipality)
            .where(t.Municipality.id == municipality)
            .values(**rows.municipality_row(registry))
        )
        revisions.bump(session, municipality)
    count = _insert(session, registry, new=old is None)
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
        rows=count,
        carried=carried,
        archived=[f"{d.position} v{d.version}" for d in archived],
        changed=changed,
    )


def load_all(
    session: Session,
    registries: Iterable[tuple[str, domain.Registry]],
    *,
    actor: str | None = None,
) -> list[LoadResult]:
    """Load several registries in one transaction: all land, or none does. With an `actor`,
    each load is in the audit log as theirs (entity "municipality", action "load")."""
    results: list[LoadResult] = []
    now = dt.datetime.now(dt.UTC)
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
            result = load(session, registry, source=source)
            if actor is not None:
                record(
                    session,
                    actor,
                    mid,
                    [Change("municipality", mid, "load", None, summary(source, result))],
                    now,
                )
            results.append(result)
    return results


def summary(source: str, result: LoadResult) -> dict[str, object]:
    """What an audit entry of a load says: the file and what happened to approved history."""
    return {
        "source": source,
        "replaced": result.replaced,
        "rows": result.rows,
        "carried": result.carried,
        "archived": result.archived,
        "changed": result.changed,
    }


def check_foreign_ids(
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
        for chunk in chunks(ids, _CHUNK):
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


def _insert(session: Session, r: domain.Registry, *, new: bool) -> int:
    """Insert the registry's rows (the municipality's own only when `new`); answers how many
    rows the registry is, its municipality's counted either way."""
    m = r.municipality.id
    first = [{"id": m, **rows.municipality_row(r), "revision": revisions.first()}] if new else []
    tables: list[tuple[type[t.Base], list[dict[str, Any]]]] = [
        (t.Municipality, first),
        (t.Agency, [rows.agency_row(m, a) for a in r.agencies]),
        (t.Unit, [rows.unit_row(m, u) for u in r.units]),
        (t.Position, [rows.position_row(m, p) for p in r.positions]),
        (t.SubstitutionRule, [row for p in r.positions for row in rows.rule_rows(p)]),
        (t.DeclaredSubstitution, [row for p in r.positions for row in rows.declared_rows(p)]),
        (t.Person, [rows.person_row(m, p) for p in r.people]),
        (t.Assignment, [row for p in r.people for row in rows.assignment_rows(p)]),
        (t.Absence, [row for p in r.people for row in rows.absence_rows(p)]),
        (t.JobDescription, [rows.description_row(m, d) for d in r.job_descriptions]),
        (hr.Establishment, [rows.establishment_row(m, e) for e in r.establishments]),
    ]
    count = 0 if new else 1
    for table, values in tables:
        for chunk in chunks(values, 5000):
            session.execute(sa.insert(table), chunk)
            count += len(chunk)
    return count


_CHILD_TABLES: Sequence[sa.Table] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (hr.Establishment, t.JobDescription, t.Person, t.Position, t.Unit, t.Agency)
)


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
