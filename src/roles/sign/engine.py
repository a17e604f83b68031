"""Signing with libdigidocpp (through pydigidoc), the library behind DigiDoc4, in worker
processes (`worker.py`): the server process never loads it.

`configure` sets the engine up (trust, TSA, OCSP, the workers' bounds); until it is called,
the defaults apply: the Estonian trust of `esteid-certificates`, no TSA. Calling it again with
other settings replaces the workers. Every container goes through `roles.archive` before
libdigidocpp sees it, and every container made here is verified before it is returned.

Signatures are XAdES LTA (libdigidocpp's "time-stamp-archive": signature timestamp, OCSP
confirmation and an archive timestamp) in the EN 319 132-1 form (SigningCertificateV2,
SignerRoleV2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from roles.sign.container import ContainerError, check_container, make_container
from roles.sign.errors import LibraryRefused, PendingSignatureExpired, SigningError
from roles.sign.pending import PendingSignature
from roles.sign.seals import Seal, SealError, certificate_problems
from roles.sign.settings import EngineSettings, GiB, estonian_trust, trust_from_directory
from roles.sign.worker import Pool

PROFILE = "time-stamp-archive"  # XAdES LTA
_DIGEST_URIS = {
    "SHA-256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "SHA-384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "SHA-512": "http://www.w3.org/2001/04/xmlenc#sha512",
}
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "SHA-256": hashes.SHA256(),
    "SHA-384": hashes.SHA384(),
    "SHA-512": hashes.SHA512(),
}

Files = list[tuple[str, bytes, str]]

_lock = threading.Lock()
_active: tuple[EngineSettings, Pool] | None = None


class NotValid(SigningError):
    """What was made does not validate; nothing is returned. `report` says why."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


def configure(
    trust_dir: Path | None = None,
    tsa_url: str | None = None,
    ocsp_urls: dict[str, str] | None = None,
    *,
    proxy: str | None = None,
    timeout: float = 60.0,
    memory_bytes: int = GiB // 2,
    workers: int = 2,
) -> EngineSettings:
    """Sets the engine up for this process. `trust_dir`: PEM files of the trusted CAs, OCSP
    responders and TSAs, instead of the Estonian default. Again with the same settings is a
    no-op; with others, the workers are replaced."""
    global _active
    wanted = EngineSettings(
        trust=trust_from_directory(trust_dir) if trust_dir else estonian_trust(),
        trust_dir=trust_dir,
        tsa_url=tsa_url,
        ocsp_urls=tuple(sorted((ocsp_urls or {}).items())),
        proxy=proxy,
        timeout=timeout,
        memory_bytes=memory_bytes,
        workers=workers,
    )
    with _lock:
        if _active is not None:
            if _active[0] == wanted:
                return wanted
            _active[1].close()
        _active = (wanted, Pool(wanted))
        return wanted


def _engine() -> tuple[EngineSettings, Pool]:
    if _active is None:
        configure()
    assert _active is not None
    return _active


def settings() -> EngineSettings:
    return _engine()[0]


def call(operation: str, *args: Any, timeout: float | None = None) -> Any:
    return _engine()[1].call(operation, *args, timeout=timeout)


def _as_container(container_or_files: bytes | Files) -> bytes:
    if isinstance(container_or_files, bytes):
        return container_or_files
    return make_container(container_or_files)


def _verified(container: bytes, what: str) -> bytes:
    from roles.sign.verify import verify

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
) -> tuple[PendingSignature, bytes, str]:
    """Step one of a two-step signature (Web eID, Smart-ID, Mobile-ID): prepares a
    signature for the signer's certificate, with its roles ("KINNITAN", "Tutvunud
    ametijuhendiga", a position).

    Returns the pending state to keep, the digest the signer signs and its hash algorithm
    as Web eID names it (hashFunction)."""
    now = now or dt.datetime.now(dt.UTC)
    algorithm = hash_for(signer_certificate_der)
    check_container(container)
    try:
        prepared, signature_id, digest = call(
            "prepare",
            container,
            signer_certificate_der,
            _DIGEST_URIS[algorithm],
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
    )
    return pending, digest, algorithm


def finish(
    pending: PendingSignature, signature_value: bytes, *, now: dt.datetime | None = None
) -> bytes:
    """Step two: puts the signer's signature value (raw r‖s for EC keys, PKCS#1 v1.5 for
    RSA) in, adds the timestamps and OCSP confirmation, verifies and returns the container."""
    if pending.is_expired(now):
        raise PendingSignatureExpired("the signature was not finished in time; start again")
    # libdigidocpp takes any value and writes an invalid signature; refuse one here instead.
    if not value_matches(
        pending.signer_certificate, pending.digest, pending.algorithm, signature_value
    ):
        raise SigningError("the signature value does not match the digest and certificate")
    try:
        signed = call(
            "finalize", pending.container, pending.signature_id, signature_value, pending.profile
        )
    except LibraryRefused as error:
        raise SigningError(str(error)) from None
    return _verified(signed, "the signed container")


def value_matches(certificate_der: bytes, digest: bytes, algorithm: str, value: bytes) -> bool:
    key = x509.load_der_x509_certificate(certificate_der).public_key()
    prehashed = utils.Prehashed(_HASHES[algorithm])
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            half = len(value) // 2
            if len(value) != 2 * ((key.curve.key_size + 7) // 8):
                return False
            der_value = utils.encode_dss_signature(
                int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big")
            )
            key.verify(der_value, digest, ec.ECDSA(prehashed))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(value, digest, padding.PKCS1v15(), prehashed)
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True


def libdigidocpp_problems(container: bytes) -> dict[str, list[str]]:
    """libdigidocpp's own verdict: signature id -> its error messages (empty when valid).
    The container must have passed `check_container`."""
    try:
        problems: dict[str, list[str]] = call("problems", container)
    except LibraryRefused as error:
        raise ContainerError.of("library", detail=str(error)) from None
    return problems


def describe(container: bytes) -> list[dict[str, Any]]:
    """What libdigidocpp reads in each signature: id, profile, roles, timestamps."""
    check_container(container)
    described: list[dict[str, Any]] = call("describe", container)
    return described
