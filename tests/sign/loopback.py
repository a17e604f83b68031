"""The session-wide test PKI, shared by every test folder that signs (tests/sign, tests/api):
a CA with OCSP responder and TSA on 127.0.0.1 (in a process of their own), Estonian
ID-card-like signers with EC P-256, EC P-384 and RSA 2048 keys, a revoked signer, an e-seal,
and a signer from a CA nobody trusts. libdigidocpp is configured once per process to trust the
test CA, OCSP responder and TSA, so there is one PKI per test process: `shared()` makes it on
first use and stops its responders when the test session ends.

Import it as the top-level module `loopback` (with tests/sign on sys.path, as the conftest
does), so every importer shares the one instance."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

sys.path.insert(0, str(Path(__file__).parent))

import pki

from roles import sign

HASHES = {"SHA-256": hashes.SHA256(), "SHA-384": hashes.SHA384(), "SHA-512": hashes.SHA512()}


@dataclass(frozen=True)
class LoopbackPKI:
    directory: Path
    trust_dir: Path
    ca: pki.Issued
    ocsp_url: str
    tsa_url: str
    eseal_p12: Path
    eseal: pki.Issued
    p256: pki.Issued
    p384: pki.Issued
    rsa2048: pki.Issued
    revoked: pki.Issued
    untrusted: pki.Issued


def web_eid_sign(signer: pki.Issued, digest: bytes, algorithm: str) -> bytes:
    """What the Web eID browser extension returns: raw r‖s for EC, PKCS#1 v1.5 for RSA."""
    prehashed = utils.Prehashed(HASHES[algorithm])
    if isinstance(signer.key, ec.EllipticCurvePrivateKey):
        r, s = utils.decode_dss_signature(signer.key.sign(digest, ec.ECDSA(prehashed)))
        size = (signer.key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    assert isinstance(signer.key, rsa.RSAPrivateKey)
    return signer.key.sign(digest, padding.PKCS1v15(), prehashed)


def _write(directory: Path, name: str, issued: pki.Issued) -> tuple[str, str]:
    (directory / f"{name}.pem").write_bytes(issued.pem())
    (directory / f"{name}.key").write_bytes(issued.key_pem())
    return str(directory / f"{name}.pem"), str(directory / f"{name}.key")


def _start_responders(
    directory: Path, config: dict[str, object]
) -> tuple[subprocess.Popen[str], int]:
    (directory / "responders.json").write_text(json.dumps(config))
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "responders.py"),
            str(directory / "responders.json"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def _stop(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait()
    if process.stdout:
        process.stdout.close()


def _make(directory: Path) -> tuple[LoopbackPKI, subprocess.Popen[str]]:
    ca, rogue = pki.make_ca("Roles Test CA"), pki.make_ca("Nobody Trusts Me CA")
    ocsp_cert = pki.make_service(ca, "Roles Test OCSP", pki.OCSP_SIGNING)
    rogue_ocsp = pki.make_service(rogue, "Rogue OCSP", pki.OCSP_SIGNING)
    tsa = pki.make_service(ca, "Roles Test TSA", pki.TIME_STAMPING)
    revoked_serial = x509.random_serial_number()
    revoked_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_pem, _ = _write(directory, "ca", ca)
    ocsp_pem, ocsp_key = _write(directory, "ocsp", ocsp_cert)
    rogue_pem, _ = _write(directory, "rogue-ca", rogue)
    rogue_ocsp_pem, rogue_ocsp_key = _write(directory, "rogue-ocsp", rogue_ocsp)
    tsa_pem, tsa_key = _write(directory, "tsa", tsa)
    process, port = _start_responders(
        directory,
        {
            "authorities": [
                {
                    "ca_cert": ca_pem,
                    "responder_cert": ocsp_pem,
                    "responder_key": ocsp_key,
                    "revoked": {str(revoked_serial): revoked_at.isoformat()},
                },
                {
                    "ca_cert": rogue_pem,
                    "responder_cert": rogue_ocsp_pem,
                    "responder_key": rogue_ocsp_key,
                },
            ],
            "tsa": {"cert": tsa_pem, "key": tsa_key},
        },
    )
    try:
        ocsp_url = f"http://127.0.0.1:{port}/ocsp"
        trust_dir = directory / "trust"
        trust_dir.mkdir()
        for issued, name in ((ca, "ca"), (ocsp_cert, "ocsp"), (tsa, "tsa")):
            (trust_dir / f"{name}.pem").write_bytes(issued.pem())
        eseal = pki.make_eseal(ca, "Võru Linnavalitsus", "75000012", ocsp_url)

        def person(
            key: pki.PrivateKey, serial: int | None = None, issuer: pki.Issued = ca
        ) -> pki.Issued:
            return pki.make_person(
                issuer, "JAAK-KRISTJAN", "JÕEORG", "38001085718", key, ocsp_url, serial
            )

        setup = LoopbackPKI(
            directory=directory,
            trust_dir=trust_dir,
            ca=ca,
            ocsp_url=ocsp_url,
            tsa_url=f"http://127.0.0.1:{port}/tsa",
            eseal_p12=eseal.write_p12(directory / "eseal.p12", [ca.cert]),
            eseal=eseal,
            p256=person(ec.generate_private_key(ec.SECP256R1())),
            p384=person(ec.generate_private_key(ec.SECP384R1())),
            rsa2048=person(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
            revoked=person(ec.generate_private_key(ec.SECP256R1()), revoked_serial),
            untrusted=person(ec.generate_private_key(ec.SECP256R1()), issuer=rogue),
        )
        sign.configure(trust_dir=trust_dir, tsa_url=setup.tsa_url)
        # The service and the CLI configure the engine from the environment: the same here.
        os.environ["ROLES_TRUST_DIR"] = str(trust_dir)
        os.environ["ROLES_TSA_URL"] = setup.tsa_url
    except BaseException:
        _stop(process)
        raise
    return setup, process


_shared: LoopbackPKI | None = None


def shared(tmp_path_factory: pytest.TempPathFactory, config: pytest.Config) -> LoopbackPKI:
    """This test process's PKI, made on first use; its responders stop with the session."""
    global _shared
    if _shared is None:
        setup, process = _make(tmp_path_factory.mktemp("pki"))
        config.add_cleanup(lambda: _stop(process))
        _shared = setup
    return _shared
