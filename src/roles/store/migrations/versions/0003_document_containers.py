"""document containers; one acknowledgement per holder and version

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_containers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("container", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_containers")),
        sa.UniqueConstraint(
            "municipality_id",
            "position_id",
            "version",
            name=op.f("uq_document_containers_municipality_id_position_id_version"),
        ),
    )
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.create_index(
            "uq_acknowledgements_person_position_version",
            ["person_id", "position_id", "version"],
            unique=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.drop_index("uq_acknowledgements_person_position_version")
    op.drop_table("document_containers")
