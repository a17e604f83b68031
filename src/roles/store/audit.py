"""The audit log: who changed what, appended in the transaction of the change itself and
never updated or deleted (triggers refuse both, migration 0004)."""

import datetime as dt
from collections.abc import Collection, Sequence
from functools import cache
from typing import Any, cast

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles.store import tables as t

_encoder = msgspec.json.Encoder()


class Change(msgspec.Struct, frozen=True):
    """One audit entry: what an edit did to one entity."""

    kind: str  # "position", "job_description", …
    id: str
    action: str  # create | update | delete | approve | draft | discard | load | import …
    before: Any = None
    after: Any = None


def record(
    session: Session,
    actor: str,
    municipality: str | None,
    changes: Collection[Change],
    at: dt.datetime,
) -> None:
    """Append audit entries in the session's transaction."""
    if not changes:
        return
    # Core, on the session's connection: the ORM's bulk insert cost more than the row.
    session.connection().execute(
        _insert(),
        [
            {
                "at": at,
                "actor": actor,
                "municipality_id": municipality,
                "entity_kind": c.kind,
                "entity_id": c.id,
                "action": c.action,
                "before": None if c.before is None else _encoder.encode(c.before).decode(),
                "after": None if c.after is None else _encoder.encode(c.after).decode(),
            }
            for c in changes
        ],
    )


@cache
def _insert() -> sa.Insert:
    return sa.insert(cast(sa.Table, t.AuditEntry.__table__))


def entries(
    session: Session,
    municipality: str | None,
    kind: str | None,
    entity: str | None,
    offset: int,
    limit: int,
) -> tuple[int, Sequence[t.AuditEntry]]:
    """How many entries match, and one page of them, newest first; `municipality` None =
    every entry."""
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
        .offset(offset)
        .limit(limit)
    ).all()
    return total or 0, rows
