"""Who is calling: argon2 password hashes, API tokens, signed session cookies with CSRF tokens,
and a slowdown after repeated failed logins. Plain values in, a `Caller` or an error out: the
faces read the headers and cookies and set the cookies.

- API clients send `Authorization: Bearer <token>`; tokens are random and stored only as their
  SHA-256.
- Pages log in (`POST /api/auth/login`) and get a signed, HttpOnly session cookie; a request
  that changes something with that cookie must carry the session's CSRF token in the
  `X-CSRF-Token` header (bearer requests need none: a browser never adds them on its own).
- After `FREE_FAILURES` failed logins a user must wait 2, 4, 8, … seconds (at most
  `MAX_WAIT`) between attempts; an early attempt is answered 429 with Retry-After, even with
  the right password. A successful login resets the count.
"""

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

import msgspec
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from roles.services.access import Caller, Role
from roles.services.errors import Forbidden, NotAuthenticated, TooManyRequests
from roles.store import tables as t
from roles.store.db import aware

SESSION_COOKIE = "roles_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_HOURS = 12
FREE_FAILURES = 3
MAX_WAIT = 300
TOKEN_PREFIX = "rt_"

hasher = PasswordHasher()
_DUMMY_HASH = hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


# --- loading callers ---------------------------------------------------------------------


def caller_of(session: Session, user: t.User, csrf: str | None = None) -> Caller:
    scopes = session.execute(
        sa.select(t.UserScope.municipality_id, t.UserScope.unit_id).where(
            t.UserScope.user_id == user.id
        )
    ).all()
    return Caller(
        id=user.id,
        name=user.name,
        role=Role(user.role),
        municipalities=frozenset(m for m, u in scopes if not u),
        units=frozenset((m, u) for m, u in scopes if u),
        person=user.person_id,
        csrf=csrf,
    )


def by_token(session: Session, token: str) -> Caller | None:
    row = session.execute(
        sa.select(t.User, t.ApiToken.expires_at)
        .join(t.ApiToken, t.ApiToken.user_id == t.User.id)
        .where(t.ApiToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    user, expires = row
    if expires is not None and aware(expires) <= dt.datetime.now(dt.UTC):
        return None
    return caller_of(session, user)


# --- sessions ------------------------------------------------------------------------------


class SessionData(msgspec.Struct, frozen=True):
    user: int
    csrf: str
    expires: int  # unix seconds


def _sign(secret: str, payload: bytes) -> str:
    return (
        base64.urlsafe_b64encode(hmac.new(secret.encode(), payload, hashlib.sha256).digest())
        .decode()
        .rstrip("=")
    )


def session_cookie(secret: str, user_id: int) -> tuple[str, SessionData]:
    data = SessionData(
        user=user_id,
        csrf=secrets.token_urlsafe(24),
        expires=int(dt.datetime.now(dt.UTC).timestamp()) + SESSION_HOURS * 3600,
    )
    payload = base64.urlsafe_b64encode(msgspec.json.encode(data)).decode().rstrip("=")
    return f"{payload}.{_sign(secret, payload.encode())}", data


def cookie(value: str, *, secure: bool) -> dict[str, Any]:
    """The session cookie as the API's login and the login page both set it: the keyword
    arguments of a cookie (Litestar's `Cookie` takes them as they are)."""
    return {
        "key": SESSION_COOKIE,
        "value": value,
        "httponly": True,
        "samesite": "lax",
        "secure": secure,
        "path": "/",
        "max_age": SESSION_HOURS * 3600,
    }


def check_csrf(expected: str | None, sent: str | None, what: str = "CSRF token") -> None:
    """Forbidden unless `sent` is the session's CSRF token (compared in constant time)."""
    if not expected or not hmac.compare_digest((sent or "").encode(), expected.encode()):
        raise Forbidden(f"missing or wrong {what}")


def read_session(secret: str, cookie: str) -> SessionData | None:
    payload, _, signature = cookie.partition(".")
    if not hmac.compare_digest(_sign(secret, payload.encode()), signature):
        return None
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        data = msgspec.json.decode(raw, type=SessionData)
    except (ValueError, msgspec.DecodeError):
        return None
    if data.expires <= dt.datetime.now(dt.UTC).timestamp():
        return None
    return data


def by_session(session: Session, secret: str, cookie: str) -> Caller:
    """The caller of a session cookie; NotAuthenticated when it is forged, expired or its
    user is gone."""
    data = read_session(secret, cookie)
    user = session.get(t.User, data.user) if data is not None else None
    if data is None or user is None:
        raise NotAuthenticated("the session has ended; log in again")
    return caller_of(session, user, csrf=data.csrf)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def authenticate(
    session: Session,
    secret: str,
    *,
    authorization: str | None,
    cookie: str | None,
    method: str,
    csrf_header: str | None,
) -> Caller:
    """The caller of a request, from its bearer token or session cookie; a change made with
    the cookie must send the session's CSRF token in the X-CSRF-Token header."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthenticated("use 'Authorization: Bearer <token>'")
        found = by_token(session, token.strip())
        if found is None:
            raise NotAuthenticated("unknown or expired token")
        return found
    if cookie:
        caller = by_session(session, secret, cookie)
        if method not in SAFE_METHODS:
            check_csrf(caller.csrf, csrf_header, f"{CSRF_HEADER} header")
        return caller
    raise NotAuthenticated("log in, or send a bearer token")


# --- logging in ----------------------------------------------------------------------------


def wait_needed(user: t.User, now: dt.datetime) -> int:
    """Seconds the user must still wait before the next login attempt."""
    if user.failed_logins < FREE_FAILURES or user.last_failed_at is None:
        return 0
    delay = min(2 ** (user.failed_logins - FREE_FAILURES + 1), MAX_WAIT)
    ready = aware(user.last_failed_at) + dt.timedelta(seconds=delay)
    return max(0, int((ready - now).total_seconds() + 0.999))


def login(session: Session, name: str, password: str) -> t.User:
    """The user, when the password is right; NotAuthenticated or TooManyRequests otherwise.

    Commits the failure count itself, so a failed attempt is remembered.
    """
    now = dt.datetime.now(dt.UTC)
    user = session.execute(
        sa.select(t.User).where(t.User.name == name).with_for_update()
    ).scalar_one_or_none()
    if user is None:
        _verify(_DUMMY_HASH, password)  # the same work as for a real user: no timing oracle
        raise NotAuthenticated("wrong user name or password")
    wait = wait_needed(user, now)
    if wait:
        session.rollback()
        raise TooManyRequests(f"too many failed logins; try again in {wait} s", wait)
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        user.last_failed_at = now
        session.commit()
        raise NotAuthenticated("wrong user name or password")
    if user.failed_logins:
        user.failed_logins = 0
        user.last_failed_at = None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.commit()
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
