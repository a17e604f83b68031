"""Issue 14, the HTTP half: 10 the audit of logins, refusals and loads; 11 security headers
and Secure cookies; 13 `If-Match: *`, duplicate JSON keys, deep JSON, a read-only database,
OPTIONS."""

from pathlib import Path
from typing import Any

import msgspec
import sqlalchemy as sa
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from roles import config, store
from roles.api.bodies import MAX_DEPTH
from roles.server import create_app
from roles.services import auth
from roles.store import tables as t

from ..api.conftest import Api
from ..api.factories import PASSWORD, populate, tamme

UNIT = "/api/municipalities/tamme/units/tamme-haldus"


def audit(engine: Engine, kind: str) -> list[Any]:
    with engine.connect() as c:
        return list(
            c.execute(
                sa.select(t.AuditEntry)
                .where(t.AuditEntry.entity_kind == kind)
                .order_by(t.AuditEntry.id)
            )
        )


# --- 10: the audit -------------------------------------------------------------------------


def test_logins_logouts_password_changes_and_tokens_are_audited(api: Api, engine: Engine) -> None:
    c = api.client
    assert c.post("/api/auth/login", json={"name": "hr", "password": "wrong"}).status_code == 401
    assert c.post("/api/auth/login", json={"name": "ghost", "password": "x"}).status_code == 401
    r = c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    csrf = r.json()["csrf_token"]
    assert c.post("/api/auth/logout", headers={auth.CSRF_HEADER: csrf}).status_code == 204
    c.cookies.clear()
    hr = api.as_("hr")
    made = hr.post("/api/auth/tokens", json={"name": "job", "password": PASSWORD}).json()
    assert hr.delete(f"/api/auth/tokens/{made['id']}").status_code == 204
    new = {"current": PASSWORD, "new": "another long passphrase"}
    assert api.as_("manager").post("/api/auth/password", json=new).status_code == 201
    logins = [(e.actor, e.action) for e in audit(engine, "login")]
    assert logins == [
        ("hr", "login-failed"),
        ("ghost", "login-failed"),
        ("hr", "login"),
        ("hr", "logout"),
        ("manager", "password-change"),
    ]
    where = msgspec.json.decode(audit(engine, "login")[0].after)
    assert where["address"] == "testclient" and "agent" in where
    tokens = [(e.actor, e.action, e.entity_id) for e in audit(engine, "token")]
    assert ("hr", "create", str(made["id"])) in tokens
    assert ("hr", "revoke", str(made["id"])) in tokens


def test_refused_requests_and_csrf_refusals_are_audited(api: Api, engine: Engine) -> None:
    c = api.client
    assert c.get("/api/auth/me", headers={"Authorization": "Bearer rt_nothing"}).status_code == 401
    assert c.get("/api/municipalities").status_code == 401
    c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
    got = c.get(UNIT)
    r = c.put(UNIT, json=got.json(), headers={"If-Match": got.headers["etag"]})  # no CSRF
    assert r.status_code == 403
    c.cookies.clear()
    refused = [(e.actor, e.entity_id, e.action) for e in audit(engine, "request")]
    assert refused == [
        ("anonymous", "GET /api/auth/me", "refused-401"),
        ("anonymous", "GET /api/municipalities", "refused-401"),
        ("hr", f"PUT {UNIT}", "refused-403"),
    ]
    reason = msgspec.json.decode(audit(engine, "request")[-1].after)["reason"]
    assert "CSRF" in reason


def test_a_load_is_audited_with_what_it_changed(api: Api, engine: Engine) -> None:
    registry = tamme()
    position = registry.positions[0]
    changed = msgspec.structs.replace(
        registry,
        positions=[msgspec.structs.replace(position, title="Uus nimetus"), *registry.positions[1:]],
    )
    with store.sessions(engine)() as session:
        store.load_all(session, [("upload.yaml", changed)], actor="hr")
    entry = audit(engine, "municipality")[-1]
    assert (entry.actor, entry.action) == ("hr", "load")
    after = msgspec.json.decode(entry.after)
    assert after["changed"] == {"positions": {"changed": [position.id]}}


# --- 11: headers and cookies -------------------------------------------------------------


def test_every_answer_carries_the_security_headers(api: Api) -> None:
    c = api.client
    for url in ("/api/municipalities", "/login", "/nowhere", "/static/site.js", "/health"):
        r = c.get(url)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp, url
        assert r.headers["x-frame-options"] == "DENY", url
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["referrer-policy"] == "same-origin", url
        assert "strict-transport-security" not in r.headers  # the tests' app is plain HTTP


