"""Reading the audit log (entries are written by `services.workspace.record`, never changed)."""

from typing import Any

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles.api import schemas
from roles.api.services.workspace import aware
from roles.store import tables as t


def read(
    session: Session,
    municipality: str | None,
    kind: str | None,
    entity: str | None,
    page: int,
    per_page: int,
) -> schemas.AuditPage:
    """Entries, newest first; `municipality` None = every entry (admins)."""
    where: list[Any] = []
    if municipality is not None:
        where.append(t.AuditEntry.municipality_id == municipality)
    if kind is not None:
        where.append(t.AuditEntry.entity_kind == kind)
    if entity is not None:
        where.append(t.AuditEntry.entity_id == entity)
    total = session.scalar(sa.select(sa.func.count()).select_from(t.AuditEntry).where(*where))
    rows = session.scalars(
        sa.select(t.AuditEntry)
        .where(*where)
        .order_by(t.AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return schemas.AuditPage(
        items=[
            schemas.AuditEntry(
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
        total=total or 0,
        page=page,
        per_page=per_page,
    )
