"""forms sent from pages, by their one-time token: a form sent twice is saved once

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "form_sendings",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_url", sa.String(2000), nullable=True),
    )
    op.create_index("ix_form_sendings_sent_at", "form_sendings", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_form_sendings_sent_at", table_name="form_sendings")
    op.drop_table("form_sendings")
