"""Signatures given over several requests — Web eID's two steps, Smart-ID's and Mobile-ID's
sessions — to approve a version (approval_signing.py) or to acknowledge it (the employee's
own signature), kept in the database between the requests (`signing_sessions`): nothing lives
in memory, any worker takes the next request.

    start(ws, caller, prepared, SignWith(...))  → SigningStatus (Web eID: the digest to sign;
                                                  Mobile-ID: the code to show)
    status(ws, caller, id, wait)                → one look at SK's session (Smart-ID's code to
                                                  show appears once the certificate is chosen)
    give_value(ws, caller, id, value)           → Web eID's signature value
A session ends "signed" (the approval or acknowledgement is done) or "failed" with a code and
its message in Estonian and English (refused, timed out, the document changed meanwhile…);
a failed session changes nothing. Ended sessions are kept a little while so the page polling
them can tell how they ended, then `cleanup` drops them.
"""

import base64
import binascii
import dataclasses
import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import msgspec
from cryptography import x509

from roles import domain, sign
from roles.services import acknowledgements, records, webeid
from roles.services.access import Caller
from roles.services.errors import Gone, Invalid, NotAuthenticated, NotFound, ServiceError
from roles.services.options import Options
from roles.services.signer_roles import ACKNOWLEDGED
from roles.services.slots import slot
from roles.services.structs import Body
from roles.services.workspace import Workspace
from roles.sign import sk
from roles.sign.names import personal_code
from roles.store import containers
from roles.store import signing_sessions as kept_sessions

log = logging.getLogger("roles.services.signing_sessions")

Method = Literal["web-eid", "smart-id", "mobile-id"]
Purpose = Literal["approval", "acknowledgement"]
Lang = Literal["et", "en"]
WEB_EID_LIFETIME = dt.timedelta(minutes=5)
ENDED_KEPT = dt.timedelta(minutes=10)  # how long a page can still read how a session ended
MAX_WAIT = 10.0  # seconds one status request may wait for SK
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

# Failures that are not SK's: (Estonian, English).
_OWN: dict[str, tuple[str, str]] = {
    "changed": (
        "Dokument muutus allkirjastamise ajal (keegi muutis seda või allkirjastas enne). "
        "Midagi ei muudetud: alusta uuesti.",
        "The document changed while it was being signed (someone edited or signed it first). "
        "Nothing was changed: start again.",
    ),
    "expired": (
        "Allkirjastamine ei lõppenud õigel ajal. Midagi ei muudetud: alusta uuesti.",
        "The signing was not finished in time. Nothing was changed: start again.",
    ),
    "not-valid": (
        "Allkiri ei ole kehtiv, seega seda ei säilitatud. Midagi ei muudetud.",
        "The signature is not valid, so it was not kept. Nothing was changed.",
    ),
    "signing-failed": (
        "Allkirja ei õnnestunud lõpetada (ajatempli või kehtivuskinnituse teenus ei "
        "vastanud?). Proovi mõne aja pärast uuesti.",
        "The signature could not be finished (the timestamp or OCSP service did not answer?). "
        "Try again in a while.",
    ),
}


class SignWith(Body, kw_only=True):
    """How to sign: Web eID with the card's certificate (base64 DER), Smart-ID with the
    personal code, Mobile-ID with the phone number and personal code. `by`: the approver's
    position as written on the document ("Tamme vallavanem"; approvals only)."""

    method: Method
    certificate: str | None = None
    personal_code: str | None = None
    phone: str | None = None
    by: str | None = None
    lang: Lang = "et"


class SignatureValue(Body, kw_only=True):
    """Web eID's second step: the value (base64; raw r‖s for EC keys, PKCS#1 v1.5 for RSA)."""

    signature: str


class SigningStatus(Body, kw_only=True):
    id: str
    purpose: Purpose
    method: Method
    state: Literal["running", "signed", "failed"]
    municipality: str
    position: str
    version: int
    expires: dt.datetime
    phase: str | None = None  # Smart-ID: certificate (choose one), signature (enter PIN2)
    verification_code: str | None = None  # show it: the phone shows the same
    digest: str | None = None  # Web eID: base64, what the card signs
    algorithm: str | None = None  # Web eID's hashFunction
    error: str | None = None  # a code: refused, timeout, changed, …
    message_et: str | None = None
    message_en: str | None = None
    acknowledgement: int | None = None  # the acknowledgement a signature made or found


