"""registry core

Revision ID: 0001
Revises:
Create Date: 2026-11-24 01:09:01.586705
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "archived_job_descriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archived_job_descriptions")),
    )
    with op.batch_alter_table("archived_job_descriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_archived_job_descriptions_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_archived_job_descriptions_position_id"), ["position_id"], unique=False
        )

    op.create_table(
        "municipalities",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("layout", sa.String(length=100), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
    )
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("head_title", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_agencies_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
    )
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agencies_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "people",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("personal_code", sa.String(length=11), nullable=True),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("qualifications", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_people_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_people_personal_code"), ["personal_code"], unique=False
        )

    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_absences_person_id_people"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    with op.batch_alter_table("absences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absences_person_id"), ["person_id"], unique=False)

    op.create_table(
        "units",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_units_agency_id_agencies"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_units_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["units.id"],
            name=op.f("fk_units_parent_id_units"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_units_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_units_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "positions",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("service", sa.String(length=20), nullable=False),
        sa.Column("anti_corruption_official", sa.Boolean(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("reports_to_id", sa.String(length=100), nullable=True),
        sa.Column("abolished", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_positions_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["reports_to_id"],
            ["positions.id"],
            name=op.f("fk_positions_reports_to_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_positions_unit_id_units"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_positions_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_positions_reports_to_id"), ["reports_to_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_positions_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=False),
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_assignments_person_id_people"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_assignments_position_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignments_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assignments_position_id"), ["position_id"], unique=False
        )

    op.create_table(
        "declared_substitutions",
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("substituted_id", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_declared_substitutions_position_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["substituted_id"],
            ["positions.id"],
            name=op.f("fk_declared_substitutions_substituted_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("position_id", "ordinal", name=op.f("pk_declared_substitutions")),
    )
    with op.batch_alter_table("declared_substitutions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declared_substitutions_substituted_id"), ["substituted_id"], unique=False
        )

    op.create_table(
        "job_descriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_id", sa.String(length=100), nullable=False),
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_job_descriptions_municipality_id_municipalities"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_job_descriptions_position_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_descriptions")),
        sa.UniqueConstraint(
            "position_id", "version", name=op.f("uq_job_descriptions_position_id_version")
        ),
    )
    with op.batch_alter_table("job_descriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_descriptions_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_descriptions_position_id"), ["position_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_job_descriptions_status"), ["status"], unique=False)

    op.create_table(
        "substitution_rules",
        sa.Column("position_id", sa.String(length=100), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("substitute_id", sa.String(length=100), nullable=False),
        sa.Column("if_needed", sa.Boolean(), nullable=False),
        sa.Column("duties", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["positions.id"],
            name=op.f("fk_substitution_rules_position_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["substitute_id"],
            ["positions.id"],
            name=op.f("fk_substitution_rules_substitute_id_positions"),
            ondelete="CASCADE",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("position_id", "ordinal", name=op.f("pk_substitution_rules")),
    )
    with op.batch_alter_table("substitution_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_substitution_rules_substitute_id"), ["substitute_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("substitution_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_substitution_rules_substitute_id"))

    op.drop_table("substitution_rules")
    with op.batch_alter_table("job_descriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_descriptions_status"))
        batch_op.drop_index(batch_op.f("ix_job_descriptions_position_id"))
        batch_op.drop_index(batch_op.f("ix_job_descriptions_municipality_id"))

    op.drop_table("job_descriptions")
    with op.batch_alter_table("declared_substitutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declared_substitutions_substituted_id"))

    op.drop_table("declared_substitutions")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignments_position_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_person_id"))

    op.drop_table("assignments")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_unit_id"))
        batch_op.drop_index(batch_op.f("ix_positions_reports_to_id"))
        batch_op.drop_index(batch_op.f("ix_positions_municipality_id"))

    op.drop_table("positions")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_parent_id"))
        batch_op.drop_index(batch_op.f("ix_units_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_units_agency_id"))

    op.drop_table("units")
    with op.batch_alter_table("absences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absences_person_id"))

    op.drop_table("absences")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_personal_code"))
        batch_op.drop_index(batch_op.f("ix_people_municipality_id"))

    op.drop_table("people")
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_municipality_id"))

    op.drop_table("agencies")
    op.drop_table("municipalities")
    with op.batch_alter_table("archived_job_descriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archived_job_descriptions_position_id"))
        batch_op.drop_index(batch_op.f("ix_archived_job_descriptions_municipality_id"))

    op.drop_table("archived_job_descriptions")
