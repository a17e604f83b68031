"""The import page's review queue: the documents HR uploaded, each as its lines, waiting to be
accepted or skipped one at a time.

A queue belongs to one user and one municipality; a new upload replaces it, so it never grows
past one upload's documents. Only the lines are kept (never a draft): a draft is read from them
against the registry as it is when the document is reviewed, so it is never stale.
"""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from roles.store.tables import Base, _fk

PENDING, ACCEPTED, SKIPPED = "pending", "accepted", "skipped"


class ImportItem(Base):
    __tablename__ = "import_items"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality: Mapped[str] = mapped_column(sa.String(100), _fk("municipalities.id"))
    owner: Mapped[str] = mapped_column(sa.String(200))  # the user's name (Caller.name)
    seq: Mapped[int] = mapped_column(sa.Integer)  # the order within the upload
    name: Mapped[str] = mapped_column(sa.String(400))  # the file's name, "a.zip:b.docx" inside
    lines: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON)  # importer.source.Line
    state: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (sa.Index("ix_import_items_owner", "municipality", "owner", "seq"),)


Item = tuple[str, list[dict[str, object]]]  # a document's name and its lines


def replace_queue(session: Session, municipality: str, owner: str, items: list[Item]) -> None:
    """The user's queue for the municipality becomes `items` (name, lines), all pending."""
    session.execute(
        sa.delete(ImportItem).where(
            ImportItem.municipality == municipality, ImportItem.owner == owner
        )
    )
    now = dt.datetime.now(dt.UTC)
    session.add_all(
        ImportItem(
            municipality=municipality,
            owner=owner,
            seq=k,
            name=name,
            lines=lines,
            state=PENDING,
            created_at=now,
        )
        for k, (name, lines) in enumerate(items)
    )


def queue(session: Session, municipality: str, owner: str) -> list[ImportItem]:
    """The user's queue, in upload order."""
    return list(
        session.scalars(
            sa.select(ImportItem)
            .where(ImportItem.municipality == municipality, ImportItem.owner == owner)
            .order_by(ImportItem.seq)
        )
    )


def set_state(session: Session, municipality: str, owner: str, item: int, state: str) -> bool:
    """Mark one pending item of the user's queue; False when there is no such pending item."""
    done = session.execute(
        sa.update(ImportItem)
        .where(
            ImportItem.id == item,
            ImportItem.municipality == municipality,
            ImportItem.owner == owner,
            ImportItem.state == PENDING,
        )
        .values(state=state)
    )
    return bool(getattr(done, "rowcount", 0))
