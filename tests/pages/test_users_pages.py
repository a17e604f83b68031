"""Keeping accounts from the pages: an administrator keeps everyone's, HR the managers and
employees of their own municipalities; a new account names only what exists and what the
keeper reaches; every refusal is the form again in the page's language, typed values kept
(the password never sent back)."""

import html
from typing import Any

from litestar.testing import TestClient

from .test_corrections import as_, client, post_form, removal
from .test_server_side import csrf_of, login

__all__ = ["client"]  # the fixture, imported

NEW = "/users/new"
STRONG = "kaheksa-tähte-ja-veel"


def _new(c: TestClient[Any], **changes: str) -> Any:
    return post_form(c, NEW, "correction", {"password": STRONG, **changes})


def _users(c: TestClient[Any]) -> str:
    got = c.get("/users")
    assert got.status_code == 200, got.text
    return html.unescape(got.text)


def test_hr_gives_an_employee_of_theirs_a_login_and_the_employee_logs_in(
    client: TestClient[Any],
) -> None:
    hr = as_(client, "hr")
    got = _new(hr, name="mari.aar", role="employee", person="tamme-p1")
    assert got.status_code == 303 and got.headers["location"] == "/users?done=user_added"
    page = _users(hr)
    assert "mari.aar" in page and "töötaja" in page and "Mari Äär" in page
    # HR sees only their own people's accounts: not Kase's HR, not the administrator
    assert "hr-kase" not in page and ">admin<" not in page
    client.cookies.clear()
    login(client, "mari.aar", STRONG)
    assert client.get("/me").status_code == 200


def test_hr_cannot_make_accounts_outside_their_municipality(client: TestClient[Any]) -> None:
    hr = as_(client, "hr")
    form = html.unescape(hr.get(NEW).text)
    assert "administraator" not in form and "personalitöötaja" not in form  # roles HR keeps
    assert "Kase" not in form and "Peeter Kask" not in form  # Tamme's units and people only
    for changes in (
        {"role": "employee", "person": "kase-p1"},  # another municipality's person
        {"role": "hr"},  # a role HR does not keep
        {"role": "manager", "unit": "kase/kase-sotsiaal"},  # another municipality's unit
    ):
        got = _new(hr, name="x.y", **changes)
        assert got.status_code == 422, changes
        assert "Vali see loetelust." in html.unescape(got.text), changes
    assert "x.y" not in _users(hr)


def test_a_wrong_form_is_shown_again_with_words_beside_the_fields(
    client: TestClient[Any],
) -> None:
    admin = as_(client, "admin")
    got = _new(admin, name="Mari Aar!", role="manager", password="lühike", person="tamme-p1")
    assert got.status_code == 422
    text = html.unescape(got.text)
    assert "Kasutajanimes võivad olla ainult" in text
    assert "vähemalt" in text  # the password's rule
    assert "Juhile valige struktuuriüksus." in text
    assert "See väli ei käi valitud rolli juurde" in text  # a person for a manager
    assert 'value="Mari Aar!"' in got.text  # typed values kept…
    assert "lühike" not in text  # …but never the password
    taken = _new(admin, name="hr", role="admin")
    assert taken.status_code == 422
    assert "Selline kasutajanimi on juba olemas." in html.unescape(taken.text)


def test_an_admin_keeps_everyones_accounts_but_not_their_own(client: TestClient[Any]) -> None:
    admin = as_(client, "admin")
    got = _new(admin, name="kase.hr2", role="hr", municipality="kase")
    assert got.status_code == 303
    page = _users(admin)
    assert "kase.hr2" in page and "Kase" in page
    removed = removal(admin, "/users", "/users/kase.hr2/delete")
    assert removed.status_code == 303
    assert "kase.hr2" not in _users(admin)
    assert 'action="/users/admin/delete"' not in admin.get("/users").text  # no button for self
    self_removal = admin.post(
        "/users/admin/delete", data={"_csrf": csrf_of(admin.get("/users").text)}
    )
    assert "Iseenda kontot siit eemaldada ei saa." in html.unescape(self_removal.text)


def test_hr_cannot_remove_accounts_they_do_not_keep(client: TestClient[Any]) -> None:
    hr = as_(client, "hr")
    got = hr.post(
        "/users/hr-kase/delete", data={"_csrf": csrf_of(hr.get("/users").text)},
        follow_redirects=False,
    )  # fmt: skip
    assert got.status_code == 404
    admin = as_(client, "admin")
    assert "hr-kase" in _users(admin)


def test_managers_and_employees_keep_no_accounts(client: TestClient[Any]) -> None:
    for who in ("manager", "employee"):
        c = as_(client, who)
        assert c.get("/users").status_code == 404
        assert c.get(NEW).status_code == 404
        assert "/users" not in c.get("/").text


def test_a_removed_users_session_ends_at_once(client: TestClient[Any]) -> None:
    admin = as_(client, "admin")
    made = _new(admin, name="ajutine", role="manager", unit="tamme/tamme-sotsiaal")
    assert made.status_code == 303
    admin_cookies = dict(client.cookies)
    client.cookies.clear()
    login(client, "ajutine", STRONG)
    assert client.get("/m/tamme/coverage").status_code == 200
    theirs = dict(client.cookies)
    client.cookies.clear()
    client.cookies.update(admin_cookies)
    assert removal(client, "/users", "/users/ajutine/delete").status_code == 303
    client.cookies.clear()
    client.cookies.update(theirs)
    gone = client.get("/m/tamme/coverage", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
