"""OCSP responder (RFC 6960) and timestamping service (RFC 3161) on 127.0.0.1, in a process
of their own: pydigidoc holds the interpreter lock while it waits for them.

Run as `python responders.py CONFIG.json`; prints the port, serves until killed.
POST /ocsp answers for every authority in the configuration (POST /ocsp-unaware the same,
but as if nothing had been revoked yet), POST /tsa stamps with `openssl ts -reply`.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp


class Authority:
    def __init__(self, spec: dict[str, object]) -> None:
        self.ca = x509.load_pem_x509_certificate(Path(str(spec["ca_cert"])).read_bytes())
        self.responder = x509.load_pem_x509_certificate(
            Path(str(spec["responder_cert"])).read_bytes()
        )
        self.key = serialization.load_pem_private_key(
            Path(str(spec["responder_key"])).read_bytes(), None
        )
        revoked = spec.get("revoked", {})
        assert isinstance(revoked, dict)
        self.revoked = {int(s): dt.datetime.fromisoformat(t) for s, t in revoked.items()}

    def key_hash(self, algorithm: hashes.HashAlgorithm) -> bytes:
        # RFC 6960 hashes the subjectPublicKey bits; for an EC key that is the encoded point.
        key = self.ca.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        digest = hashes.Hash(algorithm)
        digest.update(
            key.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )
        return digest.finalize()


def answer_ocsp(authorities: list[Authority], body: bytes, aware: bool = True) -> bytes:
    request = ocsp.load_der_ocsp_request(body)
    authority = next(
        (a for a in authorities if a.key_hash(request.hash_algorithm) == request.issuer_key_hash),
        None,
    )
    if authority is None:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED
        ).public_bytes(serialization.Encoding.DER)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    revoked_at = authority.revoked.get(request.serial_number) if aware else None
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=request.issuer_name_hash,
        issuer_key_hash=request.issuer_key_hash,
        serial_number=request.serial_number,
        algorithm=request.hash_algorithm,
        cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
        this_update=now,
        next_update=None,
        revocation_time=revoked_at,
        revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, authority.responder)
    builder = builder.certificates([authority.responder])
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    response = builder.sign(authority.key, hashes.SHA256())  # type: ignore[arg-type]
    return response.public_bytes(serialization.Encoding.DER)


TSA_CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {dir}/serial
crypto_device = builtin
signer_cert = {cert}
signer_key = {key}
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


class TimeStamper:
    def __init__(self, spec: dict[str, str]) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="tsa-"))
        (self.dir / "serial").write_text("01\n")
        self.config = self.dir / "tsa.cnf"
        self.config.write_text(TSA_CONFIG.format(dir=self.dir, cert=spec["cert"], key=spec["key"]))

    def answer(self, body: bytes) -> bytes:
        query = self.dir / "query.tsq"
        query.write_bytes(body)
        result = subprocess.run(
            ["openssl", "ts", "-reply", "-config", str(self.config), "-queryfile", str(query)],
            capture_output=True,
            check=True,
        )
        return result.stdout


def serve(config: dict[str, object]) -> None:
    authorities = [Authority(spec) for spec in config["authorities"]]  # type: ignore[attr-defined]
    stamper = TimeStamper(config["tsa"])  # type: ignore[arg-type]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path.startswith("/ocsp"):
                # /ocsp-unaware has not heard of any revocation: a responder before the fact.
                aware = not self.path.startswith("/ocsp-unaware")
                payload, kind = answer_ocsp(authorities, body, aware), "application/ocsp-response"
            elif self.path.startswith("/tsa"):
                payload, kind = stamper.answer(body), "application/timestamp-reply"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(json.loads(Path(sys.argv[1]).read_text()))
