"""HTTPS to SK's relying-party APIs: pinned TLS, time-outs, JSON, errors as `SkError`.

SK requires relying parties to pin its server certificate or key, so that a man in the middle
can neither read who is signing nor answer in SK's name. The pin is checked during the TLS
handshake, before a byte of the request leaves: `trusted_certificates` replaces the system's CA
store with SK's published certificates (the server certificate itself may be the anchor), and
`pinned_keys` (base64 SHA-256 of the server's SubjectPublicKeyInfo, as HPKP wrote them) demand
one of those keys on top of a valid chain. A connection needs at least one of the two.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ssl
from typing import Any, TypeVar

import certifi
import httpx
import msgspec
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from roles.sign.sk_errors import Code, Service, SkError

_USER_AGENT = "roles (municipal job descriptions)"
_POLL_MARGIN = 1.5  # seconds past a long poll's timeoutMs before we give up, as SK advises
T = TypeVar("T")


class Connection(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Where and as whom to call one of SK's APIs; passed in by the service's configuration."""

    base_url: str  # e.g. https://rp-api.smart-id.com/v3 or https://mid.sk.ee/mid-api
    relying_party_uuid: str
    relying_party_name: str
    trusted_certificates: str | None = None  # PEM: SK's server certificates (or their CA)
    pinned_keys: tuple[str, ...] = ()  # base64 SHA-256 of the server's SubjectPublicKeyInfo
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # for the calls that are not long polls

    def problems(self) -> list[str]:
        found = []
        if not self.base_url.startswith("https://"):
            found.append("base_url must be an https:// URL")
        if self.trusted_certificates is None and not self.pinned_keys:
            found.append("SK's APIs must be pinned: give trusted_certificates or pinned_keys")
        for pin in self.pinned_keys:
            try:
                if len(base64.b64decode(pin, validate=True)) != 32:
                    raise ValueError
            except (ValueError, binascii.Error):
                found.append(f"pinned key {pin!r} is not base64 of a SHA-256 digest")
        if self.trusted_certificates is not None:
            try:
                if not x509.load_pem_x509_certificates(self.trusted_certificates.encode()):
                    raise ValueError
            except ValueError:
                found.append("trusted_certificates holds no PEM certificate")
        if not self.relying_party_uuid or not self.relying_party_name:
            found.append("relying_party_uuid and relying_party_name are required")
        return found


def key_pin(certificate_der: bytes) -> str:
    """The pin of a certificate's key: base64 of the SHA-256 of its SubjectPublicKeyInfo."""
    spki = (
        x509.load_der_x509_certificate(certificate_der)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


class _PinnedSocket(ssl.SSLSocket):
    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        context = self.context
        if isinstance(context, _PinnedContext):
            context.check(self.getpeercert(binary_form=True))


class _PinnedObject(ssl.SSLObject):
    def do_handshake(self) -> None:
        super().do_handshake()
        context = self.context
        if isinstance(context, _PinnedContext):
            context.check(self.getpeercert(binary_form=True))


class _PinnedContext(ssl.SSLContext):
    """A client context whose handshakes fail unless the server's key is a pinned one."""

    sslsocket_class = _PinnedSocket
    sslobject_class = _PinnedObject
    pins: frozenset[str] = frozenset()

    def check(self, certificate_der: bytes | None) -> None:
        if self.pins and (certificate_der is None or key_pin(certificate_der) not in self.pins):
            raise ssl.SSLCertVerificationError("the server's key is not one of the pinned keys")


def tls_context(connection: Connection) -> ssl.SSLContext:
    context = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if connection.trusted_certificates is not None:
        context.load_verify_locations(cadata=connection.trusted_certificates)
        # SK publishes its server certificates, not a CA: let one be the trust anchor.
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    else:
        context.load_verify_locations(cafile=certifi.where())
    context.pins = frozenset(connection.pinned_keys)
    return context


def client(connection: Connection) -> httpx.Client:
    """An HTTP client for one of SK's APIs; refuses an unpinned or plain-HTTP connection."""
    problems = connection.problems()
    if problems:
        raise ValueError("; ".join(problems))
    return httpx.Client(
        base_url=connection.base_url.rstrip("/") + "/",
        verify=tls_context(connection),
        timeout=httpx.Timeout(connection.read_timeout, connect=connection.connect_timeout),
        headers={"User-Agent": _USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
        trust_env=False,  # no proxy from the environment between us and the pinned server
    )


class JsonApi:
    """POSTs and long-poll GETs of JSON, every failure turned into an `SkError`."""

    def __init__(self, connection: Connection, service: Service, http: httpx.Client | None) -> None:
        self.connection = connection
        self.service = service
        self._http = http or client(connection)

    def close(self) -> None:
        self._http.close()

    def post(self, path: str, body: dict[str, Any], errors: dict[int, Code]) -> bytes:
        return self._send("POST", path, errors, json=body)

    def poll(self, path: str, wait_ms: int, errors: dict[int, Code]) -> bytes:
        timeout = httpx.Timeout(
            wait_ms / 1000 + _POLL_MARGIN + self.connection.read_timeout,
            connect=self.connection.connect_timeout,
        )
        return self._send("GET", path, errors, params={"timeoutMs": wait_ms}, timeout=timeout)

    def _send(self, method: str, path: str, errors: dict[int, Code], **options: Any) -> bytes:
        try:
            response = self._http.request(method, path, **options)
        except httpx.TimeoutException as error:
            raise SkError(Code.SERVICE_UNAVAILABLE, self.service, f"timed out: {error}") from None
        except httpx.HTTPError as error:
            # A failed pin or certificate check lands here too: the detail says which.
            raise SkError(
                Code.SERVICE_UNAVAILABLE, self.service, f"{method} {path}: {error}"
            ) from None
        status = response.status_code
        if status == 200:
            return response.content
        detail = f"{method} {path}: HTTP {status} {response.text[:300]}"
        if status in errors:
            raise SkError(errors[status], self.service, detail)
        if status in (400, 401, 403, 405, 480):  # our request or our registration is wrong
            raise SkError(Code.CONFIGURATION, self.service, detail)
        if status >= 500:  # 580: under maintenance
            raise SkError(Code.SERVICE_UNAVAILABLE, self.service, detail)
        raise SkError(Code.PROTOCOL_ERROR, self.service, detail)


def decode(data: bytes, kind: type[T], service: Service) -> T:
    """A response body as `kind`; SK may add fields at any time, so unknown ones are ignored."""
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as error:
        raise SkError(Code.PROTOCOL_ERROR, service, f"unexpected answer: {error}") from None
    except msgspec.DecodeError as error:
        raise SkError(Code.PROTOCOL_ERROR, service, f"not JSON: {error}") from None
