"""The change log (0007): what each committed change of a municipality's registry wrote, by
revision, so a worker holding an older revision catches up by applying it (store.change_log)."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from roles.store.tables import Base


class ChangeLogEntry(Base):
    """One change: the revision it made and its `Delta` (msgpack). Pruned from the oldest; a
    municipality's rows go with it (no foreign key: a whole load keeps none of them either)."""

    __tablename__ = "change_log"
    municipality_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    revision: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    delta: Mapped[bytes] = mapped_column(sa.LargeBinary)
