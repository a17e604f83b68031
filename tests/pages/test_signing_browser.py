"""Approving a draft by the approver's own signature, in Chromium: "Kinnita allkirjaga" on the
position page leads to the signing page; Smart-ID (SK's stand-in, as the API tests use) shows
the verification code and follows the session to its end with and without JavaScript; the ID
card signs through a stand-in Web eID extension that answers the extension's postMessage
protocol with a signature made by the test PKI's card; without the extension the page says so
in its own language. Every approval ends with the approved version and its signed container."""

import base64
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from playwright.sync_api import Browser, Page, expect

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import sk_env
from loopback import LoopbackPKI, web_eid_sign
from sk_env import Environment

from roles import config, sign, store
from roles.domain import JobDescriptionStatus as Status
from roles.services import descriptions
from roles.services.access import Caller, Role
from roles.services.preconditions import etag
from roles.services.workspace import Workspace
from roles.sign import sk

from ..conftest import make_app
from . import seed
from .browser import Ui
from .conftest import SECRET, serving

pytestmark = pytest.mark.browser

POSITION = "/m/tamme/positions/tamme-spets"
API = "/api/municipalities/tamme/positions/tamme-spets/versions"
BY = "Tamme vallavanem"
SYSTEM = Caller(id=None, name="test", role=Role.ADMIN)


class Signing(msgspec.Struct):
    url: str
    database_url: str
    env: Environment
    pki: LoopbackPKI


@pytest.fixture(scope="module")
def signing(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config, _fast_hashes: None
) -> Iterator[Signing]:
    """A server of its own with Smart-ID and Mobile-ID set up as in production, pointing at SK's
    stand-in, and the test PKI trusted (its OCSP responder and TSA finish the signatures)."""
    pki = loopback.shared(tmp_path_factory, pytestconfig)
    env = sk_env.shared(tmp_path_factory, pytestconfig)
    pin = sk.key_pin(env.tls_server.der)
    with pytest.MonkeyPatch.context() as mp:
        for prefix, url in (
            ("ROLES_SMARTID", env.smartid_url),
            ("ROLES_MOBILEID", env.mobileid_url),
        ):
            mp.setenv(f"{prefix}_URL", url)
            mp.setenv(f"{prefix}_RP_UUID", sk_env.RP_UUID)
            mp.setenv(f"{prefix}_RP_NAME", sk_env.RP_NAME)
            mp.setenv(f"{prefix}_PINNED_KEYS", pin)
            mp.setenv(f"{prefix}_CERTIFICATES", str(env.directory / "tls-ca.pem"))
        mp.setenv("ROLES_SMARTID_SCHEME", sk_env.SCHEME_NAME)
        config.settings.cache_clear()
        database_url = f"sqlite:///{tmp_path_factory.mktemp('signing') / 'roles.db'}"
        engine = store.create(database_url)
        store.upgrade(engine)
        seed.populate(engine)
        engine.dispose()
        env.scenario()
        with serving(make_app(database_url, SECRET)) as url:
            yield Signing(url, database_url, env, pki)
        env.scenario()
    config.settings.cache_clear()


@pytest.fixture
def draft(signing: Signing) -> int:
    """The draft of tamme-spets (started as a copy of what is in force, so complete): its
    number. A test that approves it leaves the next test a new one."""
    engine = store.create(signing.database_url)
    try:
        ws = Workspace(engine)
        drafts = [
            d.version
            for d in ws.require("tamme").versions.get("tamme-spets", [])
            if d.status is Status.DRAFT
        ]
        if drafts:
            return drafts[0]
        return descriptions.start_draft(ws, SYSTEM, "tamme", "tamme-spets").version
    finally:
        engine.dispose()


def _open_signing_page(ui: Ui, version: int, lang: str = "et") -> None:
    ui.login("hr")
    ui.go(f"{POSITION}?lang={lang}")
    name = "Kinnita allkirjaga" if lang == "et" else "Approve by signature"
    ui.page.get_by_role("link", name=name).click()
    ui.page.wait_for_url(re.compile(f"/versions/{version}/sign-approval$"))


