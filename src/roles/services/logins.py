"""Logging in, out, and changing one's password.

Failed logins are counted per client address (`ADDRESS_FREE` free failures within `WINDOW`) and
per account *from that address* (`ACCOUNT_FREE`): after them the next attempt must wait 2, 4,
8 … seconds (at most `MAX_WAIT`); an early attempt is answered 429 with Retry-After, even with
the right password. So one password tried across many accounts is slowed by the address count,
and a stranger's failures never lock the owner out: the owner's own address has its own count.
Unknown names are counted and answered exactly like known ones (and a dummy hash is verified),
so neither 401 vs 429 nor timing tells which accounts exist. Every attempt is audited.
"""

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.exc
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from roles.domain import Problem
from roles.services import auth, passwords
from roles.services.access import Caller
from roles.services.errors import Invalid, NotAuthenticated, TooManyRequests
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.db import aware
from roles.store.session_tables import LoginThrottle

ACCOUNT_FREE = 3
ADDRESS_FREE = 10
WINDOW = dt.timedelta(minutes=15)  # failures older than this are forgotten
MAX_WAIT = 300
FAILED = "wrong user name or password"

_dummy: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash made with the current hasher's cost, verified for unknown names: the same work
    as for a real user, so the answer's timing tells nothing."""
    key = id(auth.hasher)
    if key not in _dummy:
        _dummy[key] = auth.hasher.hash("not a password anyone has")
    return _dummy[key]


def _keys(name: str, client: auth.Client) -> tuple[str, str]:
    address = client.address[:100]
    return f"address:{address}", f"account:{address}:{name[:100].casefold()}"


def _wait(row: LoginThrottle | None, free: int, now: dt.datetime) -> int:
    if row is None or row.failures < free:
        return 0
    last = aware(row.last_failed_at)
    if last + WINDOW <= now:
        return 0
    delay = min(2 ** min(row.failures - free + 1, 20), MAX_WAIT)
    return max(0, int((last + dt.timedelta(seconds=delay) - now).total_seconds() + 0.999))


def _fail(session: Session, key: str, now: dt.datetime) -> None:
    row = session.get(LoginThrottle, key)
    if row is None:
        session.add(LoginThrottle(key=key, failures=1, last_failed_at=now))
    elif aware(row.last_failed_at) + WINDOW <= now:
        row.failures, row.last_failed_at = 1, now
    else:
        row.failures, row.last_failed_at = row.failures + 1, now


def _audit(
    session: Session, name: str, action: str, client: auth.Client, now: dt.datetime, **more: str
) -> None:
    where = {"address": client.address, "agent": client.agent[:300], **more}
    record(session, name[:100], None, [Change("login", name[:200], action, None, where)], now)


def login(
    session: Session, secret: str, name: str, password: str, client: auth.Client
) -> tuple[t.User, str, str]:
    """(user, session cookie value, CSRF token) when the password is right and no wait is
    due; NotAuthenticated or TooManyRequests otherwise. Commits (a failure is remembered)."""
    now = dt.datetime.now(dt.UTC)
    address_key, account_key = _keys(name, client)
    wait = max(
        _wait(session.get(LoginThrottle, address_key), ADDRESS_FREE, now),
        _wait(session.get(LoginThrottle, account_key), ACCOUNT_FREE, now),
    )
    if wait:
        _audit(session, name, "login-throttled", client, now)
        session.commit()
        raise TooManyRequests(f"too many failed logins; try again in {wait} s", wait)
    user = session.scalar(sa.select(t.User).where(t.User.name == name))
    if not verify(user.password_hash if user else _dummy_hash(), password) or user is None:
        _fail(session, address_key, now)
        _fail(session, account_key, now)
        _audit(session, name, "login-failed", client, now)
        _commit_retrying(session)
        raise NotAuthenticated(FAILED)
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == account_key))
    if auth.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = auth.hash_password(password)
    cookie, csrf = auth.start_session(session, secret, user, client)
    _audit(session, name, "login", client, now)
    session.commit()
    return user, cookie, csrf


def _commit_retrying(session: Session) -> None:
    """Two first failures of one key at once both insert it: the second becomes a no-op."""
    try:
        session.commit()
    except sqlalchemy.exc.IntegrityError:
        session.rollback()


def logout(session: Session, caller: Caller, client: auth.Client) -> None:
    """End the caller's session (in the session's transaction)."""
    if caller.session is not None:
        auth.end_session(session, caller.session)
    _audit(session, caller.name, "logout", client, dt.datetime.now(dt.UTC))


def change_password(
    session: Session, caller: Caller, current: str, new: str, client: auth.Client
) -> int:
    """Set the caller's own password, once the current one is given; every other session of
    theirs ends. How many ended. In the session's transaction."""
    user = session.get(t.User, caller.id) if caller.id is not None else None
    if user is None:
        raise NotAuthenticated("log in")
    if not verify(user.password_hash, current):
        raise Invalid([Problem("current", "the current password is wrong")])
    problems = passwords.problems(new, user.name, "new")
    if problems:
        raise Invalid(problems)
    user.password_hash = auth.hash_password(new)
    ended = auth.end_sessions(session, user.id, keep=caller.session)
    _audit(
        session,
        user.name,
        "password-change",
        client,
        dt.datetime.now(dt.UTC),
        sessions_ended=str(ended),
    )
    return ended


def verify(hashed: str, password: str) -> bool:
    try:
        return auth.hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def purge_failures(session: Session) -> int:
    """Forget failures older than the window (housekeeping); how many records went."""
    old = dt.datetime.now(dt.UTC) - WINDOW
    result = session.execute(sa.delete(LoginThrottle).where(LoginThrottle.last_failed_at < old))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
