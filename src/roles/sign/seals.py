"""E-seals: one per agency or municipality, each a PKCS#12 file and its password in a secrets
directory. Sealing takes the seal explicitly; nothing here picks a seal for a document but its
owner's id, so a document is never sealed with another's seal."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from roles.sign.errors import SigningError
from roles.sign.names import registry_code, signer_name

QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
_OWNER = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


class SealError(SigningError):
    """A seal cannot be used: unreadable, wrong password, or a certificate that would make
    an invalid signature."""


@dataclass(frozen=True)
class Seal:
    owner: str  # the agency or municipality id it belongs to
    p12: bytes = field(repr=False)
    password: str = field(repr=False)
    certificate: x509.Certificate = field(compare=False)

    @classmethod
    def from_p12(cls, p12: bytes | Path, password: str, owner: str = "") -> Seal:
        data = p12.read_bytes() if isinstance(p12, Path) else p12
        where = str(p12) if isinstance(p12, Path) else f"the seal of {owner or '?'}"
        try:
            key, certificate, _ = pkcs12.load_key_and_certificates(data, password.encode())
        except ValueError:
            raise SealError(f"{where}: not a PKCS#12 file, or the password is wrong") from None
        if key is None or certificate is None:
            raise SealError(f"{where}: holds no key and certificate")
        return cls(owner, data, password, certificate)

    @property
    def organisation(self) -> str:
        return signer_name(self.certificate)

    @property
    def registry_code(self) -> str | None:
        return registry_code(self.certificate)


def certificate_problems(certificate: x509.Certificate, now: dt.datetime) -> list[str]:
    """Why signatures made with this seal certificate would not be valid ones; empty if none."""
    problems = []
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        problems.append("the seal certificate is not valid now (expired or not yet valid)")
    try:
        certificate.extensions.get_extension_for_oid(QC_STATEMENTS)
    except x509.ExtensionNotFound:
        problems.append(
            "the seal certificate has no qcStatements: it is not a qualified e-seal and "
            "libdigidocpp would call its signatures invalid"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        if not usage.content_commitment:
            problems.append("the seal certificate is not for signing (no nonRepudiation)")
    except x509.ExtensionNotFound:
        problems.append("the seal certificate has no key usage")
    return problems


def load_seals(secrets_dir: Path) -> dict[str, Seal]:
    """Every seal in a secrets directory: `<owner>.p12` with its password in
    `<owner>.password` (one line), `<owner>` an agency's or municipality's id. Raises
    SealError naming the file for one that cannot be read."""
    seals: dict[str, Seal] = {}
    for path in sorted(secrets_dir.glob("*.p12")):
        owner = path.stem
        if not _OWNER.fullmatch(owner):
            raise SealError(f"{path}: the file name must be an agency or municipality id")
        secret = path.with_suffix(".password")
        if not secret.is_file():
            raise SealError(f"{path}: its password file {secret.name} is missing")
        password = secret.read_text(encoding="utf-8").rstrip("\r\n")
        seals[owner] = Seal.from_p12(path, password, owner)
    return seals


def seal_for(seals: dict[str, Seal], *owners: str) -> Seal | None:
    """The seal of the first owner (most specific first: agency, then municipality) that has
    one; None when none of them has its own."""
    return next((seals[o] for o in owners if o in seals), None)
