"""library clauses have an owner: the municipality whose HR may change them (NULL = admins)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing clauses stay NULL: owned by the admins, as nobody can tell who made them.
    with op.batch_alter_table("library_clauses") as batch:
        batch.add_column(sa.Column("owner_municipality_id", sa.String(100), nullable=True))
        batch.create_index(
            batch.f("ix_library_clauses_owner_municipality_id"),
            ["owner_municipality_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("library_clauses") as batch:
        batch.drop_index(batch.f("ix_library_clauses_owner_municipality_id"))
        batch.drop_column("owner_municipality_id")
