"""The clause library, shared by all municipalities, and search across them.

Everyone reads and applies every clause; each clause has an owner (a municipality, or none:
the admins') and only admins and HR of the owner change or delete it, anyone else meets the
404 of a clause that does not exist. Copying a clause is creating one of one's own.

A job-description clause taken from the library names it (`Clause.library`). Changing a library
clause never touches a stored version: it answers the current versions whose text differs as
offers, and `make_drafts` turns them into drafts (a new draft copied from an approved version,
or the existing draft updated).

Search is Estonian-aware and backend-independent: texts and queries are compared in one
normalised form (NFC, casefolded, spaces collapsed; õ, ä, ö, ü stay letters of their own),
computed in Python; library clauses keep that form in a column (`folded`), and job
descriptions are searched in the cached registries, so SQLite and PostgreSQL answer alike.
"""

import datetime as dt
from functools import partial

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.domain.diff import normalise
from roles.services.access import Caller, Role, View
from roles.services.descriptions import VersionRef
from roles.services.errors import Conflict, Invalid, NotFound, not_found
from roles.services.preconditions import check_match
from roles.services.snapshot import Snapshot
from roles.services.structs import Body
from roles.services.views import view
from roles.services.workspace import Edit, Workspace
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.db import aware


class LibraryClauseIn(Body, kw_only=True):
    id: domain.Slug
    title: domain.Text
    text: domain.Text
    result: str | None = None
    # The owning municipality. On create: HR of one municipality may leave it out, HR of several
    # name one of theirs, admins may leave it out (the admins' own) or name any. Never changes.
    owner: domain.Slug | None = None


class LibraryClause(Body, kw_only=True):
    id: str
    title: str
    text: str
    result: str | None = None
    owner: str | None = None  # None: the admins'
    revision: int
    updated_at: dt.datetime


class Usage(Body, kw_only=True):
    """A job-description version that takes a clause from the library."""

    municipality: str
    position: str
    version: int
    status: domain.JobDescriptionStatus
    up_to_date: bool  # the clause's text equals the library's


class LibraryUpdate(Body, kw_only=True):
    clause: LibraryClause
    offers: list[Usage]  # current versions not up to date: POST …/drafts makes drafts of them


class DraftsMade(Body, kw_only=True):
    drafts: list[VersionRef]


class SearchHit(Body, kw_only=True):
    kind: str  # title | clause | library
    municipality: str | None = None
    position: str | None = None
    position_title: str | None = None
    version: int | None = None
    status: domain.JobDescriptionStatus | None = None
    ref: str | None = None
    library: str | None = None
    text: str


def _out(row: t.LibraryClause) -> LibraryClause:
    return LibraryClause(
        id=row.id,
        title=row.title,
        text=row.text,
        result=row.result,
        owner=row.owner_municipality_id,
        revision=row.revision,
        updated_at=aware(row.updated_at),
    )


def may_write(caller: Caller) -> bool:
    """May create clauses (and apply any to the drafts they may edit)."""
    return caller.role in (Role.ADMIN, Role.HR)


def may_change(caller: Caller, owner: str | None) -> bool:
    """May change or delete a clause of this owner: admins, and HR of the owning municipality."""
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.HR and owner is not None and owner in caller.municipalities


def _owner(session: Session, caller: Caller, named: str | None) -> str | None:
    if caller.role is Role.ADMIN:
        if named is not None and session.get(t.Municipality, named) is None:
            raise Invalid([domain.Problem("owner", f"no municipality {named!r}")])
        return named
    mine = sorted(caller.municipalities)
    if named is None:
        if len(mine) == 1:
            return mine[0]
        raise Invalid(
            [domain.Problem("owner", f"name the owning municipality, one of: {', '.join(mine)}")]
        )
    if named not in caller.municipalities:
        raise Invalid(
            [domain.Problem("owner", f"not one of your municipalities ({', '.join(mine)})")]
        )
    return named


def clauses(session: Session, query: str | None = None) -> list[LibraryClause]:
    stmt = sa.select(t.LibraryClause).order_by(t.LibraryClause.id)
    if query:
        stmt = stmt.where(t.LibraryClause.folded.like(_like(query), escape="\\"))
    return [_out(r) for r in session.scalars(stmt)]


