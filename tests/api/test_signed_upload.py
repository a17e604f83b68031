"""Acknowledging by a container signed elsewhere (DigiDoc4) and uploaded, with the test PKI of
tests/sign (one per test process, as test_signing_api.py uses it): what is taken, what is
refused and why, and what becomes the version's container of record."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).parents[1] / "sign"))

import loopback
import pki
from loopback import LoopbackPKI, web_eid_sign

from roles import config, sign

from .conftest import Api, Client
from .test_signing_api import MARI_CODE, V, approve_version_2, kept, with_changed_byte

ASICE = {"Content-Type": "application/vnd.etsi.asic-e+zip"}


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


def digidoc_sign(container: bytes, signer: pki.Issued) -> bytes:
    """What DigiDoc4 does with an ID card: libdigidocpp adds an LT signature to the container."""
    pending, digest, algorithm = sign.begin(container, signer.der)
    return sign.finish(pending, web_eid_sign(signer, digest, algorithm))


def upload(client: Client, version: int, data: bytes) -> tuple[int, dict[str, object]]:
    r = client.post(f"{V}/{version}/signed-container", content=data, headers=ASICE)
    return r.status_code, dict(r.json())


def refused(client: Client, version: int, data: bytes) -> str:
    """The reason an upload was refused (422, on the field `body`)."""
    status, body = upload(client, version, data)
    assert status == 422, body
    [problem] = body["extra"]  # type: ignore[misc]
    assert problem["path"] == "body"
    return str(problem["message"])


def test_a_container_signed_in_digidoc_is_the_employees_acknowledgement(
    eseal: LoopbackPKI, api: Api, engine: Engine, mari: pki.Issued
) -> None:
    employee = api.as_("employee")
    sealed = employee.get(f"{V}/1/document.asice").content
    signed = digidoc_sign(sealed, mari)

    status, body = upload(employee, 1, signed)
    assert status == 201, body
    ack = body["acknowledgement"]
    assert isinstance(ack, dict)
    assert (ack["person"], ack["version"], ack["method"]) == ("tamme-p2", 1, "signature")
    assert body["signer"] == "MARI ÄÄR" and body["container_stored"] is True
    # The upload is now the version's container of record, the e-seal and Mari's signature in it.
    assert kept(engine)[("tamme-spets", 1)] == signed
    assert employee.get(f"{V}/1/document.asice").content == signed
    report = sign.verify(signed)
    assert [(s.signer, s.personal_code) for s in report.signatures] == [
        ("Võru Linnavalitsus", None),
        ("MARI ÄÄR", MARI_CODE),
    ]
    docx = employee.get(f"{V}/1/document.docx").content
    assert sign.read_container(signed).data_files[0].content == docx

    # Again: the first acknowledgement answers, the container stays as it is.
    status, again = upload(employee, 1, signed)
    assert status == 200 and again["container_stored"] is False
    assert again["acknowledgement"] == ack
    hr = api.as_("hr")
    assert [a["id"] for a in hr.get(f"{V}/1/acknowledgements").json()] == [ack["id"]]
    pending = hr.get("/api/municipalities/tamme/acknowledgements/pending").json()
    assert "tamme-p2" not in [h["person"] for u in pending["units"] for h in u["holders"]]


def test_without_an_eseal_the_signed_upload_becomes_the_first_container(
    test_pki: LoopbackPKI, api: Api, engine: Engine, mari: pki.Issued
) -> None:
    employee = api.as_("employee")
    unsigned = employee.get(f"{V}/1/document.asice").content
    assert kept(engine) == {}
    signed = digidoc_sign(unsigned, mari)
    status, body = upload(employee, 1, signed)
    assert status == 201 and body["container_stored"] is True, body
    assert kept(engine) == {("tamme-spets", 1): signed}
    # An unsigned container, still the right document, is no acknowledgement.
    assert "no signatures" in refused(employee, 1, unsigned)


def test_tampered_foreign_stripped_and_other_version_containers_are_refused(
    eseal: LoopbackPKI, api: Api, engine: Engine, mari: pki.Issued
) -> None:
    employee, hr = api.as_("employee"), api.as_("hr")
    sealed_v1 = employee.get(f"{V}/1/document.asice").content
    signed_v1 = digidoc_sign(sealed_v1, mari)

    assert "not a readable ASiC-E container" in refused(employee, 1, b"not a container")
    assert "send the signed .asice" in refused(employee, 1, b"")

    tampered = with_changed_byte(signed_v1, "tamme-spets-v1.docx")
    reason = refused(employee, 1, tampered)
    assert "is not valid" in reason and "'tamme-spets-v1.docx' has been changed" in reason

    someone_else = digidoc_sign(sealed_v1, eseal.p256)  # JAAK-KRISTJAN JÕEORG holds nothing here
    reason = refused(employee, 1, someone_else)
    assert f"no signature of yours (personal code {MARI_CODE})" in reason
    assert "JAAK-KRISTJAN JÕEORG (38001085718)" in reason

    # Signed without the e-seal the version's container carries: the seal must stay.
    files = sign.read_container(sealed_v1).data_files  # the DOCX and its PDF/A
    bare = sign.make_container([(f.name, f.content, f.mimetype) for f in files])
    reason = refused(employee, 1, digidoc_sign(bare, mari))
    assert "lacks the signatures already on this version (Võru Linnavalitsus)" in reason

    # Version 2 comes into force: v1's signed container is not version 2's document…
    approve_version_2(api)
    reason = refused(employee, 2, signed_v1)
    assert "not the document of version 2" in reason and "tamme-spets-v1.docx" in reason
    # …and version 1 is no longer in force.
    r = employee.post(f"{V}/1/signed-container", content=signed_v1, headers=ASICE)
    assert r.status_code == 409 and "not in force" in r.json()["detail"]
    # Only holders acknowledge; others' positions are not found.
    r = hr.post(f"{V}/2/signed-container", content=signed_v1, headers=ASICE)
    assert r.status_code == 404
    other = "/api/municipalities/tamme/positions/tamme-juht/versions/1/signed-container"
    assert employee.post(other, content=signed_v1, headers=ASICE).status_code == 404

    assert hr.get(f"{V}/1/acknowledgements").json() == []
    assert hr.get(f"{V}/2/acknowledgements").json() == []
    assert set(kept(engine)) == {("tamme-spets", 1), ("tamme-spets", 2)}
    assert kept(engine)[("tamme-spets", 1)] == sealed_v1  # nothing refused was stored

    # The version in force, signed: taken.
    signed_v2 = digidoc_sign(employee.get(f"{V}/2/document.asice").content, mari)
    status, body = upload(employee, 2, signed_v2)
    assert status == 201 and body["container_stored"] is True, body
