"""Logins, sessions with CSRF, the failed-login slowdown, tokens, users, and the CLI."""

import datetime as dt

import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles.cli import main
from roles.services import auth, logins
from roles.store.session_tables import LoginThrottle

from .conftest import Api
from .factories import PASSWORD


def test_session_login_with_csrf(api: Api) -> None:
    c = api.client
    r = c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    assert r.status_code == 200, r.text
    csrf = r.json()["csrf_token"]
    assert auth.SESSION_COOKIE in r.cookies
    assert "httponly" in r.headers["set-cookie"].lower()
    assert c.get("/api/auth/me").json()["name"] == "hr"
    url = "/api/municipalities/tamme/units/tamme-haldus"
    got = c.get(url)
    body = got.json() | {"name": "haldus"}
    r = c.put(url, json=body, headers={"If-Match": got.headers["etag"]})
    assert r.status_code == 403 and "CSRF" in r.text
    r = c.put(url, json=body, headers={"If-Match": got.headers["etag"], "X-CSRF-Token": csrf})
    assert r.status_code == 200
    c.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    c.cookies.clear()
    assert c.get("/api/auth/me").status_code == 401


def test_a_forged_session_cookie_is_refused(api: Api) -> None:
    api.client.cookies.set(auth.SESSION_COOKIE, "a-key-no-session-has")
    r = api.client.get("/api/auth/me")
    assert r.status_code == 401


def test_failed_logins_slow_down(api: Api, engine: Engine) -> None:
    c = api.client
    for _ in range(logins.ACCOUNT_FREE):
        assert (
            c.post("/api/auth/login", json={"name": "hr", "password": "wrong"}).status_code == 401
        )
    r = c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    # Once the wait is over the right password works and the count starts again.
    with engine.begin() as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        conn.execute(sa.update(LoginThrottle).values(last_failed_at=past))
    assert c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD}).status_code == 200
    with engine.connect() as conn:
        keys = conn.scalars(sa.select(LoginThrottle.key)).all()
        assert not [k for k in keys if k.startswith("account:")]
    assert c.post("/api/auth/login", json={"name": "nobody", "password": "x"}).status_code == 401


def test_tokens_and_users(api: Api) -> None:
    admin = api.as_("admin")
    r = admin.post(
        "/api/users",
        json={"name": "hr2", "password": PASSWORD, "role": "hr", "municipalities": ["kase"]},
    )
    assert r.status_code == 201, r.text
    assert (
        admin.post("/api/users", json={"name": "x", "password": PASSWORD, "role": "hr"}).status_code
        == 422
    )
    assert {u["name"] for u in admin.get("/api/users").json()} >= {"admin", "hr2"}
    kept_by_hr = api.as_("hr").get("/api/users")  # Tamme's managers and employees only
    assert {u["name"] for u in kept_by_hr.json()} == {"manager", "employee"}
    assert api.as_("hr").get("/api/users/hr2").status_code == 404
    assert api.as_("hr").delete("/api/users/hr2").status_code == 404
    assert api.as_("manager").get("/api/users").status_code == 404
    token = (
        api.as_("hr")
        .post("/api/auth/tokens", json={"name": "script", "days": 1, "password": PASSWORD})
        .json()
    )
    assert token["token"].startswith(auth.TOKEN_PREFIX)
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert api.client.get("/api/auth/me", headers=headers).json()["name"] == "hr"
    assert admin.delete("/api/users/hr2").status_code == 204
    assert admin.get("/api/users/hr2").status_code == 404
    entries = admin.get("/api/audit", params={"kind": "user"}).json()["items"]
    assert [e["action"] for e in entries if e["entity_id"] == "hr2"] == ["delete", "create"]


def test_cli_user_add_and_token_create(api: Api, use_database: str) -> None:
    runner = CliRunner()
    r = runner.invoke(
        main,
        ["user", "add", "mari", "--role", "manager", "--unit", "tamme/tamme-haldus"],
        env={"ROLES_PASSWORD": PASSWORD},
    )
    assert r.exit_code == 0, r.output
    assert '"role":"manager"' in r.output
    r = runner.invoke(main, ["token", "create", "--user", "mari"])
    assert r.exit_code == 0, r.output
    token = r.output.strip()
    me = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["units"] == [{"municipality": "tamme", "unit": "tamme-haldus"}]
    r = runner.invoke(main, ["token", "create", "--user", "nobody"])
    assert r.exit_code == 2
    r = runner.invoke(main, ["user", "add", "x", "--role", "hr"], env={"ROLES_PASSWORD": PASSWORD})
    assert r.exit_code == 2 and "municipalities" in r.output
    r = runner.invoke(
        main,
        ["user", "add", "y", "--role", "manager", "--unit", "tamme/no-such-unit"],
        env={"ROLES_PASSWORD": PASSWORD},
    )
    assert r.exit_code == 2 and "no-such-unit" in r.output, r.output


def test_hr_keeps_their_own_peoples_accounts_through_the_api(api: Api) -> None:
    hr = api.as_("hr")
    body = {"name": "mari.aar", "password": PASSWORD, "role": "employee", "person": "tamme-p1"}
    made = hr.post("/api/users", json=body)
    assert made.status_code == 201, made.text
    foreign = body | {"name": "peeter", "person": "kase-p1"}
    assert hr.post("/api/users", json=foreign).status_code == 403
    hr_user = {"name": "hr3", "password": PASSWORD, "role": "hr", "municipalities": ["tamme"]}
    assert hr.post("/api/users", json=hr_user).status_code == 403
    missing = body | {"name": "kadunud", "person": "no-such-person"}
    refused = hr.post("/api/users", json=missing)
    assert refused.status_code == 422 and refused.json()["extra"][0]["path"] == "person"
    assert hr.delete("/api/users/mari.aar").status_code == 204
    assert api.as_("admin").delete("/api/users/admin").status_code == 403  # not oneself