def _approved_with_container(ui: Ui, version: int, signer: str) -> None:
    """The session's page says the version is approved; its link opens the position, where the
    version is approved and its container, signed by `signer` as approver, is offered."""
    page = ui.page
    page.get_by_role("link", name="Ava versioon").click()
    page.wait_for_url(re.compile(f"{POSITION}$"))
    got = page.request.get(f"{ui.base_url}{API}/{version}").json()
    assert got["status"] == Status.APPROVED.value and got["approval"]["by"] == BY
    link = page.get_by_role(
        "link", name=f"Laadi alla allkirjastatud ASiC-E konteiner, versioon {version}"
    )
    expect(link).to_be_visible()
    container = page.request.get(ui.base_url + str(link.get_attribute("href"))).body()
    [signature] = sign.verify(container).signatures
    assert (signature.signer, signature.roles) == (signer, ["KINNITAN", BY])


@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_approving_by_smart_id(
    browser: Browser, signing: Signing, draft: int, script: bool
) -> None:
    context = browser.new_context(java_script_enabled=script)
    ui = Ui(context.new_page(), signing.url)
    page = ui.page
    person = signing.env.smartid
    # the person takes a moment on the phone: the page shows the code, then the end
    signing.env.scenario(running_polls=2)
    _open_signing_page(ui, draft)
    if script:  # axe runs as a script: not in a page without
        ui.check("sign-approval")
    page.get_by_label("Kinnitaja (ametinimetus)").fill(BY)
    page.get_by_label("Smart-ID").check()
    page.get_by_label("Isikukood").fill(person.code)
    page.get_by_role("button", name="Allkirjasta", exact=True).click()
    page.wait_for_url(re.compile(r"/signing/[A-Za-z0-9_-]+$"))
    session = page.locator("#signing")
    expect(session).to_have_attribute("data-state", "running")
    if script:
        page.evaluate("() => { window.__stillHere = true; }")
    expect(page.get_by_text(re.compile(r"Kontrollkood: \d{4}"))).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name="Värskenda")).to_be_visible()  # no script: by hand too
    expect(session).to_have_attribute("data-state", "signed", timeout=30_000)
    expect(session).to_contain_text("Allkirjastatud: versioon on kinnitatud.")
    if script:  # followed in place, never reloaded
        assert page.evaluate("() => window.__stillHere === true")
    _approved_with_container(ui, draft, f"{person.given} {person.surname}")
    context.close()


_FAKE_EXTENSION = """
(() => {
  // The Web eID extension's content script, as a stand-in: the same messages, the card's
  // signature made in Python by the test PKI (window.fakeCardSign).
  const CERTIFICATE = %s;
  window.__webeid = [];
  window.addEventListener("message", async (event) => {
    const asked = event.data;
    if (event.source !== window || !asked || typeof asked.action !== "string") { return; }
    if (!/^web-eid:[a-z-]+$/.test(asked.action) || /-(ack|success|failure)$/.test(asked.action)) {
      return;
    }
    window.__webeid.push(asked);
    const answer = (suffix, fields) => window.postMessage(
      Object.assign({ action: asked.action + suffix }, fields), window.location.origin);
    answer("-ack", {});
    if (asked.action === "web-eid:status") {
      answer("-success", { extension: "2.6.0", nativeApp: "2.6.0", library: asked.libraryVersion });
    } else if (asked.action === "web-eid:get-signing-certificate") {
      answer("-success", {
        certificate: CERTIFICATE,
        supportedSignatureAlgorithms: [
          { cryptoAlgorithm: "ECC", hashFunction: "SHA-256", paddingScheme: "NONE" },
        ],
      });
    } else if (asked.action === "web-eid:sign") {
      if (asked.certificate !== CERTIFICATE) {
        const error = { code: "ERR_WEBEID_NATIVE_FATAL", message: "another certificate" };
        answer("-failure", { error: error });
        return;
      }
      const signature = await window.fakeCardSign(asked.hash, asked.hashFunction);
      const algorithm = { cryptoAlgorithm: "ECC", hashFunction: asked.hashFunction };
      answer("-success", { signature: signature, signatureAlgorithm: algorithm });
    } else {
      answer("-failure", { error: { code: "ERR_WEBEID_INVALID_ARGUMENT", message: asked.action } });
    }
  });
})();
"""


def _with_card(page: Page, pki: LoopbackPKI) -> None:
    card = pki.p256  # JAAK-KRISTJAN JÕEORG's ID card

    def card_signs(digest: str, algorithm: str) -> str:
        value = web_eid_sign(card, base64.b64decode(digest), algorithm)
        return base64.b64encode(value).decode()

    page.expose_function("fakeCardSign", card_signs)
    certificate = json.dumps(base64.b64encode(card.der).decode())
    page.add_init_script(_FAKE_EXTENSION % certificate)


