"""Server-side login sessions and the login throttle (migration 0006).

A session cookie carries only a random key; the row holds its keyed hash, so the database
alone cannot be turned back into cookies. A session ends when its row goes: at logout, on a
password change, when its user is deleted (ON DELETE CASCADE), after its idle or absolute
lifetime.
"""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from roles.store.tables import Base


class LoginSession(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # HMAC-SHA256 hex
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))  # absolute
    address: Mapped[str] = mapped_column(sa.String(100))  # the client's, for the audit
    user_agent: Mapped[str] = mapped_column(sa.String(300))

    __table_args__ = ({"sqlite_autoincrement": True},)


class LoginThrottle(Base):
    """Failed logins per client address (`address:<ip>`) and per account from one address
    (`account:<ip>:<name>`): a stranger's failures never slow the owner's other addresses."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(sa.String(250), primary_key=True)
    failures: Mapped[int] = mapped_column(sa.Integer)
    last_failed_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class AccountsRevision(Base):
    """One row whose `revision` moves on whenever who a caller is may have changed: a user's
    name, role, person or password, their scopes, a token or a session revoked or ended
    (migration 0012's triggers, on every path that writes those tables, the CLI and plain SQL
    included). Each worker keeps the callers it has met with the revision it met them at
    (`services.callers`); a different revision now means asking the database again."""

    __tablename__ = "accounts_revision"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(sa.BigInteger)


class FormSending(Base):
    """A form sent from a page, by its one-time token (`_once`, a new one in every form
    shown): a second sending of the same form (a double click, a reload after the POST) finds
    the first here and gets its answer instead of making the change twice (migration 0013)."""

    __tablename__ = "form_sendings"
    key_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # SHA-256 hex
    sent_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    done_url: Mapped[str | None] = mapped_column(sa.String(2000))  # None: still being saved
