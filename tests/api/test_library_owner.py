"""Library clauses have an owner: only admins and HR of the owning municipality change them.

Reading and applying stay shared; anyone else changing or deleting a clause gets the same 404 as
for a clause that does not exist (no oracle on what others keep)."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from roles import store
from roles.services import accounts
from roles.services.access import Role
from roles.store.migrate import downgrade, upgrade

from .conftest import Api, Client
from .factories import PASSWORD

BODY = {"id": "star", "title": "STAR", "text": "Sisestab andmed STAR-i."}


def _changed(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": c["id"], "title": c["title"], "text": c["text"] + " Iga päev."}


def test_hr_of_another_municipality_cannot_change_or_delete(api: Api) -> None:
    tamme, kase = api.as_("hr"), api.as_("hr-kase")
    r = kase.post("/api/library", json=BODY)
    assert r.status_code == 201, r.text
    assert r.json()["owner"] == "kase"
    etag = kase.get("/api/library/star").headers["etag"]
    # The reported defect: HR of tamme edited kase's clause (200). Now: as if it did not exist.
    r = tamme.put("/api/library/star", json=_changed(BODY), headers={"If-Match": etag})
    assert r.status_code == 404, r.text
    missing = tamme.put(
        "/api/library/nothing", json={**BODY, "id": "nothing"}, headers={"If-Match": etag}
    )
    assert missing.status_code == 404
    assert r.json()["detail"].replace("star", "X") == missing.json()["detail"].replace(
        "nothing", "X"
    )
    assert tamme.delete("/api/library/star", headers={"If-Match": etag}).status_code == 404
    # Reading and using stay shared.
    assert tamme.get("/api/library/star").json()["text"] == BODY["text"]
    assert tamme.get("/api/library/star/usage").status_code == 200
    assert tamme.post("/api/library/star/drafts").status_code in (200, 201)
    assert api.as_("manager").get("/api/library/star").status_code == 200
    # Copying is creating a clause of one's own.
    r = tamme.post("/api/library", json={**BODY, "id": "star-tamme"})
    assert r.status_code == 201 and r.json()["owner"] == "tamme"
    # The owner and the admins may.
    assert kase.update("/api/library/star", _changed).status_code == 200
    assert api.as_("admin").update("/api/library/star", _changed).status_code == 200
    assert tamme.get("/api/library/star").json()["revision"] == 3
    etag = kase.get("/api/library/star").headers["etag"]
    assert kase.delete("/api/library/star", headers={"If-Match": etag}).status_code == 204


def test_admin_clauses_are_unowned_and_only_admins_change_them(api: Api) -> None:
    admin, hr = api.as_("admin"), api.as_("hr")
    r = admin.post("/api/library", json=BODY)
    assert r.status_code == 201 and r.json()["owner"] is None
    assert hr.update("/api/library/star", _changed).status_code == 404
    assert admin.update("/api/library/star", _changed).status_code == 200
    # An admin may give a clause to a municipality that exists.
    r = admin.post("/api/library", json={**BODY, "id": "k", "owner": "kase"})
    assert r.status_code == 201 and r.json()["owner"] == "kase"
    assert api.as_("hr-kase").update("/api/library/k", _changed).status_code == 200
    assert (
        admin.post("/api/library", json={**BODY, "id": "z", "owner": "nowhere"}).status_code == 422
    )


def _hr_of_both(engine: Engine, api: Api) -> Client:
    user = accounts.UserIn(
        name="hr-both", password=PASSWORD, role=Role.HR, municipalities=["tamme", "kase"]
    )
    with store.sessions(engine)() as session, session.begin():
        accounts.add_user(session, user, "test")
        token = accounts.create_token(session, "hr-both", actor="test").token
    return Client(api.client, token)


def test_hr_of_several_names_the_owner(engine: Engine, api: Api) -> None:
    both, hr = _hr_of_both(engine, api), api.as_("hr")
    r = both.post("/api/library", json=BODY)
    assert r.status_code == 422, r.text
    assert "owner" in r.text
    r = both.post("/api/library", json={**BODY, "owner": "kase"})
    assert r.status_code == 201 and r.json()["owner"] == "kase"
    assert api.as_("hr-kase").update("/api/library/star", _changed).status_code == 200
    assert both.update("/api/library/star", _changed).status_code == 200
    # HR naming a municipality not theirs is refused; nothing is stored.
    r = hr.post("/api/library", json={**BODY, "id": "s2", "owner": "kase"})
    assert r.status_code == 422, r.text
    assert hr.get("/api/library/s2").status_code == 404
    assert hr.post("/api/library", json={**BODY, "id": "s3", "owner": "tamme"}).status_code == 201


def test_the_owner_never_changes_through_an_update(api: Api) -> None:
    kase = api.as_("hr-kase")
    assert kase.post("/api/library", json=BODY).status_code == 201
    r = kase.update("/api/library/star", lambda c: {**_changed(c), "owner": "tamme"})
    assert r.status_code == 422, r.text
    r = kase.update("/api/library/star", lambda c: {**_changed(c), "owner": "kase"})
    assert r.status_code == 200, r.text


def test_migration_gives_existing_clauses_to_the_admins(engine: Engine, api: Api) -> None:
    downgrade(engine, "0010")
    try:
        with engine.begin() as c:
            c.execute(
                sa.text(
                    "INSERT INTO library_clauses (id, title, text, folded, revision, updated_at)"
                    " VALUES ('old', 'Vana', 'Vana tekst.', 'vana vana tekst.', 1, :at)"
                ),
                {"at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
            )
    finally:
        upgrade(engine)
    hr, admin = api.as_("hr"), api.as_("admin")
    assert hr.get("/api/library/old").json()["owner"] is None
    assert hr.update("/api/library/old", _changed).status_code == 404
    assert admin.update("/api/library/old", _changed).status_code == 200
