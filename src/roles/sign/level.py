"""The level of a signature from its certificate (ETSI EN 319 412-5 qcStatements and EN 319
411-2 policies): qualified electronic signature, qualified e-seal, or advanced."""

from __future__ import annotations

from cryptography import x509

from roles.sign import der
from roles.sign.names import ORGANIZATION_IDENTIFIER

_QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
_QC_COMPLIANCE = "0.4.0.1862.1.1"
_QC_SSCD = "0.4.0.1862.1.4"
_QC_TYPE = "0.4.0.1862.1.6"
_QC_TYPE_SIGN, _QC_TYPE_SEAL = "0.4.0.1862.1.6.1", "0.4.0.1862.1.6.2"
_QCP_N, _QCP_L = "0.4.0.194112.1.0", "0.4.0.194112.1.1"
_QCP_N_QSCD, _QCP_L_QSCD = "0.4.0.194112.1.2", "0.4.0.194112.1.3"

QUALIFIED_SIGNATURE = "qualified-signature"
QUALIFIED_SEAL = "qualified-seal"
ADVANCED_SIGNATURE = "advanced-signature"
ADVANCED_SEAL = "advanced-seal"

NAMES = {  # (Estonian, English)
    QUALIFIED_SIGNATURE: ("kvalifitseeritud e-allkiri", "qualified electronic signature"),
    QUALIFIED_SEAL: ("kvalifitseeritud e-tempel", "qualified electronic seal"),
    ADVANCED_SIGNATURE: ("täiustatud e-allkiri", "advanced electronic signature"),
    ADVANCED_SEAL: ("täiustatud e-tempel", "advanced electronic seal"),
}


def _statements(certificate: x509.Certificate) -> set[str]:
    try:
        raw = certificate.extensions.get_extension_for_oid(_QC_STATEMENTS).value
    except x509.ExtensionNotFound:
        return set()
    found: set[str] = set()
    try:
        for statement in der.read(raw.value).children():  # type: ignore[attr-defined]
            parts = statement.children()
            oid = der.oid(parts[0])
            found.add(oid)
            if oid == _QC_TYPE and len(parts) > 1:
                found.update(der.oid(t) for t in parts[1].children())
    except (der.DerError, IndexError, AttributeError, ValueError):
        return set()
    return found


def _policies(certificate: x509.Certificate) -> set[str]:
    try:
        value = certificate.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return set()
    return {p.policy_identifier.dotted_string for p in value}


def level(certificate: x509.Certificate) -> str:
    statements, policies = _statements(certificate), _policies(certificate)
    seal = (
        _QC_TYPE_SEAL in statements
        or bool(policies & {_QCP_L, _QCP_L_QSCD})
        or bool(certificate.subject.get_attributes_for_oid(ORGANIZATION_IDENTIFIER))
    )
    qualified = _QC_COMPLIANCE in statements and (
        _QC_SSCD in statements or bool(policies & {_QCP_N_QSCD, _QCP_L_QSCD})
    )
    if qualified:
        return QUALIFIED_SEAL if seal else QUALIFIED_SIGNATURE
    return ADVANCED_SEAL if seal else ADVANCED_SIGNATURE