@dataclass(frozen=True)
class Prepared:
    """What to sign and what happens once it is signed (the purpose's own module says)."""

    purpose: Purpose
    municipality: str
    position: str
    version: int
    container: bytes  # what is signed: a new container, or the container of record
    roles: tuple[str, ...]
    display_text: str  # on the phone: what is being signed
    approval: domain.Approval | None = None
    if_match: str | None = None  # the draft's ETag when the signing began


class _Envelope(msgspec.Struct, frozen=True, kw_only=True):
    purpose: Purpose
    method: Method
    municipality: str
    position: str
    version: int
    user: int
    actor: str
    roles: tuple[str, ...]
    approval: domain.Approval | None = None
    if_match: str | None = None
    state: bytes = b""  # PendingSignature / SmartIdSigning / MobileIdSigning, to_bytes()
    error: str | None = None
    message_et: str | None = None
    message_en: str | None = None
    acknowledgement: int | None = None


@dataclass(frozen=True)
class Done:
    """A finished signature, for the purpose to act on."""

    container: bytes
    signer_certificate: bytes
    base_sha256: str


class Failed(Exception):
    """A session that cannot go on: `code` and its words in both languages."""

    def __init__(self, code: str, message_et: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message_et, self.message_en = code, message_et, message_en

    @classmethod
    def own(cls, code: str) -> "Failed":
        return cls(code, *_OWN[code])

    @classmethod
    def of(cls, error: sk.SkError) -> "Failed":
        return cls(str(error.code), error.message("et"), error.message("en"))


# What a purpose does with a finished signature: answers the acknowledgement id, if any.
Complete = Callable[[Workspace, Caller, "_Envelope", Done], int | None]
_completions: dict[Purpose, Complete] = {}


def on_signed(purpose: Purpose, complete: Complete) -> None:
    _completions[purpose] = complete


def methods(options: Options) -> list[Method]:
    """The signing methods this service offers: Web eID always; Smart-ID and Mobile-ID when
    their relying-party settings are given."""
    found: list[Method] = ["web-eid"]
    if options.smartid is not None:
        found.append("smart-id")
    if options.mobileid is not None:
        found.append("mobile-id")
    return found


def cleanup(ws: Workspace, now: dt.datetime | None = None) -> int:
    with ws.sessions() as session, session.begin():
        return kept_sessions.expire(session, now or dt.datetime.now(dt.UTC))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _decode(value: str | None, field: str) -> bytes:
    try:
        decoded = base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError):
        raise Invalid([domain.Problem(field, "must be base64")]) from None
    if not decoded:
        raise Invalid([domain.Problem(field, "is required for this method")])
    return decoded


def _require(value: str | None, field: str) -> str:
    if not value or not value.strip():
        raise Invalid([domain.Problem(field, "is required for this method")])
    if len(value) > 40:
        raise Invalid([domain.Problem(field, "is too long")])
    return value.strip()


class StartRefused(Invalid):
    """A start SK refused at once (wrong code, not a user…), in both languages for pages."""

    def __init__(self, field: str, message_et: str, message_en: str) -> None:
        super().__init__([domain.Problem(field, message_en)], message_en)
        self.field, self.message_et, self.message_en = field, message_et, message_en


def _refused(error: sk.SkError, field: str) -> StartRefused:
    return StartRefused(field, error.message("et"), error.message("en"))


