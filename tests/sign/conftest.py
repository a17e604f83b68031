"""The session-wide test PKI (loopback.py: shared with tests/api, one per test process) and the
documents the signing tests sign."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import loopback
import pki
from loopback import LoopbackPKI, web_eid_sign

from roles import sign

__all__ = ["LoopbackPKI", "web_eid_sign"]  # what the tests here import from `conftest`


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> LoopbackPKI:
    return loopback.shared(tmp_path_factory, pytestconfig)


@pytest.fixture(scope="session")
def job_description() -> list[tuple[str, bytes, str]]:
    return [
        ("ametijuhend.txt", "Sotsiaaltöötaja ametijuhend\n1. Üldsätted\n".encode(), "text/plain"),
        ("lisa.pdf", b"%PDF-1.4\n% not really a PDF, only bytes to sign\n", "application/pdf"),
    ]


@pytest.fixture(scope="session")
def voru_seal(test_pki: LoopbackPKI) -> sign.Seal:
    return sign.Seal.from_p12(test_pki.eseal_p12, pki.P12_PASSWORD, "voru")


@pytest.fixture(scope="session")
def sealed(voru_seal: sign.Seal, job_description: list[tuple[str, bytes, str]]) -> bytes:
    return sign.seal(job_description, voru_seal)
