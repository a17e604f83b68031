"""E-seals and verifications per second, against a loopback PKI.

Run alone: `.venv/bin/python benchmarks/sign_bench.py [--seconds S] [--smoke]`. It makes the
test PKI of tests/sign (CA, OCSP responder and TSA in a process of their own) and measures the
service's side, libdigidocpp in one worker process pinned with the server to one core:

- an e-seal: XAdES LTA (OCSP, signature and archive timestamps over 127.0.0.1), then the
  verification every produced container gets before it is returned;
- a verification: roles.archive's checks, the service's own XAdES checks and libdigidocpp's;
- roles.archive alone on the same container, and a round trip to the worker doing nothing.

`--smoke` runs each once, to show the script works (tests/sign/test_sign_bench.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "sign")]

import pki  # noqa: E402
from loopback import _start_responders, _stop, _write  # noqa: E402

from roles import archive, sign  # noqa: E402
from roles.sign import runtime  # noqa: E402


def _rate(seconds: float, smoke: bool, action: Callable[[], object]) -> tuple[float, int]:
    count, start = 0, time.perf_counter()
    while count == 0 or (not smoke and time.perf_counter() - start < seconds):
        action()
        count += 1
    return count / (time.perf_counter() - start), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument("--smoke", action="store_true", help="each action once")
    options = parser.parse_args()

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
    if hasattr(os, "sched_setaffinity"):  # server and worker on one core; responders elsewhere
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    try:
        trust = directory / "trust"
        trust.mkdir()
        for name in ("ca", "ocsp", "tsa"):
            (trust / f"{name}.pem").write_bytes((directory / f"{name}.pem").read_bytes())
        eseal = pki.make_eseal(ca, "Bench Vald", "75000000", f"http://127.0.0.1:{port}/ocsp")
        seal = sign.Seal.from_p12(
            eseal.write_p12(directory / "seal.p12", [ca.cert]), pki.P12_PASSWORD, "bench"
        )
        sign.configure(trust_dir=trust, tsa_url=f"http://127.0.0.1:{port}/tsa", workers=1)
        document = [("ametijuhend.docx", os.urandom(40_000), "application/octet-stream")]
        container = sign.make_container(document)
        sealed = sign.seal(container, seal)
        assert sign.verify(sealed).valid
        label = "once each (smoke)" if options.smoke else f"{options.seconds:g} s each"
        print(f"ASiC-E with one 40 kB data file, XAdES LTA; {label}")
        rows = [
            ("e-seals (signed, then verified)", lambda: sign.seal(container, seal)),
            ("verifications (1 signature)", lambda: sign.verify(sealed)),
            ("archive checks (roles.archive)", lambda: archive.inspect(sealed, archive.CONTAINER)),
            ("worker round trips (no work)", lambda: runtime.call("status")),
        ]
        rates = {}
        for name, action in rows:
            rate, count = _rate(options.seconds, options.smoke, action)
            rates[name] = rate
            print(f"{name:34} {rate:9.1f}/s  ({count})")
        seal_rate, verify_rate = rates[rows[0][0]], rates[rows[1][0]]
        print(f"verification / e-seal: {verify_rate / seal_rate:.1f}×")
    finally:
        _stop(process)


if __name__ == "__main__":
    main()