def start(
    ws: Workspace,
    caller: Caller,
    prepared: Prepared,
    request: SignWith,
    now: dt.datetime | None = None,
) -> SigningStatus:
    now = _now(now)
    if caller.id is None:
        raise NotAuthenticated("only a person signs: log in")
    if request.method not in methods(ws.options):
        raise Invalid([domain.Problem("method", f"{request.method} is not offered here")])
    cleanup(ws, now)
    envelope = _Envelope(
        purpose=prepared.purpose,
        method=request.method,
        municipality=prepared.municipality,
        position=prepared.position,
        version=prepared.version,
        user=caller.id,
        actor=caller.name,
        roles=prepared.roles,
        approval=prepared.approval,
        if_match=prepared.if_match,
    )
    digest: bytes | None = None
    algorithm: str | None = None
    with slot():
        if request.method == "web-eid":
            certificate = _decode(request.certificate, "certificate")
            try:
                x509.load_der_x509_certificate(certificate)
            except ValueError:
                problem = domain.Problem("certificate", "is not a DER X.509 certificate")
                raise Invalid([problem]) from None
            try:
                pending, digest, algorithm = sign.begin(
                    prepared.container,
                    certificate,
                    roles=prepared.roles,
                    now=now,
                    lifetime=WEB_EID_LIFETIME,
                )
            except sign.SigningError as e:
                raise Invalid([domain.Problem("certificate", str(e))]) from None
            state, expires = pending.to_bytes(), pending.expires
        elif request.method == "smart-id":
            code = _require(request.personal_code, "personal_code")
            assert ws.options.smartid is not None
            client = sk.SmartIdClient(ws.options.smartid)
            try:
                sid = sk.smartid.start_notification(
                    client,
                    prepared.container,
                    code,
                    roles=prepared.roles,
                    display_text=prepared.display_text[:60],
                    now=now,
                )
            except sk.SkError as e:
                raise _refused(e, "personal_code") from None
            finally:
                client.close()
            state, expires = sid.to_bytes(), sid.expires
        else:
            code = _require(request.personal_code, "personal_code")
            phone = _require(request.phone, "phone")
            assert ws.options.mobileid is not None
            mclient = sk.MobileIdClient(ws.options.mobileid)
            try:
                mid = sk.mobileid.start(
                    mclient,
                    prepared.container,
                    phone=phone,
                    personal_code=code,
                    roles=prepared.roles,
                    display_text=prepared.display_text[:40],
                    lang=request.lang,
                    now=now,
                )
            except sk.SkError as e:
                field = "phone" if e.code == sk.Code.INVALID_PHONE else "personal_code"
                raise _refused(e, field) from None
            finally:
                mclient.close()
            state, expires = mid.to_bytes(), mid.expires
    envelope = msgspec.structs.replace(envelope, state=state)
    id_ = secrets.token_urlsafe(24)
    with ws.sessions() as session, session.begin():
        kept_sessions.add(session, id_, caller.id, _encode(envelope), now, expires)
    answer = _status(id_, "running", envelope, expires)
    if digest is not None:
        answer = msgspec.structs.replace(
            answer, digest=base64.b64encode(digest).decode(), algorithm=algorithm
        )
    return answer


def _encode(envelope: _Envelope) -> bytes:
    return msgspec.msgpack.encode(envelope)


def _status(id_: str, state: str, envelope: _Envelope, expires: dt.datetime) -> SigningStatus:
    phase, code = None, None
    if state == "running" and envelope.method == "smart-id":
        sid = sk.SmartIdSigning.from_bytes(envelope.state)
        phase, code = sid.phase, sid.verification_code
    elif state == "running" and envelope.method == "mobile-id":
        code = sk.MobileIdSigning.from_bytes(envelope.state).verification_code
    return SigningStatus(
        id=id_,
        purpose=envelope.purpose,
        method=envelope.method,
        state="signed" if state == "signed" else "failed" if state == "failed" else "running",
        municipality=envelope.municipality,
        position=envelope.position,
        version=envelope.version,
        expires=expires,
        phase=phase,
        verification_code=code,
        error=envelope.error,
        message_et=envelope.message_et,
        message_en=envelope.message_en,
        acknowledgement=envelope.acknowledgement,
    )


def _load(ws: Workspace, caller: Caller, id_: str) -> tuple[kept_sessions.Kept, _Envelope]:
    if not id_ or len(id_) > 64 or not set(id_) <= _ID_CHARS:
        raise NotFound(f"no signing session {id_!r}")
    with ws.sessions() as session:
        kept = kept_sessions.get(session, id_)
    if kept is None or kept.user_id != caller.id:
        raise NotFound(f"no signing session {id_!r} (ended and cleaned up, or never begun)")
    return kept, msgspec.msgpack.decode(kept.data, type=_Envelope)


