"""Who signed: name and personal code from a certificate subject, as Estonian ID cards and
e-seal certificates write them."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.x509.oid import NameOID

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
# ETSI EN 319 412-1 semantics identifier: PNO + country + '-' + code; older cards: the bare code.
_PERSONAL = re.compile(r"(?:PNO[A-Z]{2}-)?(\d{11})")


def _first(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def personal_code(certificate: x509.Certificate) -> str | None:
    serial = _first(certificate.subject, NameOID.SERIAL_NUMBER)
    match = _PERSONAL.fullmatch(serial or "")
    return match.group(1) if match else None


def signer_name(certificate: x509.Certificate) -> str:
    """'GIVEN SURNAME' for a person, the organisation's name for an e-seal."""
    subject = certificate.subject
    given, surname = _first(subject, NameOID.GIVEN_NAME), _first(subject, NameOID.SURNAME)
    if given and surname:
        return f"{given} {surname}"
    common = _first(subject, NameOID.COMMON_NAME) or subject.rfc4514_string()
    parts = common.split(",")
    if len(parts) == 3 and _PERSONAL.fullmatch(parts[2]):  # "SURNAME,GIVEN,CODE"
        return f"{parts[1]} {parts[0]}"
    return common


_REGISTRY = re.compile(r"NTR[A-Z]{2}-(\w+)")


def registry_code(certificate: x509.Certificate) -> str | None:
    """An e-seal's legal-person registry code (organizationIdentifier NTREE-…)."""
    match = _REGISTRY.fullmatch(_first(certificate.subject, ORGANIZATION_IDENTIFIER) or "")
    return match.group(1) if match else None
