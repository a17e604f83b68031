"""A trust list (ETSI TS 119 612) made from PEM certificates, so libdigidocpp trusts exactly the
certificates in ROLES_TRUST_DIR instead of the EU list of trusted lists it fetches by default.

libdigidocpp only reads signed lists; the list is signed with a key made for the occasion and
that key's certificate is the one libdigidocpp is told to accept.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from lxml import etree  # type: ignore[import-untyped]

TSL_NS = "http://uri.etsi.org/02231/v2#"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
XML_NS = "http://www.w3.org/XML/1998/namespace"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"

SERVICE_CA = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
SERVICE_OCSP = "http://uri.etsi.org/TrstSvc/Svctype/Certstatus/OCSP/QC"
SERVICE_TSA = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
STATUS_GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
GENERIC_LIST = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric"


def load_certificates(trust_dir: Path) -> list[x509.Certificate]:
    """Every certificate in the PEM files (*.pem, *.crt) of a directory."""
    certificates: list[x509.Certificate] = []
    for path in sorted(trust_dir.iterdir()):
        if path.suffix.lower() in {".pem", ".crt", ".cer"}:
            certificates.extend(x509.load_pem_x509_certificates(path.read_bytes()))
    return certificates


def service_type(certificate: x509.Certificate) -> str:
    """The trust-list service a certificate stands for: a CA, an OCSP responder or a TSA."""
    try:
        usages = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        usages = x509.ExtendedKeyUsage([])
    if ExtendedKeyUsageOID.TIME_STAMPING in usages:
        return SERVICE_TSA
    if ExtendedKeyUsageOID.OCSP_SIGNING in usages:
        return SERVICE_OCSP
    return SERVICE_CA


def _element(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{TSL_NS}}}{tag}")
    if text is not None:
        child.text = text
    return child


def _named(parent: etree._Element, tag: str, name: str) -> None:
    _element(_element(parent, tag), "Name", name).set(f"{{{XML_NS}}}lang", "en")


def _common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def build(certificates: list[x509.Certificate], now: dt.datetime) -> etree._Element:
    root = etree.Element(f"{{{TSL_NS}}}TrustServiceStatusList", nsmap={None: TSL_NS})
    root.set("Id", "TrustServiceStatusList")
    scheme = _element(root, "SchemeInformation")
    _element(scheme, "TSLVersionIdentifier", "5")
    _element(scheme, "TSLSequenceNumber", "1")
    _element(scheme, "TSLType", GENERIC_LIST)
    _named(scheme, "SchemeOperatorName", "roles")
    _element(scheme, "SchemeTerritory", "EE")
    _element(scheme, "ListIssueDateTime", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    next_update = now + dt.timedelta(days=3650)
    _element(_element(scheme, "NextUpdate"), "dateTime", next_update.strftime("%Y-%m-%dT%H:%M:%SZ"))
    provider = _element(_element(root, "TrustServiceProviderList"), "TrustServiceProvider")
    _named(_element(provider, "TSPInformation"), "TSPName", "roles trust directory")
    services = _element(provider, "TSPServices")
    for certificate in certificates:
        info = _element(_element(services, "TSPService"), "ServiceInformation")
        _element(info, "ServiceTypeIdentifier", service_type(certificate))
        _named(info, "ServiceName", _common_name(certificate))
        der = certificate.public_bytes(serialization.Encoding.DER)
        digital_id = _element(_element(info, "ServiceDigitalIdentity"), "DigitalId")
        _element(digital_id, "X509Certificate", base64.b64encode(der).decode())
        _element(info, "ServiceStatus", STATUS_GRANTED)
        _element(info, "StatusStartingTime", "2000-01-01T00:00:00Z")
    return root


def _ds(parent: etree._Element, tag: str, algorithm: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{DS_NS}}}{tag}", nsmap={"ds": DS_NS})
    if algorithm:
        child.set("Algorithm", algorithm)
    return child


def sign_enveloped(root: etree._Element, key: rsa.RSAPrivateKey, cert_der: bytes) -> None:
    """An enveloped XML-DSig signature over the whole document, as xmlsec verifies it."""
    digest = hashlib.sha256(etree.tostring(root, method="c14n", exclusive=True)).digest()
    signature = _ds(root, "Signature")
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", EXC_C14N)
    _ds(signed_info, "SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    reference = _ds(signed_info, "Reference")
    reference.set("URI", "")
    transforms = _ds(reference, "Transforms")
    _ds(transforms, "Transform", f"{DS_NS}enveloped-signature")
    _ds(transforms, "Transform", EXC_C14N)
    _ds(reference, "DigestMethod", "http://www.w3.org/2001/04/xmlenc#sha256")
    _ds(reference, "DigestValue").text = base64.b64encode(digest).decode()
    canonical = etree.tostring(signed_info, method="c14n", exclusive=True)
    value = key.sign(canonical, padding.PKCS1v15(), hashes.SHA256())
    _ds(signature, "SignatureValue").text = base64.b64encode(value).decode()
    x509_data = _ds(_ds(signature, "KeyInfo"), "X509Data")
    _ds(x509_data, "X509Certificate").text = base64.b64encode(cert_der).decode()


def _list_signer(now: dt.datetime) -> tuple[rsa.RSAPrivateKey, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "roles trust list")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.DER)


def write_trust_list(certificates: list[x509.Certificate], path: Path) -> bytes:
    """Writes a signed trust list naming the certificates; returns the list signer's DER."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    key, cert_der = _list_signer(now)
    root = build(certificates, now)
    sign_enveloped(root, key, cert_der)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return cert_der