def status(
    ws: Workspace,
    caller: Caller,
    id_: str,
    wait: float = 2.0,
    now: dt.datetime | None = None,
) -> SigningStatus:
    """How the session stands; a running Smart-ID or Mobile-ID session is asked once (waiting
    up to `wait` seconds for the phone) and moved on."""
    kept, envelope = _load(ws, caller, id_)
    if kept.state != "running" or envelope.method == "web-eid":
        return _status(id_, kept.state, envelope, kept.expires)
    wait_for = dt.timedelta(seconds=max(1.0, min(wait, MAX_WAIT)))
    try:
        with slot():
            result = _poll(ws.options, envelope, wait_for, now)
        if isinstance(result, bytes):  # the method's next state
            if result == envelope.state:
                return _status(id_, kept.state, envelope, kept.expires)
            moved = msgspec.structs.replace(envelope, state=result)
            return _write(ws, kept, "running", moved, _now(now), None)
        done = result
    except Failed as failed:
        return _fail(ws, kept, envelope, failed, now)
    return _complete(ws, caller, kept, envelope, done, now)


def _poll(
    options: Options, envelope: _Envelope, wait: dt.timedelta, now: dt.datetime | None
) -> bytes | Done:
    try:
        if envelope.method == "smart-id":
            assert options.smartid is not None, "Smart-ID settings were removed meanwhile"
            client = sk.SmartIdClient(options.smartid)
            try:
                sid = sk.SmartIdSigning.from_bytes(envelope.state)
                result: object = sk.smartid.poll(client, sid, wait=wait, now=now)
            finally:
                client.close()
        else:
            assert options.mobileid is not None, "Mobile-ID settings were removed meanwhile"
            mclient = sk.MobileIdClient(options.mobileid)
            try:
                mid = sk.MobileIdSigning.from_bytes(envelope.state)
                result = sk.mobileid.poll(mclient, mid, wait=wait, now=now)
            finally:
                mclient.close()
    except sk.SkError as e:
        log.info("signing session ended: %s (%s)", e.code, e.detail)
        raise Failed.of(e) from None
    if isinstance(result, sk.Signed):
        return Done(result.container, result.signer_certificate, result.base_sha256)
    assert isinstance(result, (sk.SmartIdSigning, sk.MobileIdSigning))
    return result.to_bytes()


def give_value(
    ws: Workspace,
    caller: Caller,
    id_: str,
    value: SignatureValue,
    now: dt.datetime | None = None,
) -> SigningStatus:
    """Web eID's second step: the card's signature value finishes the signature."""
    now = _now(now)
    kept, envelope = _load(ws, caller, id_)
    if envelope.method != "web-eid" or kept.state != "running":
        return _status(id_, kept.state, envelope, kept.expires)
    signature_value = _decode(value.signature, "signature")
    pending = sign.PendingSignature.from_bytes(envelope.state)
    if kept.expires <= now or pending.is_expired(now):
        _fail(ws, kept, envelope, Failed.own("expired"), now)
        raise Gone("the signature was not finished in time; start again")
    with slot():
        try:
            signed = sign.finish(pending, signature_value, now=now)
        except sign.NotValid:
            return _fail(ws, kept, envelope, Failed.own("not-valid"), now)
        except sign.SigningError as e:
            if "does not match" in str(e):  # a wrong value may be tried again until expiry
                raise Invalid([domain.Problem("signature", str(e))]) from None
            return _fail(ws, kept, envelope, Failed.own("signing-failed"), now)
    done = Done(signed, pending.signer_certificate, pending.base_sha256)
    return _complete(ws, caller, kept, envelope, done, now)


def _complete(
    ws: Workspace,
    caller: Caller,
    kept: kept_sessions.Kept,
    envelope: _Envelope,
    done: Done,
    now: dt.datetime | None,
) -> SigningStatus:
    # Claim the session first: of two requests finishing it at once, one acts.
    claimed = msgspec.structs.replace(envelope, state=b"")
    with ws.sessions() as session, session.begin():
        if not kept_sessions.change(session, kept, "finishing", _encode(claimed), _now(now)):
            return status(ws, caller, kept.id, 0, now)
    kept = dataclasses.replace(kept, state="finishing", revision=kept.revision + 1)
    try:
        acknowledgement = _completions[envelope.purpose](ws, caller, envelope, done)
    except Failed as failed:
        return _fail(ws, kept, claimed, failed, now)
    except ServiceError as e:  # Stale, Conflict…: the document changed meanwhile
        log.info("a signed %s was not applied: %s", envelope.purpose, e)
        return _fail(ws, kept, claimed, Failed.own("changed"), now)
    except Exception:  # never leave a claimed session hanging: it ends, and says so
        log.exception("a signed %s could not be applied", envelope.purpose)
        return _fail(ws, kept, claimed, Failed.own("signing-failed"), now)
    signed = msgspec.structs.replace(claimed, acknowledgement=acknowledgement)
    return _write(ws, kept, "signed", signed, _now(now), _now(now) + ENDED_KEPT)


