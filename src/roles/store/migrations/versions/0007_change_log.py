"""the change log: each change of a municipality's registry by revision, for catching up

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29

Workers holding an older revision apply the entries after it instead of reading the
municipality whole (store.change_log); the table is pruned, so it holds only recent changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("municipality_id", sa.String(100), nullable=False),
        sa.Column("revision", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("delta", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_id", "revision", name="pk_change_log"),
    )


def downgrade() -> None:
    op.drop_table("change_log")
