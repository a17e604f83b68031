"""Signing with libdigidocpp (through pydigidoc), the library behind DigiDoc4, in worker
processes (`worker.py`): the server process never loads it.

`runtime.configure` sets the engine up (trust, TSA, OCSP, the workers' bounds). Every container
goes through `roles.archive` before libdigidocpp sees it, and every container made here is
verified (`verify`) before it is returned.

Signatures are XAdES LTA (libdigidocpp's "time-stamp-archive": signature timestamp, OCSP
confirmation and an archive timestamp) in the EN 319 132-1 form (SigningCertificateV2,
SignerRoleV2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from roles.sign.container import check_container, make_container
from roles.sign.errors import LibraryRefused, PendingSignatureExpired, SigningError
from roles.sign.pending import PendingSignature
from roles.sign.runtime import call
from roles.sign.seals import Seal, SealError, certificate_problems
from roles.sign.verify import verify

PROFILE = "time-stamp-archive"  # XAdES LTA
_DIGEST_URIS = {
    "SHA-256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "SHA-384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "SHA-512": "http://www.w3.org/2001/04/xmlenc#sha512",
}
# RSASSA-PSS (RFC 6931), the scheme Smart-ID recommends; libdigidocpp signs with it when the
# signer's method names it, salt as long as the hash.
_PSS_URIS = {
    "SHA-256": "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
    "SHA-384": "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
    "SHA-512": "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
}
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "SHA-256": hashes.SHA256(),
    "SHA-384": hashes.SHA384(),
    "SHA-512": hashes.SHA512(),
}

Files = list[tuple[str, bytes, str]]


class NotValid(SigningError):
    """What was made does not validate; nothing is returned. `report` says why."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


def _as_container(container_or_files: bytes | Files) -> bytes:
    if isinstance(container_or_files, bytes):
        return container_or_files
    return make_container(container_or_files)


def _verified(container: bytes, what: str) -> bytes:
    report = verify(container)
    if not report.valid:
        reasons = "; ".join(
            r for s in report.signatures if not s.valid for r in s.reasons
        ) or "; ".join(report.reasons)
        raise NotValid(f"{what} is not valid, so it was not kept: {reasons}", report)
    return container


def seal(
    container_or_files: bytes | Files,
    seal: Seal | None = None,
    *,
    roles: tuple[str, ...] = (),
    now: dt.datetime | None = None,
) -> bytes:
    """Adds `seal`'s e-seal (XAdES LTA) to a container, or to a new one holding the files
    (name, content, mimetype): the DOCX and its PDF/A together for the container of record.
    Raises SealError for a seal certificate that would make an invalid signature, NotValid
    when the result does not validate."""
    if seal is None:  # the caller names whose seal; there is no service-wide one
        raise SealError("no seal given: pass the seal of the document's agency or municipality")
    problems = certificate_problems(seal.certificate, now or dt.datetime.now(dt.UTC))
    if problems:
        raise SealError(f"the seal of {seal.owner or seal.organisation}: " + "; ".join(problems))
    data = _as_container(container_or_files)
    check_container(data)
    try:
        sealed = call("seal", data, seal.p12, seal.password, PROFILE, tuple(roles))
    except LibraryRefused as error:
        raise SigningError(str(error)) from None
    return _verified(sealed, "the sealed container")


def hash_for(certificate_der: bytes) -> str:
    """The hash a key signs with: SHA-384 for P-384 (Estonian ID cards), SHA-512 for P-521."""
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size > 256:
        return "SHA-384" if key.curve.key_size <= 384 else "SHA-512"
    return "SHA-256"


def begin(
    container: bytes,
    signer_certificate_der: bytes,
    *,
    roles: tuple[str, ...] = (),
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = dt.timedelta(minutes=5),
    rsa_pss: bool = False,
) -> tuple[PendingSignature, bytes, str]:
    """Step one of a two-step signature (Web eID, Smart-ID, Mobile-ID): prepares a
    signature for the signer's certificate, with its roles as XAdES ClaimedRoles ("KINNITAN",
    "Tutvunud ametijuhendiga", a position).

    Returns the pending state to keep, the digest the signer signs and its hash algorithm
    as Web eID names it (hashFunction). `rsa_pss` asks for an RSASSA-PSS value (Smart-ID)
    instead of PKCS#1 v1.5; it needs an RSA key."""
    now = now or dt.datetime.now(dt.UTC)
    algorithm = hash_for(signer_certificate_der)
    if rsa_pss and not isinstance(
        x509.load_der_x509_certificate(signer_certificate_der).public_key(), rsa.RSAPublicKey
    ):
        raise SigningError("RSASSA-PSS needs an RSA key")
    check_container(container)
    try:
        prepared, signature_id, digest = call(
            "prepare",
            container,
            signer_certificate_der,
            (_PSS_URIS if rsa_pss else _DIGEST_URIS)[algorithm],
            PROFILE,
            tuple(roles),
        )
    except LibraryRefused as error:
        raise SigningError(str(error)) from None
    pending = PendingSignature(
        container=prepared,
        signature_id=signature_id,
        profile=PROFILE,
        digest=digest,
        algorithm=algorithm,
        signer_certificate=signer_certificate_der,
        base_sha256=hashlib.sha256(container).hexdigest(),
        created=now,
        expires=now + lifetime,
        pss=rsa_pss,
    )
    return pending, digest, algorithm


def finish(
    pending: PendingSignature, signature_value: bytes, *, now: dt.datetime | None = None
) -> bytes:
    """Step two: puts the signer's signature value (raw r‖s for EC keys, PKCS#1 v1.5 or, when
    begun so, RSASSA-PSS for RSA) in, adds the timestamps and OCSP confirmation, verifies and
    returns the container."""
    if pending.is_expired(now):
        raise PendingSignatureExpired("the signature was not finished in time; start again")
    # libdigidocpp takes any value and writes an invalid signature; refuse one here instead.
    if not value_matches(
        pending.signer_certificate,
        pending.digest,
        pending.algorithm,
        signature_value,
        pss=pending.pss,
    ):
        raise SigningError("the signature value does not match the digest and certificate")
    try:
        signed = call(
            "finalize", pending.container, pending.signature_id, signature_value, pending.profile
        )
    except LibraryRefused as error:
        raise SigningError(str(error)) from None
    return _verified(signed, "the signed container")


def value_matches(
    certificate_der: bytes, digest: bytes, algorithm: str, value: bytes, *, pss: bool = False
) -> bool:
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    prehashed = utils.Prehashed(_HASHES[algorithm])
    if pss and not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            half = len(value) // 2
            if len(value) != 2 * ((key.curve.key_size + 7) // 8):
                return False
            der_value = utils.encode_dss_signature(
                int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big")
            )
            key.verify(der_value, digest, ec.ECDSA(prehashed))
        elif isinstance(key, rsa.RSAPublicKey) and pss:
            mgf = padding.MGF1(_HASHES[algorithm])
            key.verify(value, digest, padding.PSS(mgf, padding.PSS.DIGEST_LENGTH), prehashed)
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(value, digest, padding.PKCS1v15(), prehashed)
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True
