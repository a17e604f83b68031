"""Issue 14, accounts and sessions: each finding reproduced, then refused.

1 a secret built into the code; 4 a deleted user's session passing to the next user; 5 logout
that does not log out, 10-year tokens minted by a session, tokens nobody can list or revoke;
8 login throttling that reveals accounts and locks owners out, weak passwords, form logins.
"""

import datetime as dt
import stat
import threading
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles import config, store
from roles.cli import main
from roles.services import accounts, auth, logins, passwords
from roles.services.errors import NotAuthenticated, TooManyRequests
from roles.store.session_tables import LoginSession, LoginThrottle

from ..api.conftest import Api
from ..api.factories import PASSWORD

SRC = Path(__file__).parents[2] / "src" / "roles"


def login(api: Api, name: str = "hr", password: str = PASSWORD) -> tuple[httpx.Cookies, str]:
    """A fresh session of `name`: its cookies and CSRF token (the shared client keeps none)."""
    r = api.client.post("/api/auth/login", json={"name": name, "password": password})
    assert r.status_code == 200, r.text
    cookies = httpx.Cookies()
    cookies.set(auth.SESSION_COOKIE, r.cookies[auth.SESSION_COOKIE])
    api.client.cookies.clear()
    return cookies, r.json()["csrf_token"]


def with_cookie(api: Api, cookies: httpx.Cookies, method: str, url: str, **kw: Any) -> Any:
    api.client.cookies.clear()
    api.client.cookies.update(cookies)
    try:
        return api.client.request(method, url, **kw)
    finally:
        api.client.cookies.clear()


# --- 1: no secret in the code -----------------------------------------------------------


