"""The database schema, as SQLAlchemy 2 declarative models.

The schema is made and changed only by Alembic migrations (store/migrations); these models
must match them, which a test checks. Registry entities keep their slugs as primary keys:
they are the ids people and files use, unique across municipalities.

A job-description version is stored whole as JSON (`document`, the msgspec encoding of
`domain.JobDescription`), with the columns queries need beside it. A version is a document:
once approved it never changes, and it is read and rendered whole.
"""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _fk(target: str) -> sa.ForeignKey:
    # Deferred checks let a transaction insert rows in any order (a unit before its parent, a
    # position before the one it reports to) and still be verified when it commits.
    return sa.ForeignKey(target, ondelete="CASCADE", deferrable=True, initially="DEFERRED")


class Base(DeclarativeBase):
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _municipality_fk() -> Mapped[str]:
    return mapped_column(
        sa.String(100),
        _fk("municipalities.id"),
        index=True,
    )


class Municipality(Base):
    __tablename__ = "municipalities"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(20))
    layout: Mapped[str | None] = mapped_column(sa.String(100))
    revision: Mapped[int] = mapped_column(sa.BigInteger)  # store.revisions: +1 per change


class Agency(Base):
    __tablename__ = "agencies"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    municipality_id: Mapped[str] = _municipality_fk()
    name: Mapped[str] = mapped_column(sa.Text)
    head_title: Mapped[str | None] = mapped_column(sa.Text)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    municipality_id: Mapped[str] = _municipality_fk()
    agency_id: Mapped[str] = mapped_column(sa.String(100), _fk("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(sa.Text)
    parent_id: Mapped[str | None] = mapped_column(sa.String(100), _fk("units.id"), index=True)


class Position(Base):
    __tablename__ = "positions"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    municipality_id: Mapped[str] = _municipality_fk()
    unit_id: Mapped[str] = mapped_column(sa.String(100), _fk("units.id"), index=True)
    title: Mapped[str] = mapped_column(sa.Text)
    service: Mapped[str] = mapped_column(sa.String(20))
    anti_corruption_official: Mapped[bool] = mapped_column(sa.Boolean)
    seats: Mapped[int] = mapped_column(sa.Integer)
    reports_to_id: Mapped[str | None] = mapped_column(
        sa.String(100), _fk("positions.id"), index=True
    )
    abolished: Mapped[dt.date | None] = mapped_column(sa.Date)


class SubstitutionRule(Base):
    __tablename__ = "substitution_rules"
    position_id: Mapped[str] = mapped_column(
        sa.String(100),
        _fk("positions.id"),
        primary_key=True,
    )
    ordinal: Mapped[int] = mapped_column(sa.Integer, primary_key=True)  # rules are ordered
    substitute_id: Mapped[str] = mapped_column(sa.String(100), _fk("positions.id"), index=True)
    if_needed: Mapped[bool] = mapped_column(sa.Boolean)
    duties: Mapped[str | None] = mapped_column(sa.Text)  # JSON list of refs; NULL = unscoped


class DeclaredSubstitution(Base):
    """`substitutes_for` as a position's own documents state it ("keda asendab")."""

    __tablename__ = "declared_substitutions"
    position_id: Mapped[str] = mapped_column(
        sa.String(100),
        _fk("positions.id"),
        primary_key=True,
    )
    ordinal: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    substituted_id: Mapped[str] = mapped_column(sa.String(100), _fk("positions.id"), index=True)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    municipality_id: Mapped[str] = _municipality_fk()
    name: Mapped[str] = mapped_column(sa.Text)
    personal_code: Mapped[str | None] = mapped_column(sa.String(11), index=True)
    sample: Mapped[bool] = mapped_column(sa.Boolean)
    qualifications: Mapped[str | None] = mapped_column(sa.Text)  # JSON PersonQualifications


class Assignment(Base):
    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(sa.String(100), _fk("people.id"), index=True)
    position_id: Mapped[str] = mapped_column(sa.String(100), _fk("positions.id"), index=True)
    start: Mapped[dt.date] = mapped_column(sa.Date)
    end: Mapped[dt.date | None] = mapped_column(sa.Date)


class Absence(Base):
    __tablename__ = "absences"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(sa.String(100), _fk("people.id"), index=True)
    start: Mapped[dt.date] = mapped_column(sa.Date)
    end: Mapped[dt.date] = mapped_column(sa.Date)
    kind: Mapped[str] = mapped_column(sa.String(20))


class JobDescription(Base):
    __tablename__ = "job_descriptions"
    __table_args__ = (sa.UniqueConstraint("position_id", "version"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality_id: Mapped[str] = _municipality_fk()
    position_id: Mapped[str] = mapped_column(sa.String(100), _fk("positions.id"), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    document: Mapped[str] = mapped_column(sa.Text)  # JSON of domain.JobDescription, whole


class ArchivedJobDescription(Base):
    """Approved versions whose position a reload removed: kept, never lost (see README)."""

    __tablename__ = "archived_job_descriptions"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    position_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    position: Mapped[str] = mapped_column(sa.Text)  # JSON of the domain.Position it belonged to
    document: Mapped[str] = mapped_column(sa.Text)
    archived_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


# --- accounts, audit, clause library, acknowledgements (API issue) -----------------------
# None of these reference registry rows by foreign key: a reload replaces a municipality's
# rows whole, and accounts, audit entries and acknowledgements must outlive that.


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.Text)  # argon2id
    role: Mapped[str] = mapped_column(sa.String(20))  # admin | hr | manager | employee
    person_id: Mapped[str | None] = mapped_column(sa.String(100))  # an employee's person
    failed_logins: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))

    # A deleted user's id is never reused (SQLite would hand the last one out again).
    __table_args__ = ({"sqlite_autoincrement": True},)


class UserScope(Base):
    """What a user's role applies to: municipalities for HR, units for managers."""

    __tablename__ = "user_scopes"
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)  # "" = whole


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 hex
    name: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(sa.String(100))  # who minted it

    __table_args__ = ({"sqlite_autoincrement": True},)


class AuditEntry(Base):
    """Append-only: the service inserts rows and never updates or deletes them."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(sa.String(100))
    municipality_id: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    entity_kind: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(40))
    before: Mapped[str | None] = mapped_column(sa.Text)  # JSON
    after: Mapped[str | None] = mapped_column(sa.Text)  # JSON

    __table_args__ = (sa.Index("ix_audit_log_entity", "entity_kind", "entity_id"),)


class LibraryClause(Base):
    __tablename__ = "library_clauses"
    id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    title: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    result: Mapped[str | None] = mapped_column(sa.Text)
    folded: Mapped[str] = mapped_column(sa.Text)  # casefolded, normalised: for search
    revision: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    # Who may change or delete it: HR of this municipality (and admins); NULL = admins only.
    # No foreign key: a reload replaces the municipality's rows, the library outlives that.
    owner_municipality_id: Mapped[str | None] = mapped_column(sa.String(100), index=True)


class Acknowledgement(Base):
    """Append-only: a holder acknowledged a version of their position's job description."""

    __tablename__ = "acknowledgements"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    person_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    position_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    document_hash: Mapped[str] = mapped_column(sa.String(128))
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    method: Mapped[str] = mapped_column(sa.String(20))  # session | signature

    __table_args__ = (  # one per holder and version: a second one answers the first (0003)
        sa.Index(
            "uq_acknowledgements_person_position_version",
            "person_id",
            "position_id",
            "version",
            unique=True,
        ),
    )


class PendingSignature(Base):
    """A half-done two-step signature, kept between the steps until it expires."""

    __tablename__ = "pending_signatures"
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)


class DocumentContainer(Base):
    """A version's container of record (0003): the ASiC-E container of its rendered DOCX,
    sealed on approval when an e-seal is configured; signatures finished through the API are
    added to it (compare-and-swap on `sha256`, so no signature is ever dropped)."""

    __tablename__ = "document_containers"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "position_id", "version"),)
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    municipality_id: Mapped[str] = mapped_column(sa.String(100))
    position_id: Mapped[str] = mapped_column(sa.String(100))
    version: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(sa.String(64))  # of `container`
    container: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
