"""Signing with an ID card through Web eID, in two steps.

`begin` prepares a signature on the version's container of record for the client's
certificate and keeps the half-done signature (`pending_signatures`; it expires after
`PENDING_LIFETIME`, and every `begin` first deletes the expired ones, as `roles housekeeping`
does). `finish` puts the client's signature value in, adds the timestamp and OCSP
confirmation, and stores the grown container in place of the one it was begun on — only if
that is still the container of record, so a signature someone finished in between is never
dropped: that case is a Conflict, start again. When the signer's personal code is a holder's
of the position and the version is in force, the signature also records that holder's
acknowledgement (method "signature"); it carries the role "Tutvunud ametijuhendiga".
`store_signed` is that last part, shared with Smart-ID and Mobile-ID (signing_sessions.py).
"""

import base64
import binascii
import datetime as dt
import re
import secrets
from dataclasses import dataclass

import msgspec
import sqlalchemy.exc
from cryptography import x509

from roles import domain, render, sign
from roles.domain import JobDescriptionStatus as Status
from roles.services import acknowledgements, descriptions, records
from roles.services.access import Caller
from roles.services.documents import ASICE, Download
from roles.services.errors import Conflict, Gone, Invalid, NotAuthenticated, NotFound
from roles.services.signer_roles import ACKNOWLEDGED
from roles.services.slots import slot
from roles.services.workspace import Workspace
from roles.sign.names import personal_code, signer_name
from roles.store import containers
from roles.store.audit import Change, record

PENDING_LIFETIME = dt.timedelta(minutes=5)
KIND = "signature"
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what `begin` hands out: secrets.token_urlsafe


class SignatureRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Step one's body: the signer's certificate as Web eID gives it (base64 of the DER)."""

    certificate: str


class SignatureValue(msgspec.Struct, frozen=True, kw_only=True):
    """Step two's body: the signature value, base64 (raw r‖s for EC keys, as Web eID gives
    it; PKCS#1 v1.5 for RSA)."""

    signature: str


class SignatureStarted(msgspec.Struct, frozen=True, kw_only=True):
    id: str  # POST /api/signatures/{id} with the value
    digest: str  # base64: what the card signs
    algorithm: str  # Web eID's hashFunction: SHA-256, SHA-384, SHA-512
    expires: dt.datetime


@dataclass(frozen=True)
class Finished:
    container: Download
    acknowledgement: int | None  # the id of the acknowledgement the signature made or found


class _Pending(msgspec.Struct, frozen=True, kw_only=True):
    """What a `pending_signatures` row's data holds: whose signature of what, and its state."""

    municipality: str
    position: str
    version: int
    user: int
    actor: str
    signature: bytes  # roles.sign.PendingSignature.to_bytes()


def _key(position: str, version: int) -> str:
    return f"{position}/v{version}"


def _decode(value: str, field: str) -> bytes:
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid([domain.Problem(field, "must be base64")]) from None
    if not decoded:
        raise Invalid([domain.Problem(field, "must not be empty")])
    return decoded


def cleanup(ws: Workspace, now: dt.datetime | None = None) -> int:
    """Delete expired pending signatures; answers how many."""
    with ws.sessions() as session, session.begin():
        return containers.expire_pending(session, now or dt.datetime.now(dt.UTC))


def begin(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    version: int,
    request: SignatureRequest,
    now: dt.datetime | None = None,
) -> SignatureStarted:
    now = now or dt.datetime.now(dt.UTC)
    if caller.id is None:
        raise NotAuthenticated("only a person signs: log in")
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    if d.status is not Status.APPROVED:
        raise Conflict(
            f"version {version} of {position!r} is {d.status}; only the version in force is signed"
        )
    certificate = _decode(request.certificate, "certificate")
    try:
        x509.load_der_x509_certificate(certificate)
    except ValueError:
        raise Invalid([domain.Problem("certificate", "is not a DER X.509 certificate")]) from None
    cleanup(ws, now)
    base = records.base(ws, snap, d)
    with slot():
        try:
            pending, digest, algorithm = sign.begin(
                base, certificate, roles=ACKNOWLEDGED, now=now, lifetime=PENDING_LIFETIME
            )
        except sign.SigningError as e:
            raise Invalid([domain.Problem("certificate", str(e))]) from None
    envelope = _Pending(
        municipality=municipality,
        position=position,
        version=d.version,
        user=caller.id,
        actor=caller.name,
        signature=pending.to_bytes(),
    )
    id_ = secrets.token_urlsafe(24)
    with ws.sessions() as session, session.begin():
        containers.add_pending(
            session, id_, msgspec.msgpack.encode(envelope), pending.created, pending.expires
        )
    return SignatureStarted(
        id=id_,
        digest=base64.b64encode(digest).decode(),
        algorithm=algorithm,
        expires=pending.expires,
    )


