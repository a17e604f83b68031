"""Users and their API tokens (also used by `roles user add` and `roles token create`)."""

import datetime as dt
from typing import Annotated

import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.services import auth, passwords
from roles.services.access import Role
from roles.services.errors import Conflict, Invalid, not_found
from roles.services.structs import Body
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.db import aware as auth_aware

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")]
Password = Annotated[
    str, msgspec.Meta(min_length=passwords.MIN_LENGTH, max_length=passwords.MAX_LENGTH)
]
MAX_TOKEN_DAYS = 90  # no token lives longer
TokenDays = Annotated[int, msgspec.Meta(ge=1, le=MAX_TOKEN_DAYS)]


class UnitScope(Body, kw_only=True):
    municipality: domain.Slug
    unit: domain.Slug


class UserIn(Body, kw_only=True):
    name: Name
    password: Password
    role: Role
    municipalities: list[domain.Slug] = []  # HR
    units: list[UnitScope] = []  # manager
    person: domain.Slug | None = None  # employee


class User(Body, kw_only=True):
    name: str
    role: Role
    municipalities: list[str] = []
    units: list[UnitScope] = []
    person: str | None = None


class Token(Body, kw_only=True):
    token: str  # shown once: send as `Authorization: Bearer <token>`
    id: int
    name: str
    user: str
    expires_at: dt.datetime


class TokenInfo(Body, kw_only=True):
    """A token as listed: never the token itself."""

    id: int
    name: str
    user: str
    created_at: dt.datetime
    expires_at: dt.datetime | None  # None: made before lifetimes had a maximum
    created_by: str | None = None


def _problems(data: UserIn) -> list[domain.Problem]:
    problems: list[domain.Problem] = []
    if data.role is Role.HR and not data.municipalities:
        problems.append(domain.Problem("municipalities", "an HR user needs municipalities"))
    if data.role is Role.MANAGER and not data.units:
        problems.append(domain.Problem("units", "a manager needs units"))
    if data.role is Role.EMPLOYEE and data.person is None:
        problems.append(domain.Problem("person", "an employee is linked to a person"))
    if data.role is not Role.EMPLOYEE and data.person is not None:
        problems.append(domain.Problem("person", "only employees are linked to a person"))
    if data.role is not Role.HR and data.municipalities:
        problems.append(domain.Problem("municipalities", "only HR users have municipalities"))
    if data.role is not Role.MANAGER and data.units:
        problems.append(domain.Problem("units", "only managers have units"))
    return problems


def add_user(session: Session, data: UserIn, actor: str) -> User:
    """Add a user in the session's transaction (the caller commits)."""
    problems = _problems(data) + passwords.problems(data.password, data.name)
    if problems:
        raise Invalid(problems)
    if session.scalar(sa.select(t.User.id).where(t.User.name == data.name)) is not None:
        raise Conflict(f"user {data.name!r} exists")
    user = t.User(
        name=data.name,
        password_hash=auth.hash_password(data.password),
        role=data.role.value,
        person_id=data.person,
        failed_logins=0,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(user)
    session.flush()
    scopes = [(m, "") for m in data.municipalities] + [(u.municipality, u.unit) for u in data.units]
    for m, u in sorted(set(scopes)):
        session.add(t.UserScope(user_id=user.id, municipality_id=m, unit_id=u))
    out = describe(session, user)
    record(session, actor, None, [Change("user", data.name, "create", None, out)], user.created_at)
    return out


def describe(session: Session, user: t.User) -> User:
    scopes = session.execute(
        sa.select(t.UserScope.municipality_id, t.UserScope.unit_id)
        .where(t.UserScope.user_id == user.id)
        .order_by(t.UserScope.municipality_id, t.UserScope.unit_id)
    ).all()
    return User(
        name=user.name,
        role=Role(user.role),
        municipalities=[m for m, u in scopes if not u],
        units=[UnitScope(municipality=m, unit=u) for m, u in scopes if u],
        person=user.person_id,
    )


def find(session: Session, name: str) -> t.User:
    user = session.scalar(sa.select(t.User).where(t.User.name == name))
    if user is None:
        raise not_found("user", name)
    return user


def users(session: Session) -> list[User]:
    return [describe(session, u) for u in session.scalars(sa.select(t.User).order_by(t.User.name))]


def delete_user(session: Session, name: str, actor: str) -> None:
    user = find(session, name)
    before = describe(session, user)
    session.execute(sa.delete(t.UserScope).where(t.UserScope.user_id == user.id))
    session.execute(sa.delete(t.ApiToken).where(t.ApiToken.user_id == user.id))
    auth.end_sessions(session, user.id)
    session.delete(user)
    record(session, actor, None, [Change("user", name, "delete", before, None)], _now())


def create_token(
    session: Session,
    name: str,
    token_name: str = "api",
    days: int = MAX_TOKEN_DAYS,
    *,
    actor: str,
) -> Token:
    """A new bearer token for user `name`, living `days` (at most MAX_TOKEN_DAYS); only its
    hash is stored. Audited as `actor`, who made it. In the session's transaction."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise Invalid([domain.Problem("days", f"a token lives 1 to {MAX_TOKEN_DAYS} days")])
    user = find(session, name)
    token = auth.new_token()
    now = _now()
    expires = now + dt.timedelta(days=days)
    row = t.ApiToken(
        user_id=user.id,
        token_hash=auth.token_hash(token),
        name=token_name,
        created_at=now,
        expires_at=expires,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    after = {"id": row.id, "user": name, "name": token_name, "expires_at": expires.isoformat()}
    record(session, actor, None, [Change("token", str(row.id), "create", None, after)], now)
    return Token(token=token, id=row.id, name=token_name, user=name, expires_at=expires)


def tokens(session: Session, user: str | None = None) -> list[TokenInfo]:
    """The tokens of `user`, or everyone's (None), newest first; expired ones left out."""
    query = (
        sa.select(t.ApiToken, t.User.name)
        .join(t.User, t.User.id == t.ApiToken.user_id)
        .where(sa.or_(t.ApiToken.expires_at.is_(None), t.ApiToken.expires_at > _now()))
        .order_by(t.ApiToken.id.desc())
    )
    if user is not None:
        query = query.where(t.User.name == user)
    return [
        TokenInfo(
            id=row.id,
            name=row.name,
            user=owner,
            created_at=auth_aware(row.created_at),
            expires_at=None if row.expires_at is None else auth_aware(row.expires_at),
            created_by=row.created_by,
        )
        for row, owner in session.execute(query)
    ]


def revoke_token(session: Session, token_id: int, actor: str, owner: str | None = None) -> None:
    """Revoke a token at once; `owner` set: only one of theirs (NotFound otherwise)."""
    query = (
        sa.select(t.ApiToken, t.User.name)
        .join(t.User, t.User.id == t.ApiToken.user_id)
        .where(t.ApiToken.id == token_id)
    )
    if owner is not None:
        query = query.where(t.User.name == owner)
    found = session.execute(query).first()
    if found is None:
        raise not_found("token", token_id)
    row, user = found
    session.execute(sa.delete(t.ApiToken).where(t.ApiToken.id == token_id))
    before = {"id": token_id, "user": user, "name": row.name}
    record(session, actor, None, [Change("token", str(token_id), "revoke", before)], _now())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
