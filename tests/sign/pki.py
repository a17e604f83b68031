"""A throw-away PKI made at test time: CA, signers as Estonian ID cards have them, OCSP, TSA.

Everything here lives in a temporary directory; nothing is committed. The benchmark imports it
too, so it has no pytest dependency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
P12_PASSWORD = "test-only"

# qcStatements with QcCompliance and QcSSCD, as on Estonian ID cards: libdigidocpp requires a
# qualified certificate on a secure device (or an e-seal) before it calls a signature valid.
_QC_STATEMENTS_DER = bytes.fromhex("30143008060604008e4601013008060604008e460104")
_QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
# QcCompliance, QcSSCD and QcType e-seal, as on SK's qualified e-seal certificates.
_QC_STATEMENTS_SEAL_DER = bytes.fromhex(
    "30293008060604008e4601013008060604008e4601043013060604008e4601063009060704008e46010602"
)
_QCP_NATURAL_QSCD = x509.ObjectIdentifier("0.4.0.194112.1.2")
_QCP_LEGAL = x509.ObjectIdentifier("0.4.0.194112.1.1")  # e-seal of a legal person


@dataclass(frozen=True)
class Issued:
    key: PrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def write_p12(self, path: Path, chain: list[x509.Certificate]) -> Path:
        data = pkcs12.serialize_key_and_certificates(
            b"seal",
            self.key,
            self.cert,
            chain,
            serialization.BestAvailableEncryption(P12_PASSWORD.encode()),
        )
        path.write_bytes(data)
        return path


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _name(*parts: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in parts])


def _digest_for(key: PrivateKey) -> hashes.HashAlgorithm:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size > 256:
        return hashes.SHA384()
    return hashes.SHA256()


def make_ca(common_name: str) -> Issued:
    key = ec.generate_private_key(ec.SECP384R1())
    name = _name(
        (NameOID.COUNTRY_NAME, "EE"),
        (NameOID.ORGANIZATION_NAME, "Roles Test"),
        (NameOID.COMMON_NAME, common_name),
    )
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(days=1))
        .not_valid_after(_now() + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA384())
    )
    return Issued(key, cert)


def _issue(
    ca: Issued,
    subject: x509.Name,
    key: PrivateKey,
    extensions: list[tuple[x509.ExtensionType, bool]],
    serial: int | None = None,
) -> Issued:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(hours=1))
        .not_valid_after(_now() + dt.timedelta(days=365))
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return Issued(key, builder.sign(ca.key, hashes.SHA384()))


def _ocsp_aia(ocsp_url: str) -> x509.AuthorityInformationAccess:
    return x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                x509.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
            )
        ]
    )


_SIGNING_USAGE = x509.KeyUsage(False, True, False, False, False, False, False, False, False)


def make_person(
    ca: Issued,
    given: str,
    surname: str,
    code: str,
    key: PrivateKey,
    ocsp_url: str,
    serial: int | None = None,
) -> Issued:
    """A signing certificate with the subject an Estonian ID card carries."""
    subject = _name(
        (NameOID.COUNTRY_NAME, "EE"),
        (NameOID.COMMON_NAME, f"{surname},{given},{code}"),
        (NameOID.SURNAME, surname),
        (NameOID.GIVEN_NAME, given),
        (NameOID.SERIAL_NUMBER, f"PNOEE-{code}"),
    )
    return _issue(
        ca,
        subject,
        key,
        [
            (_SIGNING_USAGE, True),
            (x509.CertificatePolicies([x509.PolicyInformation(_QCP_NATURAL_QSCD, None)]), False),
            (x509.UnrecognizedExtension(_QC_STATEMENTS_OID, _QC_STATEMENTS_DER), False),
            (_ocsp_aia(ocsp_url), False),
        ],
        serial,
    )


def make_eseal(
    ca: Issued, organisation: str, registry_code: str, ocsp_url: str, *, qualified: bool = True
) -> Issued:
    """An e-seal certificate; `qualified=False` leaves its qcStatements out."""
    statements = (
        [(x509.UnrecognizedExtension(_QC_STATEMENTS_OID, _QC_STATEMENTS_SEAL_DER), False)]
        if qualified
        else []
    )
    subject = _name(
        (NameOID.COUNTRY_NAME, "EE"),
        (NameOID.ORGANIZATION_NAME, organisation),
        (NameOID.COMMON_NAME, organisation),
        (x509.ObjectIdentifier("2.5.4.97"), f"NTREE-{registry_code}"),
    )
    return _issue(
        ca,
        subject,
        ec.generate_private_key(ec.SECP256R1()),
        [
            (_SIGNING_USAGE, True),
            (x509.CertificatePolicies([x509.PolicyInformation(_QCP_LEGAL, None)]), False),
            *statements,
            (_ocsp_aia(ocsp_url), False),
        ],
    )


def make_service(ca: Issued, common_name: str, usage: x509.ObjectIdentifier) -> Issued:
    """An OCSP responder or timestamping certificate (critical extended key usage)."""
    subject = _name((NameOID.COUNTRY_NAME, "EE"), (NameOID.COMMON_NAME, common_name))
    return _issue(
        ca,
        subject,
        ec.generate_private_key(ec.SECP256R1()),
        [
            (x509.KeyUsage(True, True, False, False, False, False, False, False, False), True),
            (x509.ExtendedKeyUsage([usage]), True),
        ],
    )


OCSP_SIGNING = ExtendedKeyUsageOID.OCSP_SIGNING
TIME_STAMPING = ExtendedKeyUsageOID.TIME_STAMPING
