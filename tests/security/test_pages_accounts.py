"""Issue 14 on the pages: logout ends the session, the account page changes the password and
revokes tokens, the login form's CSRF refusal is audited."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from litestar.testing import TestClient

from roles import store
from roles.services import accounts, auth
from roles.store import tables as t

from ..api.factories import PASSWORD
from ..conftest import make_app
from ..pages import seed
from ..pages.conftest import SECRET
from ..pages.test_server_side import csrf_of, login


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient[Any], str]]:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with TestClient(make_app(url, SECRET)) as c:
        yield c, url


def test_page_logout_ends_the_session_for_a_replayed_cookie(site: tuple[Any, str]) -> None:
    client, _ = site
    login(client, "hr")
    stolen = client.cookies[auth.SESSION_COOKIE]
    home = client.get("/account")
    assert home.status_code == 200
    out = client.post("/logout", data={"_csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.set(auth.SESSION_COOKIE, stolen)
    again = client.get("/account", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")


def test_the_account_page_changes_the_password_and_ends_other_sessions(
    site: tuple[Any, str],
) -> None:
    client, _ = site
    login(client, "hr")
    other = client.cookies[auth.SESSION_COOKIE]  # a session elsewhere
    client.cookies.clear()
    login(client, "hr")
    page = client.get("/account")
    assert page.status_code == 200 and 'autocomplete="new-password"' in page.text
    weak = client.post(
        "/account/password",
        data={"_csrf": csrf_of(page.text), "current": PASSWORD, "new": "password"},
    )
    assert weak.status_code == 422 and 'role="alert"' in weak.text
    done = client.post(
        "/account/password",
        data={"_csrf": csrf_of(page.text), "current": PASSWORD, "new": "pikk uus salafraas"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get("/account").status_code == 200  # this session goes on
    client.cookies.set(auth.SESSION_COOKIE, other)
    gone = client.get("/account", follow_redirects=False)
    assert gone.status_code == 303  # the other one has ended


def test_the_account_page_lists_and_revokes_ones_own_tokens(site: tuple[Any, str]) -> None:
    client, url = site
    engine = store.create(url)
    with store.sessions(engine)() as session, session.begin():
        mine = accounts.create_token(session, "hr", "nightly", actor="test")
    engine.dispose()
    login(client, "hr")
    page = client.get("/account")
    assert "nightly" in page.text
    r = client.post(
        f"/account/tokens/{mine.id}/revoke",
        data={"_csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    bearer = {"Authorization": f"Bearer {mine.token}"}
    assert client.get("/api/auth/me", headers=bearer).status_code == 401
    forged = client.post(f"/account/tokens/{mine.id}/revoke", data={"_csrf": "wrong"})
    assert forged.status_code == 403


def test_a_login_form_without_its_csrf_token_is_refused_and_audited(
    site: tuple[Any, str],
) -> None:
    client, url = site
    r = client.post("/login", data={"name": "hr", "password": PASSWORD, "_csrf": "forged"})
    assert r.status_code == 400 and auth.SESSION_COOKIE not in client.cookies
    engine = store.create(url)
    with engine.connect() as c:
        entry = c.execute(
            sa.select(t.AuditEntry).where(t.AuditEntry.entity_kind == "request")
        ).one()
    engine.dispose()
    assert (entry.entity_id, entry.action) == ("POST /login", "refused-403")
