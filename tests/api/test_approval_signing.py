"""Approving a version by the approver's own signature ("KINNITAN" and their position) through
Web eID (the API's two steps), Smart-ID and Mobile-ID (SK's stand-in, tests/sign/sk_standin.py);
a refused or timed-out signature leaves the draft unapproved; acknowledging by Smart-ID and
Mobile-ID. Every container the service keeps validates with libdigidocpp."""

import base64
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import sk_env
from loopback import LoopbackPKI, web_eid_sign
from sk_env import Environment

from roles import config, sign
from roles.sign import sk

from .conftest import Api, Client
from .factories import tamme

M = "/api/municipalities/tamme"
V = f"{M}/positions/tamme-spets/versions"
BY = "Tamme vallavanem"
MARI_CODE = next(p.personal_code for p in tamme().people if p.id == "tamme-p2")


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> LoopbackPKI:
    return loopback.shared(tmp_path_factory, pytestconfig)


@pytest.fixture(scope="session")
def sk_stand_in(
    test_pki: LoopbackPKI, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Environment:
    return sk_env.shared(tmp_path_factory, pytestconfig)


@pytest.fixture
def sk_settings(sk_stand_in: Environment, monkeypatch: pytest.MonkeyPatch) -> Iterator[Environment]:
    """Smart-ID and Mobile-ID configured as in production, pointing at the stand-in; request
    it before `api`."""
    env = sk_stand_in
    pin = sk.key_pin(env.tls_server.der)
    for prefix, url in (("ROLES_SMARTID", env.smartid_url), ("ROLES_MOBILEID", env.mobileid_url)):
        monkeypatch.setenv(f"{prefix}_URL", url)
        monkeypatch.setenv(f"{prefix}_RP_UUID", sk_env.RP_UUID)
        monkeypatch.setenv(f"{prefix}_RP_NAME", sk_env.RP_NAME)
        monkeypatch.setenv(f"{prefix}_CERTIFICATES", str(env.directory / "tls-ca.pem"))
        monkeypatch.setenv(f"{prefix}_PINNED_KEYS", pin)
    monkeypatch.setenv("ROLES_SMARTID_SCHEME", sk_env.SCHEME_NAME)
    config.settings.cache_clear()
    env.scenario()
    yield env
    env.scenario()
    config.settings.cache_clear()


def new_draft(api: Api) -> str:
    """Version 2 as a draft; answers its ETag."""
    hr = api.as_("hr")
    assert hr.post(V).status_code == 201
    return str(hr.get(f"{V}/2").headers["etag"])


def poll(client: Client, id_: str) -> dict[str, Any]:
    for _ in range(30):
        r = client.get(f"/api/signing-sessions/{id_}", params={"wait": 1})
        assert r.status_code == 200, r.text
        if r.json()["state"] != "running":
            return dict(r.json())
        time.sleep(0.1)
    raise AssertionError("the session never ended")


def assert_approved_by_signature(api: Api, signer: str) -> None:
    hr = api.as_("hr")
    got = hr.get(f"{V}/2").json()
    assert got["status"] == "approved"
    assert (got["approval"]["by"], got["approval"].get("directive")) == (BY, None)
    assert hr.get(f"{V}/1").json()["status"] == "superseded"
    container = hr.get(f"{V}/2/document.asice").content
    report = sign.verify(container)
    assert report.valid, report
    [signature] = report.signatures
    assert signature.signer == signer
    assert signature.roles == ["KINNITAN", BY]
    assert signature.level == "qualified-signature"
    assert sorted(f.name for f in report.data_files) == [
        "tamme-spets-v2.docx",
        "tamme-spets-v2.pdf",
    ]
    assert all(f.signed_by == [signature.id] for f in report.data_files)


def test_approval_by_web_eid_signature(api: Api, test_pki: LoopbackPKI) -> None:
    etag = new_draft(api)
    hr = api.as_("hr")
    head = test_pki.p256  # JAAK-KRISTJAN JÕEORG's ID card
    body = {"method": "web-eid", "certificate": base64.b64encode(head.der).decode(), "by": BY}
    assert hr.post(f"{V}/2/approval-signatures", json=body).status_code == 428  # no If-Match
    r = hr.post(f"{V}/2/approval-signatures", json=body, headers={"If-Match": etag})
    assert r.status_code == 201, r.text
    started = r.json()
    assert started["state"] == "running" and started["purpose"] == "approval"
    assert hr.get(f"{V}/2").json()["status"] == "draft"  # not before the signature is given
    value = web_eid_sign(head, base64.b64decode(started["digest"]), started["algorithm"])
    r = hr.post(
        f"/api/signing-sessions/{started['id']}/value",
        json={"signature": base64.b64encode(value).decode()},
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "signed", r.json()
    assert_approved_by_signature(api, "JAAK-KRISTJAN JÕEORG")


def test_approval_by_smart_id(sk_settings: Environment, api: Api) -> None:
    etag = new_draft(api)
    hr = api.as_("hr")
    assert hr.get("/api/signing-methods").json() == ["web-eid", "smart-id", "mobile-id"]
    person = sk_settings.smartid
    body = {"method": "smart-id", "personal_code": person.code, "by": BY}
    r = hr.post(f"{V}/2/approval-signatures", json=body, headers={"If-Match": etag})
    assert r.status_code == 201, r.text
    assert r.json()["phase"] == "certificate"
    ended = poll(hr, r.json()["id"])
    assert ended["state"] == "signed", ended
    assert_approved_by_signature(api, f"{person.given} {person.surname}")


def test_approval_by_mobile_id(sk_settings: Environment, api: Api) -> None:
    etag = new_draft(api)
    hr = api.as_("hr")
    person = sk_settings.mobileid_ec
    body = {"method": "mobile-id", "phone": person.phone, "personal_code": person.code, "by": BY}
    r = hr.post(f"{V}/2/approval-signatures", json=body, headers={"If-Match": etag})
    assert r.status_code == 201, r.text
    assert len(r.json()["verification_code"]) == 4
    ended = poll(hr, r.json()["id"])
    assert ended["state"] == "signed", ended
    assert_approved_by_signature(api, f"{person.given} {person.surname}")


@pytest.mark.parametrize(
    ("result", "code", "words"),
    [("USER_REFUSED", "refused", "katkestati"), ("TIMEOUT", "timeout", "")],
)
def test_a_refused_or_timed_out_smart_id_approval_leaves_the_draft(
    sk_settings: Environment, api: Api, result: str, code: str, words: str
) -> None:
    etag = new_draft(api)
    hr = api.as_("hr")
    sk_settings.scenario(signature_result=result)
    body = {"method": "smart-id", "personal_code": sk_settings.smartid.code, "by": BY}
    r = hr.post(f"{V}/2/approval-signatures", json=body, headers={"If-Match": etag})
    assert r.status_code == 201, r.text
    ended = poll(hr, r.json()["id"])
    assert (ended["state"], ended["error"]) == ("failed", code), ended
    assert ended["message_et"] and ended["message_en"]
    assert words.lower() in ended["message_et"].lower()
    got = hr.get(f"{V}/2")
    assert got.json()["status"] == "draft" and got.headers["etag"] == etag
    assert hr.get(f"{V}/1").json()["status"] == "approved"
    # Asking again tells the same ending, and changes nothing.
    assert poll(hr, r.json()["id"])["error"] == code


def test_a_draft_edited_while_it_is_signed_is_not_approved(api: Api, test_pki: LoopbackPKI) -> None:
    etag = new_draft(api)
    hr = api.as_("hr")
    head = test_pki.p256
    body = {"method": "web-eid", "certificate": base64.b64encode(head.der).decode(), "by": BY}
    started = hr.post(f"{V}/2/approval-signatures", json=body, headers={"If-Match": etag}).json()
    r = hr.update(f"{V}/2", lambda d: {**d, "title": "Muudetud vahepeal"})
    assert r.status_code == 200, r.text
    value = web_eid_sign(head, base64.b64decode(started["digest"]), started["algorithm"])
    r = hr.post(
        f"/api/signing-sessions/{started['id']}/value",
        json={"signature": base64.b64encode(value).decode()},
    )
    assert r.json()["state"] == "failed" and r.json()["error"] == "changed"
    assert hr.get(f"{V}/2").json()["status"] == "draft"


def holder_code(api: Api, code: str) -> None:
    """Mari Äär (tamme-p2, the `employee` user) with the personal code of a stand-in account."""
    r = api.as_("hr").update(f"{M}/people/tamme-p2", lambda p: {**p, "personal_code": code})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("method", ["mobile-id", "smart-id"])
def test_an_employee_acknowledges_by_smart_id_and_mobile_id(
    sk_settings: Environment, api: Api, method: str
) -> None:
    employee = api.as_("employee")
    person = sk_settings.mobileid_ec if method == "mobile-id" else sk_settings.smartid
    body: dict[str, Any] = {"method": method}
    if method == "mobile-id":
        body["phone"] = person.phone
    # Only the holder's own signature acknowledges: another's personal code is refused.
    r = employee.post(
        f"{V}/1/acknowledgement-signatures", json={**body, "personal_code": person.code}
    )
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "personal_code", r.text
    holder_code(api, person.code)
    r = employee.post(f"{V}/1/acknowledgement-signatures", json=body)  # the registry's code
    assert r.status_code == 201, r.text
    ended = poll(employee, r.json()["id"])
    assert ended["state"] == "signed", ended
    [ack] = api.as_("hr").get(f"{V}/1/acknowledgements").json()
    assert ack["id"] == ended["acknowledgement"] and ack["method"] == "signature"
    report = sign.verify(employee.get(f"{V}/1/document.asice").content)
    assert report.valid, report
    [signature] = report.signatures
    assert (signature.roles, signature.personal_code) == (["Tutvunud ametijuhendiga"], person.code)
    # Someone else's session is not theirs to read.
    assert api.as_("hr").get(f"/api/signing-sessions/{r.json()['id']}").status_code == 404
