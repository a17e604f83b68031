"""Signing through the API, with the test PKI of tests/sign (one per test process): the sealed
container of a version, Web eID's two steps ending in an acknowledgement, expiry and cleanup,
and verification of uploaded containers."""

import base64
import datetime as dt
import hashlib
import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import pki
from loopback import LoopbackPKI, web_eid_sign

from roles import config, sign
from roles.cli import main
from roles.store import tables as t
from tests.render.pdfs import pdfa_claim

from .conftest import Api
from .factories import tamme

M = "/api/municipalities/tamme"
V = f"{M}/positions/tamme-spets/versions"
MARI_CODE = next(p.personal_code for p in tamme().people if p.id == "tamme-p2")
APPROVAL = {"by": "Tamme vallavanem", "date": "2026-01-15", "directive": "1-2/3"}


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
def eseal(
    test_pki: LoopbackPKI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[LoopbackPKI]:
    """Tamme's e-seal in ROLES_SEALS_DIR (the test PKI's); request it before `api`."""
    seals = tmp_path / "seals"
    seals.mkdir()
    (seals / "tamme.p12").write_bytes(test_pki.eseal_p12.read_bytes())
    (seals / "tamme.password").write_text(pki.P12_PASSWORD + "\n")
    monkeypatch.setenv("ROLES_SEALS_DIR", str(seals))
    config.settings.cache_clear()
    yield test_pki
    config.settings.cache_clear()


def with_changed_byte(container: bytes, name: str) -> bytes:
    """The container with one byte appended to a data file; everything else as it was."""
    source = zipfile.ZipFile(io.BytesIO(container))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b"!" if info.filename == name else data)
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def approve_version_2(api: Api) -> None:
    hr = api.as_("hr")
    assert hr.post(V).status_code == 201
    etag = hr.get(f"{V}/2").headers["etag"]
    r = hr.post(f"{V}/2/approve", json=APPROVAL, headers={"If-Match": etag})
    assert r.status_code == 200, r.text


def kept(engine: Engine) -> dict[tuple[str, int], bytes]:
    with engine.connect() as c:
        rows = c.execute(
            sa.select(
                t.DocumentContainer.position_id,
                t.DocumentContainer.version,
                t.DocumentContainer.container,
            )
        ).all()
    return {(p, n): data for p, n, data in rows}


def pending_ids(engine: Engine) -> set[str]:
    with engine.connect() as c:
        return set(c.execute(sa.select(t.PendingSignature.id)).scalars())


def test_approval_seals_the_document_and_the_download_is_that_container(
    eseal: LoopbackPKI, api: Api, engine: Engine
) -> None:
    approve_version_2(api)
    assert set(kept(engine)) == {("tamme-spets", 2)}  # sealed on approval

    r = api.as_("employee").get(f"{V}/2/document.asice")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.etsi.asic-e+zip")
    assert 'filename="tamme-spets-v2.asice"' in r.headers["content-disposition"]
    assert r.content == kept(engine)[("tamme-spets", 2)]
    report = sign.verify(r.content)
    assert report.valid, report
    assert [s.signer for s in report.signatures] == ["Võru Linnavalitsus"]
    # The container of record carries the PDF/A beside the DOCX, both under the seal.
    assert [f.name for f in report.data_files] == ["tamme-spets-v2.docx", "tamme-spets-v2.pdf"]
    assert all(f.signed_by for f in report.data_files)
    pdf = sign.read_container(r.content).data_files[1].content
    assert pdfa_claim(pdf) == ("2", "B")
    docx = api.as_("employee").get(f"{V}/2/document.docx").content
    assert sign.read_container(r.content).data_files[0].content == docx

    # v1 was approved before there was an e-seal: sealed on its first download, then kept.
    first = api.as_("hr").get(f"{V}/1/document.asice").content
    assert sign.verify(first).valid
    assert api.as_("hr").get(f"{V}/1/document.asice").content == first
    # Others' positions are not the employee's to download.
    other = f"{M}/positions/tamme-juht/versions/1/document.asice"
    assert api.as_("employee").get(other).status_code == 404


def test_without_an_eseal_the_container_is_unsigned(api: Api, engine: Engine) -> None:
    approve_version_2(api)
    r = api.as_("employee").get(f"{V}/2/document.asice")
    assert r.status_code == 200
    assert [f.name for f in sign.read_container(r.content).data_files] == ["tamme-spets-v2.docx"]
    assert sign.read_container(r.content).signatures == {}
    assert kept(engine) == {}


