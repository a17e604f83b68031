"""Pages without a browser: status codes, what each role sees, CSRF on forms, languages."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from roles import store

from ..api.factories import PASSWORD
from ..conftest import make_app
from . import seed
from .conftest import SECRET
from .forms import fields_of


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with TestClient(make_app(url, SECRET)) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def login(client: TestClient[Any], name: str, password: str = PASSWORD) -> None:
    form = client.get("/login")
    assert form.status_code == 200
    got = client.post(
        "/login",
        data={"name": name, "password": password, "_csrf": csrf_of(form.text), "next": "/"},
        follow_redirects=False,
    )
    assert got.status_code == 303, got.text


def test_login_required_redirects(client: TestClient[Any]) -> None:
    got = client.get("/m/tamme/positions", follow_redirects=False)
    assert got.status_code == 303
    assert got.headers["location"].startswith("/login?next=")


def test_wrong_password_and_missing_csrf(client: TestClient[Any]) -> None:
    form = client.get("/login")
    bad = client.post(
        "/login", data={"name": "hr", "password": "nope-nope", "_csrf": csrf_of(form.text)}
    )
    assert bad.status_code == 400
    assert "Vale kasutajanimi" in bad.text
    client.cookies.clear()
    no_token = client.post("/login", data={"name": "hr", "password": PASSWORD})
    assert no_token.status_code == 400
    assert "roles_session" not in client.cookies


@pytest.mark.parametrize(
    "url",
    [
        "/m/tamme",
        "/m/tamme/positions",
        "/m/tamme/positions?vacant=1",
        "/m/tamme/positions?findings=1",
        "/m/tamme/positions?unit=tamme-sotsiaal",
        "/m/tamme/positions/tamme-spets",
        "/m/tamme/positions/tamme-spets?lang=en",
    ],
)
def test_hr_pages(client: TestClient[Any], url: str) -> None:
    login(client, "hr")
    got = client.get(url)
    assert got.status_code == 200, got.text
    assert "<main" in got.text


def test_foreign_municipality_is_not_found(client: TestClient[Any]) -> None:
    login(client, "hr")
    assert client.get("/m/kase/positions").status_code == 404
    assert client.get("/m/tamme/positions/kase-spets").status_code == 404


def test_post_without_csrf_is_refused(client: TestClient[Any]) -> None:
    login(client, "hr")
    got = client.post("/m/tamme/positions/tamme-juht/draft", data={"_csrf": "wrong"})
    assert got.status_code == 403
    page = client.get("/m/tamme/positions/tamme-juht")
    assert "versioon 2" not in page.text


def test_language_switch_sticks(client: TestClient[Any]) -> None:
    login(client, "hr")
    english = client.get("/m/tamme/positions?lang=en")
    assert "Positions" in english.text and 'lang="en"' in english.text
    again = client.get("/m/tamme/positions")
    assert 'lang="en"' in again.text
    back = client.get("/m/tamme/positions?lang=et")
    assert "Ametikohad" in back.text


def test_language_asked_on_the_home_address_is_kept_past_its_redirect(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    landed = client.get("/?lang=en")  # HR of one municipality lands on its overview
    assert landed.url.path == "/m/tamme" and 'lang="en"' in landed.text


def test_manager_dashboard_and_fix(client: TestClient[Any]) -> None:
    login(client, "manager")
    got = client.get("/m/tamme/coverage")
    assert got.status_code == 200, got.text
    assert 'class="uncovered"' in got.text
    assert "haldusjuht" not in got.text  # another unit's position
    fixed = client.post(
        "/m/tamme/coverage/substitute",
        data={"_csrf": csrf_of(got.text), "position": "tamme-juht", "substitute": "tamme-spets"},
        follow_redirects=False,
    )
    assert fixed.status_code == 303, fixed.text
    page = client.get("/m/tamme/positions/tamme-juht")
    assert "lastekaitsespetsialist" in page.text


def test_absence_validation_beside_the_field(client: TestClient[Any]) -> None:
    login(client, "manager")
    got = client.get("/m/tamme/coverage")
    bad = client.post(
        "/m/tamme/coverage/absence",
        data={
            "_csrf": csrf_of(got.text),
            "person": "tamme-p1",
            "from": "2026-12-10",
            "to": "2026-12-01",
            "kind": "vacation",
        },
    )
    assert bad.status_code == 422
    assert 'id="absence-to-error"' in bad.text


def _draft_form(client: TestClient[Any]) -> tuple[str, dict[str, str]]:
    """Start a draft of tamme-spets; answer the editor URL and its form's fields."""
    position = client.get("/m/tamme/positions/tamme-spets")
    started = client.post(
        "/m/tamme/positions/tamme-spets/draft",
        data={"_csrf": csrf_of(position.text)},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    url = started.headers["location"]
    return url, fields_of(client.get(url).text, "editor")


def test_editor_validation_reorder_and_save(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    assert fields["s1-c0-text"].startswith("Teenistusülesannetest")
    blank = {**fields, "s1-c1-text": "", "req-languages": "eesti keel", "op": "save"}
    bad = client.post(url, data=blank)
    assert bad.status_code == 422
    assert 'id="s1-c1-text-error"' in bad.text and 'id="req-languages-error"' in bad.text
    moved = client.post(url, data={**fields, "op": "down:1:0"})
    assert moved.status_code == 200
    assert moved.text.index("Sisestab toetuste") < moved.text.index("Teenistusülesannetest")
    changed = {
        **fields,
        "s1-c2-text": "Nõustab õpilasi ja vanemaid.",
        "req-languages": "et C1",
        "op": "save",
    }
    saved = client.post(url, data=changed, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    again = client.get(url)
    assert "Nõustab õpilasi ja vanemaid." in again.text
    assert 'value="et C1"' in again.text
    stale = client.post(url, data={**changed, "s1-c2-text": "Minu tekst.", "op": "save"})
    # the ETag the form carried is no longer current: a conflict, the typed text kept
    assert stale.status_code == 409
    assert 'id="conflict"' in stale.text and "Minu tekst." in stale.text


def test_approve_from_the_editor(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    missing = client.post(url, data={**fields, "op": "approve", "by": "", "date": "x"})
    assert missing.status_code == 422
    assert 'id="approve-by-error"' in missing.text and 'id="approve-date-error"' in missing.text
    done = client.post(
        url,
        data={
            **fields,
            "op": "approve",
            "by": "vallavanem",
            "date": "2026-11-20",
            "directive": "1-2/5",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    page = client.get("/m/tamme/positions/tamme-spets")
    assert "Võrdle versioone" in page.text


def test_registry_export_and_upload_errors(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get("/m/tamme/registry")
    exported = client.get("/m/tamme/registry/tamme.yaml")
    assert exported.status_code == 200, exported.text
    assert exported.text.startswith("format: roles-registry/1")
    broken = exported.text.replace("reports_to: tamme-juht", "reports_to: tamme-nobody", 1)
    bad = client.post(
        "/m/tamme/registry",
        data={"_csrf": csrf_of(page.text)},
        files={"file": ("tamme.yaml", broken.encode(), "application/yaml")},
    )
    assert bad.status_code == 422
    assert "reports_to" in bad.text
    other = client.post(
        "/m/tamme/registry",
        data={"_csrf": "wrong"},
        files={"file": ("tamme.yaml", exported.content, "application/yaml")},
    )
    assert other.status_code == 403
    assert client.get("/m/kase/registry/kase.yaml").status_code == 404


def test_a_registry_upload_shows_what_it_would_change_and_needs_a_confirm(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    page = client.get("/m/tamme/registry")
    exported = client.get("/m/tamme/registry/tamme.yaml").text
    renamed = exported.replace("reports_to: tamme-juht", "reports_to: null", 1)
    shown = client.post(
        "/m/tamme/registry",
        data={"_csrf": csrf_of(page.text)},
        files={"file": ("tamme.yaml", renamed.encode(), "application/yaml")},
    )
    assert shown.status_code == 200, shown.text
    assert 'id="registry-preview"' in shown.text
    assert "Ametikoht muutub" in shown.text  # in words, nothing written yet
    assert "reports_to: tamme-juht" in client.get("/m/tamme/registry/tamme.yaml").text

    form = {
        name: re.search(f'name="{name}" value="([^"]*)"', shown.text)[1]  # type: ignore[index]
        for name in ("name", "revision", "content")
    }
    # Someone changes the registry between the preview and the confirm: the confirm is stale.
    stale = client.post(
        "/m/tamme/registry",
        data={"_csrf": csrf_of(page.text), "op": "confirm", **form, "revision": "0"},
    )
    assert stale.status_code == 200
    assert "Registrit muudeti pärast eelvaadet" in stale.text
    assert "reports_to: tamme-juht" in client.get("/m/tamme/registry/tamme.yaml").text

    done = client.post(
        "/m/tamme/registry", data={"_csrf": csrf_of(page.text), "op": "confirm", **form}
    )
    assert "Register laaditud." in done.text
    assert "reports_to: tamme-juht" not in client.get("/m/tamme/registry/tamme.yaml").text


def test_a_browser_following_an_api_download_gets_pages_never_json(
    client: TestClient[Any],
) -> None:
    url = "/api/municipalities/tamme/positions/tamme-spets/versions/1/document.docx"
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    logged_out = client.get(url, headers=browser, follow_redirects=False)
    assert logged_out.status_code in (302, 303), logged_out.text[:200]
    assert logged_out.headers["location"].startswith("/login")
    assert client.get(url, headers={"accept": "application/json"}).status_code == 401

    login(client, "hr")
    missing = client.get(url.replace("/1/", "/99/"), headers=browser)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "<main" in missing.text and '"status_code"' not in missing.text
    script = client.get(url.replace("/1/", "/99/"), headers={"accept": "application/json"})
    assert script.status_code == 404 and script.json()["status_code"] == 404
