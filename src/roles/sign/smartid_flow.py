"""Signing a container with Smart-ID, in steps a web service takes one request at a time.

1. `start_notification` (the person typed their personal code: their phone is asked to choose
   a certificate) or `start_device_link` (the page shows a QR code from `link`, redrawn every
   second, or a Web2App link on a phone).
2. `poll` until it returns `Signed`: each call waits a little for SK's answer. When the
   certificate is chosen it is checked (qualified, valid, the expected person), libdigidocpp
   prepares the signature with the signer's roles, and the digest goes to the phone; in the
   notification flow `state.verification_code` is then the code to show beside "check that
   your phone shows the same code". When the phone answers, the value is checked against the
   chosen certificate and libdigidocpp finishes the signature (timestamp, OCSP).
Every failure is an `SkError` and ends the flow: no container comes out of a refused, timed-out
or mismatched session. The state is plain data: keep `state.to_bytes()` between requests.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Literal

import msgspec

from roles.domain import personal_code as personal_codes
from roles.sign import sk_checks, sk_flow, smartid_links
from roles.sign.pending import PendingSignature
from roles.sign.sk_errors import Code, Language, SkError
from roles.sign.sk_flow import Signed
from roles.sign.smartid import (
    SessionStatus,
    Signature,
    SmartIdClient,
    SmartIdSettings,
    interaction_types,
    interactions,
    pkcs1_name,
    raise_for_end_result,
)

LIFETIME = dt.timedelta(minutes=6)  # both sessions, certificate choice and signature
_VC = re.compile(r"[0-9]{4}")
_LINK_LANGUAGES: dict[Language, str] = {"et": "est", "en": "eng"}


class DeviceLink(msgspec.Struct, frozen=True, kw_only=True):
    """A device-link session's secrets: they stay on the server (never sent to the page)."""

    token: str
    secret: str
    base: str
    received: dt.datetime  # when SK answered: a QR code's elapsedSeconds count from here
    callback_url: str | None


class SmartIdSigning(msgspec.Struct, frozen=True, kw_only=True):
    """The half-done Smart-ID signature; `phase` and `verification_code` are for the page."""

    flow: Literal["notification", "device-link"]
    phase: Literal["certificate", "signature"]
    session_id: str
    roles: tuple[str, ...]
    display_text: str
    expected_personal_code: str | None
    scheme: sk_checks.Scheme
    created: dt.datetime
    expires: dt.datetime
    container: bytes | None = None  # what to sign, until the certificate is chosen
    device_link: DeviceLink | None = None
    document_number: str | None = None
    signature: PendingSignature | None = None
    interactions: str | None = None
    verification_code: str | None = None  # to show while the phone asks (notification flow)

    def to_bytes(self) -> bytes:
        return msgspec.msgpack.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> SmartIdSigning:
        return msgspec.msgpack.decode(data, type=cls)


def semantics_identifier(personal_code: str, country: str = "EE") -> str:
    problem = personal_codes.problem(personal_code) if country == "EE" else None
    if problem or not re.fullmatch(r"[0-9A-Za-z-]{5,30}", personal_code):
        raise SkError(Code.INVALID_PERSONAL_CODE, "smart-id", problem or personal_code)
    return f"PNO{country}-{personal_code}"


def start_notification(
    client: SmartIdClient,
    container: bytes,
    personal_code: str,
    *,
    roles: tuple[str, ...],
    display_text: str,
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = LIFETIME,
) -> SmartIdSigning:
    """The person's phone asks them to choose their signing certificate (Estonian personal
    code); they are also the one expected to sign."""
    now = sk_flow.now_utc(now)
    session_id = client.certificate_choice_notification(semantics_identifier(personal_code))
    return SmartIdSigning(
        flow="notification",
        phase="certificate",
        session_id=session_id,
        roles=roles,
        display_text=display_text,
        expected_personal_code=personal_code,
        scheme="pss" if client.settings.rsa_pss else "pkcs1",
        created=now,
        expires=now + lifetime,
        container=container,
    )


