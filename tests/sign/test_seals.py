"""Seals per agency: each municipality's documents carry its own seal, never another's; a
seal certificate that would make an invalid signature is refused; nothing invalid is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pki
import pytest
from helpers import rewrite

from conftest import LoopbackPKI
from roles import sign
from roles.sign import engine

DOCUMENT = [("ametijuhend.docx", b"DOCX bytes", "application/octet-stream")]


@pytest.fixture(scope="module")
def secrets(test_pki: LoopbackPKI, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A secrets directory with the seals of two municipalities."""
    directory = tmp_path_factory.mktemp("secrets")
    for owner, name, code in (
        ("voru", "Võru Linnavalitsus", "75000012"),
        ("viljandi", "Viljandi Linnavalitsus", "75037253"),
    ):
        issued = pki.make_eseal(test_pki.ca, name, code, test_pki.ocsp_url)
        issued.write_p12(directory / f"{owner}.p12", [test_pki.ca.cert])
        (directory / f"{owner}.password").write_text(pki.P12_PASSWORD + "\n")
    return directory


def test_each_municipality_s_documents_carry_its_own_seal(secrets: Path) -> None:
    seals = sign.load_seals(secrets)
    assert sorted(seals) == ["viljandi", "voru"]
    for owner, organisation, code in (
        ("voru", "Võru Linnavalitsus", "75000012"),
        ("viljandi", "Viljandi Linnavalitsus", "75037253"),
    ):
        seal = sign.seal_for(seals, f"{owner}-linnavalitsus", owner)  # agency first, then town
        assert seal is not None and seal.owner == owner
        [signature] = sign.verify(sign.seal(DOCUMENT, seal)).signatures
        assert (signature.signer, signature.registry_code) == (organisation, code)
        assert signature.level == "qualified-seal"


def test_a_municipality_without_a_seal_gets_none_not_another_s(secrets: Path) -> None:
    seals = sign.load_seals(secrets)
    assert sign.seal_for(seals, "kohtla-jarve-lv", "kohtla-jarve") is None
    with pytest.raises(sign.SealError, match="no seal given"):
        sign.seal(DOCUMENT, None)


def test_an_agency_s_own_seal_comes_before_its_municipality_s(secrets: Path) -> None:
    seals = sign.load_seals(secrets)
    seals["viljandi-lv"] = sign.Seal(
        "viljandi-lv", seals["viljandi"].p12, pki.P12_PASSWORD, seals["viljandi"].certificate
    )
    found = sign.seal_for(seals, "viljandi-lv", "viljandi")
    assert found is not None and found.owner == "viljandi-lv"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.p12": b"not pkcs12", "a.password": b"x"}, "not a PKCS#12 file"),
        ({"a.p12": None}, "password file a.password is missing"),
        ({"Bad Name.p12": None, "Bad Name.password": b"x"}, "must be an agency"),
    ],
)
def test_a_seal_that_cannot_be_read_is_named(
    test_pki: LoopbackPKI, tmp_path: Path, files: dict[str, bytes | None], message: str
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(test_pki.eseal_p12.read_bytes() if data is None else data)
    with pytest.raises(sign.SealError, match=message):
        sign.load_seals(tmp_path)


def test_a_wrong_password_is_refused(test_pki: LoopbackPKI) -> None:
    with pytest.raises(sign.SealError, match="password is wrong"):
        sign.Seal.from_p12(test_pki.eseal_p12, "wrong", "voru")


def test_a_seal_certificate_without_qc_statements_is_refused_at_sealing(
    test_pki: LoopbackPKI, tmp_path: Path
) -> None:
    plain = pki.make_eseal(
        test_pki.ca, "Võru Linnavalitsus", "75000012", test_pki.ocsp_url, qualified=False
    )
    seal = sign.Seal.from_p12(plain.write_p12(tmp_path / "plain.p12", []), pki.P12_PASSWORD)
    with pytest.raises(sign.SealError, match="no qcStatements"):
        sign.seal(DOCUMENT, seal)


def test_an_expired_seal_is_refused(voru_seal: sign.Seal) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    with pytest.raises(sign.SealError, match="not valid now"):
        sign.seal(DOCUMENT, voru_seal, now=later)


def test_sealing_takes_the_docx_and_its_pdf_together(voru_seal: sign.Seal) -> None:
    files = [
        ("ametijuhend.docx", b"DOCX", "application/vnd.openxmlformats-officedocument"),
        ("ametijuhend.pdf", b"%PDF-1.7 PDF/A-2b", "application/pdf"),
    ]
    report = sign.verify(sign.seal(files, voru_seal, roles=("KINNITATUD",)))
    [signature] = report.signatures
    assert signature.covers == ["ametijuhend.docx", "ametijuhend.pdf"]
    assert signature.roles == ["KINNITATUD"]
    assert [f.signed_by for f in report.data_files] == [["S0"], ["S0"]]


def test_a_container_that_would_not_validate_is_not_returned(sealed: bytes) -> None:
    tampered = rewrite(sealed, "lisa.pdf", lambda data: data + b"!")
    with pytest.raises(engine.NotValid, match="has been changed") as caught:
        engine._verified(tampered, "the sealed container")
    assert caught.value.report.status == "invalid"


def test_a_seal_on_top_of_an_invalid_container_is_not_returned(
    voru_seal: sign.Seal, sealed: bytes
) -> None:
    tampered = rewrite(sealed, "lisa.pdf", lambda data: data + b"!")
    with pytest.raises(engine.NotValid, match="not kept"):
        sign.seal(tampered, voru_seal)
