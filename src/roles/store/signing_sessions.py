"""Signing sessions at rest (signing_tables.py): add, read, change by compare-and-swap on the
revision, forget, expire."""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles.store.db import aware
from roles.store.signing_tables import SigningSession


@dataclass(frozen=True)
class Kept:
    id: str
    user_id: int
    state: str
    revision: int
    data: bytes
    expires: dt.datetime


def add(
    session: Session,
    id_: str,
    user_id: int,
    data: bytes,
    now: dt.datetime,
    expires: dt.datetime,
) -> None:
    session.add(
        SigningSession(
            id=id_,
            user_id=user_id,
            state="running",
            revision=1,
            data=data,
            created_at=now,
            updated_at=now,
            expires_at=expires,
        )
    )


def get(session: Session, id_: str) -> Kept | None:
    row = session.get(SigningSession, id_)
    if row is None:
        return None
    return Kept(row.id, row.user_id, row.state, row.revision, row.data, aware(row.expires_at))


def change(
    session: Session,
    kept: Kept,
    state: str,
    data: bytes,
    now: dt.datetime,
    expires: dt.datetime | None = None,
) -> bool:
    """Write the session's next state, only if nobody changed it since `kept` was read."""
    done = session.execute(
        sa.update(SigningSession)
        .where(SigningSession.id == kept.id, SigningSession.revision == kept.revision)
        .values(
            state=state,
            data=data,
            revision=kept.revision + 1,
            updated_at=now,
            expires_at=expires or kept.expires,
        )
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def forget(session: Session, id_: str) -> None:
    session.execute(sa.delete(SigningSession).where(SigningSession.id == id_))


def expire(session: Session, now: dt.datetime) -> int:
    done = session.execute(sa.delete(SigningSession).where(SigningSession.expires_at <= now))
    return int(done.rowcount)  # type: ignore[attr-defined]
