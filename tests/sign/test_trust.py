"""Offline by default: the Estonian trust from `esteid-certificates` unless a trust directory
is given, and verification never reaches for the network (libdigidocpp would fetch the EU
list of trusted lists without a list of ours)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from cryptography.x509.oid import NameOID

from conftest import LoopbackPKI
from roles import sign
from roles.sign.settings import EngineSettings, estonian_trust, trust_from_directory
from roles.sign.worker import Pool


def _names(settings: EngineSettings) -> set[str]:
    return {
        str(c.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)
        for c in settings.certificates()
    }


def test_the_default_trust_is_estonia_s_without_test_certificates() -> None:
    names = _names(EngineSettings())
    assert {"ESTEID2018", "ESTEID-SK 2015", "EE-GovCA2018"} & names
    assert any("TIMESTAMPING" in n.upper() for n in names)
    assert not [n for n in names if n.upper().startswith(("TEST", "DEMO"))]
    assert len(estonian_trust()) >= 20


@pytest.fixture
def spy() -> Iterator[tuple[str, list[bytes]]]:
    """A proxy that records every connection libdigidocpp makes, and answers none."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                seen.append(connection.recv(200))

    thread = threading.Thread(target=accept)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("trust", ["test PKI", "Estonian default"])
def test_verification_does_not_reach_for_the_network(
    test_pki: LoopbackPKI, sealed: bytes, spy: tuple[str, list[bytes]], trust: str
) -> None:
    proxy, seen = spy
    certificates = trust_from_directory(test_pki.trust_dir) if trust == "test PKI" else None
    settings = EngineSettings(proxy=proxy, workers=1, timeout=20)
    if certificates:
        settings = EngineSettings(trust=certificates, proxy=proxy, workers=1, timeout=20)
    pool = Pool(settings)
    try:
        verdict = pool.call("problems", sealed)
    finally:
        pool.close()
    assert seen == []
    assert (verdict == {"S0": []}) is (trust == "test PKI")  # the test CA is no Estonian CA


def test_a_trust_directory_overrides_the_default(test_pki: LoopbackPKI, sealed: bytes) -> None:
    assert sign.verify(sealed, trust_dir=test_pki.trust_dir).valid
    assert _names(EngineSettings(trust=trust_from_directory(test_pki.trust_dir))) == {
        "Roles Test CA",
        "Roles Test OCSP",
        "Roles Test TSA",
    }
