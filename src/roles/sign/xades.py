"""The service's own checks of XAdES signatures in an ASiC-E container, independent of
libdigidocpp: data-file digests, SignedProperties, the signature value, the signer's chain,
the OCSP confirmation (RFC 6960) and the signature timestamp (RFC 3161).

Each failed check adds a reason in plain words; a signature is valid when there are none.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509 import ocsp
from lxml import etree  # type: ignore[import-untyped]

from roles.sign import der
from roles.sign.container import Container
from roles.sign.trust import OCSP_SIGNING, TIME_STAMPING, TrustAnchors

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
XADES141 = "http://uri.etsi.org/01903/v1.4.1#"
NS = {"ds": DS, "xades": XADES, "xades141": XADES141}
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024  # a XAdES LTA signature is some 20–40 kB

_DIGESTS: dict[str, str] = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}
_SIGNATURE_METHODS: dict[str, tuple[str, hashes.HashAlgorithm]] = {
    f"http://www.w3.org/2001/04/xmldsig-more#{kind}-{name}": (kind, algorithm)
    for kind in ("ecdsa", "rsa")
    for name, algorithm in (
        ("sha256", hashes.SHA256()),
        ("sha384", hashes.SHA384()),
        ("sha512", hashes.SHA512()),
    )
}
# RSASSA-PSS (RFC 6931), which Smart-ID recommends; salt as long as the hash.
_SIGNATURE_METHODS.update(
    {
        f"http://www.w3.org/2007/05/xmldsig-more#{name}-rsa-MGF1": ("rsa-pss", algorithm)
        for name, algorithm in (
            ("sha256", hashes.SHA256()),
            ("sha384", hashes.SHA384()),
            ("sha512", hashes.SHA512()),
        )
    }
)
_DER_HASHES: dict[str, hashes.HashAlgorithm] = {
    "2.16.840.1.101.3.4.2.1": hashes.SHA256(),
    "2.16.840.1.101.3.4.2.2": hashes.SHA384(),
    "2.16.840.1.101.3.4.2.3": hashes.SHA512(),
}
_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"


class CheckFailed(Exception):
    """One check failed; the message is the reason shown to people."""


@dataclass
class Findings:
    signature_id: str
    certificate: x509.Certificate | None = None
    claimed_time: dt.datetime | None = None
    timestamp_time: dt.datetime | None = None
    profile: str = "XAdES-BASELINE-B"
    changed_files: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)  # data files its references sign
    roles: list[str] = field(default_factory=list)  # SignerRole(V2) claimed roles


def canonicalize(element: etree._Element, method: str) -> bytes:
    """Canonical XML of a subtree. C14N 1.1 is done as 1.0: they differ only for xml:id,
    xml:base and xml:space attributes, which XAdES signatures here do not carry."""
    exclusive = method.startswith("http://www.w3.org/2001/10/xml-exc-c14n#")
    with_comments = method.endswith("#WithComments")
    canonical: bytes = etree.tostring(
        element, method="c14n", exclusive=exclusive, with_comments=with_comments
    )
    return canonical


def _digest(method: str, data: bytes) -> bytes:
    name = _DIGESTS.get(method)
    if name is None:
        raise CheckFailed(f"unsupported digest method {method}")
    return hashlib.new(name, data).digest()


def _b64(element: etree._Element | None) -> bytes:
    if element is None or not element.text:
        what = etree.QName(element).localname if element is not None else "value"
        raise CheckFailed(f"missing {what}")
    try:
        return base64.b64decode("".join(element.text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise CheckFailed("malformed base64 value") from error


def _c14n_method(parent: etree._Element) -> str:
    method = parent.find("ds:CanonicalizationMethod", NS)
    return (
        method.get("Algorithm", "")
        if method is not None
        else ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
    )


def _verify(
    key: object,
    signature: bytes,
    data: bytes,
    algorithm: hashes.HashAlgorithm,
    raw_ecdsa: bool,
    pss: bool = False,
) -> None:
    if isinstance(key, ec.EllipticCurvePublicKey):
        if raw_ecdsa:  # XML-DSig writes r‖s; cryptography wants DER
            half = len(signature) // 2
            signature = utils.encode_dss_signature(
                int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
            )
        key.verify(signature, data, ec.ECDSA(algorithm))
    elif isinstance(key, rsa.RSAPublicKey) and pss:
        salted = padding.PSS(padding.MGF1(algorithm), padding.PSS.DIGEST_LENGTH)
        key.verify(signature, data, salted, algorithm)
    elif isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), algorithm)
    else:
        raise CheckFailed("unsupported key type")


def _check_references(
    signed_info: etree._Element,
    signature: etree._Element,
    container: Container,
    findings: Findings,
) -> None:
    covered: set[str] = set()
    signed_properties_seen = False
    for reference in signed_info.findall("ds:Reference", NS):
        uri = reference.get("URI", "")
        method = reference.find("ds:DigestMethod", NS)
        expected = _b64(reference.find("ds:DigestValue", NS))
        algorithm = method.get("Algorithm", "") if method is not None else ""
        if uri.startswith("#"):
            # The id is a value, never XPath text: a quote in it must not change the query.
            target = signature.xpath(".//*[@Id=$id]", id=uri[1:])
            if not target:
                raise CheckFailed(f"reference {uri} points nowhere")
            transform = reference.find("ds:Transforms/ds:Transform", NS)
            c14n = (
                transform.get("Algorithm", "")
                if transform is not None
                else ("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
            )
            if _digest(algorithm, canonicalize(target[0], c14n)) != expected:
                findings.reasons.append("the signed properties have been changed")
            signed_properties_seen = True
            continue
        name = unquote(uri)
        data_file = container.data_file(name)
        if data_file is None:
            findings.reasons.append(f"signed data file '{name}' is missing from the container")
            continue
        covered.add(name)
        findings.covers.append(name)
        if _digest(algorithm, data_file.content) != expected:
            findings.changed_files.append(name)
            findings.reasons.append(f"data file '{name}' has been changed after signing")
    for data_file in container.data_files:
        if data_file.name not in covered:
            findings.reasons.append(f"data file '{data_file.name}' is not covered by the signature")
    if not signed_properties_seen:
        findings.reasons.append("the signature does not sign its signed properties")


def _check_signing_certificate(signature: etree._Element, certificate: x509.Certificate) -> None:
    der_bytes = certificate.public_bytes(serialization.Encoding.DER)
    properties = (
        "ds:Object/xades:QualifyingProperties/xades:SignedProperties/"
        "xades:SignedSignatureProperties/"
    )
    certs = signature.findall(properties + "xades:SigningCertificateV2/xades:Cert", NS)
    for cert in certs + signature.findall(properties + "xades:SigningCertificate/xades:Cert", NS):
        method = cert.find("xades:CertDigest/ds:DigestMethod", NS)
        value = _b64(cert.find("xades:CertDigest/ds:DigestValue", NS))
        if method is not None and _digest(method.get("Algorithm", ""), der_bytes) == value:
            return
    raise CheckFailed("the signed properties do not name the signer's certificate")


def _check_ocsp(
    response_der: bytes,
    certificate: x509.Certificate,
    trust: TrustAnchors,
    findings: Findings,
) -> None:
    try:
        response = ocsp.load_der_ocsp_response(response_der)
    except ValueError as error:
        raise CheckFailed("the OCSP response cannot be read") from error
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise CheckFailed(f"the OCSP responder answered {response.response_status.name}")
    single = next(
        (r for r in response.responses if r.serial_number == certificate.serial_number), None
    )
    if single is None:
        raise CheckFailed("the OCSP response is about another certificate")
    issuer_hash = hashes.Hash(single.hash_algorithm)
    issuer_hash.update(certificate.issuer.public_bytes())
    if issuer_hash.finalize() != single.issuer_name_hash:
        raise CheckFailed("the OCSP response is about another certificate")
    responder = next(
        (c for c in response.certificates if _is_responder(c, response)),
        next((c for c in trust.certificates if _is_responder(c, response)), None),
    )
    if responder is None:
        raise CheckFailed("the OCSP responder's certificate is missing")
    try:
        algorithm = response.signature_hash_algorithm
        if algorithm is None:
            raise CheckFailed("unsupported OCSP signature algorithm")
        _verify(
            responder.public_key(),
            response.signature,
            response.tbs_response_bytes,
            algorithm,
            raw_ecdsa=False,
        )
    except InvalidSignature as error:
        raise CheckFailed("the OCSP response's signature does not verify") from error
    problem = trust.service_problem(responder, OCSP_SIGNING, "OCSP responder")
    if problem:
        raise CheckFailed(problem)
    if single.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        when = single.revocation_time_utc
        reason = single.revocation_reason.value if single.revocation_reason else "unspecified"
        raise CheckFailed(
            f"the signer's certificate is revoked (since {when:%Y-%m-%d %H:%M} UTC, "
            f"reason: {reason})"
        )
    if single.certificate_status != ocsp.OCSPCertStatus.GOOD:
        raise CheckFailed("the signer's certificate is unknown to the OCSP responder")
    stamped = findings.timestamp_time
    if stamped and response.produced_at_utc < stamped - dt.timedelta(minutes=15):
        raise CheckFailed("the OCSP confirmation was made before the signature was timestamped")


def _is_responder(certificate: x509.Certificate, response: ocsp.OCSPResponse) -> bool:
    if response.responder_name is not None:
        return certificate.subject == response.responder_name
    key_hash = x509.SubjectKeyIdentifier.from_public_key(certificate.public_key()).digest
    return key_hash == response.responder_key_hash


def _check_timestamp(token: bytes, imprint_data: bytes, trust: TrustAnchors) -> dt.datetime:
    """Checks an RFC 3161 token over the signature value; returns its time."""
    try:
        signed_data = der.read(token).child(1).child(0)
        parts = signed_data.children()
        content = parts[2].child(1).child(0).content  # encapContentInfo [0] OCTET STRING
        tst_info = der.read(content).children()
        imprint = tst_info[2].children()
        imprint_hash = _DER_HASHES.get(der.oid(imprint[0].child(0)))
        gen_time = der.generalized_time(tst_info[4])
        certificates = [
            x509.load_der_x509_certificate(n.raw)
            for p in parts
            if p.tag == 0xA0
            for n in p.children()
        ]
        signer_info = parts[-1].child(0).children()
        serial = der.integer(signer_info[1].child(1)) if signer_info[1].tag == 0x30 else None
        digest_algorithm = _DER_HASHES.get(der.oid(signer_info[2].child(0)))
        signed_attributes = signer_info[3]
        signature = signer_info[5].content
    except (der.DerError, IndexError, ValueError) as error:
        raise CheckFailed("the timestamp cannot be read") from error
    if imprint_hash is None or digest_algorithm is None or signed_attributes.tag != 0xA0:
        raise CheckFailed("the timestamp uses an unsupported algorithm")
    expected = hashes.Hash(imprint_hash)
    expected.update(imprint_data)
    if expected.finalize() != imprint[1].content:
        raise CheckFailed("the timestamp does not cover this signature's value")
    attributes = {
        der.oid(a.child(0)): a.child(1).child(0).content for a in signed_attributes.children()
    }
    content_digest = hashes.Hash(digest_algorithm)
    content_digest.update(content)
    if attributes.get(_MESSAGE_DIGEST) != content_digest.finalize():
        raise CheckFailed("the timestamp's content has been changed")
    candidates = certificates + [c for c in trust.certificates if c not in certificates]
    tsa = next((c for c in candidates if serial is None or c.serial_number == serial), None)
    if tsa is None:
        raise CheckFailed("the timestamping authority's certificate is missing")
    try:  # CMS signs the attributes as a SET, not as the [0] they are stored under
        _verify(
            tsa.public_key(),
            signature,
            b"\x31" + signed_attributes.raw[1:],
            digest_algorithm,
            raw_ecdsa=False,
        )
    except InvalidSignature as error:
        raise CheckFailed("the timestamp's signature does not verify") from error
    problem = trust.service_problem(tsa, TIME_STAMPING, "timestamping authority")
    if problem:
        raise CheckFailed(problem)
    return gen_time


def check_signature(
    signature: etree._Element, container: Container, trust: TrustAnchors
) -> Findings:
    findings = Findings(signature.get("Id", "?"))
    signed_info = signature.find("ds:SignedInfo", NS)
    value_element = signature.find("ds:SignatureValue", NS)
    cert_element = signature.find("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    if signed_info is None or value_element is None or cert_element is None:
        findings.reasons.append("the signature is incomplete")
        return findings
    try:
        certificate = x509.load_der_x509_certificate(_b64(cert_element))
    except (CheckFailed, ValueError):
        findings.reasons.append("the signer's certificate cannot be read")
        return findings
    findings.certificate = certificate
    signed_props = "ds:Object/xades:QualifyingProperties/xades:SignedProperties/"
    signing_time = signature.findtext(
        signed_props + "xades:SignedSignatureProperties/xades:SigningTime", namespaces=NS
    )
    if signing_time:
        try:
            claimed = dt.datetime.fromisoformat(signing_time.strip().replace("Z", "+00:00"))
            findings.claimed_time = claimed if claimed.tzinfo else claimed.replace(tzinfo=dt.UTC)
        except ValueError:
            findings.reasons.append("malformed signing time")
    for path in ("xades:SignerRole", "xades:SignerRoleV2"):
        findings.roles.extend(
            (role.text or "").strip()
            for role in signature.iterfind(
                signed_props + f"xades:SignedSignatureProperties/{path}/"
                "xades:ClaimedRoles/xades:ClaimedRole",
                NS,
            )
        )

    try:
        _check_references(signed_info, signature, container, findings)
    except CheckFailed as failure:
        findings.reasons.append(str(failure))
    try:
        _check_signing_certificate(signature, certificate)
    except CheckFailed as failure:
        findings.reasons.append(str(failure))
    method = signed_info.find("ds:SignatureMethod", NS)
    method_uri = method.get("Algorithm", "") if method is not None else ""
    kind_algorithm = _SIGNATURE_METHODS.get(method_uri)
    try:
        if kind_algorithm is None:
            raise CheckFailed("unsupported signature method")
        _verify(
            certificate.public_key(),
            _b64(value_element),
            canonicalize(signed_info, _c14n_method(signed_info)),
            kind_algorithm[1],
            raw_ecdsa=True,
            pss=kind_algorithm[0] == "rsa-pss",
        )
    except InvalidSignature:
        findings.reasons.append("the signature value does not match the signed content")
    except CheckFailed as failure:
        findings.reasons.append(str(failure))

    unsigned = (
        "ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/"
        "xades:UnsignedSignatureProperties/"
    )
    stamp = signature.find(unsigned + "xades:SignatureTimeStamp", NS)
    if stamp is None:
        findings.reasons.append("the signature has no timestamp")
    else:
        imprint = canonicalize(value_element, _c14n_method(stamp))
        try:
            token = _b64(stamp.find("xades:EncapsulatedTimeStamp", NS))
            findings.timestamp_time = _check_timestamp(token, imprint, trust)
            findings.profile = "XAdES-BASELINE-T"
        except CheckFailed as failure:
            findings.reasons.append(str(failure))
    moment = findings.timestamp_time or findings.claimed_time or dt.datetime.now(dt.UTC)
    problem = trust.signer_problem(certificate, moment)
    if problem:
        findings.reasons.append(problem)

    responses = signature.findall(
        unsigned + "xades:RevocationValues/xades:OCSPValues/xades:EncapsulatedOCSPValue", NS
    )
    if not responses:
        findings.reasons.append("the signature has no OCSP confirmation")
    else:
        try:
            _check_ocsp(_b64(responses[0]), certificate, trust, findings)
            if findings.timestamp_time:
                findings.profile = "XAdES-BASELINE-LT"
                # The archive timestamp's imprint is left to libdigidocpp, which checks it.
                if signature.find(unsigned + "xades141:ArchiveTimeStamp", NS) is not None:
                    findings.profile = "XAdES-BASELINE-LTA"
        except CheckFailed as failure:
            findings.reasons.append(str(failure))
    return findings


def check_signature_document(
    document: bytes, container: Container, trust: TrustAnchors
) -> list[Findings]:
    """Every signature in one signature file. Hostile input gets a reason, never an exception:
    no DTD (so no entities, no external references), a bounded size, and any failure of a
    check on a malformed signature is that signature's reason."""
    if len(document) > MAX_SIGNATURE_BYTES:
        return [Findings("?", reasons=["the signature file is too large"])]
    if b"<!DOCTYPE" in document or b"<!ENTITY" in document:
        return [Findings("?", reasons=["the signature file declares a DTD, which is not allowed"])]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(document, parser=parser)
    except etree.XMLSyntaxError:
        return [Findings("?", reasons=["the signature file is not well-formed XML"])]
    if root.getroottree().docinfo.internalDTD is not None:
        return [Findings("?", reasons=["the signature file declares a DTD, which is not allowed"])]
    signatures = root.findall("ds:Signature", NS)
    if not signatures:
        return [Findings("?", reasons=["the signature file holds no signature"])]
    return [_checked(signature, container, trust) for signature in signatures]


def _checked(signature: etree._Element, container: Container, trust: TrustAnchors) -> Findings:
    try:
        return check_signature(signature, container, trust)
    except Exception as error:  # a malformed signature is answered with a reason, not a 500
        return Findings(
            str(signature.get("Id", "?")),
            reasons=[f"malformed signature ({type(error).__name__})"],
        )
