"""The employee's page takes the container they signed in DigiDoc4 (a file upload, no
JavaScript) as their acknowledgement, and says beside the field why one is refused. Signs with
the test PKI of tests/sign (one per test process, as tests/api/test_signing_api.py uses it)."""

import base64
import re
import sys
import threading
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec
from litestar.testing import TestClient
from playwright.sync_api import Browser, expect

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import pki
from loopback import LoopbackPKI, web_eid_sign

from roles import sign, store

from ..api.factories import tamme
from ..api.test_signing_api import with_changed_byte
from ..conftest import make_app
from . import seed
from .browser import Ui
from .conftest import SECRET, _free_port
from .test_server_side import csrf_of, login

MARI_CODE = next(p.personal_code for p in tamme().people if p.id == "tamme-p2")
ASICE = "/api/municipalities/tamme/positions/tamme-spets/versions/1/document.asice"
UPLOAD = "/me/signed/tamme/tamme-spets/1"


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> LoopbackPKI:
    return loopback.shared(tmp_path_factory, pytestconfig)


@pytest.fixture(scope="session")
def mari(test_pki: LoopbackPKI) -> pki.Issued:
    """The ID card of Mari Äär, who holds tamme-spets (the `employee` user)."""
    assert MARI_CODE is not None
    key = ec.generate_private_key(ec.SECP256R1())
    return pki.make_person(test_pki.ca, "MARI", "ÄÄR", MARI_CODE, key, test_pki.ocsp_url)


@pytest.fixture
def client(tmp_path: Path, test_pki: LoopbackPKI) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with TestClient(make_app(url, SECRET)) as c:
        yield c


def digidoc_sign(container: bytes, signer: pki.Issued) -> bytes:
    pending, digest, algorithm = sign.begin(container, signer.der)
    return sign.finish(pending, web_eid_sign(signer, digest, algorithm))


def send(client: TestClient[Any], data: bytes, csrf: str) -> httpx.Response:
    return client.post(
        UPLOAD,
        data={"_csrf": csrf},
        files={"file": ("tamme-spets-v1.asice", data, "application/vnd.etsi.asic-e+zip")},
        follow_redirects=False,
    )


def beside_the_field(html: str) -> str:
    """The error shown beside the upload field, which names it as its description."""
    field = re.search(r'<input type="file" id="([^"]+)"[^>]*aria-invalid="true"', html)
    assert field, "the upload field is not marked invalid"
    found = re.search(rf'id="{field.group(1)}-error"[^>]*>([^<]+)<', html)
    assert found, "no error beside the upload field"
    return unescape(found.group(1))


def test_employee_uploads_the_container_signed_in_digidoc(
    client: TestClient[Any], test_pki: LoopbackPKI, mari: pki.Issued
) -> None:
    login(client, "employee")
    page = client.get("/me")
    assert page.status_code == 200
    assert "Allkirjasta ametijuhend" in page.text and 'enctype="multipart/form-data"' in page.text
    csrf = csrf_of(page.text)
    downloaded = client.get(ASICE).content

    # Refused, each with its reason beside the field, nothing recorded.
    got = send(client, b"not a container", csrf)
    assert got.status_code == 422
    assert beside_the_field(got.text).startswith("See pole loetav .asice-konteiner")
    got = send(
        client, with_changed_byte(digidoc_sign(downloaded, mari), "tamme-spets-v1.docx"), csrf
    )
    assert got.status_code == 422
    reason = beside_the_field(got.text)
    assert reason.startswith("Allkiri (MARI ÄÄR) pole kehtiv") and "has been changed" in reason
    got = send(client, digidoc_sign(downloaded, test_pki.p256), csrf)
    assert got.status_code == 422
    assert beside_the_field(got.text) == (
        "Konteineris pole sinu allkirja; selle on allkirjastanud JAAK-KRISTJAN JÕEORG "
        "(38001085718)."
    )
    assert "Sa pole veel kinnitanud" in got.text
    # Without the form's CSRF token nothing is looked at.
    assert send(client, digidoc_sign(downloaded, mari), "wrong").status_code == 403

    signed = digidoc_sign(downloaded, mari)
    got = send(client, signed, csrf)
    assert got.status_code == 303, got.text
    assert got.headers["location"] == "/me?done=signed_acknowledged"
    page = client.get(got.headers["location"])
    assert "Allkiri on kehtiv ja salvestatud; tutvumine kinnitatud." in page.text
    assert re.search(r'id="ack-status">Tutvusid [^<]* ja allkirjastasid ametijuhendi\.', page.text)
    assert "Laadi allkirjastatud fail üles" not in page.text  # nothing left to do
    # The signed container is what the page's download answers now.
    assert client.get(ASICE).content == signed
    # Sending it again changes nothing; in English the page says how it was acknowledged.
    got = send(client, signed, csrf)
    assert got.headers["location"] == "/me?done=signed_already"
    assert "You acknowledged it on" in client.get("/me?lang=en").text
    assert "by signing it." in client.get("/me?lang=en").text