def test_two_step_web_eid_signature_ends_in_a_valid_container_and_an_acknowledgement(
    eseal: LoopbackPKI, api: Api, engine: Engine, mari: pki.Issued
) -> None:
    employee = api.as_("employee")
    r = employee.post(f"{V}/1/signatures", json={"certificate": b64(mari.der)})
    assert r.status_code == 201, r.text
    started = r.json()
    assert started["algorithm"] == "SHA-256"
    digest = base64.b64decode(started["digest"])
    assert len(digest) == 32
    assert pending_ids(engine) == {started["id"]}
    # Only the one who began it may finish it.
    value = b64(web_eid_sign(mari, digest, started["algorithm"]))
    r = api.as_("hr").post(f"/api/signatures/{started['id']}", json={"signature": value})
    assert r.status_code == 404

    r = employee.post(f"/api/signatures/{started['id']}", json={"signature": value})
    assert r.status_code == 200, r.text
    report = sign.verify(r.content)
    assert report.valid, report
    assert [(s.signer, s.personal_code) for s in report.signatures] == [
        ("Võru Linnavalitsus", None),
        ("MARI ÄÄR", MARI_CODE),
    ]
    assert all(s.profile == "XAdES-BASELINE-LTA" for s in report.signatures)
    assert pending_ids(engine) == set()
    # The signed container is now the version's container of record…
    assert employee.get(f"{V}/1/document.asice").content == r.content
    # …and the signature is Mari's acknowledgement of version 1.
    [ack] = api.as_("hr").get(f"{V}/1/acknowledgements").json()
    assert ack["id"] == int(r.headers["x-acknowledgement"])
    assert (ack["person"], ack["method"]) == ("tamme-p2", "signature")
    signed_docx = sign.read_container(r.content).data_files[0].content
    assert ack["document_sha256"] == hashlib.sha256(signed_docx).hexdigest()
    pending = api.as_("hr").get(f"{M}/acknowledgements/pending").json()
    assert [h["person"] for u in pending["units"] for h in u["holders"]] == ["tamme-p1"]


def test_a_signature_from_someone_else_adds_no_acknowledgement_and_none_is_dropped(
    eseal: LoopbackPKI, api: Api, mari: pki.Issued
) -> None:
    hr, employee = api.as_("hr"), api.as_("employee")
    stranger = eseal.p384  # JAAK-KRISTJAN JÕEORG holds nothing here; his card asks SHA-384
    a = hr.post(f"{V}/1/signatures", json={"certificate": b64(stranger.der)}).json()
    b = employee.post(f"{V}/1/signatures", json={"certificate": b64(mari.der)}).json()
    assert a["algorithm"] == "SHA-384"
    value_a = web_eid_sign(stranger, base64.b64decode(a["digest"]), a["algorithm"])
    r = hr.post(f"/api/signatures/{a['id']}", json={"signature": b64(value_a)})
    assert r.status_code == 200 and "x-acknowledgement" not in r.headers
    # Mari's signature was begun on the container before his: finishing it would drop his.
    value_b = web_eid_sign(mari, base64.b64decode(b["digest"]), b["algorithm"])
    r = employee.post(f"/api/signatures/{b['id']}", json={"signature": b64(value_b)})
    assert r.status_code == 409 and "start again" in r.json()["detail"]
    assert employee.post(f"/api/signatures/{b['id']}", json={"signature": "x"}).status_code == 404
    assert hr.get(f"{V}/1/acknowledgements").json() == []
    assert len(sign.verify(hr.get(f"{V}/1/document.asice").content).signatures) == 2


