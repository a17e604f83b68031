"""Reading the audit log (entries are written by `store.audit.record`, never changed)."""

import datetime as dt
from typing import Any

import msgspec
from sqlalchemy.orm import Session

from roles.services.access import Caller
from roles.services.errors import not_found
from roles.services.structs import Body
from roles.services.views import require_admin, visible
from roles.services.workspace import Workspace
from roles.store import audit
from roles.store.db import aware


class AuditEntry(Body, kw_only=True):
    id: int
    at: dt.datetime
    actor: str
    municipality: str | None
    entity_kind: str
    entity_id: str
    action: str
    before: Any = None
    after: Any = None


class AuditPage(Body, kw_only=True):
    items: list[AuditEntry]
    total: int
    page: int
    per_page: int


def of_municipality(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    kind: str | None,
    entity: str | None,
    page: int,
    per_page: int,
) -> AuditPage:
    """Who changed what in the municipality, newest first (admins and its HR)."""
    snap, v = visible(ws, caller, municipality)
    if not v.everything:
        raise not_found("municipality", municipality)
    with ws.sessions() as session:
        return read(session, snap.id, kind, entity, page, per_page)


def everything(
    ws: Workspace,
    caller: Caller,
    kind: str | None,
    entity: str | None,
    page: int,
    per_page: int,
) -> AuditPage:
    """Every entry, accounts included (admins)."""
    require_admin(caller, "audit log", "")
    with ws.sessions() as session:
        return read(session, None, kind, entity, page, per_page)


def read(
    session: Session,
    municipality: str | None,
    kind: str | None,
    entity: str | None,
    page: int,
    per_page: int,
) -> AuditPage:
    """Entries, newest first; `municipality` None = every entry (admins)."""
    total, rows = audit.entries(
        session, municipality, kind, entity, (page - 1) * per_page, per_page
    )
    return AuditPage(
        items=[
            AuditEntry(
                id=e.id,
                at=aware(e.at),
                actor=e.actor,
                municipality=e.municipality_id,
                entity_kind=e.entity_kind,
                entity_id=e.entity_id,
                action=e.action,
                before=None if e.before is None else msgspec.json.decode(e.before),
                after=None if e.after is None else msgspec.json.decode(e.after),
            )
            for e in rows
        ],
        total=total,
        page=page,
        per_page=per_page,
    )