def _fail(
    ws: Workspace,
    kept: kept_sessions.Kept,
    envelope: _Envelope,
    failed: Failed,
    now: dt.datetime | None,
) -> SigningStatus:
    ended = msgspec.structs.replace(
        envelope,
        state=b"",
        error=failed.code,
        message_et=failed.message_et,
        message_en=failed.message_en,
    )
    return _write(ws, kept, "failed", ended, _now(now), _now(now) + ENDED_KEPT)


def _write(
    ws: Workspace,
    kept: kept_sessions.Kept,
    state: str,
    envelope: _Envelope,
    now: dt.datetime,
    expires: dt.datetime | None,
) -> SigningStatus:
    with ws.sessions() as session, session.begin():
        kept_sessions.change(session, kept, state, _encode(envelope), now, expires)
    return _status(kept.id, state, envelope, expires or kept.expires)


# --- acknowledgement: the employee's own signature on the version in force ------------------


def _as_holder(request: SignWith, code: str | None) -> SignWith:
    """Only the holder signs their acknowledgement: their registry personal code is the one
    asked of Smart-ID and Mobile-ID (filled in when the form leaves it out), and a Web eID
    certificate must carry it."""
    if code is None:
        raise StartRefused(
            "personal_code",
            "Sinu isikukoodi pole registris, seega ei saa allkirja sinuga siduda: palu "
            "personalitöötajal see lisada.",
            "Your personal code is not in the registry, so no signature can be matched to "
            "you: ask HR to add it.",
        )
    if request.method == "web-eid":
        try:
            der = base64.b64decode(request.certificate or "", validate=True)
            theirs = personal_code(x509.load_der_x509_certificate(der))
        except (binascii.Error, ValueError):
            return request  # start() names what is wrong with the certificate
        given = theirs
    else:
        given = (request.personal_code or "").strip() or code
    if given != code:
        raise StartRefused(
            "personal_code" if request.method != "web-eid" else "certificate",
            "See isikukood ei ole sinu oma: tutvumist kinnitad ainult enda allkirjaga.",
            "This personal code is not yours: only your own signature acknowledges.",
        )
    return msgspec.structs.replace(request, personal_code=code)


def start_acknowledgement(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    version: int,
    request: SignWith,
    now: dt.datetime | None = None,
) -> SigningStatus:
    """The holder signs the version in force of their position ("Tutvunud ametijuhendiga"):
    its container of record grows by their signature, which records their acknowledgement."""
    now = _now(now)
    snap, d, person = acknowledgements.own_in_force(
        ws, caller, municipality, position, version, now
    )
    request = _as_holder(request, person.personal_code)
    base = records.base(ws, snap, d)
    title = snap.positions[position].title
    prepared = Prepared(
        purpose="acknowledgement",
        municipality=snap.id,
        position=position,
        version=d.version,
        container=base,
        roles=ACKNOWLEDGED,
        display_text=f"Tutvunud: {title}",
    )
    return start(ws, caller, prepared, request, now)


def _acknowledged(ws: Workspace, caller: Caller, envelope: _Envelope, done: Done) -> int | None:
    m, p, n = envelope.municipality, envelope.position, envelope.version
    kept = records.stored(ws, m, p, n)
    if kept is not None and containers.sha256(kept) != done.base_sha256:
        raise Failed.own("changed")
    return webeid.store_signed(
        ws,
        envelope.actor,
        m,
        p,
        n,
        kept,
        done.container,
        done.signer_certificate,
        done.base_sha256,
        dt.datetime.now(dt.UTC),
    )


on_signed("acknowledgement", _acknowledged)
