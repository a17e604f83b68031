"""Verification: each kind of failure makes the container invalid, with the reason."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pki
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from helpers import read_entry, replace_text, rewrite, text_of

from conftest import LoopbackPKI, web_eid_sign
from roles import sign
from roles.sign.reasons import reason

HERE = Path(__file__).parent


def _sign_elsewhere(
    test_pki: LoopbackPKI,
    trust_dir: Path,
    signer: pki.Issued,
    container: bytes,
    tmp_path: Path,
    ocsp_override: str | None = None,
) -> bytes:
    """Signs in another process, with its own trust and OCSP configuration."""
    (tmp_path / "in.asice").write_bytes(container)
    (tmp_path / "signer.pem").write_bytes(signer.pem())
    (tmp_path / "signer.key").write_bytes(signer.key_pem())
    extra = ["Roles Test CA", ocsp_override] if ocsp_override else []
    subprocess.run(
        [
            sys.executable,
            str(HERE / "sign_elsewhere.py"),
            str(trust_dir),
            test_pki.tsa_url,
            str(tmp_path / "in.asice"),
            str(tmp_path / "signer.pem"),
            str(tmp_path / "signer.key"),
            str(tmp_path / "out.asice"),
            *extra,
        ],
        check=True,
        capture_output=True,
    )
    return (tmp_path / "out.asice").read_bytes()


def _reasons(report: sign.Report, index: int) -> str:
    return " | ".join(report.signatures[index].reasons)


def test_a_changed_byte_in_a_data_file_is_caught(sealed: bytes) -> None:
    tampered = rewrite(sealed, "ametijuhend.txt", lambda data: data.replace(b"1.", b"2.", 1))

    report = sign.verify(tampered)

    assert not report.valid
    assert not report.signatures[0].data_files_intact
    assert "data file 'ametijuhend.txt' has been changed after signing" in _reasons(report, 0)
    assert {f.name: f.intact for f in report.data_files} == {
        "ametijuhend.txt": False,
        "lisa.pdf": True,
    }


def test_a_revoked_certificate_is_caught_from_its_ocsp_confirmation(
    test_pki: LoopbackPKI, sealed: bytes, tmp_path: Path
) -> None:
    # Signed where the responder had not heard of the revocation yet …
    unaware = test_pki.ocsp_url.replace("/ocsp", "/ocsp-unaware")
    signed = _sign_elsewhere(
        test_pki, test_pki.trust_dir, test_pki.revoked, sealed, tmp_path, ocsp_override=unaware
    )
    assert sign.verify(signed).valid
    # … then the confirmation is swapped for the real answer, nonce and all.
    path = "META-INF/signatures1.xml"
    good = ocsp.load_der_ocsp_response(
        base64.b64decode(text_of(read_entry(signed, path), "EncapsulatedOCSPValue"))
    )
    nonce = good.extensions.get_extension_for_class(x509.OCSPNonce).value
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(test_pki.revoked.cert, test_pki.ca.cert, hashes.SHA256())
        .add_extension(nonce, critical=False)
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    http = urllib.request.Request(
        test_pki.ocsp_url, data=request, headers={"Content-Type": "application/ocsp-request"}
    )
    with urllib.request.urlopen(http, timeout=5) as answer:
        revoked = base64.b64encode(answer.read()).decode()
    tampered = rewrite(
        signed, path, lambda xml: replace_text(xml, "EncapsulatedOCSPValue", revoked)
    )

    report = sign.verify(tampered)

    assert not report.valid
    assert report.signatures[0].valid  # the e-seal before it is untouched
    assert "the signer's certificate is revoked" in _reasons(report, 1)
    assert "reason: keyCompromise" in _reasons(report, 1)


def test_an_untrusted_chain_is_caught(test_pki: LoopbackPKI, sealed: bytes, tmp_path: Path) -> None:
    # Somewhere that trusts the other CA, a signature is made …
    elsewhere = tmp_path / "trust-elsewhere"
    shutil.copytree(test_pki.trust_dir, elsewhere)
    for name in ("rogue-ca.pem", "rogue-ocsp.pem"):
        shutil.copy(test_pki.directory / name, elsewhere / name)
    signed = _sign_elsewhere(test_pki, elsewhere, test_pki.untrusted, sealed, tmp_path)

    report = sign.verify(signed)  # … and here, it is not trusted.

    assert not report.valid
    assert report.signatures[0].valid
    assert "not issued by a trusted authority (untrusted chain)" in _reasons(report, 1)


def test_a_bad_timestamp_is_caught(test_pki: LoopbackPKI, sealed: bytes) -> None:
    pending, digest, algorithm = sign.begin(sealed, test_pki.p256.der)
    signed = sign.finish(pending, web_eid_sign(test_pki.p256, digest, algorithm))
    # A genuine timestamp, but over another signature's value.
    other = text_of(read_entry(signed, "META-INF/signatures0.xml"), "EncapsulatedTimeStamp")
    tampered = rewrite(
        signed,
        "META-INF/signatures1.xml",
        lambda xml: replace_text(xml, "EncapsulatedTimeStamp", other),
    )

    report = sign.verify(tampered)

    assert not report.valid
    assert "the timestamp does not cover this signature's value" in _reasons(report, 1)


def test_a_corrupted_timestamp_is_caught(sealed: bytes) -> None:
    path = "META-INF/signatures0.xml"
    token = bytearray(base64.b64decode(text_of(read_entry(sealed, path), "EncapsulatedTimeStamp")))
    token[-10] ^= 0xFF  # inside the TSA's signature
    tampered = rewrite(
        sealed,
        path,
        lambda xml: replace_text(
            xml, "EncapsulatedTimeStamp", base64.b64encode(bytes(token)).decode()
        ),
    )

    report = sign.verify(tampered)

    assert not report.valid
    assert "timestamp" in _reasons(report, 0)


def test_a_container_without_signatures_is_not_valid(
    job_description: list[tuple[str, bytes, str]], test_pki: LoopbackPKI
) -> None:
    report = sign.verify(sign.make_container(job_description))
    assert not report.valid
    assert report.reasons == ["the container has no signatures"]


def test_bytes_that_are_no_container_are_refused(test_pki: LoopbackPKI) -> None:
    with pytest.raises(sign.ContainerError):
        sign.verify(b"PK\x03\x04 not a zip at all")


def test_a_container_whose_manifest_is_not_xml_is_refused_as_unreadable() -> None:
    import io
    import zipfile

    from roles.sign import ContainerError, read_container

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.etsi.asic-e+zip")
        archive.writestr("META-INF/manifest.xml", "<manifest")
        archive.writestr("job.docx", b"data")
    with pytest.raises(ContainerError, match=r"manifest\.xml is not XML"):
        read_container(buffer.getvalue())


# --- the report people read ---------------------------------------------------------------


def test_the_report_lists_every_file_with_the_signatures_covering_it(sealed: bytes) -> None:
    report = sign.verify(sealed)
    assert [(f.name, f.kind, f.signed_by) for f in report.files] == [
        ("mimetype", "mimetype", []),
        ("ametijuhend.txt", "data", ["S0"]),
        ("lisa.pdf", "data", ["S0"]),
        ("META-INF/manifest.xml", "manifest", []),
        ("META-INF/signatures0.xml", "signature", []),
    ]
    assert [f.signed_by for f in report.data_files] == [["S0"], ["S0"]]


def test_an_untrusted_chain_is_indeterminate_a_changed_file_invalid(
    test_pki: LoopbackPKI, sealed: bytes, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "trust-elsewhere"
    shutil.copytree(test_pki.trust_dir, elsewhere)
    for name in ("rogue-ca.pem", "rogue-ocsp.pem"):
        shutil.copy(test_pki.directory / name, elsewhere / name)
    signed = _sign_elsewhere(test_pki, elsewhere, test_pki.untrusted, sealed, tmp_path)
    report = sign.verify(signed)
    assert [s.status for s in report.signatures] == ["valid", "indeterminate"]
    assert report.status == "indeterminate" and not report.valid
    untrusted = next(p for p in report.signatures[1].problems if p.code == "untrusted-chain")
    assert untrusted.message_et.startswith("Allkirjastaja sertifikaati ei ole välja andnud")

    tampered = rewrite(sealed, "ametijuhend.txt", lambda data: data + b"!")
    [signature] = sign.verify(tampered).signatures
    assert signature.status == "invalid"
    [problem] = signature.problems
    assert (problem.code, problem.severity) == ("data-changed", "invalid")
    assert problem.message_et == (
        "Andmefaili „ametijuhend.txt“ on pärast allkirjastamist muudetud."
    )


def test_a_signature_carries_its_role_and_position(test_pki: LoopbackPKI, sealed: bytes) -> None:
    roles = ("KINNITAN", "vallavanem")
    pending, digest, algorithm = sign.begin(sealed, test_pki.p256.der, roles=roles)
    signed = sign.finish(pending, web_eid_sign(test_pki.p256, digest, algorithm))
    signature = sign.verify(signed).signatures[1]
    assert signature.roles == ["KINNITAN", "vallavanem"]
    assert signature.status == "valid" and signature.level == "qualified-signature"
    assert (signature.personal_code, signature.registry_code) == ("38001085718", None)


@pytest.mark.parametrize(
    "english",
    [
        "data file 'a.docx' has been changed after signing",
        "signed data file 'a.docx' is missing from the container",
        "data file 'a.docx' is not covered by the signature",
        "the signed properties have been changed",
        "the signer's certificate is revoked (since 2026-01-01 10:00 UTC, reason: keyCompromise)",
        "the signer's certificate is not issued by a trusted authority (untrusted chain)",
        "the signature has no OCSP confirmation",
        "the timestamp does not cover this signature's value",
        "the OCSP responder certificate is not trusted",
        "the signature file declares a DTD, which is not allowed",
        "'META-INF/x.xml' was added inside META-INF and is covered by no signature",
    ],
)
def test_every_reason_has_a_code_and_estonian_words(english: str) -> None:
    found = reason(english)
    assert found.code != "other" and found.message_en == english
    assert found.message_et != english and found.message_et.endswith(".")