def _take(
    ws: Workspace, caller: Caller, id_: str, now: dt.datetime
) -> tuple[_Pending, sign.PendingSignature]:
    """The caller's pending signature; an expired one is deleted and answered Gone."""
    if not _ID.fullmatch(id_):
        raise NotFound(f"no pending signature {id_!r}")
    with ws.sessions() as session:
        found = containers.pending(session, id_)
    envelope = None if found is None else msgspec.msgpack.decode(found[0], type=_Pending)
    if found is None or envelope is None or envelope.user != caller.id:
        raise NotFound(
            f"no pending signature {id_!r} (finished, expired and cleaned up, or never begun)"
        )
    expires = found[1]
    pending = sign.PendingSignature.from_bytes(envelope.signature)
    if expires <= now or pending.is_expired(now):
        _forget(ws, id_)
        raise Gone(
            f"the signature was not finished in time (it expired at {expires.isoformat()}); "
            "it has been discarded: start again"
        )
    return envelope, pending


def _forget(ws: Workspace, id_: str) -> None:
    with ws.sessions() as session, session.begin():
        containers.forget_pending(session, id_)


def finish(
    ws: Workspace,
    caller: Caller,
    id_: str,
    value: SignatureValue,
    now: dt.datetime | None = None,
) -> Finished:
    now = now or dt.datetime.now(dt.UTC)
    envelope, pending = _take(ws, caller, id_, now)
    signature_value = _decode(value.signature, "signature")
    m, p, n = envelope.municipality, envelope.position, envelope.version
    kept = records.stored(ws, m, p, n)
    if kept is not None and containers.sha256(kept) != pending.base_sha256:
        _forget(ws, id_)
        raise _signed_in_between()
    with slot():
        try:
            signed = sign.finish(pending, signature_value, now=now)
        except sign.PendingSignatureExpired as e:
            _forget(ws, id_)
            raise Gone(str(e)) from None
        except sign.SigningError as e:
            # A wrong value may be retried until the expiry; a refused certificate may not.
            if "does not match" not in str(e):
                _forget(ws, id_)
            raise Invalid([domain.Problem("signature", str(e))]) from None
    try:
        acknowledged = store_signed(
            ws,
            envelope.actor,
            m,
            p,
            n,
            kept,
            signed,
            pending.signer_certificate,
            pending.base_sha256,
            now,
            forget=id_,
        )
    except Conflict:
        _forget(ws, id_)
        raise
    snap = ws.snapshot(m)
    name = render.file_name(snap.registry, p, n, "asice") if snap else f"{p}-v{n}.asice"
    return Finished(Download(signed, name, ASICE), acknowledged)


def store_signed(
    ws: Workspace,
    actor: str,
    m: str,
    p: str,
    n: int,
    kept: bytes | None,
    signed: bytes,
    signer_certificate: bytes,
    base_sha256: str,
    now: dt.datetime,
    forget: str | None = None,
) -> int | None:
    """Keep a container grown by one signature as the version's container of record (in place
    of the one it was begun on: Conflict when someone else's signature came in between), audit
    it, and record the signer's acknowledgement when they hold the position; answers the
    acknowledgement's id. `forget`: the pending signature to delete in the same transaction."""
    certificate = x509.load_der_x509_certificate(signer_certificate)
    code = personal_code(certificate)
    docx = records.data_file(signed, ".docx") or b""
    digest = containers.sha256(signed)
    acknowledged: int | None = None
    snap = ws.snapshot(m)
    try:
        with ws.sessions() as session, session.begin():
            if kept is None:
                stored = containers.keep_first(session, m, p, n, signed, now)
            else:
                stored = containers.swap(session, m, p, n, base_sha256, signed, now)
            if not stored:
                raise _signed_in_between()
            if forget is not None:
                containers.forget_pending(session, forget)
            after = {"signer": signer_name(certificate), "personal_code": code, "sha256": digest}
            record(session, actor, m, [Change(KIND, _key(p, n), "sign", None, after)], now)
            if code is not None and snap is not None:
                acknowledged = acknowledgements.by_signature(
                    session, snap, actor, p, n, code, docx, now
                )
    except sqlalchemy.exc.IntegrityError:
        raise _signed_in_between() from None
    return acknowledged


def _signed_in_between() -> Conflict:
    return Conflict(
        "the container changed since this signature was begun (someone else signed it); "
        "the pending signature is discarded: start again"
    )
