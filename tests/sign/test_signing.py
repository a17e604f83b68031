"""Signing: e-seals, the two-step Web eID flow, several signatures on one container."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import entries, read_entry

from conftest import LoopbackPKI, web_eid_sign
from roles import sign
from roles.sign import runtime

Files = list[tuple[str, bytes, str]]


def test_make_container_is_asice_with_mimetype_first_and_stored(job_description: Files) -> None:
    container = sign.make_container(job_description)
    first, *rest = entries(container)
    assert first.filename == "mimetype" and first.compress_type == 0
    assert {e.filename for e in rest} == {"ametijuhend.txt", "lisa.pdf", "META-INF/manifest.xml"}
    assert [f.name for f in sign.read_container(container).data_files] == [
        "ametijuhend.txt",
        "lisa.pdf",
    ]


def test_an_eseal_is_an_lta_qualified_seal_of_the_organisation(sealed: bytes) -> None:
    report = sign.verify(sealed)
    assert report.valid, report
    assert report.status == "valid"
    [signature] = report.signatures
    assert signature.signer == "Võru Linnavalitsus"
    assert (signature.personal_code, signature.registry_code) == (None, "75000012")
    assert signature.profile == "XAdES-BASELINE-LTA"
    assert (signature.level, signature.level_et) == ("qualified-seal", "kvalifitseeritud e-tempel")
    assert signature.covers == ["ametijuhend.txt", "lisa.pdf"]
    assert signature.data_files_intact
    assert [e.filename for e in entries(sealed) if e.filename.startswith("META-INF/sig")] == [
        "META-INF/signatures0.xml"
    ]


@pytest.mark.parametrize(
    ("signer_name", "algorithm"),
    [("p256", "SHA-256"), ("p384", "SHA-384"), ("rsa2048", "SHA-256")],
)
def test_two_step_web_eid_flow_signs_with_ec_and_rsa_keys(
    test_pki: LoopbackPKI, job_description: Files, signer_name: str, algorithm: str
) -> None:
    signer = getattr(test_pki, signer_name)
    pending, digest, hash_function = sign.begin(sign.make_container(job_description), signer.der)
    assert hash_function == algorithm
    assert len(digest) == {"SHA-256": 32, "SHA-384": 48}[algorithm]

    # Kept in the database between the steps.
    stored = sign.PendingSignature.from_bytes(pending.to_bytes())
    signed = sign.finish(stored, web_eid_sign(signer, digest, hash_function))

    report = sign.verify(signed)
    assert report.valid, report
    [signature] = report.signatures
    assert (signature.signer, signature.personal_code) == ("JAAK-KRISTJAN JÕEORG", "38001085718")
    assert signature.profile == "XAdES-BASELINE-LTA"
    assert signature.level == "qualified-signature"


def test_three_signatures_on_one_container_are_all_valid(
    test_pki: LoopbackPKI, sealed: bytes
) -> None:
    container = sealed  # approved by the head, with the e-seal
    for signer in (test_pki.p384, test_pki.rsa2048):  # the manager, then the holder
        pending, digest, algorithm = sign.begin(container, signer.der)
        container = sign.finish(pending, web_eid_sign(signer, digest, algorithm))

    report = sign.verify(container)
    assert report.valid, report
    assert [s.signer for s in report.signatures] == [
        "Võru Linnavalitsus",
        "JAAK-KRISTJAN JÕEORG",
        "JAAK-KRISTJAN JÕEORG",
    ]
    signature_files = [e.filename for e in entries(container) if "signatures" in e.filename]
    assert len(signature_files) == 3


def test_an_expired_pending_signature_is_rejected(test_pki: LoopbackPKI, sealed: bytes) -> None:
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    pending, digest, algorithm = sign.begin(sealed, test_pki.p256.der, now=start)
    assert not pending.is_expired(start + dt.timedelta(minutes=4))
    assert pending.is_expired(start + dt.timedelta(minutes=5))
    with pytest.raises(sign.PendingSignatureExpired):
        sign.finish(
            pending,
            web_eid_sign(test_pki.p256, digest, algorithm),
            now=start + dt.timedelta(minutes=6),
        )


def test_a_signature_value_that_does_not_match_is_refused(
    test_pki: LoopbackPKI, sealed: bytes
) -> None:
    pending, digest, _ = sign.begin(sealed, test_pki.p256.der)
    with pytest.raises(sign.SigningError, match="does not match"):
        sign.finish(pending, web_eid_sign(test_pki.p384, digest, "SHA-256")[:64])


def test_signing_with_a_revoked_certificate_is_refused(
    test_pki: LoopbackPKI, sealed: bytes
) -> None:
    pending, digest, algorithm = sign.begin(sealed, test_pki.revoked.der)
    with pytest.raises(sign.SigningError, match="revoked"):
        sign.finish(pending, web_eid_sign(test_pki.revoked, digest, algorithm))


def test_signing_with_a_certificate_from_an_untrusted_ca_is_refused(
    test_pki: LoopbackPKI, sealed: bytes
) -> None:
    pending, digest, algorithm = sign.begin(sealed, test_pki.untrusted.der)
    with pytest.raises(sign.SigningError, match="issuer"):
        sign.finish(pending, web_eid_sign(test_pki.untrusted, digest, algorithm))


def test_libdigidocpp_independently_validates_the_containers(
    test_pki: LoopbackPKI, sealed: bytes
) -> None:
    """The independent check: libdigidocpp itself (pydigidoc, in the signing worker), with a
    trust list of the test CA, OCSP responder and TSA, finds every signature valid, archive
    grade (LTA) and in the EN 319 132-1 form (SigningCertificateV2)."""
    container = sealed
    pending, digest, algorithm = sign.begin(container, test_pki.p384.der, roles=("KINNITAN",))
    container = sign.finish(pending, web_eid_sign(test_pki.p384, digest, algorithm))

    assert runtime.libdigidocpp_problems(container) == {"S0": [], "S1": []}
    described = sign.describe(container)
    assert [d["profile"] for d in described] == ["BES/time-stamp-archive"] * 2
    assert all(d["timestamp"] and d["archive_timestamp"] for d in described)
    assert described[1]["roles"] == ["KINNITAN"]
    for path in ("META-INF/signatures0.xml", "META-INF/signatures1.xml"):
        document = read_entry(container, path)
        assert b"SigningCertificateV2" in document and b"<xades:SigningCertificate>" not in document
