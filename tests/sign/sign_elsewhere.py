"""Signs in a process of its own, with a trust configuration of its own: libdigidocpp's trust
store is per process, and a signer from an untrusted CA can only sign where that CA is trusted.

python sign_elsewhere.py TRUST_DIR TSA_URL CONTAINER CERT.pem KEY.pem OUT [ISSUER_CN OCSP_URL]
"""

import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

sys.path.insert(0, str(Path(__file__).parent))

import pki

from conftest import web_eid_sign
from roles import sign

if __name__ == "__main__":
    trust_dir, tsa_url, container, cert, key, out = sys.argv[1:7]
    ocsp_urls = dict([sys.argv[7:9]]) if len(sys.argv) > 8 else None
    sign.configure(trust_dir=Path(trust_dir), tsa_url=tsa_url, ocsp_urls=ocsp_urls)
    signer = pki.Issued(
        serialization.load_pem_private_key(Path(key).read_bytes(), None),  # type: ignore[arg-type]
        x509.load_pem_x509_certificate(Path(cert).read_bytes()),
    )
    pending, digest, algorithm = sign.begin(Path(container).read_bytes(), signer.der)
    Path(out).write_bytes(sign.finish(pending, web_eid_sign(signer, digest, algorithm)))
