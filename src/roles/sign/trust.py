"""Trust anchors for the service's own checks: the same certificates libdigidocpp is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtendedKeyUsageOID

from roles.sign.trustlist import SERVICE_CA, load_certificates, service_type


def _has_usage(certificate: x509.Certificate, usage: x509.ObjectIdentifier) -> bool:
    try:
        usages = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage in usages


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _valid_at(certificate: x509.Certificate, moment: dt.datetime) -> bool:
    return certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc


@dataclass(frozen=True)
class TrustAnchors:
    certificates: tuple[x509.Certificate, ...]

    @classmethod
    def from_directory(cls, trust_dir: Path) -> TrustAnchors:
        return cls(tuple(load_certificates(trust_dir)))

    @property
    def authorities(self) -> list[x509.Certificate]:
        return [c for c in self.certificates if service_type(c) == SERVICE_CA]

    def issuer_of(self, certificate: x509.Certificate) -> x509.Certificate | None:
        return next((ca for ca in self.authorities if _issued_by(certificate, ca)), None)

    def signer_problem(self, certificate: x509.Certificate, moment: dt.datetime) -> str | None:
        """Why the signer's certificate cannot be trusted at a moment, or None."""
        issuer = self.issuer_of(certificate)
        if issuer is None:
            return "the signer's certificate is not issued by a trusted authority (untrusted chain)"
        if not _valid_at(certificate, moment):
            return "the signer's certificate was not valid at the time of signing"
        if not _valid_at(issuer, moment):
            return "the signer's certificate authority was not valid at the time of signing"
        return None

    def service_problem(
        self, certificate: x509.Certificate, usage: x509.ObjectIdentifier, what: str
    ) -> str | None:
        """Why an OCSP responder's or TSA's certificate cannot be trusted, or None.

        Trusted are the certificates in the list themselves, and certificates a trusted
        authority issued for that very purpose (extended key usage)."""
        if certificate in self.certificates:
            return None
        if _has_usage(certificate, usage) and self.issuer_of(certificate) is not None:
            return None
        return f"the {what} certificate is not trusted"


OCSP_SIGNING = ExtendedKeyUsageOID.OCSP_SIGNING
TIME_STAMPING = ExtendedKeyUsageOID.TIME_STAMPING
