"""Who is calling: API tokens and server-side sessions. Plain values in, a `Caller` or an
error out: the faces read the headers and cookies and set the cookies.

- API clients send `Authorization: Bearer <token>`; tokens are random, stored only as their
  SHA-256, and expire (at most `tokens.MAX_DAYS` after they were made).
- Pages and browsers log in (`POST /api/auth/login`, the login page; see `logins`) and get an
  HttpOnly cookie holding a random session key; the `sessions` row holds only the key's HMAC
  under the service's secret, with the session's CSRF token. A request that changes something
  with the cookie must carry that token (`X-CSRF-Token`, or a form's `_csrf` field). A session
  ends at logout, on a password change, when its user is deleted, after `IDLE` without a
  request and `LIFETIME` after login, and it ends at once.

`identify` (the API and the pages alike) keeps the callers it has met per worker
(`services.callers`), checked on every request against the accounts' revision the database
moves on whenever any of that changes.
"""

import asyncio
import datetime as dt
import hashlib
import hmac
import secrets
from functools import cache
from typing import Any, cast

import msgspec
import sqlalchemy as sa
import sqlalchemy.exc
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from roles.services.access import Caller, Role
from roles.services.errors import Forbidden, NotAuthenticated
from roles.services.workspace import Committed, Workspace
from roles.store import tables as t
from roles.store.db import aware
from roles.store.session_tables import LoginSession

SESSION_COOKIE = "roles_session"
CSRF_HEADER = "X-CSRF-Token"
IDLE = dt.timedelta(hours=1)  # a session not used this long has ended
LIFETIME = dt.timedelta(hours=12)  # and none lives longer than this after its login
SEEN_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often
TOKEN_PREFIX = "rt_"
KEEP = dt.timedelta(minutes=10)  # a kept token caller is read again at least this often

hasher = PasswordHasher()


class Client(msgspec.Struct, frozen=True):
    """Where a request came from, for the audit and the login throttle."""

    address: str = "unknown"
    agent: str = ""


def hash_password(password: str) -> str:
    return hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- loading callers ---------------------------------------------------------------------


def caller_of(
    session: Session, user: t.User, csrf: str | None = None, session_id: int | None = None
) -> Caller:
    return _caller(session, user.id, user.name, user.role, user.person_id, csrf, session_id)


def _caller(
    session: Session,
    user_id: int,
    name: str,
    role: str,
    person: str | None,
    csrf: str | None = None,
    session_id: int | None = None,
) -> Caller:
    session.flush()  # as an ORM query would: scopes added in this session count (no-op if none)
    scopes = session.connection().execute(_statements().scopes, {"_user": user_id}).all()
    return Caller(
        id=user_id,
        name=name,
        role=Role(role),
        municipalities=frozenset(m for m, u in scopes if not u),
        units=frozenset((m, u) for m, u in scopes if u),
        person=person,
        csrf=csrf,
        session=session_id,
    )


class _Statements:
    """The reads every request makes, as Core statements made once (`_statements`): loading
    ORM objects and building the statements anew cost more than the reads themselves."""

    def __init__(self) -> None:
        users, tokens = cast(sa.Table, t.User.__table__), cast(sa.Table, t.ApiToken.__table__)
        scopes = cast(sa.Table, t.UserScope.__table__)
        self.token = (
            sa.select(users.c.id, users.c.name, users.c.role, users.c.person_id)
            .add_columns(tokens.c.expires_at)
            .join_from(tokens, users, tokens.c.user_id == users.c.id)
            .where(tokens.c.token_hash == sa.bindparam("_hash"))
        )
        self.scopes = sa.select(scopes.c.municipality_id, scopes.c.unit_id).where(
            scopes.c.user_id == sa.bindparam("_user")
        )


@cache
def _statements() -> _Statements:
    return _Statements()


def _token_caller(session: Session, hashed: str) -> tuple[Caller, dt.datetime] | None:
    """The caller of a token's hash and until when it may be kept; None when no live token."""
    found = session.connection().execute(_statements().token, {"_hash": hashed}).first()
    if found is None:
        return None
    user_id, name, role, person, expires = found
    now = _now()
    if expires is not None and aware(expires) <= now:
        return None
    until = now + KEEP if expires is None else min(aware(expires), now + KEEP)
    return _caller(session, user_id, name, role, person), until


# --- sessions ------------------------------------------------------------------------------


def key_hash(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), key.encode(), hashlib.sha256).hexdigest()


def start_session(session: Session, secret: str, user: t.User, client: Client) -> tuple[str, str]:
    """A new session for the user in the session's transaction: (cookie value, CSRF token)."""
    key = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    now = _now()
    session.add(
        LoginSession(
            key_hash=key_hash(secret, key),
            user_id=user.id,
            csrf=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
            address=client.address[:100],
            user_agent=client.agent[:300],
        )
    )
    return key, csrf


