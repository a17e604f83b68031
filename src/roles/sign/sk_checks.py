"""Checks on what SK's APIs hand back, before anything is signed with it: the certificate is a
person's qualified signing certificate, valid now, of the expected person; the signature value
is the certificate's key over our digest. libdigidocpp checks the chain and revocation when the
signature is finished; these checks come first so a person hears what is wrong in plain words.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from roles.sign import der
from roles.sign.names import personal_code
from roles.sign.sk_errors import Code, Service, SkError

HASHES: dict[str, hashes.HashAlgorithm] = {
    "SHA-256": hashes.SHA256(),
    "SHA-384": hashes.SHA384(),
    "SHA-512": hashes.SHA512(),
}
_QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
_QC_COMPLIANCE = "0.4.0.1862.1.1"  # ETSI EN 319 412-5: an EU qualified certificate

Scheme = Literal["ecdsa", "pkcs1", "pss"]


def _qualified(certificate: x509.Certificate) -> bool:
    try:
        extension = certificate.extensions.get_extension_for_oid(_QC_STATEMENTS)
    except x509.ExtensionNotFound:
        return False
    value = extension.value
    if not isinstance(value, x509.UnrecognizedExtension):
        return False
    try:
        statements = der.read(value.value).children()
        return any(der.oid(s.child(0)) == _QC_COMPLIANCE for s in statements)
    except der.DerError:
        return False


def signing_certificate(
    certificate_der: bytes,
    service: Service,
    *,
    now: dt.datetime,
    expected_personal_code: str | None = None,
) -> x509.Certificate:
    """The certificate, if it may sign here; otherwise the `SkError` saying why not."""
    try:
        certificate = x509.load_der_x509_certificate(certificate_der)
    except ValueError:
        raise SkError(Code.PROTOCOL_ERROR, service, "the certificate is not DER X.509") from None
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise SkError(
            Code.CERTIFICATE_EXPIRED,
            service,
            f"valid {certificate.not_valid_before_utc:%Y-%m-%d} to "
            f"{certificate.not_valid_after_utc:%Y-%m-%d}",
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        non_repudiation = usage.content_commitment
    except x509.ExtensionNotFound:
        non_repudiation = False
    if not non_repudiation:
        raise SkError(Code.CERTIFICATE_NOT_QUALIFIED, service, "no nonRepudiation key usage")
    if not _qualified(certificate):
        raise SkError(Code.CERTIFICATE_NOT_QUALIFIED, service, "no QcCompliance statement")
    code = personal_code(certificate)
    if expected_personal_code is not None and code != expected_personal_code:
        raise SkError(
            Code.WRONG_PERSON,
            service,
            f"certificate of {code or certificate.subject.rfc4514_string()}, "
            f"expected {expected_personal_code}",
        )
    return certificate


def scheme_for(certificate: x509.Certificate, rsa_pss: bool) -> Scheme:
    key = certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ecdsa"
    if isinstance(key, rsa.RSAPublicKey):
        return "pss" if rsa_pss else "pkcs1"
    raise SkError(Code.CERTIFICATE_NOT_QUALIFIED, "smart-id", "neither an RSA nor an EC key")


def value_is_valid(
    certificate: x509.Certificate, digest: bytes, algorithm: str, scheme: Scheme, value: bytes
) -> bool:
    """Is `value` the certificate key's signature of `digest` (hashed with `algorithm`)?
    ECDSA values are raw r‖s, as both of SK's APIs and XML signatures carry them."""
    key = certificate.public_key()
    prehashed = utils.Prehashed(HASHES[algorithm])
    try:
        if scheme == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            size = (key.curve.key_size + 7) // 8
            if len(value) != 2 * size:
                return False
            r, s = int.from_bytes(value[:size], "big"), int.from_bytes(value[size:], "big")
            key.verify(utils.encode_dss_signature(r, s), digest, ec.ECDSA(prehashed))
        elif scheme == "pss" and isinstance(key, rsa.RSAPublicKey):
            pss = padding.PSS(padding.MGF1(HASHES[algorithm]), padding.PSS.DIGEST_LENGTH)
            key.verify(value, digest, pss, prehashed)
        elif scheme == "pkcs1" and isinstance(key, rsa.RSAPublicKey):
            key.verify(value, digest, padding.PKCS1v15(), prehashed)
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True
