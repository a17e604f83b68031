"""Tables of the HR issue (17): staff establishments, the mail outbox, mail preferences,
reminder settings per municipality and calendar-feed tokens (migration 0008).

Establishments are registry data (`Registry.establishments`): stored whole as JSON per version
below their municipality, so a reload replaces them with the rest of it. The others outlive a
reload and reference registry rows by id only, like accounts and acknowledgements do.
"""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from roles.store.tables import Base, _fk


class Establishment(Base):
    """One version of an agency's staff establishment, whole (`domain.Establishment` as JSON)."""

    __tablename__ = "establishments"
    __table_args__ = (sa.UniqueConstraint("agency_id", "version"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality_id: Mapped[str] = mapped_column(
        sa.String(100), _fk("municipalities.id"), index=True
    )
    agency_id: Mapped[str] = mapped_column(sa.String(100))
    version: Mapped[int] = mapped_column(sa.Integer)
    document: Mapped[str] = mapped_column(sa.Text)


class MailOutbox(Base):
    """Every message the service decided to send, keyed by its outbox key (`roles.mail` keys):
    a key is queued once, so a rerun or a crash never queues (or sends) it again. `sent_at` set:
    delivered; `failed`: refused for good; otherwise retried at `next_attempt_at`."""

    __tablename__ = "mail_outbox"
    key: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # reminder | digest | summary
    municipality_id: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    address: Mapped[str] = mapped_column(sa.String(320))
    message: Mapped[str] = mapped_column(sa.Text)  # JSON of roles.mail.Message
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    failed: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class MailPreference(Base):
    """A user's e-mail address, language and whether they take digests (reminders of what
    the law asks them to acknowledge cannot be stopped)."""

    __tablename__ = "mail_preferences"
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str | None] = mapped_column(sa.String(320))
    language: Mapped[str] = mapped_column(sa.String(2), default="et")
    digests: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    unsubscribe_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)


class ReminderSetting(Base):
    """A municipality's reminder rhythm: first after N days, then every M (defaults 3, 7)."""

    __tablename__ = "reminder_settings"
    municipality_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    first_after: Mapped[int] = mapped_column(sa.Integer)
    every: Mapped[int] = mapped_column(sa.Integer)


class FeedToken(Base):
    """A calendar feed's secret URL: only the SHA-256 of its token is kept; revoking deletes
    the row, and the URL answers 404 from then on."""

    __tablename__ = "feed_tokens"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(10))  # person | unit
    subject_id: Mapped[str] = mapped_column(sa.String(100))  # the person's or the unit's id
    language: Mapped[str] = mapped_column(sa.String(2))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
