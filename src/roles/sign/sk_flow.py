"""What the Smart-ID and Mobile-ID signing flows share: the signed result, and libdigidocpp's
two steps (roles.sign.engine) with their failures told as `SkError`s.

Between a person's requests the service keeps a flow's state (a msgspec Struct, `to_bytes`) in
its database; nothing lives in memory, so any worker can take the next request.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from roles.sign import engine, errors
from roles.sign.pending import PendingSignature
from roles.sign.sk_errors import Code, Service, SkError


class Signed(msgspec.Struct, frozen=True, kw_only=True):
    """The end of a flow: the container with the new signature, and who signed it."""

    container: bytes
    signer_certificate: bytes  # DER
    roles: tuple[str, ...]
    base_sha256: str  # of the container the signature was begun on (see PendingSignature)


def now_utc(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def check_not_expired(expires: dt.datetime, now: dt.datetime, service: Service) -> None:
    if now >= expires:
        raise SkError(Code.EXPIRED, service, f"expired at {expires.isoformat()}")


def wait_ms(wait: dt.timedelta, expires: dt.datetime, now: dt.datetime) -> int:
    """How long one status poll may wait: as asked, never past the flow's expiry."""
    return int(max(min(wait, expires - now), dt.timedelta(seconds=1)).total_seconds() * 1000)


def begin(
    container: bytes,
    certificate: bytes,
    roles: tuple[str, ...],
    service: Service,
    *,
    now: dt.datetime,
    expires: dt.datetime,
    rsa_pss: bool = False,
) -> tuple[PendingSignature, bytes, str]:
    try:
        return engine.begin(
            container, certificate, roles=roles, now=now, lifetime=expires - now, rsa_pss=rsa_pss
        )
    except errors.SigningError as error:
        raise SkError(Code.SIGNING_FAILED, service, str(error)) from None


def finish(
    pending: PendingSignature,
    value: bytes,
    roles: tuple[str, ...],
    service: Service,
    now: dt.datetime,
) -> Signed:
    try:
        container = engine.finish(pending, value, now=now)
    except errors.PendingSignatureExpired as error:
        raise SkError(Code.EXPIRED, service, str(error)) from None
    except errors.SigningError as error:
        reason = str(error)
        if "does not match" in reason:
            code = Code.CERTIFICATE_MISMATCH
        elif "revoked" in reason.lower():
            code = Code.CERTIFICATE_REVOKED
        else:
            code = Code.SIGNING_FAILED
        raise SkError(code, service, reason) from None
    return Signed(
        container=container,
        signer_certificate=pending.signer_certificate,
        roles=roles,
        base_sha256=pending.base_sha256,
    )