def test_approving_with_the_id_card_through_web_eid(
    browser: Browser, signing: Signing, draft: int
) -> None:
    context = browser.new_context()
    ui = Ui(context.new_page(), signing.url)
    page = ui.page
    _with_card(page, signing.pki)
    _open_signing_page(ui, draft)
    button = page.get_by_role("button", name="Allkirjasta ID-kaardiga ja kinnita")
    expect(button).to_be_visible()
    expect(page.locator(".webeid-missing")).to_be_hidden()
    # the approver's position first, said beside the button, nothing asked of the card
    button.click()
    expect(page.locator(".webeid-status")).to_have_text(re.compile("kinnitaja ametinimetus"))
    assert [m["action"] for m in page.evaluate("window.__webeid")] == ["web-eid:status"]
    page.get_by_label("Kinnitaja (ametinimetus)").fill(BY)
    button.click()
    page.wait_for_url(re.compile(r"/signing/[A-Za-z0-9_-]+$"))
    expect(page.locator("#signing")).to_contain_text("Allkirjastatud: versioon on kinnitatud.")
    _approved_with_container(ui, draft, "JAAK-KRISTJAN JÕEORG")
    context.close()


def test_a_web_eid_approval_of_a_draft_changed_meanwhile_approves_nothing(
    browser: Browser, signing: Signing, draft: int
) -> None:
    context = browser.new_context()
    ui = Ui(context.new_page(), signing.url)
    page = ui.page
    _with_card(page, signing.pki)
    _open_signing_page(ui, draft)
    button = page.get_by_role("button", name="Allkirjasta ID-kaardiga ja kinnita")
    expect(button).to_be_visible()
    # someone saves the draft after the approver opened the page
    engine = store.create(signing.database_url)
    try:
        ws = Workspace(engine)
        _, stored = descriptions.version(ws, SYSTEM, "tamme", "tamme-spets", draft)
        changed = msgspec.structs.replace(stored, title=(stored.title or "") + " (muudetud)")
        descriptions.save_draft(ws, SYSTEM, "tamme", "tamme-spets", draft, changed, etag(stored))
    finally:
        engine.dispose()
    page.get_by_label("Kinnitaja (ametinimetus)").fill(BY)
    button.click()
    expect(page.locator(".webeid-status")).to_have_text(
        re.compile("Mustandit muudeti pärast selle lehe avamist")
    )
    got = page.request.get(f"{signing.url}{API}/{draft}").json()
    assert got["status"] == Status.DRAFT.value
    ui.forgive(412)
    context.close()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("et", "Web eID laiendust ei leitud"),
        ("en", "The Web eID extension was not found"),
    ],
)
def test_without_the_extension_the_page_says_so(
    browser: Browser, signing: Signing, draft: int, lang: str, said: str
) -> None:
    context = browser.new_context()
    ui = Ui(context.new_page(), signing.url)
    _open_signing_page(ui, draft, lang)
    missing = ui.page.locator(".webeid-missing")
    expect(missing).to_be_visible()
    expect(missing).to_contain_text(said)
    expect(ui.page.locator(".webeid-needs-script")).to_be_hidden()  # the script is there
    expect(ui.page.locator(".webeid")).to_be_hidden()  # no button that cannot work
    ui.check(f"sign-approval-no-extension-{lang}")
    context.close()


def test_without_javascript_the_id_card_part_says_what_it_needs(
    browser: Browser, signing: Signing, draft: int
) -> None:
    context = browser.new_context(java_script_enabled=False)
    ui = Ui(context.new_page(), signing.url)
    _open_signing_page(ui, draft)
    expect(ui.page.get_by_text("ID-kaardiga allkirjastamiseks on vaja JavaScripti")).to_be_visible()
    expect(ui.page.locator(".webeid-looking")).to_be_hidden()
    context.close()


def test_the_signing_page_fits_390(browser: Browser, signing: Signing, draft: int) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    ui = Ui(context.new_page(), signing.url)
    _open_signing_page(ui, draft)
    width = ui.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the signing page scrolls sideways at 390 px: {width}px"
    ui.check("sign-approval-390")
    context.close()