def start_device_link(
    client: SmartIdClient,
    container: bytes,
    *,
    roles: tuple[str, ...],
    display_text: str,
    expected_personal_code: str | None = None,
    callback_url: str | None = None,
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = LIFETIME,
) -> SmartIdSigning:
    """An anonymous certificate choice through a QR code (and, with `callback_url`, a Web2App
    link); whoever scans it chooses, so give `expected_personal_code` when only one person may
    sign (an approver, the position's holder)."""
    if expected_personal_code is not None:
        semantics_identifier(expected_personal_code)
    started = sk_flow.now_utc(now)
    session = client.certificate_choice_device_link(callback_url)
    now = sk_flow.now_utc(now)  # a QR code's seconds count from SK's answer
    return SmartIdSigning(
        flow="device-link",
        phase="certificate",
        session_id=session.session_id,
        roles=roles,
        display_text=display_text,
        expected_personal_code=expected_personal_code,
        scheme="pss" if client.settings.rsa_pss else "pkcs1",
        created=started,
        expires=started + lifetime,
        container=container,
        device_link=DeviceLink(
            token=session.session_token,
            secret=session.session_secret,
            base=session.device_link_base,
            received=now,
            callback_url=callback_url,
        ),
    )


def link(
    state: SmartIdSigning,
    settings: SmartIdSettings,
    *,
    link_type: smartid_links.LinkType = "QR",
    lang: Language = "et",
    now: dt.datetime | None = None,
) -> str:
    """The device link to show now: put a QR code's in a QR code and ask again in a second."""
    session = state.device_link
    if session is None or state.phase != "certificate":
        raise ValueError("only a device-link flow choosing its certificate has a link")
    elapsed = int((sk_flow.now_utc(now) - session.received).total_seconds())
    return smartid_links.device_link(
        device_link_base=session.base,
        session_token=session.token,
        session_secret=session.secret,
        session_type="cert",
        link_type=link_type,
        scheme_name=settings.scheme_name,
        relying_party_name=settings.connection.relying_party_name,
        elapsed_seconds=max(elapsed, 0) if link_type == "QR" else None,
        lang=_LINK_LANGUAGES[lang],
        initial_callback_url=session.callback_url or "",
    )


def callback_is_genuine(state: SmartIdSigning, session_secret_digest: str) -> bool:
    """Did the person come back through our Web2App callback (its sessionSecretDigest)?"""
    session = state.device_link
    return session is not None and smartid_links.callback_is_genuine(
        session.secret, session_secret_digest
    )


def poll(
    client: SmartIdClient,
    state: SmartIdSigning,
    *,
    wait: dt.timedelta = dt.timedelta(seconds=5),
    now: dt.datetime | None = None,
) -> SmartIdSigning | Signed:
    """One look at the session (waiting up to `wait`): the next state, or the signed result."""
    before = sk_flow.now_utc(now)
    sk_flow.check_not_expired(state.expires, before, "smart-id")
    status = client.session_status(state.session_id, sk_flow.wait_ms(wait, state.expires, before))
    if status.state == "RUNNING":
        return state
    raise_for_end_result(status)
    after = sk_flow.now_utc(now)  # a long poll takes time: judge the answer by when it came
    if state.phase == "certificate":
        return _certificate_chosen(client, state, status, after)
    return _signature_given(state, status, after)


