"""The Smart-ID / Mobile-ID test environment: SK's stand-in (sk_standin.py) in a process of its
own, over HTTPS with a certificate of a throw-away TLS CA, and test accounts whose certificates
come from the shared test PKI (loopback.py), so libdigidocpp trusts what they sign.

One per test process, like the PKI: `shared()` starts it on first use and stops it when the
session ends. Import it as the top-level module `sk_env` (tests/sign is on sys.path).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

sys.path.insert(0, str(Path(__file__).parent))

import loopback
import pki

from roles.domain import personal_code
from roles.sign import sk

RP_UUID = "00000000-0000-4000-8000-000000000000"
RP_NAME = "Roles test"
SCHEME_NAME = "smart-id-demo"
DEVICE_LINK_BASE = "https://sid.demo.invalid/device-link"


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    code: str
    issued: pki.Issued
    phone: str | None = None

    @property
    def der(self) -> bytes:
        return self.issued.der


@dataclass(frozen=True)
class Environment:
    port: int
    tls_ca: pki.Issued
    tls_server: pki.Issued
    smartid: Person  # RSA, as Smart-ID keys are
    smartid_other: Person  # another Smart-ID user: a wrong person, a mismatching signer
    mobileid_ec: Person  # P-256, as Estonian Mobile-ID SIMs are
    mobileid_ec_other: Person
    mobileid_rsa: Person
    mobileid_p384: Person
    mobileid_revoked: Person  # the shared PKI's revoked certificate (OCSP says so)

    @property
    def smartid_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/smart-id-rp/v3"

    @property
    def mobileid_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/mid-api"

    def connection(self, base_url: str, **changes: Any) -> sk.Connection:
        options: dict[str, Any] = {
            "base_url": base_url,
            "relying_party_uuid": RP_UUID,
            "relying_party_name": RP_NAME,
            "trusted_certificates": self.tls_ca.pem().decode(),
            "pinned_keys": (sk.key_pin(self.tls_server.der),),
            "read_timeout": 5.0,
        }
        options.update(changes)
        return sk.Connection(**options)

    def smartid_settings(self, rsa_pss: bool = True, **changes: Any) -> sk.SmartIdSettings:
        return sk.SmartIdSettings(
            connection=self.connection(self.smartid_url, **changes),
            scheme_name=SCHEME_NAME,
            rsa_pss=rsa_pss,
        )

    def mobileid_settings(self, **changes: Any) -> sk.MobileIdSettings:
        return sk.MobileIdSettings(connection=self.connection(self.mobileid_url, **changes))

    def _control(self) -> httpx.Client:
        trusted = ssl.create_default_context(cafile=str(self.directory / "tls-ca.pem"))
        return httpx.Client(base_url=f"https://127.0.0.1:{self.port}", verify=trusted)

    @property
    def directory(self) -> Path:
        return Path(_directories[self.port])

    def scenario(self, **script: Any) -> None:
        """What the person (and SK) will do in the sessions started from now on."""
        with self._control() as control:
            control.post("/_control/scenario", json=script).raise_for_status()

    def phone(self, session_id: str) -> dict[str, Any]:
        """What the phone shows in a session: verification code, display text."""
        with self._control() as control:
            answer = control.get(f"/_control/sessions/{session_id}")
            answer.raise_for_status()
            result: dict[str, Any] = answer.json()
            return result

    def requests(self) -> int:
        with self._control() as control:
            count: int = control.get("/_control/requests").json()["requests"]
            return count

    def scan(self, link: str, person: Person) -> httpx.Response:
        """The Smart-ID app of `person` reading a device link."""
        with self._control() as control:
            return control.post("/_app/scan", json={"link": link, "personal_code": person.code})


_directories: dict[int, str] = {}


def _tls(directory: Path) -> tuple[pki.Issued, pki.Issued]:
    ca = pki.make_ca("Stand-in TLS CA")
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA384())
    )
    server = pki.Issued(key, cert)
    (directory / "tls-ca.pem").write_bytes(ca.pem())
    (directory / "tls.pem").write_bytes(server.pem())
    (directory / "tls.key").write_bytes(server.key_pem())
    return ca, server


def _person(
    setup: loopback.LoopbackPKI,
    given: str,
    surname: str,
    birth: dt.date,
    key: pki.PrivateKey,
    phone: str | None = None,
) -> Person:
    code = personal_code.make(birth, 42, female=given.endswith("A"))
    issued = pki.make_person(setup.ca, given, surname, code, key, setup.ocsp_url)
    return Person(given, surname, code, issued, phone)


def _start(
    setup: loopback.LoopbackPKI, directory: Path
) -> tuple[Environment, subprocess.Popen[str]]:
    tls_ca, tls_server = _tls(directory)
    people = {
        "smartid": _person(
            setup,
            "MARI-LIIS",
            "MÄNNIK",
            dt.date(1985, 4, 12),
            rsa.generate_private_key(65537, 2048),
        ),
        "smartid_other": _person(
            setup, "OTT", "TAMM", dt.date(1979, 11, 3), rsa.generate_private_key(65537, 2048)
        ),
        "mobileid_ec": _person(
            setup,
            "JAAN",
            "SEPP",
            dt.date(1990, 1, 31),
            ec.generate_private_key(ec.SECP256R1()),
            "+37200000766",
        ),
        "mobileid_ec_other": _person(
            setup,
            "KATRIN",
            "KUUSK",
            dt.date(1995, 8, 17),
            ec.generate_private_key(ec.SECP256R1()),
            "+37200000768",
        ),
        "mobileid_rsa": _person(
            setup,
            "EVELIINA",
            "KASK",
            dt.date(2001, 6, 9),
            rsa.generate_private_key(65537, 2048),
            "+37200000767",
        ),
        "mobileid_p384": _person(
            setup,
            "TÕNU",
            "ÕUN",
            dt.date(1968, 2, 29),
            ec.generate_private_key(ec.SECP384R1()),
            "+37069100366",
        ),
    }
    revoked = setup.revoked
    people["mobileid_revoked"] = Person(
        "JAAK-KRISTJAN", "JÕEORG", "38001085718", revoked, "+37200000777"
    )
    accounts = []
    for name, person in people.items():
        (directory / f"{name}.pem").write_bytes(person.issued.pem())
        (directory / f"{name}.key").write_bytes(person.issued.key_pem())
        accounts.append(
            {
                "personal_code": person.code,
                "phone": person.phone,
                "service": "smart-id" if name.startswith("smartid") else "mobile-id",
                "cert": str(directory / f"{name}.pem"),
                "key": str(directory / f"{name}.key"),
            }
        )
    config = {
        "tls": {"cert": str(directory / "tls.pem"), "key": str(directory / "tls.key")},
        "smart_id": {
            "base": "/smart-id-rp/v3",
            "rp_uuid": RP_UUID,
            "rp_name": RP_NAME,
            "scheme_name": SCHEME_NAME,
            "device_link_base": DEVICE_LINK_BASE,
        },
        "mobile_id": {"base": "/mid-api", "rp_uuid": RP_UUID, "rp_name": RP_NAME},
        "accounts": accounts,
    }
    (directory / "standin.json").write_text(json.dumps(config))
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "sk_standin.py"),
            str(directory / "standin.json"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    _directories[port] = str(directory)
    return Environment(port, tls_ca, tls_server, **people), process


_shared: Environment | None = None


def shared(tmp_path_factory: pytest.TempPathFactory, config: pytest.Config) -> Environment:
    """This test process's stand-in, started on first use; it stops with the session."""
    global _shared
    if _shared is None:
        setup = loopback.shared(tmp_path_factory, config)
        environment, process = _start(setup, tmp_path_factory.mktemp("sk"))

        def stop() -> None:
            process.kill()
            process.wait()
            if process.stdout:
                process.stdout.close()

        config.add_cleanup(stop)
        _shared = environment
    return _shared
