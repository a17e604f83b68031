"""How the signing engine is set up: trust, timestamping, OCSP, and the worker's bounds.
Passed in by the caller (`roles.sign.configure`); the library reads no configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from roles.sign.trustlist import load_certificates

GiB = 1024 * 1024 * 1024


def estonian_trust() -> tuple[bytes, ...]:
    """The certificates Estonian signatures and seals chain to, from the `esteid-certificates`
    package: the ID-card, Mobile-ID, Smart-ID and e-seal CAs of SK and Zetes, their roots and
    SK's timestamping units; test and demo certificates left out."""
    import esteid_certificates

    base = Path(esteid_certificates.__file__).parent / "files"
    return tuple(
        path.read_bytes()
        for path in sorted(base.rglob("*.pem"))
        if not path.name.upper().startswith(("TEST", "DEMO"))
    )


def trust_from_directory(trust_dir: Path) -> tuple[bytes, ...]:
    return tuple(c.public_bytes(serialization.Encoding.PEM) for c in load_certificates(trust_dir))


@dataclass(frozen=True)
class EngineSettings:
    trust: tuple[bytes, ...] = field(default_factory=estonian_trust, repr=False)  # PEM
    trust_dir: Path | None = None  # where `trust` came from; None: the Estonian default
    tsa_url: str | None = None
    ocsp_urls: tuple[tuple[str, str], ...] = ()  # (issuer CN, URL); otherwise from the AIA
    proxy: str | None = None  # host:port for OCSP and TSA requests
    timeout: float = 60.0  # seconds one libdigidocpp call may take before its worker is killed
    memory_bytes: int = GiB // 2  # address space of a worker (RLIMIT_AS); a seal peaks ~140 MB
    workers: int = 2  # worker processes, each one call at a time

    def certificates(self) -> list[x509.Certificate]:
        return [c for pem in self.trust for c in x509.load_pem_x509_certificates(pem)]
