"""HR: staff establishments, mail outbox and preferences, reminder settings, feed tokens

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-29

Issue 17. `establishments` are registry rows below their municipality (replaced with it on a
reload); the rest outlive reloads and name registry rows by id only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "establishments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_establishments_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishments")),
        sa.UniqueConstraint(
            "agency_id", "version", name=op.f("uq_establishments_agency_id_version")
        ),
    )
    with op.batch_alter_table("establishments") as batch:
        batch.create_index(
            batch.f("ix_establishments_municipality_id"), ["municipality_id"], unique=False
        )
    op.create_table(
        "mail_outbox",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_mail_outbox")),
    )
    with op.batch_alter_table("mail_outbox") as batch:
        batch.create_index(
            batch.f("ix_mail_outbox_municipality_id"), ["municipality_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_mail_outbox_next_attempt_at"), ["next_attempt_at"], unique=False
        )
    op.create_table(
        "mail_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("digests", sa.Boolean(), nullable=False),
        sa.Column("unsubscribe_token", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mail_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mail_preferences")),
        sa.UniqueConstraint(
            "unsubscribe_token", name=op.f("uq_mail_preferences_unsubscribe_token")
        ),
    )
    op.create_table(
        "reminder_settings",
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("first_after", sa.Integer(), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_reminder_settings")),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_feed_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    with op.batch_alter_table("feed_tokens") as batch:
        batch.create_index(batch.f("ix_feed_tokens_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    for table in (
        "feed_tokens",
        "reminder_settings",
        "mail_preferences",
        "mail_outbox",
        "establishments",
    ):
        op.drop_table(table)
