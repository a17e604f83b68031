"""E-seal signatures and verifications per second on one core, against a loopback PKI.

Run alone: `.venv/bin/python benchmarks/sign_bench.py [SECONDS]`. It makes the test PKI of
tests/sign (CA, OCSP responder and TSA in a process of their own) and measures the service's
side: an e-seal includes one OCSP and one timestamp round trip over 127.0.0.1; a verification
includes the service's own checks and libdigidocpp's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "sign")]

import pki  # noqa: E402

from conftest import _start_responders, _write  # noqa: E402
from roles import sign  # noqa: E402


def _rate(label: str, seconds: float, action: object) -> None:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        action()  # type: ignore[operator]
        count += 1
    elapsed = time.perf_counter() - start
    print(f"{label}: {count / elapsed:8.1f}/s  ({count} in {elapsed:.1f} s)")


def main(seconds: float) -> None:
    directory = Path(tempfile.mkdtemp(prefix="sign-bench-"))
    ca = pki.make_ca("Bench CA")
    ca_pem, _ = _write(directory, "ca", ca)
    ocsp_pem, ocsp_key = _write(
        directory, "ocsp", pki.make_service(ca, "Bench OCSP", pki.OCSP_SIGNING)
    )
    tsa_pem, tsa_key = _write(
        directory, "tsa", pki.make_service(ca, "Bench TSA", pki.TIME_STAMPING)
    )
    process, port = _start_responders(
        directory,
        {
            "authorities": [
                {"ca_cert": ca_pem, "responder_cert": ocsp_pem, "responder_key": ocsp_key}
            ],
            "tsa": {"cert": tsa_pem, "key": tsa_key},
        },
    )
    if hasattr(os, "sched_setaffinity"):  # the service on one core; responders elsewhere
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    try:
        trust = directory / "trust"
        trust.mkdir()
        for name in ("ca", "ocsp", "tsa"):
            (trust / f"{name}.pem").write_bytes((directory / f"{name}.pem").read_bytes())
        eseal = pki.make_eseal(ca, "Bench Vald", "75000000", f"http://127.0.0.1:{port}/ocsp")
        p12 = eseal.write_p12(directory / "seal.p12", [ca.cert])
        sign.configure(trust_dir=trust, tsa_url=f"http://127.0.0.1:{port}/tsa")
        document = [("ametijuhend.docx", os.urandom(40_000), "application/octet-stream")]
        container = sign.make_container(document)
        sealed = sign.seal(container, p12, pki.P12_PASSWORD)
        assert sign.verify(sealed).valid
        print(f"ASiC-E with one 40 kB data file; {seconds:.0f} s each")
        _rate(
            "e-seal signatures (XAdES LT)",
            seconds,
            lambda: sign.seal(container, p12, pki.P12_PASSWORD),
        )
        _rate("verifications (1 signature) ", seconds, lambda: sign.verify(sealed))
    finally:
        process.kill()
        process.wait()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