def cookie(value: str, *, secure: bool) -> dict[str, Any]:
    """The session cookie as the API's login and the login page both set it: the keyword
    arguments of a cookie (Litestar's `Cookie` takes them as they are). It lives as long as
    the browser (the server ends the session; the cookie only names it)."""
    return {
        "key": SESSION_COOKIE,
        "value": value,
        "httponly": True,
        "samesite": "lax",
        "secure": secure,
        "path": "/",
    }


def check_csrf(expected: str | None, sent: str | None, what: str = "CSRF token") -> None:
    """Forbidden unless `sent` is the session's CSRF token (compared in constant time)."""
    if not expected or not hmac.compare_digest((sent or "").encode(), expected.encode()):
        raise Forbidden(f"missing or wrong {what}")


def _session_caller(session: Session, hashed: str) -> tuple[Caller, dt.datetime]:
    """The caller of a live session by its key's hash (NotAuthenticated when none), and until
    when it may be kept: the next time the session's use is to be noted (at most once a
    minute, which checks its limits again; not at all on a read-only database), or its end."""
    row = session.execute(
        sa.select(LoginSession, t.User)
        .join(t.User, t.User.id == LoginSession.user_id)
        .where(LoginSession.key_hash == hashed)
    ).first()
    now = _now()
    if row is None:
        raise NotAuthenticated("the session has ended; log in again")
    live, user = row
    expires, seen = aware(live.expires_at), aware(live.last_seen_at)
    if expires <= now or seen + IDLE <= now:
        raise NotAuthenticated("the session has ended; log in again")
    if seen + SEEN_EVERY <= now:
        try:
            session.execute(
                sa.update(LoginSession).where(LoginSession.id == live.id).values(last_seen_at=now)
            )
            session.commit()
            seen = now
        except sqlalchemy.exc.OperationalError:
            session.rollback()
    caller = caller_of(session, user, csrf=live.csrf, session_id=live.id)
    return caller, min(expires, seen + SEEN_EVERY)


def end_session(session: Session, session_id: int) -> None:
    session.execute(sa.delete(LoginSession).where(LoginSession.id == session_id))


def end_sessions(session: Session, user_id: int, keep: int | None = None) -> int:
    """End every session of the user but `keep`; how many ended."""
    query = sa.delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return session.execute(query).rowcount or 0  # type: ignore[attr-defined]


def purge_sessions(session: Session) -> int:
    """Remove sessions past their lifetime or idle limit (housekeeping)."""
    now = _now()
    return (
        session.execute(  # type: ignore[attr-defined]
            sa.delete(LoginSession).where(
                sa.or_(LoginSession.expires_at <= now, LoginSession.last_seen_at <= now - IDLE)
            )
        ).rowcount
        or 0
    )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def identify(
    ws: Workspace,
    secret: str,
    committed: Committed,
    *,
    authorization: str | None,
    cookie: str | None,
) -> Caller:
    """The caller of a request, from its bearer token or session cookie (then `check_change`
    before anything is done): from the callers this worker has met (`services.callers`) when
    the accounts' revision is the one they were read at, else from the database.
    `committed`: the revisions read for this request, before the caller (`ws.committed`)."""
    key = _key(secret, authorization, cookie)
    accounts = committed.accounts
    known = ws.callers.find(key, accounts, _now())
    if known is not None:
        return known

    def look_up() -> tuple[Caller, dt.datetime]:
        with ws.sessions() as session:
            return _look_up(session, key)

    caller, until = await asyncio.to_thread(look_up)
    ws.callers.keep(key, caller, accounts, until)
    return caller


def _key(secret: str, authorization: str | None, cookie: str | None) -> str:
    """What names the caller: `t:` and the token's hash, or `s:` and the session key's."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("use 'Authorization: Bearer <token>'")
        return "t:" + token_hash(token.strip())
    if cookie:
        return "s:" + key_hash(secret, cookie[:200])
    raise NotAuthenticated("log in, or send a bearer token")


def _look_up(session: Session, key: str) -> tuple[Caller, dt.datetime]:
    kind, hashed = key[:2], key[2:]
    if kind == "s:":
        return _session_caller(session, hashed)
    found = _token_caller(session, hashed)
    if found is None:
        raise NotAuthenticated("unknown, expired or revoked token")
    return found


def check_change(caller: Caller, method: str, csrf_header: str | None) -> None:
    """A change made with a session cookie must send the session's CSRF token in the
    X-CSRF-Token header (bearer requests need none: a browser never adds them on its own)."""
    if caller.session is not None and method not in SAFE_METHODS:
        check_csrf(caller.csrf, csrf_header, f"{CSRF_HEADER} header")