# --- Web eID in the page, with a fake extension --------------------------------------------------

# The Web eID extension's side of its postMessage protocol, answering from the page's own window
# as the extension's content script does: "<action>-ack" at once, then "<action>-success". The
# card is Mari's test certificate; signing goes to Python (`fakeCardSign`) with her key.
FAKE_EXTENSION = """
(() => {
  const CERT = "%s";
  const ECC = (hash) => ({cryptoAlgorithm: "ECC", hashFunction: hash, paddingScheme: "NONE"});
  window.addEventListener("message", async (event) => {
    const m = event.data || {};
    if (event.source !== window || typeof m.action !== "string") return;
    if (!/^web-eid:(status|get-signing-certificate|sign)$/.test(m.action)) return;
    const reply = (data) => window.postMessage(data, event.origin);
    reply({action: m.action + "-ack"});
    if (m.action === "web-eid:status") {
      reply({action: "web-eid:status-success", library: m.libraryVersion,
             extension: "2.6.0", nativeApp: "2.6.0"});
    } else if (m.action === "web-eid:get-signing-certificate") {
      reply({action: "web-eid:get-signing-certificate-success", certificate: CERT,
             supportedSignatureAlgorithms: [ECC("SHA-256"), ECC("SHA-384")]});
    } else if (m.certificate !== CERT) {
      reply({action: "web-eid:sign-failure",
             error: {code: "ERR_WEBEID_CERTIFICATE_CHANGED", message: "another card"}});
    } else if (window.fakeCancelNext) {
      window.fakeCancelNext = false;
      reply({action: "web-eid:sign-failure",
             error: {code: "ERR_WEBEID_USER_CANCELLED", message: "cancelled"}});
    } else {
      const signature = await window.fakeCardSign(m.hash, m.hashFunction);
      reply({action: "web-eid:sign-success", signature, signatureAlgorithm: ECC(m.hashFunction)});
    }
  });
})();
"""


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory, test_pki: LoopbackPKI) -> Iterator[str]:
    """A live server of this module's own: the shared one's employee may have acknowledged
    already (the journeys), and a signature changes the container of record for good."""
    path = tmp_path_factory.mktemp("webeid") / "roles.db"
    url = f"sqlite:///{path}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    port = _free_port()
    config = uvicorn.Config(make_app(url, SECRET), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.browser
def test_without_the_extension_the_page_offers_only_the_upload(
    browser: Browser, own_server: str
) -> None:
    ui = Ui(browser.new_page(), own_server)
    ui.login("employee")
    expect(ui.page.get_by_label("Allkirjastatud fail (.asice)")).to_be_visible()
    ui.page.wait_for_timeout(2500)  # the status probe has given up by now
    expect(ui.page.get_by_role("button", name="Allkirjasta ID-kaardiga")).to_be_hidden()
    ui.check("employee-sign-upload")
    ui.page.close()


@pytest.mark.browser
def test_employee_signs_with_the_id_card_through_web_eid(
    browser: Browser, own_server: str, mari: pki.Issued
) -> None:
    page = browser.new_page()
    signed: list[str] = []

    def card_sign(digest: str, algorithm: str) -> str:
        signed.append(algorithm)
        return base64.b64encode(web_eid_sign(mari, base64.b64decode(digest), algorithm)).decode()

    page.expose_function("fakeCardSign", card_sign)
    page.add_init_script(FAKE_EXTENSION % base64.b64encode(mari.der).decode())
    ui = Ui(page, own_server)
    ui.login("employee")
    button = page.get_by_role("button", name="Allkirjasta ID-kaardiga")
    expect(button).to_be_visible()
    ui.check("employee-sign-webeid")

    # Cancelled at the PIN prompt: said so, and the button works again.
    page.evaluate("window.fakeCancelNext = true")
    button.click()
    expect(page.locator(".webeid-status")).to_have_text("Allkirjastamine katkestati.")
    assert signed == []

    button.click()
    expect(
        page.get_by_text("Allkiri on kehtiv ja salvestatud; tutvumine kinnitatud.")
    ).to_be_visible()
    expect(page.locator("#ack-status")).to_contain_text("allkirjastasid ametijuhendi")
    assert signed == ["SHA-256"]
    container = page.request.get(own_server + ASICE).body()
    report = sign.verify(container)
    assert report.valid, report
    assert [(s.signer, s.personal_code) for s in report.signatures] == [("MARI ÄÄR", MARI_CODE)]
    ui.check("employee-signed-webeid")
    page.close()