def test_pages_have_no_inline_script() -> None:
    pages = Path(__file__).parents[2] / "src" / "roles" / "templates" / "pages"
    for template in pages.glob("*.html"):
        text = template.read_text()
        for piece in text.split("<script")[1:]:
            assert piece.lstrip().startswith("src="), template  # external files only
        for handler in ("onclick=", "onload=", "onsubmit=", "onchange=", "javascript:"):
            assert handler not in text, (template, handler)
        assert 'style="' not in text, template


def test_secure_by_default_with_hsts_and_secure_cookies(database_url: str, engine: Engine) -> None:
    populate(engine)
    settings = msgspec.structs.replace(
        config.from_environment(), database_url=database_url, secret_key="s" * 40
    )
    assert settings.secure_cookies  # the default, without ROLES_SECURE_COOKIES
    with TestClient(create_app(settings), base_url="https://testserver.local") as c:
        r = c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
        assert r.status_code == 200
        cookie = r.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert r.headers["strict-transport-security"].startswith("max-age=")
        login_form = c.get("/login")
        assert "secure" in login_form.headers["set-cookie"].lower()


# --- 13: If-Match, JSON bodies, read-only database, OPTIONS -----------------------------


def test_if_match_star_does_not_let_a_blind_writer_through(api: Api) -> None:
    hr = api.as_("hr")
    body = hr.get(UNIT).json() | {"name": "pimesi"}
    r = hr.put(UNIT, json=body, headers={"If-Match": "*"})
    assert r.status_code == 428 and "ETag" in r.json()["detail"]
    assert hr.get(UNIT).json()["name"] != "pimesi"


def test_a_duplicate_key_in_a_json_body_is_refused_by_name(api: Api) -> None:
    hr = api.as_("hr")
    got = hr.get(UNIT)
    raw = got.text[:-1] + ', "name": "teine"}'  # "name" twice: which one did a reviewer see?
    r = hr.put(
        UNIT,
        content=raw,
        headers={"If-Match": got.headers["etag"], "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    [problem] = r.json()["extra"]
    assert (problem["path"], problem["message"]) == (
        "name",
        "the key 'name' appears twice in one object",
    )


def test_json_nested_too_deep_is_refused_not_a_500(api: Api) -> None:
    hr = api.as_("hr")
    for depth in (MAX_DEPTH + 1, 100_000):
        body = "[" * depth + "]" * depth
        r = hr.post(
            "/api/municipalities/tamme/positions",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert r.status_code == 422 and "deeper" in r.text, (depth, r.status_code)


def test_a_read_only_database_answers_503_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "roles.db"
    engine = store.create(f"sqlite:///{path}")
    store.upgrade(engine)
    tokens = populate(engine)
    engine.dispose()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    settings = msgspec.structs.replace(
        config.from_environment(), database_url=read_only, secret_key="s" * 40, secure_cookies=False
    )
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/auth/login", json={"name": "hr", "password": PASSWORD})
        assert r.status_code == 503 and "read-only" in r.json()["detail"], r.text
        assert r.headers["retry-after"]
        bearer = {"Authorization": f"Bearer {tokens['hr']}"}
        assert c.get(UNIT, headers=bearer).status_code == 200  # reading still works
        got = c.get(UNIT, headers=bearer)
        r = c.put(UNIT, json=got.json(), headers={**bearer, "If-Match": got.headers["etag"]})
        assert r.status_code == 503, r.text
        form = c.get("/login")
        csrf = form.text.split('name="_csrf" value="')[1].split('"')[0]
        page = c.post("/login", data={"_csrf": csrf, "name": "hr", "password": PASSWORD})
        assert page.status_code == 503 and "text/html" in page.headers["content-type"]


def test_options_names_every_method_of_a_path(api: Api) -> None:
    c = api.client
    expected = {
        "/api/municipalities": "GET, OPTIONS, POST",
        UNIT: "DELETE, GET, OPTIONS, PUT",
        "/api/auth/tokens": "GET, OPTIONS, POST",
        "/login": "GET, OPTIONS, POST",
    }
    for url, methods in expected.items():
        r = c.options(url)
        assert r.status_code == 204 and r.headers["allow"] == methods, (url, r.headers.get("allow"))