def _certificate_chosen(
    client: SmartIdClient, state: SmartIdSigning, status: SessionStatus, now: dt.datetime
) -> SmartIdSigning:
    if status.result is None or state.container is None:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "no result, or nothing to sign")
    if status.cert is None or not status.result.document_number:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "certificate choice without certificate")
    offered = {"Notification"} if state.flow == "notification" else _offered_links(state)
    if status.signature is not None and status.signature.flow_type not in offered:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"flow {status.signature.flow_type}")
    if status.cert.certificate_level != "QUALIFIED":
        raise SkError(
            Code.CERTIFICATE_NOT_QUALIFIED, "smart-id", f"level {status.cert.certificate_level}"
        )
    certificate_der = _base64(status.cert.value)
    certificate = sk_checks.signing_certificate(
        certificate_der, "smart-id", now=now, expected_personal_code=state.expected_personal_code
    )
    if sk_checks.scheme_for(certificate, rsa_pss=False) == "ecdsa":
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "Smart-ID signs with RSA keys only")
    pending, digest, algorithm = sk_flow.begin(
        state.container,
        certificate_der,
        state.roles,
        "smart-id",
        now=now,
        expires=state.expires,
        rsa_pss=state.scheme == "pss",
    )
    document = status.result.document_number
    hash_algorithm = _hash(algorithm)
    if state.flow == "notification":
        encoded = interactions("notification", state.display_text)
        started = client.signature_notification(document, digest, hash_algorithm, encoded)
        if started.vc.type != "numeric4" or not _VC.fullmatch(started.vc.value):
            raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"verification code {started.vc}")
        session_id, code = started.session_id, started.vc.value
    else:
        encoded = interactions("linked", state.display_text)
        session_id = client.signature_linked(
            document, state.session_id, digest, hash_algorithm, encoded
        )
        code = None
    return msgspec.structs.replace(
        state,
        phase="signature",
        session_id=session_id,
        container=None,
        document_number=document,
        signature=pending,
        interactions=encoded,
        verification_code=code,
    )


def _signature_given(state: SmartIdSigning, status: SessionStatus, now: dt.datetime) -> Signed:
    pending = state.signature
    if status.result is None or pending is None or state.interactions is None:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "no result, or no prepared signature")
    signature = status.signature
    if status.signature_protocol != "RAW_DIGEST_SIGNATURE" or signature is None:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"protocol {status.signature_protocol}")
    if signature.value is None or status.cert is None:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "signature without value or certificate")
    if status.result.document_number != state.document_number:
        raise SkError(
            Code.CERTIFICATE_MISMATCH,
            "smart-id",
            f"signed by document {status.result.document_number}, chosen {state.document_number}",
        )
    if _base64(status.cert.value) != pending.signer_certificate:
        raise SkError(Code.CERTIFICATE_MISMATCH, "smart-id", "signed with another certificate")
    if status.interaction_type_used not in interaction_types(state.interactions):
        raise SkError(
            Code.PROTOCOL_ERROR, "smart-id", f"interaction {status.interaction_type_used}"
        )
    _check_algorithm(state.scheme, pending.algorithm, signature)
    value = _base64(signature.value)
    certificate = sk_checks.signing_certificate(pending.signer_certificate, "smart-id", now=now)
    if not sk_checks.value_is_valid(
        certificate, pending.digest, pending.algorithm, state.scheme, value
    ):
        raise SkError(Code.CERTIFICATE_MISMATCH, "smart-id", "the value does not verify")
    return sk_flow.finish(pending, value, state.roles, "smart-id", now)


def _check_algorithm(scheme: sk_checks.Scheme, algorithm: str, signature: Signature) -> None:
    name, parameters = signature.signature_algorithm, signature.signature_algorithm_parameters
    if scheme == "pkcs1":
        if name != pkcs1_name(algorithm):
            raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"algorithm {name}")
        return
    mask = parameters.mask_gen_algorithm if parameters else None
    mask_hash = (mask.parameters or {}).get("hashAlgorithm") if mask else algorithm
    salt = sk_checks.HASHES[algorithm].digest_size
    if (
        name != "rsassa-pss"
        or parameters is None
        or parameters.hash_algorithm != algorithm
        or (mask is not None and (mask.algorithm != "id-mgf1" or mask_hash != algorithm))
        or parameters.salt_length not in (None, salt)
        or parameters.trailer_field not in (None, "0xbc")
    ):
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", f"algorithm {name} {parameters}")


def _offered_links(state: SmartIdSigning) -> set[str]:
    session = state.device_link
    return {"QR", "Web2App"} if session is not None and session.callback_url else {"QR"}


def _hash(algorithm: str) -> Literal["SHA-256", "SHA-384", "SHA-512"]:
    if algorithm == "SHA-256":
        return "SHA-256"
    if algorithm == "SHA-384":
        return "SHA-384"
    if algorithm == "SHA-512":
        return "SHA-512"
    raise SkError(Code.SIGNING_FAILED, "smart-id", f"hash {algorithm}")


def _base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise SkError(Code.PROTOCOL_ERROR, "smart-id", "a value is not base64") from None
