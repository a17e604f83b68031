"""Signing sessions (0009): a signature someone is giving through Web eID, Smart-ID or
Mobile-ID — to approve a version or to acknowledge it — kept between their requests, so any
server worker can take the next one. `data` is the service's envelope (msgpack); `revision`
moves on by one per change, so two polls of one session never both act on it."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from roles.store.tables import Base


class SigningSession(Base):
    __tablename__ = "signing_sessions"
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    state: Mapped[str] = mapped_column(sa.String(16))  # running | signed | failed
    revision: Mapped[int] = mapped_column(sa.Integer)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
