"""Signed documents at rest: each version's container of record (`document_containers`) and
the half-done two-step signatures kept between their steps (`pending_signatures`).

A container of record only ever grows by signatures: it is replaced by compare-and-swap on its
SHA-256 (`swap`), so a signature finished by someone else in between is never dropped.
"""

import datetime as dt
import hashlib

import sqlalchemy as sa
import sqlalchemy.exc
from sqlalchemy.orm import Session

from roles.store import tables as t
from roles.store.db import aware


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _row(
    session: Session, municipality: str, position: str, version: int
) -> t.DocumentContainer | None:
    return session.scalars(
        sa.select(t.DocumentContainer).where(
            t.DocumentContainer.municipality_id == municipality,
            t.DocumentContainer.position_id == position,
            t.DocumentContainer.version == version,
        )
    ).first()


def stored(session: Session, municipality: str, position: str, version: int) -> bytes | None:
    """The container of record of a version, when one is kept."""
    row = _row(session, municipality, position, version)
    return None if row is None else row.container


def keep_first(
    session: Session,
    municipality: str,
    position: str,
    version: int,
    container: bytes,
    now: dt.datetime,
) -> bool:
    """Keep a version's first container of record, in a savepoint of the session's transaction;
    False when one is kept already (another request won the race)."""
    try:
        with session.begin_nested():
            session.add(
                t.DocumentContainer(
                    municipality_id=municipality,
                    position_id=position,
                    version=version,
                    sha256=sha256(container),
                    container=container,
                    created_at=now,
                    updated_at=now,
                )
            )
    except sqlalchemy.exc.IntegrityError:
        return False
    return True


def swap(
    session: Session,
    municipality: str,
    position: str,
    version: int,
    expected_sha256: str,
    container: bytes,
    now: dt.datetime,
) -> bool:
    """Replace the container of record, only if it is still the one with `expected_sha256`."""
    row = _row(session, municipality, position, version)
    if row is None:
        return False
    swapped = session.execute(
        sa.update(t.DocumentContainer)
        .where(t.DocumentContainer.id == row.id, t.DocumentContainer.sha256 == expected_sha256)
        .values(sha256=sha256(container), container=container, updated_at=now)
    )
    return bool(swapped.rowcount == 1)  # type: ignore[attr-defined]


# --- half-done signatures ------------------------------------------------------------------------


def add_pending(
    session: Session, id_: str, data: bytes, created: dt.datetime, expires: dt.datetime
) -> None:
    session.add(t.PendingSignature(id=id_, data=data, created_at=created, expires_at=expires))


def pending(session: Session, id_: str) -> tuple[bytes, dt.datetime] | None:
    """A pending signature's data and expiry."""
    row = session.get(t.PendingSignature, id_)
    return None if row is None else (row.data, aware(row.expires_at))


def forget_pending(session: Session, id_: str) -> None:
    session.execute(sa.delete(t.PendingSignature).where(t.PendingSignature.id == id_))


def expire_pending(session: Session, now: dt.datetime) -> int:
    """Delete the pending signatures expired by `now`; answers how many."""
    done = session.execute(
        sa.delete(t.PendingSignature).where(t.PendingSignature.expires_at <= now)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]