def test_without_a_secret_key_one_is_made_kept_private_and_reused(tmp_path: Path) -> None:
    settings = msgspec.structs.replace(
        config.from_environment(), data_dir=tmp_path / "var", secret_key=None
    )
    made: list[str] = []
    threads = [
        threading.Thread(target=lambda: made.append(config.secret(settings))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == 1 and len(made[0]) >= 40  # every worker gets the same key
    path = tmp_path / "var" / config.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [config.SECRET_FILE]  # no temporaries
    assert config.secret(settings) == made[0]  # reused on the next start
    other = msgspec.structs.replace(settings, data_dir=tmp_path / "other")
    assert config.secret(other) != made[0]  # random, not built in


def test_the_environment_key_wins_and_no_key_is_written_in_the_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ROLES_SECRET_KEY", raising=False)
    assert config.from_environment().secret_key is None
    monkeypatch.setenv("ROLES_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("ROLES_DATA_DIR", str(tmp_path))
    assert config.secret(config.from_environment()) == "k" * 40
    assert not (tmp_path / config.SECRET_FILE).exists()
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        assert "DEV_SECRET" not in text and "change-me" not in text, path


def test_a_session_cookie_made_with_a_known_key_is_nobody(api: Api) -> None:
    """Before: the cookie was `payload.hmac(secret)`: anyone knowing the built-in secret
    could sign `{"user": 1}`. Now it is only a random key the database must know."""
    for value in ("eyJ1c2VyIjoxLCJjc3JmIjoieCIsImV4cGlyZXMiOjk5OTk5OTk5OTl9.sig", "1", ""):
        api.client.cookies.set(auth.SESSION_COOKIE, value)
        assert api.client.get("/api/auth/me").status_code == 401
    api.client.cookies.clear()


# --- 4: ids never reused; sessions die with their user ------------------------------------


def test_a_deleted_users_session_never_becomes_the_next_users(api: Api, engine: Engine) -> None:
    admin = api.as_("admin")
    body = {"name": "kati", "password": PASSWORD, "role": "hr", "municipalities": ["tamme"]}
    assert admin.post("/api/users", json=body).status_code == 201
    cookies, _ = login(api, "kati")
    assert with_cookie(api, cookies, "GET", "/api/auth/me").json()["name"] == "kati"
    with engine.connect() as c:
        kati = c.scalar(
            sa.select(sa.text("id")).select_from(sa.text("users")).where(sa.text("name = 'kati'"))
        )
    assert admin.delete("/api/users/kati").status_code == 204
    assert with_cookie(api, cookies, "GET", "/api/auth/me").status_code == 401
    body = {"name": "admin2", "password": PASSWORD, "role": "admin"}
    assert admin.post("/api/users", json=body).status_code == 201
    with engine.connect() as c:
        new = c.scalar(
            sa.select(sa.text("id")).select_from(sa.text("users")).where(sa.text("name = 'admin2'"))
        )
    assert new != kati  # SQLite handed the last id out again before AUTOINCREMENT
    assert with_cookie(api, cookies, "GET", "/api/auth/me").status_code == 401


# --- 5: logout, password change, lifetimes; tokens ---------------------------------------


def test_logout_ends_the_session_everywhere_at_once(api: Api) -> None:
    cookies, csrf = login(api)
    assert with_cookie(api, cookies, "GET", "/api/auth/me").status_code == 200
    r = with_cookie(api, cookies, "POST", "/api/auth/logout", headers={auth.CSRF_HEADER: csrf})
    assert r.status_code == 204
    # The old cookie, replayed, reads nothing and writes nothing (before: 12 hours more).
    assert with_cookie(api, cookies, "GET", "/api/auth/me").status_code == 401
    page = with_cookie(api, cookies, "GET", "/m/tamme", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_a_password_change_ends_the_other_sessions(api: Api) -> None:
    first, _ = login(api)
    second, csrf = login(api)
    r = with_cookie(
        api,
        second,
        "POST",
        "/api/auth/password",
        json={"current": PASSWORD, "new": "a much longer passphrase"},
        headers={auth.CSRF_HEADER: csrf},
    )
    assert r.status_code == 201, r.text
    assert r.json() == {"sessions_ended": 1}
    assert with_cookie(api, first, "GET", "/api/auth/me").status_code == 401
    assert with_cookie(api, second, "GET", "/api/auth/me").status_code == 200
    assert login(api, "hr", "a much longer passphrase")


def test_a_weak_or_wrong_password_change_is_refused(api: Api) -> None:
    hr = api.as_("hr")
    r = hr.post("/api/auth/password", json={"current": "wrong", "new": "a fine passphrase"})
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "current"
    for weak in ("short", "password1234", "qwertyuiop123"[:12], "1234567890123"):
        if len(weak) >= passwords.MIN_LENGTH and not passwords.is_common(weak):
            continue
        r = hr.post("/api/auth/password", json={"current": PASSWORD, "new": weak})
        assert r.status_code == 422 and r.json()["extra"][0]["path"] == "new", weak


def test_sessions_end_when_idle_and_after_their_lifetime(api: Api, engine: Engine) -> None:
    idle, _ = login(api)
    old, _ = login(api)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as c:
        rows = c.execute(sa.select(LoginSession.id).order_by(LoginSession.id)).scalars().all()
        c.execute(
            sa.update(LoginSession)
            .where(LoginSession.id == rows[-2])
            .values(last_seen_at=now - auth.IDLE - dt.timedelta(seconds=1))
        )
        c.execute(
            sa.update(LoginSession)
            .where(LoginSession.id == rows[-1])
            .values(expires_at=now - dt.timedelta(seconds=1))
        )
    assert with_cookie(api, idle, "GET", "/api/auth/me").status_code == 401
    assert with_cookie(api, old, "GET", "/api/auth/me").status_code == 401


def test_the_session_cookie_holds_only_a_random_key(api: Api, engine: Engine) -> None:
    cookies, csrf = login(api)
    key = cookies[auth.SESSION_COOKIE]
    with engine.connect() as c:
        stored = c.execute(sa.select(LoginSession)).all()[-1]
    assert key not in (stored.key_hash, str(stored.user_id)) and csrf == stored.csrf
    assert stored.key_hash == auth.key_hash("test-secret-test-secret-test-secret", key)
    assert stored.address == "testclient"


def test_a_session_cannot_mint_a_long_token_nor_one_without_the_password(api: Api) -> None:
    cookies, csrf = login(api)
    h = {auth.CSRF_HEADER: csrf}
    for body in (
        {"name": "x", "days": 3650, "password": PASSWORD},  # 10 years: before, accepted
        {"name": "x", "days": accounts.MAX_TOKEN_DAYS + 1, "password": PASSWORD},
        {"name": "x", "days": 30},  # a stolen session does not know the password
        {"name": "x", "days": 30, "password": "wrong"},
    ):
        r = with_cookie(api, cookies, "POST", "/api/auth/tokens", json=body, headers=h)
        assert r.status_code in (400, 422), (body, r.text)
    r = with_cookie(
        api,
        cookies,
        "POST",
        "/api/auth/tokens",
        json={"name": "x", "password": PASSWORD},
        headers=h,
    )
    assert r.status_code == 201
    expires = dt.datetime.fromisoformat(r.json()["expires_at"])
    assert expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=accounts.MAX_TOKEN_DAYS)


def test_tokens_are_listed_and_revoked_at_once(api: Api) -> None:
    hr, admin = api.as_("hr"), api.as_("admin")
    made = hr.post("/api/auth/tokens", json={"name": "script", "password": PASSWORD}).json()
    script = {"Authorization": f"Bearer {made['token']}"}
    assert api.client.get("/api/auth/me", headers=script).status_code == 200
    mine = hr.get("/api/auth/tokens").json()
    assert {t["user"] for t in mine} == {"hr"} and "token" not in mine[0]
    assert made["id"] in [t["id"] for t in mine]
    assert {t["user"] for t in admin.get("/api/auth/tokens").json()} >= {"hr", "admin"}
    # Someone else's token is not there for HR (404, like a token that does not exist).
    admins = [t["id"] for t in admin.get("/api/auth/tokens").json() if t["user"] == "admin"]
    assert hr.delete(f"/api/auth/tokens/{admins[0]}").status_code == 404
    assert hr.delete(f"/api/auth/tokens/{made['id']}").status_code == 204
    # The very next request fails (before: a 2 s cache of callers kept it alive).
    assert api.client.get("/api/auth/me", headers=script).status_code == 401


def test_cli_token_list_and_revoke_and_the_actor_is_who_ran_it(
    api: Api, use_database: str, engine: Engine
) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["token", "create", "--user", "hr", "--name", "nightly"])
    assert r.exit_code == 0, r.output
    token = r.output.strip()
    r = runner.invoke(main, ["token", "create", "--user", "hr", "--days", "3650"])
    assert r.exit_code == 2
    listed = [
        msgspec.json.decode(line)
        for line in runner.invoke(main, ["token", "list", "--user", "hr"]).output.splitlines()
    ]
    nightly = next(t for t in listed if t["name"] == "nightly")
    assert nightly["created_by"].startswith("cli")
    with engine.connect() as c:
        actor = c.execute(
            sa.text(
                "SELECT actor FROM audit_log WHERE entity_kind = 'token' AND action = 'create'"
                " AND entity_id = :id"
            ),
            {"id": str(nightly["id"])},
        ).scalar_one()
    assert actor.startswith("cli") and actor != "hr"  # before: the token's owner
    r = runner.invoke(main, ["token", "revoke", str(nightly["id"])])
    assert r.exit_code == 0, r.output
    assert (
        api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert runner.invoke(main, ["token", "revoke", str(nightly["id"])]).exit_code == 2


# --- 8: login --------------------------------------------------------------------------


def _attempt(engine: Engine, name: str, password: str, address: str) -> int:
    """The status a login from `address` gets."""
    with store.sessions(engine)() as session:
        try:
            logins.login(session, "s" * 40, name, password, auth.Client(address))
        except NotAuthenticated:
            return 401
        except TooManyRequests:
            return 429
    return 200


def test_unknown_names_are_answered_exactly_like_real_ones(api: Api, engine: Engine) -> None:
    real = [_attempt(engine, "hr", "wrong", "10.0.0.1") for _ in range(logins.ACCOUNT_FREE + 1)]
    ghost = [
        _attempt(engine, "nobody", "wrong", "10.0.0.2") for _ in range(logins.ACCOUNT_FREE + 1)
    ]
    assert real == ghost == [401] * logins.ACCOUNT_FREE + [429]


def test_a_strangers_failures_do_not_lock_the_owner_out(api: Api, engine: Engine) -> None:
    for _ in range(20):
        _attempt(engine, "hr", "guess", "203.0.113.9")
    assert _attempt(engine, "hr", PASSWORD, "203.0.113.9") == 429  # the stranger waits
    assert _attempt(engine, "hr", PASSWORD, "192.0.2.10") == 200  # the owner gets in


def test_one_password_tried_across_every_account_is_slowed(api: Api, engine: Engine) -> None:
    statuses = [
        _attempt(engine, f"user{i}", "Summer2026!", "198.51.100.7")
        for i in range(logins.ADDRESS_FREE + 1)
    ]
    assert statuses[: logins.ADDRESS_FREE] == [401] * logins.ADDRESS_FREE
    assert statuses[-1] == 429  # before: never slowed
    assert _attempt(engine, "hr", PASSWORD, "192.0.2.11") == 200  # others are not


def test_failures_are_forgotten_after_the_window(api: Api, engine: Engine) -> None:
    for _ in range(logins.ACCOUNT_FREE):
        _attempt(engine, "hr", "wrong", "10.1.1.1")
    assert _attempt(engine, "hr", PASSWORD, "10.1.1.1") == 429
    with engine.begin() as c:
        past = dt.datetime.now(dt.UTC) - logins.WINDOW - dt.timedelta(seconds=1)
        c.execute(sa.update(LoginThrottle).values(last_failed_at=past))
    assert _attempt(engine, "hr", PASSWORD, "10.1.1.1") == 200


def test_common_and_short_passwords_are_refused(api: Api) -> None:
    admin = api.as_("admin")
    for weak in ("password", "123456789012", "qwertyuiopasdf"[:12], "iloveyou1234"):
        body = {"name": "new", "password": weak, "role": "admin"}
        r = admin.post("/api/users", json=body)
        expected_weak = len(weak) < passwords.MIN_LENGTH or passwords.is_common(weak)
        assert (r.status_code in (400, 422)) == expected_weak, (weak, r.text)
        if r.status_code == 201:
            admin.delete("/api/users/new")
    assert passwords.is_common("password") and passwords.is_common("Parool")
    assert passwords.problems("new-user-name", "New-User-Name")
    assert not passwords.problems("correct horse battery")


def test_login_is_json_only(api: Api) -> None:
    """A cross-site HTML form can post urlencoded or text/plain without a preflight."""
    for headers, content in (
        ({"Content-Type": "application/x-www-form-urlencoded"}, "name=hr&password=x"),
        ({"Content-Type": "text/plain"}, f'{{"name": "hr", "password": "{PASSWORD}"}}'),
    ):
        r = api.client.post("/api/auth/login", content=content, headers=headers)
        assert r.status_code in (400, 415, 422), r.text
        assert auth.SESSION_COOKIE not in r.cookies


def test_cli_user_add_refuses_a_common_password(api: Api, use_database: str) -> None:
    r = CliRunner().invoke(
        main, ["user", "add", "mari", "--role", "admin"], env={"ROLES_PASSWORD": "password1234"}
    )
    assert r.exit_code == 2 and "common" in r.output


def test_housekeeping_removes_ended_sessions_and_old_failures(
    api: Api, use_database: str, engine: Engine
) -> None:
    login(api)
    _attempt(engine, "hr", "wrong", "10.9.9.9")
    old = dt.datetime.now(dt.UTC) - auth.LIFETIME - dt.timedelta(hours=1)
    with engine.begin() as c:
        c.execute(sa.update(LoginSession).values(expires_at=old, last_seen_at=old))
        c.execute(sa.update(LoginThrottle).values(last_failed_at=old))
    r = CliRunner().invoke(main, ["housekeeping"])
    assert r.exit_code == 0, r.output
    with engine.connect() as c:
        assert c.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 0
        assert c.scalar(sa.select(sa.func.count()).select_from(LoginThrottle)) == 0
