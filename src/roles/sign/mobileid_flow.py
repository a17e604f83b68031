"""Signing a container with Mobile-ID, in steps a web service takes one request at a time.

1. `start`: with the phone number and personal code the person typed, fetch their signing
   certificate, check it (qualified, valid, theirs), let libdigidocpp prepare the signature
   with the signer's roles, and send the hash to the phone. `state.verification_code` is the
   code to show: the phone shows the same one before asking for PIN2.
2. `poll` until it returns `Signed`: each call waits a little for the phone's answer; the value
   is checked against the certificate before libdigidocpp finishes the signature.
Every failure is an `SkError` and ends the flow. Keep `state.to_bytes()` between requests.
"""

from __future__ import annotations

import base64
import datetime as dt

import msgspec

from roles.domain import personal_code as personal_codes
from roles.sign import sk_checks, sk_flow
from roles.sign.mobileid import (
    MobileIdClient,
    phone_number,
    raise_for_end_result,
    verification_code,
)
from roles.sign.pending import PendingSignature
from roles.sign.sk_errors import Code, Language, SkError
from roles.sign.sk_flow import Signed

LIFETIME = dt.timedelta(minutes=5)  # SK gives the person about two minutes; sessions last five


class MobileIdSigning(msgspec.Struct, frozen=True, kw_only=True):
    """The half-done Mobile-ID signature; show `verification_code` until it ends."""

    session_id: str
    phone: str
    personal_code: str
    roles: tuple[str, ...]
    scheme: sk_checks.Scheme
    signature: PendingSignature
    verification_code: str
    created: dt.datetime
    expires: dt.datetime

    def to_bytes(self) -> bytes:
        return msgspec.msgpack.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> MobileIdSigning:
        return msgspec.msgpack.decode(data, type=cls)


def start(
    client: MobileIdClient,
    container: bytes,
    *,
    phone: str,
    personal_code: str,
    roles: tuple[str, ...],
    display_text: str,
    lang: Language = "et",
    now: dt.datetime | None = None,
    lifetime: dt.timedelta = LIFETIME,
) -> MobileIdSigning:
    now = sk_flow.now_utc(now)
    phone = phone_number(phone)
    problem = personal_codes.problem(personal_code)
    if problem:
        raise SkError(Code.INVALID_PERSONAL_CODE, "mobile-id", problem)
    certificate_der = client.certificate(phone, personal_code)
    certificate = sk_checks.signing_certificate(
        certificate_der, "mobile-id", now=now, expected_personal_code=personal_code
    )
    scheme = sk_checks.scheme_for(certificate, rsa_pss=False)
    expires = now + lifetime
    pending, digest, algorithm = sk_flow.begin(
        container, certificate_der, roles, "mobile-id", now=now, expires=expires
    )
    session_id = client.signature(phone, personal_code, digest, algorithm, display_text, lang)
    return MobileIdSigning(
        session_id=session_id,
        phone=phone,
        personal_code=personal_code,
        roles=roles,
        scheme=scheme,
        signature=pending,
        verification_code=verification_code(digest),
        created=now,
        expires=expires,
    )


def poll(
    client: MobileIdClient,
    state: MobileIdSigning,
    *,
    wait: dt.timedelta = dt.timedelta(seconds=5),
    now: dt.datetime | None = None,
) -> MobileIdSigning | Signed:
    """One look at the session (waiting up to `wait`): the same state, or the signed result."""
    before = sk_flow.now_utc(now)
    sk_flow.check_not_expired(state.expires, before, "mobile-id")
    status = client.session_status(state.session_id, sk_flow.wait_ms(wait, state.expires, before))
    if status.state == "RUNNING":
        return state
    raise_for_end_result(status)
    after = sk_flow.now_utc(now)
    if status.signature is None:
        raise SkError(Code.PROTOCOL_ERROR, "mobile-id", "OK without a signature")
    pending = state.signature
    key = "EC" if state.scheme == "ecdsa" else "RSA"
    expected = f"{pending.algorithm.replace('-', '')}With{key}Encryption"
    if status.signature.algorithm != expected:
        # Another algorithm than the certificate's key: the SIM signed with another key.
        raise SkError(
            Code.CERTIFICATE_MISMATCH,
            "mobile-id",
            f"algorithm {status.signature.algorithm}, expected {expected}",
        )
    try:
        value = base64.b64decode(status.signature.value, validate=True)
    except ValueError:
        raise SkError(Code.PROTOCOL_ERROR, "mobile-id", "signature not base64") from None
    certificate = sk_checks.signing_certificate(pending.signer_certificate, "mobile-id", now=after)
    if not sk_checks.value_is_valid(
        certificate, pending.digest, pending.algorithm, state.scheme, value
    ):
        raise SkError(Code.CERTIFICATE_MISMATCH, "mobile-id", "the value does not verify")
    return sk_flow.finish(pending, value, state.roles, "mobile-id", after)
