"""Callers a worker has met are answered from memory, and never once after they changed.

Two app instances share one database (as two workers or two servers do). Each keeps the
callers it has met with the accounts' revision it read them at; the database's own triggers
move that revision on whenever a user, scope, token or session changes, whoever writes it:
the API, the CLI, plain SQL. So a revoked token, an ended session or a scope taken away is
refused on the very next request through the other instance.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from roles.services import auth
from roles.services.workspace import Workspace

from .conftest import Api
from .factories import PASSWORD

POSITION = "/api/municipalities/tamme/positions/tamme-spets"
ME = "/api/auth/me"


def workspace(api: Api) -> Workspace:
    ws: Workspace = api.client.app.state.workspace
    return ws


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement sent through SQLAlchemy from here on, by any instance on `engine`'s
    database (each instance has its own engine: listen on the class)."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    sa.event.listen(Engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(Engine, "before_cursor_execute", note)


def test_a_known_caller_costs_no_read_of_the_accounts(
    two: tuple[Api, Api], statements: list[str]
) -> None:
    hr = two[0].as_("hr")
    assert hr.get(POSITION).status_code == 200  # met: token, user and scopes read
    assert any("api_tokens" in s for s in statements)
    statements.clear()
    for _ in range(3):
        assert hr.get(POSITION).status_code == 200
    assert not [s for s in statements if "api_tokens" in s or "user_scopes" in s]
    assert len(workspace(two[0]).callers) == 1


def test_a_token_revoked_through_one_instance_is_refused_at_once_by_the_other(
    two: tuple[Api, Api],
) -> None:
    a, b = two
    made = a.as_("hr").post(
        "/api/auth/tokens", json={"name": "skript", "days": 1, "password": PASSWORD}
    )
    assert made.status_code == 201, made.text
    headers = {"Authorization": f"Bearer {made.json()['token']}"}
    assert b.client.get(POSITION, headers=headers).status_code == 200  # b has met it
    assert a.as_("hr").delete(f"/api/auth/tokens/{made.json()['id']}").status_code == 204
    assert b.client.get(POSITION, headers=headers).status_code == 401


def test_a_user_removed_through_one_instance_is_refused_at_once_by_the_other(
    two: tuple[Api, Api],
) -> None:
    a, b = two
    assert b.as_("manager").get(ME).status_code == 200
    assert a.as_("admin").delete("/api/users/manager").status_code == 204
    assert b.as_("manager").get(ME).status_code == 401


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM user_scopes WHERE user_id = (SELECT id FROM users WHERE name = 'hr')",
        "UPDATE user_scopes SET municipality_id = 'kase'"
        " WHERE user_id = (SELECT id FROM users WHERE name = 'hr')",
        "UPDATE users SET role = 'employee' WHERE name = 'hr'",
    ],
    ids=["scope removed", "scope moved", "role changed"],
)
def test_access_taken_away_outside_the_service_is_seen_on_the_next_request(
    two: tuple[Api, Api], engine: Engine, sql: str
) -> None:
    hr = two[1].as_("hr")
    assert hr.get(POSITION).status_code == 200
    with engine.begin() as connection:  # as an administrator's SQL console would
        connection.exec_driver_sql(sql)
    assert hr.get(POSITION).status_code == 404  # tamme is not theirs any more


def test_a_session_ended_through_one_instance_is_refused_at_once_by_the_other(
    two: tuple[Api, Api],
) -> None:
    a, b = two
    r = a.client.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    assert r.status_code == 200, r.text
    cookie = {auth.SESSION_COOKIE: r.cookies[auth.SESSION_COOKIE]}
    b.client.cookies.update(cookie)
    assert b.client.get(ME).json()["name"] == "hr"  # b has met the session
    a.client.post("/api/auth/logout", headers={"X-CSRF-Token": r.json()["csrf_token"]})
    assert b.client.get(ME).status_code == 401


def test_pages_keep_their_callers_too_and_drop_them_at_a_logout_elsewhere(
    two: tuple[Api, Api], statements: list[str]
) -> None:
    a, b = two
    r = a.client.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    assert r.status_code == 200, r.text
    b.client.cookies.update({auth.SESSION_COOKIE: r.cookies[auth.SESSION_COOKIE]})
    assert b.client.get("/m/tamme/positions").status_code == 200  # b's pages have met it
    statements.clear()
    assert b.client.get("/m/tamme/positions").status_code == 200
    assert not [s for s in statements if "sessions" in s or "user_scopes" in s]
    a.client.post("/api/auth/logout", headers={"X-CSRF-Token": r.json()["csrf_token"]})
    gone = b.client.get("/m/tamme/positions", follow_redirects=False)
    assert gone.status_code in (302, 303) and gone.headers["location"].startswith("/login")


def test_a_password_change_ends_the_other_sessions_on_every_instance(
    two: tuple[Api, Api],
) -> None:
    a, b = two
    first = b.client.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    assert b.client.get(ME).status_code == 200  # b has met the first session
    second = a.client.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    r = a.client.post(
        "/api/auth/password",
        json={"current": PASSWORD, "new": "Uus-parool-2026-pikk"},
        headers={"X-CSRF-Token": second.json()["csrf_token"]},
    )
    assert r.is_success and r.json() == {"sessions_ended": 1}, r.text
    assert first.cookies[auth.SESSION_COOKIE] == b.client.cookies[auth.SESSION_COOKIE]
    assert b.client.get(ME).status_code == 401


def test_a_known_token_is_refused_once_it_expires(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = api.as_("hr").post(
        "/api/auth/tokens", json={"name": "lühike", "days": 1, "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {made.json()['token']}"}
    assert api.client.get(ME, headers=headers).status_code == 200  # met
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr(auth, "_now", lambda: later)
    assert api.client.get(ME, headers=headers).status_code == 401


def test_a_known_session_is_refused_once_idle_too_long(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = api.client
    assert c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD}).status_code == 200
    assert c.get(ME).status_code == 200  # met
    later = dt.datetime.now(dt.UTC) + auth.IDLE + dt.timedelta(seconds=1)
    monkeypatch.setattr(auth, "_now", lambda: later)
    assert c.get(ME).status_code == 401


# --- the triggers that move the accounts' revision ------------------------------------------

MOVES = [
    "UPDATE users SET name = 'hr-uus' WHERE name = 'hr'",
    "UPDATE users SET role = 'manager' WHERE name = 'hr'",
    "UPDATE users SET person_id = 'tamme-p1' WHERE name = 'hr'",
    "UPDATE users SET password_hash = 'x' WHERE name = 'hr'",
    "DELETE FROM users WHERE name = 'employee'",
    "INSERT INTO user_scopes (user_id, municipality_id, unit_id)"
    " SELECT id, 'kase', '' FROM users WHERE name = 'hr'",
    "UPDATE user_scopes SET unit_id = 'x' WHERE unit_id = 'tamme-sotsiaal'",
    "DELETE FROM user_scopes",
    "UPDATE api_tokens SET expires_at = NULL",
    "DELETE FROM api_tokens",
]
STAYS = [
    "UPDATE users SET failed_logins = failed_logins + 1",  # a wrong password changes nobody
    "UPDATE sessions SET last_seen_at = last_seen_at",  # written once a minute per session
]


def accounts_revision(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.exec_driver_sql("SELECT revision FROM accounts_revision").scalar()
    assert found is not None
    return int(found)


@pytest.mark.parametrize("sql", MOVES)
def test_every_change_to_who_a_caller_is_moves_the_accounts_revision(
    api: Api, engine: Engine, sql: str
) -> None:
    before = accounts_revision(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(sql)
    assert accounts_revision(engine) > before


def test_sessions_ended_or_changed_move_it_and_their_use_does_not(
    api: Api, engine: Engine
) -> None:
    c = api.client
    assert c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD}).status_code == 200
    before = accounts_revision(engine)
    with engine.begin() as connection:
        for sql in STAYS:
            connection.exec_driver_sql(sql)
    assert accounts_revision(engine) == before
    for sql in ("UPDATE sessions SET csrf = 'x'", "DELETE FROM sessions"):
        with engine.begin() as connection:
            connection.exec_driver_sql(sql)
        assert accounts_revision(engine) > before
        before = accounts_revision(engine)