def get(session: Session, id_: str) -> LibraryClause:
    row = session.get(t.LibraryClause, id_)
    if row is None:
        raise not_found("library clause", id_)
    return _out(row)


def create(session: Session, caller: Caller, data: LibraryClauseIn) -> LibraryClause:
    if not may_write(caller):
        raise not_found("library clause", data.id)
    if session.get(t.LibraryClause, data.id) is not None:
        raise Conflict(f"library clause {data.id!r} exists")
    owner = _owner(session, caller, data.owner)
    now = dt.datetime.now(dt.UTC)
    row = t.LibraryClause(
        id=data.id,
        owner_municipality_id=owner,
        title=data.title,
        text=data.text,
        result=data.result,
        folded=_fold(data),
        revision=1,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    out = _out(row)
    record(
        session, caller.name, None, [Change("library_clause", data.id, "create", None, out)], now
    )
    return out


def update(
    ws: Workspace,
    session: Session,
    caller: Caller,
    id_: str,
    data: LibraryClauseIn,
    if_match: str | None,
) -> LibraryUpdate:
    row = session.get(t.LibraryClause, id_, with_for_update=True)
    if row is None or not may_change(caller, row.owner_municipality_id):
        raise not_found("library clause", id_)
    before = _out(row)
    check_match(if_match, before)
    if data.id != id_:
        raise Invalid([domain.Problem("id", f"ids never change: expected {id_!r}")])
    if data.owner is not None and data.owner != row.owner_municipality_id:
        raise Invalid(
            [domain.Problem("owner", f"the owner never changes: expected {before.owner!r}")]
        )
    now = dt.datetime.now(dt.UTC)
    row.title, row.text, row.result = data.title, data.text, data.result
    row.folded = _fold(data)
    row.revision += 1
    row.updated_at = now
    session.flush()
    after = _out(row)
    record(
        session, caller.name, None, [Change("library_clause", id_, "update", before, after)], now
    )
    return LibraryUpdate(clause=after, offers=offers(ws, caller, after))


def delete(session: Session, caller: Caller, id_: str, if_match: str | None) -> None:
    row = session.get(t.LibraryClause, id_)
    if row is None or not may_change(caller, row.owner_municipality_id):
        raise not_found("library clause", id_)
    before = _out(row)
    check_match(if_match, before)
    session.delete(row)
    record(
        session,
        caller.name,
        None,
        [Change("library_clause", id_, "delete", before, None)],
        dt.datetime.now(dt.UTC),
    )


# --- where clauses are used -------------------------------------------------------------------


def _uses(d: domain.JobDescription, id_: str) -> list[domain.Clause]:
    return [c for s in d.sections for c in domain.walk_clauses(s.clauses) if c.library == id_]


def _up_to_date(d: domain.JobDescription, clause: LibraryClause) -> bool:
    return all(c.text == clause.text and c.result == clause.result for c in _uses(d, clause.id))


def usage(ws: Workspace, caller: Caller, clause: LibraryClause) -> list[Usage]:
    out: list[Usage] = []
    for snap in ws.all():
        v = view(caller, snap)
        if v is None:
            continue
        for d in snap.registry.job_descriptions:
            if v.description(d) and _uses(d, clause.id):
                out.append(
                    Usage(
                        municipality=snap.id,
                        position=d.position,
                        version=d.version,
                        status=d.status,
                        up_to_date=_up_to_date(d, clause),
                    )
                )
    return out


def offers(ws: Workspace, caller: Caller, clause: LibraryClause) -> list[Usage]:
    """Current versions (the draft if there is one, else the approved) not up to date."""
    current: dict[tuple[str, str], Usage] = {}
    for u in usage(ws, caller, clause):
        key = (u.municipality, u.position)
        if u.status is Status.DRAFT or (u.status is Status.APPROVED and key not in current):
            current[key] = u
    return [u for u in current.values() if not u.up_to_date]


def _refreshed(clauses: list[domain.Clause], clause: LibraryClause) -> list[domain.Clause]:
    return [
        msgspec.structs.replace(
            c,
            text=clause.text if c.library == clause.id else c.text,
            result=clause.result if c.library == clause.id else c.result,
            clauses=_refreshed(c.clauses, clause),
        )
        for c in clauses
    ]


def make_drafts(ws: Workspace, caller: Caller, clause: LibraryClause) -> list[VersionRef]:
    """Drafts with the library's text for every offer the caller may write; approved untouched."""
    made: list[VersionRef] = []
    by_municipality: dict[str, list[Usage]] = {}
    for o in offers(ws, caller, clause):
        by_municipality.setdefault(o.municipality, []).append(o)
    for municipality, items in by_municipality.items():
        try:
            change = partial(_drafts, caller=caller, clause=clause, items=items)
            done: list[VersionRef] = ws.edit(municipality, caller.name, change)
        except NotFound:
            continue
        made.extend(done)
    return made


def _drafts(
    snap: Snapshot, *, caller: Caller, clause: LibraryClause, items: list[Usage]
) -> Edit[list[VersionRef]]:
    v = view(caller, snap)
    if v is None or not v.everything:
        raise NotFound("no municipality")
    descriptions = list(snap.registry.job_descriptions)
    refs: list[VersionRef] = []
    changes: list[Change] = []
    for u in items:
        current = snap.version(u.position, u.version)
        if current is None or current.status is Status.SUPERSEDED:
            continue
        sections = [
            msgspec.structs.replace(s, clauses=_refreshed(s.clauses, clause))
            for s in current.sections
        ]
        if current.status is Status.DRAFT:
            new = msgspec.structs.replace(current, sections=sections)
            descriptions = [new if d is current else d for d in descriptions]
            action = "update"
        else:
            number = max(d.version for d in snap.versions[u.position]) + 1
            new = msgspec.structs.replace(
                current,
                version=number,
                status=Status.DRAFT,
                approval=None,
                sections=sections,
            )
            descriptions.append(new)
            action = "draft"
        key = f"{new.position}/v{new.version}"
        changes.append(
            Change(
                "job_description",
                key,
                action,
                current if action == "update" else None,
                new,
            )
        )
        refs.append(
            VersionRef(
                municipality=snap.id,
                position=new.position,
                version=new.version,
                status=new.status,
            )
        )
    registry = msgspec.structs.replace(snap.registry, job_descriptions=descriptions)
    return Edit(registry, refs, changes)


# --- search ----------------------------------------------------------------------------------


def _fold(data: LibraryClauseIn) -> str:
    return normalise(" ".join(filter(None, [data.title, data.text, data.result])))


def _like(query: str) -> str:
    folded = normalise(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"


def search(
    ws: Workspace, session: Session, caller: Caller, query: str, municipality: str | None
) -> list[SearchHit]:
    """Position titles, clauses of current job descriptions and library clauses matching."""
    needle = normalise(query)
    if not needle:
        return []
    hits: list[SearchHit] = []
    for snap in ws.all():
        if municipality is not None and snap.id != municipality:
            continue
        v = view(caller, snap)
        if v is None:
            continue
        for p in snap.registry.positions:
            if not v.position(p.id):
                continue
            if needle in normalise(p.title):
                hits.append(
                    SearchHit(
                        kind="title",
                        municipality=snap.id,
                        position=p.id,
                        position_title=p.title,
                        text=p.title,
                    )
                )
            d = _visible_current(snap, v, p.id)
            if d is None:
                continue
            for s in d.sections:
                for c in domain.walk_clauses(s.clauses):
                    if needle in normalise(c.text) or needle in normalise(c.result or ""):
                        hits.append(
                            SearchHit(
                                kind="clause",
                                municipality=snap.id,
                                position=p.id,
                                position_title=p.title,
                                version=d.version,
                                status=d.status,
                                ref=c.ref,
                                library=c.library,
                                text=c.text,
                            )
                        )
    for lib in clauses(session, query):
        hits.append(SearchHit(kind="library", library=lib.id, text=lib.text))
    return hits


def _visible_current(snap: Snapshot, v: View, position: str) -> domain.JobDescription | None:
    own = [d for d in snap.versions.get(position, []) if v.description(d)]
    return domain.current_description(own, position)
