"""who a caller is has a revision: one row moved on by triggers on the account tables

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

Workers keep the callers they have met (`services.callers`) and check one integer per request
instead of reading the token or session, the user and the scopes. The integer is moved on by
the database itself, so no path that writes the account tables can forget it: the API, the
pages, the CLI, a migration, plain SQL.

What moves it: a user's name, role, person or password changed, a user deleted; a scope
added, changed or removed; a token changed or removed; a session changed (but not its
`last_seen_at`, written once a minute per session) or removed. A new token or session does
not: nobody can have met it yet.

A later migration that rebuilds one of these tables on SQLite (`batch_alter_table` copies it
to a new table) drops its triggers: it must create them again (`create_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (trigger name, event, table): the events that can change who a known caller is
TRIGGERS = (
    ("users_changed", "UPDATE OF name, role, person_id, password_hash", "users"),
    ("users_deleted", "DELETE", "users"),
    ("user_scopes_added", "INSERT", "user_scopes"),
    ("user_scopes_changed", "UPDATE", "user_scopes"),
    ("user_scopes_deleted", "DELETE", "user_scopes"),
    ("api_tokens_changed", "UPDATE OF user_id, token_hash, expires_at", "api_tokens"),
    ("api_tokens_deleted", "DELETE", "api_tokens"),
    ("sessions_changed", "UPDATE OF key_hash, user_id, csrf, expires_at", "sessions"),
    ("sessions_deleted", "DELETE", "sessions"),
)
BUMP = "UPDATE accounts_revision SET revision = revision + 1 WHERE id = 1"
FUNCTION = "accounts_revision_bump"


def create_triggers() -> None:
    if _postgres():
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for name, event, table in TRIGGERS:  # once per statement, however many rows
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
    else:  # SQLite has row triggers only
        for name, event, table in TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP}; END")


def upgrade() -> None:
    op.create_table(
        "accounts_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_revision")),
    )
    op.execute("INSERT INTO accounts_revision (id, revision) VALUES (1, 1)")
    create_triggers()


def downgrade() -> None:
    for name, _event, table in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}" + (f" ON {table}" if _postgres() else ""))
    if _postgres():
        op.execute(f"DROP FUNCTION {FUNCTION}()")
    op.drop_table("accounts_revision")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