def test_an_expired_pending_signature_is_refused_and_cleaned_up(
    test_pki: LoopbackPKI, api: Api, engine: Engine, use_database: str, mari: pki.Issued
) -> None:
    employee = api.as_("employee")

    def begin() -> dict[str, str]:
        r = employee.post(f"{V}/1/signatures", json={"certificate": b64(mari.der)})
        assert r.status_code == 201, r.text
        return dict(r.json())

    def expire(*ids: str) -> None:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        with engine.begin() as c:
            c.execute(
                sa.update(t.PendingSignature)
                .where(t.PendingSignature.id.in_(ids))
                .values(expires_at=past)
            )

    late = begin()
    expires = dt.datetime.fromisoformat(late["expires"])
    assert dt.timedelta(minutes=4) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=5)
    expire(late["id"])
    value = web_eid_sign(mari, base64.b64decode(late["digest"]), late["algorithm"])
    r = employee.post(f"/api/signatures/{late['id']}", json={"signature": b64(value)})
    assert r.status_code == 410 and "start again" in r.json()["detail"]
    assert late["id"] not in pending_ids(engine)  # discarded
    r = employee.post(f"/api/signatures/{late['id']}", json={"signature": b64(value)})
    assert r.status_code == 404

    # Abandoned ones go when they expire: on the next begin, or by `roles housekeeping`.
    abandoned = begin()
    expire(abandoned["id"])
    fresh = begin()
    assert pending_ids(engine) == {fresh["id"]}
    expire(fresh["id"])
    result = CliRunner().invoke(main, ["housekeeping"])
    assert result.exit_code == 0 and "removed 1 expired" in result.output
    assert pending_ids(engine) == set()


def test_bad_signing_input_is_answered_with_the_field(api: Api, mari: pki.Issued) -> None:
    employee = api.as_("employee")
    r = employee.post(f"{V}/1/signatures", json={"certificate": "not base64!"})
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "certificate"
    r = employee.post(f"{V}/1/signatures", json={"certificate": b64(b"not a certificate")})
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "certificate"
    assert employee.post(f"{V}/1/signatures", json={}).status_code == 400
    other = f"{M}/positions/tamme-juht/versions/1/signatures"
    assert employee.post(other, json={"certificate": b64(mari.der)}).status_code == 404
    started = employee.post(f"{V}/1/signatures", json={"certificate": b64(mari.der)}).json()
    r = employee.post(f"/api/signatures/{started['id']}", json={"signature": b64(b"\0" * 64)})
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "signature"
    assert "does not match" in r.json()["detail"]


def test_verify_reports_a_tampered_container_invalid_with_the_reason(
    eseal: LoopbackPKI, api: Api
) -> None:
    hr = api.as_("hr")
    sealed = hr.get(f"{V}/1/document.asice").content
    headers = {"Content-Type": "application/vnd.etsi.asic-e+zip"}

    r = hr.post("/api/verify", content=sealed, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["valid"] is True
    [signature] = r.json()["signatures"]
    assert signature["signer"] == "Võru Linnavalitsus" and signature["signing_time"]

    tampered = with_changed_byte(sealed, "tamme-spets-v1.docx")
    report = hr.post("/api/verify", content=tampered, headers=headers).json()
    assert report["valid"] is False
    assert report["data_files"][0]["intact"] is False
    [signature] = report["signatures"]
    assert signature["valid"] is False and signature["data_files_intact"] is False
    assert any("'tamme-spets-v1.docx' has been changed" in r for r in signature["reasons"])

    r = hr.post("/api/verify", content=b"not a container", headers=headers)
    assert r.status_code == 422 and r.json()["extra"][0]["path"] == "body"
    assert api.client.post("/api/verify", content=sealed, headers=headers).status_code == 401


OWNERS = {
    "tamme": ("Tamme Vallavalitsus", "75000101"),
    "kase-lv": ("Kase Linnavalitsus", "75000202"),
}


@pytest.fixture
def two_seals(test_pki: LoopbackPKI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tamme's seal is its municipality's, Kase's its agency's (kase-lv); before `api`."""
    seals = tmp_path / "seals"
    seals.mkdir()
    for owner, (name, code) in OWNERS.items():
        issued = pki.make_eseal(test_pki.ca, name, code, test_pki.ocsp_url)
        issued.write_p12(seals / f"{owner}.p12", [test_pki.ca.cert])
        (seals / f"{owner}.password").write_text(pki.P12_PASSWORD)
    monkeypatch.setenv("ROLES_SEALS_DIR", str(seals))
    config.settings.cache_clear()


def test_each_municipality_s_container_carries_its_own_seal(two_seals: None, api: Api) -> None:
    """Each container of record carries the certificate of its own seal, never the other's."""
    for path, owner in (
        (f"{V}/1/document.asice", "tamme"),
        ("/api/municipalities/kase/positions/kase-spets/versions/1/document.asice", "kase-lv"),
    ):
        r = api.as_("admin").get(path)
        assert r.status_code == 200, r.text
        [signature] = sign.verify(r.content).signatures
        assert (signature.signer, signature.registry_code) == OWNERS[owner]
        assert signature.level == "qualified-seal" and signature.valid
