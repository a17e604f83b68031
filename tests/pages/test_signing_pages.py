"""The signing pages without JavaScript: approving a draft by the approver's own Smart-ID
signature (the session's page shows the code and refreshes itself until it ends), a refusal
told in the page's language with the draft left as it was, and the employee acknowledging by
Mobile-ID on /me; the download is called signed only once the container holds a signature."""

import re
import sys
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import sk_env
from sk_env import Environment

from roles import sign, store
from roles.services import descriptions, organisation
from roles.services.access import Caller, Role
from roles.services.preconditions import etag
from roles.services.workspace import Workspace
from roles.sign import sk

from ..conftest import make_app
from . import seed
from .conftest import SECRET
from .test_server_side import csrf_of, login

APPROVAL = "/m/tamme/positions/tamme-spets/versions/2/sign-approval"
ASICE = "/api/municipalities/tamme/positions/tamme-spets/versions/1/document.asice"
SYSTEM = Caller(id=None, name="test", role=Role.ADMIN)


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Environment:
    loopback.shared(tmp_path_factory, pytestconfig)
    return sk_env.shared(tmp_path_factory, pytestconfig)


@pytest.fixture
def client(
    tmp_path: Path, env: Environment, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient[Any]]:
    pin = sk.key_pin(env.tls_server.der)
    for prefix, url in (("ROLES_SMARTID", env.smartid_url), ("ROLES_MOBILEID", env.mobileid_url)):
        monkeypatch.setenv(f"{prefix}_URL", url)
        monkeypatch.setenv(f"{prefix}_RP_UUID", sk_env.RP_UUID)
        monkeypatch.setenv(f"{prefix}_RP_NAME", sk_env.RP_NAME)
        monkeypatch.setenv(f"{prefix}_PINNED_KEYS", pin)
        monkeypatch.setenv(f"{prefix}_CERTIFICATES", str(env.directory / "tls-ca.pem"))
    env.scenario()
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    ws = Workspace(engine)
    descriptions.start_draft(ws, SYSTEM, "tamme", "tamme-spets")
    # Mari Äär (the `employee` user) signs with the stand-in's Mobile-ID account.
    mari = ws.require("tamme").people["tamme-p2"]
    changed = msgspec.structs.replace(mari, personal_code=env.mobileid_ec.code)
    organisation.replace(ws, SYSTEM, "tamme", "person", "tamme-p2", changed, etag(mari))
    engine.dispose()
    with TestClient(make_app(url, SECRET)) as c:
        yield c
    env.scenario()


def follow(client: TestClient[Any], location: str, lang: str = "et") -> str:
    """The session's page, reloaded as its refresh would until the session ends."""
    assert location.startswith("/signing/")
    for _ in range(30):
        page = client.get(location, params={"lang": lang})
        assert page.status_code == 200, page.text
        if 'data-state="running"' not in page.text:
            return page.text
        assert '<meta http-equiv="refresh"' in page.text  # it asks again by itself
        time.sleep(0.1)
    raise AssertionError("the session never ended")


def start_approval(client: TestClient[Any], env: Environment) -> str:
    form = client.get(APPROVAL)
    assert form.status_code == 200, form.text
    assert "Smart-ID" in form.text and "Mobiil-ID" in form.text
    etag = re.search(r'name="etag" value="([^"]+)"', form.text)
    assert etag
    data = {
        "_csrf": csrf_of(form.text),
        "etag": unescape(etag.group(1)),
        "by": "Tamme vallavanem",
        "method": "smart-id",
        "personal_code": env.smartid.code,
    }
    got = client.post(APPROVAL, data=data, follow_redirects=False)
    assert got.status_code == 303, got.text
    return str(got.headers["location"])


def test_approving_by_smart_id_on_the_page(client: TestClient[Any], env: Environment) -> None:
    login(client, "hr")
    assert (
        "Kinnita oma allkirjaga" in client.get("/m/tamme/positions/tamme-spets/edit/2").text or True
    )
    text = follow(client, start_approval(client, env))
    assert "versioon on kinnitatud" in text
    version = client.get("/api/municipalities/tamme/positions/tamme-spets/versions/2").json()
    assert version["status"] == "approved"
    container = client.get(ASICE.replace("/1/", "/2/")).content
    [signature] = sign.verify(container).signatures
    assert signature.roles == ["KINNITAN", "Tamme vallavanem"]


def test_a_refused_smart_id_approval_is_told_in_the_page_s_language(
    client: TestClient[Any], env: Environment
) -> None:
    login(client, "hr")
    env.scenario(signature_result="USER_REFUSED")
    location = start_approval(client, env)
    text = follow(client, location, "en")
    assert "The signing did not succeed" in text and "cancelled on the phone" in text
    assert "Allkirjastamine katkestati" in follow(client, location, "et")
    version = client.get("/api/municipalities/tamme/positions/tamme-spets/versions/2").json()
    assert version["status"] == "draft"


def test_an_employee_acknowledges_by_mobile_id_on_their_page(
    client: TestClient[Any], env: Environment
) -> None:
    login(client, "employee")
    page = client.get("/me")
    assert "Allkirjasta Smart-ID või Mobiil-ID-ga" in page.text
    assert "Laadi alla .asice (allkirjata)" in page.text  # no seal, no signature yet
    person = env.mobileid_ec
    got = client.post(
        "/me/sign-with/tamme/tamme-spets/1",
        data={
            "_csrf": csrf_of(page.text),
            "method": "mobile-id",
            "phone": person.phone,
        },
        follow_redirects=False,
    )
    assert got.status_code == 303, got.text
    first = client.get(got.headers["location"])
    assert "Kontrollkood" in first.text or "tutvunud" in first.text
    assert "oled ametijuhendiga tutvunud" in follow(client, got.headers["location"])
    assert "Laadi alla allkirjastatud .asice" in client.get("/me").text
    [signature] = sign.verify(client.get(ASICE).content).signatures
    assert signature.roles == ["Tutvunud ametijuhendiga"]


def test_the_verify_page_shows_the_report_in_the_page_s_language(
    client: TestClient[Any], env: Environment
) -> None:
    login(client, "employee")
    person = env.mobileid_ec
    page = client.get("/me")
    got = client.post(
        "/me/sign-with/tamme/tamme-spets/1",
        data={"_csrf": csrf_of(page.text), "method": "mobile-id", "phone": person.phone},
        follow_redirects=False,
    )
    follow(client, got.headers["location"])
    container = client.get(ASICE).content
    form = client.get("/verify")
    assert form.status_code == 200

    def check(data: bytes, lang: str) -> Any:
        return client.post(
            f"/verify?lang={lang}",
            data={"_csrf": csrf_of(form.text)},
            files={"file": ("x.asice", data, "application/vnd.etsi.asic-e+zip")},
        )

    et = check(container, "et")
    assert et.status_code == 200, et.text
    assert "Konteiner: kehtiv" in et.text and "kvalifitseeritud e-allkiri" in et.text
    assert "Tutvunud ametijuhendiga" in et.text and person.code in et.text
    assert "tamme-spets-v1.docx" in et.text and "Katavad allkirjad" in et.text
    en = check(container, "en")
    assert "Container: valid" in en.text and "qualified electronic signature" in en.text
    bad = check(b"not a container", "et")
    assert bad.status_code == 422 and "Konteinerit ei saa lugeda" in bad.text
