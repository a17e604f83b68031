"""The signatures in a container as XML says them: each signature's value (what identifies a
signature whatever the file holding it is called) and the name of its signer. libdigidocpp
reports validity; this is what tells two containers' signatures apart."""

import base64
import binascii
from contextlib import suppress

from cryptography import x509
from lxml import etree  # type: ignore[import-untyped]

from roles import sign
from roles.sign.names import signer_name

_DS = "http://www.w3.org/2000/09/xmldsig#"


def signatures_of(container: bytes) -> dict[str, str]:
    """SignatureValue (whitespace removed) → the signer's name, for every signature."""
    out: dict[str, str] = {}
    for document in sign.read_container(container).signatures.values():
        try:
            root = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            continue
        for signature in root.iter(f"{{{_DS}}}Signature"):
            value = signature.find(f"{{{_DS}}}SignatureValue")
            if value is None:
                continue
            signer = "?"
            der = signature.find(f".//{{{_DS}}}X509Certificate")
            if der is not None:
                with suppress(ValueError, binascii.Error):
                    certificate = base64.b64decode(der.text or "")
                    signer = signer_name(x509.load_der_x509_certificate(certificate))
            out["".join((value.text or "").split())] = signer
    return out
