"""a municipality's revision is one integer, moved on by one per change

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

`municipalities.loaded_at` (a timestamp moved forward two ways) gives way to `revision`
(store.revisions). Stored municipalities start at the microseconds of their `loaded_at`, which
is also where a new one starts: above anything an earlier one of the same id reached.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("municipalities") as batch:
        batch.add_column(sa.Column("revision", sa.BigInteger(), nullable=True))
    municipalities = sa.table(
        "municipalities",
        sa.column("id", sa.String()),
        sa.column("loaded_at", sa.DateTime(timezone=True)),
        sa.column("revision", sa.BigInteger()),
    )
    bind = op.get_bind()
    for id_, loaded_at in bind.execute(sa.select(municipalities.c.id, municipalities.c.loaded_at)):
        if loaded_at is not None and loaded_at.tzinfo is None:  # SQLite: written in UTC
            loaded_at = loaded_at.replace(tzinfo=dt.UTC)
        micros = int(loaded_at.timestamp() * 1_000_000) if loaded_at is not None else 1
        bind.execute(
            municipalities.update().where(municipalities.c.id == id_).values(revision=micros)
        )
    with op.batch_alter_table("municipalities") as batch:
        batch.alter_column("revision", existing_type=sa.BigInteger(), nullable=False)
        batch.drop_column("loaded_at")


def downgrade() -> None:
    with op.batch_alter_table("municipalities") as batch:
        batch.add_column(sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE municipalities SET loaded_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table("municipalities") as batch:
        batch.alter_column("loaded_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_column("revision")
