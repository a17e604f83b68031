"""Signed job descriptions through the API: containers, the e-seal, Web eID's two steps, checks.

- The *container of record* of an approved version (table `document_containers`) holds its
  rendered DOCX in an ASiC-E container. With an e-seal configured (ROLES_ESEAL_P12) it is
  sealed when the version is approved (`seal_approved`, called by `descriptions.approve`) or,
  failing that, on first download, and kept: every download answers that same container.
  Without an e-seal the download is an unsigned container, made afresh.
- Web eID: `begin` prepares a signature on the container of record for the client's
  certificate and keeps the half-done signature in `pending_signatures` (it expires after
  `PENDING_LIFETIME`; every `begin` first deletes the expired ones, and so does
  `roles housekeeping`); `finish` puts the client's signature value in, adds the timestamp and
  OCSP confirmation, and stores the grown container in place of the one it was begun on — only
  if that is still the container of record (compare-and-swap on its SHA-256), so a signature
  someone finished in between is never dropped: that case is answered 409, start again.
  When the signer's personal code is a holder's of the position and the version is in force,
  the signature also records that holder's acknowledgement (method "signature").
- `verify`: the report of `roles.sign.verify` for an uploaded container.

libdigidocpp holds the interpreter lock and makes network round trips (OCSP, TSA): every call
runs in a worker thread (sync handlers) and takes one of `SIGNING_SLOTS`; a request that finds
none free within `SLOT_WAIT` seconds is answered 503 with Retry-After.
"""

import base64
import binascii
import datetime as dt
import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa
import sqlalchemy.exc
from cryptography import x509

from roles import domain, render, sign
from roles.api.access import Caller
from roles.api.errors import ApiError, Conflict, Invalid, NotFound
from roles.api.services import descriptions
from roles.api.services.workspace import Change, Snapshot, Workspace, aware, record
from roles.config import settings
from roles.domain import JobDescriptionStatus as Status
from roles.sign.names import personal_code
from roles.store import tables as t

log = logging.getLogger("roles.api.signing")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ASICE = "application/vnd.etsi.asic-e+zip"
PENDING_LIFETIME = dt.timedelta(minutes=5)
SIGNING_SLOTS = threading.BoundedSemaphore(4)
SLOT_WAIT = 20.0  # seconds a request waits for a free slot before 503
KIND = "signature"
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what `begin` hands out: secrets.token_urlsafe


class Busy(ApiError):
    status_code = 503


class Gone(ApiError):
    status_code = 410


class RenderFailed(ApiError):
    status_code = 503


# --- responses -------------------------------------------------------------------------------


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
class Download:
    data: bytes
    name: str
    media_type: str


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


# --- the container of record ------------------------------------------------------------------


def eseal_configured() -> bool:
    return settings().eseal_p12 is not None


@contextmanager
def slot() -> Iterator[None]:
    """One of the signing slots, for one libdigidocpp call; 503 when none frees up in time."""
    if not SIGNING_SLOTS.acquire(timeout=SLOT_WAIT):
        raise Busy("signing is busy; try again shortly", headers={"Retry-After": "5"})
    try:
        yield
    finally:
        SIGNING_SLOTS.release()


def _key(position: str, version: int) -> str:
    return f"{position}/v{version}"


def _row(
    session: sa.orm.Session, municipality: str, position: str, version: int
) -> t.DocumentContainer | None:
    return session.scalars(
        sa.select(t.DocumentContainer).where(
            t.DocumentContainer.municipality_id == municipality,
            t.DocumentContainer.position_id == position,
            t.DocumentContainer.version == version,
        )
    ).first()


def stored(ws: Workspace, municipality: str, position: str, version: int) -> bytes | None:
    """The container of record of a version, when one is kept."""
    with ws.sessions() as session:
        row = _row(session, municipality, position, version)
        return None if row is None else row.container


def _docx(snap: Snapshot, d: domain.JobDescription) -> tuple[str, bytes]:
    name = render.file_name(snap.registry, d.position, d.version)
    return name, render.render_docx(snap.registry, d.position, d.version)


def docx_of_record(ws: Workspace, snap: Snapshot, d: domain.JobDescription) -> bytes:
    """The DOCX a version is: the one in its container of record, else rendered now (the
    renderer is deterministic, so the same registry gives the same bytes)."""
    kept = stored(ws, snap.id, d.position, d.version)
    if kept is not None:
        found = _data_file(kept, ".docx")
        if found is not None:
            return found
    return _docx(snap, d)[1]


def _data_file(container: bytes, suffix: str) -> bytes | None:
    try:
        files = sign.read_container(container).data_files
    except sign.ContainerError:
        return None
    return next((f.content for f in files if f.name.endswith(suffix)), None)


def _keep(ws: Workspace, municipality: str, position: str, version: int, container: bytes) -> bytes:
    """Store a version's first container of record; the one already kept wins a race."""
    now = dt.datetime.now(dt.UTC)
    try:
        with ws.sessions() as session, session.begin():
            session.add(
                t.DocumentContainer(
                    municipality_id=municipality,
                    position_id=position,
                    version=version,
                    sha256=hashlib.sha256(container).hexdigest(),
                    container=container,
                    created_at=now,
                    updated_at=now,
                )
            )
    except sqlalchemy.exc.IntegrityError:
        kept = stored(ws, municipality, position, version)
        assert kept is not None
        return kept
    return container


def _sealed(files: list[tuple[str, bytes, str]]) -> bytes:
    with slot():
        try:
            return sign.seal(files)
        except sign.SigningError as e:
            raise Busy(f"the e-seal could not be made: {e}", headers={"Retry-After": "30"}) from e


def seal_approved(ws: Workspace, municipality: str, position: str, version: int) -> None:
    """After approval: seal the rendered DOCX and keep it as the container of record, when an
    e-seal is configured. The approval stands if sealing fails (logged); the first download
    seals it then."""
    if not eseal_configured():
        return
    try:
        snap = ws.require(municipality)
        d = snap.version(position, version)
        if d is None or stored(ws, municipality, position, version) is not None:
            return
        name, data = _docx(snap, d)
        _keep(ws, municipality, position, version, _sealed([(name, data, DOCX)]))
    except Exception:  # sealing is a follow-up of the approval, never its failure
        log.exception("sealing %s/%s failed after approval", municipality, _key(position, version))


def _base(ws: Workspace, snap: Snapshot, d: domain.JobDescription) -> bytes:
    """What a download or a new signature starts from: the container of record; else a new
    one, sealed and kept when an e-seal is configured (approved and superseded versions only:
    a draft is never sealed), unsigned otherwise."""
    kept = stored(ws, snap.id, d.position, d.version)
    if kept is not None:
        return kept
    name, data = _docx(snap, d)
    files = [(name, data, DOCX)]
    if d.status is Status.DRAFT or not eseal_configured():
        return sign.make_container(files)
    return _keep(ws, snap.id, d.position, d.version, _sealed(files))


def container(
    ws: Workspace, caller: Caller, municipality: str, position: str, version: int, pdf: bool
) -> Download:
    """The version in an ASiC-E container (…/document.asice). With `pdf`, the DOCX and its PDF
    in a new container (sealed when an e-seal is configured, not kept: a signed container
    takes no further data files)."""
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    name = render.file_name(snap.registry, position, d.version, "asice")
    if not pdf:
        return Download(_base(ws, snap, d), name, ASICE)
    docx_name, data = _docx(snap, d)
    try:
        pdf_data = render.render_pdf(snap.registry, position, d.version)
    except render.RenderError as e:
        raise RenderFailed(f"the PDF could not be made: {e}") from None
    files = [
        (docx_name, data, DOCX),
        (render.file_name(snap.registry, position, d.version, "pdf"), pdf_data, PDF),
    ]
    sealed = d.status is not Status.DRAFT and eseal_configured()
    return Download(_sealed(files) if sealed else sign.make_container(files), name, ASICE)


# --- Web eID: two steps -----------------------------------------------------------------------


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
    now = now or dt.datetime.now(dt.UTC)
    with ws.sessions() as session, session.begin():
        done = session.execute(
            sa.delete(t.PendingSignature).where(t.PendingSignature.expires_at <= now)
        )
        return int(done.rowcount)  # type: ignore[attr-defined]


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
    base = _base(ws, snap, d)
    with slot():
        try:
            pending, digest, algorithm = sign.begin(
                base, certificate, now=now, lifetime=PENDING_LIFETIME
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
        session.add(
            t.PendingSignature(
                id=id_,
                data=msgspec.msgpack.encode(envelope),
                created_at=pending.created,
                expires_at=pending.expires,
            )
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
    """The caller's pending signature; an expired one is deleted and answered 410."""
    if not _ID.fullmatch(id_):
        raise NotFound(f"no pending signature {id_!r}")
    with ws.sessions() as session:
        row = session.get(t.PendingSignature, id_)
        envelope = None if row is None else msgspec.msgpack.decode(row.data, type=_Pending)
        expires = None if row is None else aware(row.expires_at)
    if envelope is None or envelope.user != caller.id or expires is None:
        raise NotFound(
            f"no pending signature {id_!r} (finished, expired and cleaned up, or never begun)"
        )
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
        session.execute(sa.delete(t.PendingSignature).where(t.PendingSignature.id == id_))


def finish(
    ws: Workspace,
    caller: Caller,
    id_: str,
    value: SignatureValue,
    now: dt.datetime | None = None,
) -> Finished:
    from roles.api.services import acknowledgements  # it reads containers of record from here

    now = now or dt.datetime.now(dt.UTC)
    envelope, pending = _take(ws, caller, id_, now)
    signature_value = _decode(value.signature, "signature")
    m, p, n = envelope.municipality, envelope.position, envelope.version
    kept = stored(ws, m, p, n)
    if kept is not None and hashlib.sha256(kept).hexdigest() != pending.base_sha256:
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
    certificate = x509.load_der_x509_certificate(pending.signer_certificate)
    code = personal_code(certificate)
    docx = _data_file(signed, ".docx") or b""
    digest = hashlib.sha256(signed).hexdigest()
    acknowledged: int | None = None
    snap = ws.snapshot(m)
    try:
        with ws.sessions() as session, session.begin():
            row = _row(session, m, p, n)
            if row is None:
                session.add(
                    t.DocumentContainer(
                        municipality_id=m,
                        position_id=p,
                        version=n,
                        sha256=digest,
                        container=signed,
                        created_at=now,
                        updated_at=now,
                    )
                )
                session.flush()
            else:
                swapped = session.execute(
                    sa.update(t.DocumentContainer)
                    .where(
                        t.DocumentContainer.id == row.id,
                        t.DocumentContainer.sha256 == pending.base_sha256,
                    )
                    .values(sha256=digest, container=signed, updated_at=now)
                )
                if swapped.rowcount != 1:  # type: ignore[attr-defined]
                    raise _signed_in_between()
            session.execute(sa.delete(t.PendingSignature).where(t.PendingSignature.id == id_))
            record(
                session,
                envelope.actor,
                m,
                [
                    Change(
                        KIND,
                        _key(p, n),
                        "sign",
                        None,
                        {"signer": _name(certificate), "personal_code": code, "sha256": digest},
                    )
                ],
                now,
            )
            if code is not None and snap is not None:
                acknowledged = acknowledgements.by_signature(
                    session, snap, envelope.actor, p, n, code, docx, now
                )
    except sqlalchemy.exc.IntegrityError:
        _forget(ws, id_)
        raise _signed_in_between() from None
    name = render.file_name(snap.registry, p, n, "asice") if snap else f"{p}-v{n}.asice"
    return Finished(Download(signed, name, ASICE), acknowledged)


def _name(certificate: x509.Certificate) -> str:
    from roles.sign.names import signer_name

    return signer_name(certificate)


def _signed_in_between() -> Conflict:
    return Conflict(
        "the container changed since this signature was begun (someone else signed it); "
        "the pending signature is discarded: start again"
    )


# --- verification -----------------------------------------------------------------------------


def verify(data: bytes) -> sign.Report:
    if not data:
        raise Invalid([domain.Problem("body", "send the .asice container as the request body")])
    with slot():
        try:
            return sign.verify(data)
        except sign.ContainerError as e:
            raise Invalid(
                [domain.Problem("body", f"not a readable ASiC-E container: {e}")]
            ) from None


# --- a container signed elsewhere (DigiDoc4) and uploaded --------------------------------------

_DS = "http://www.w3.org/2000/09/xmldsig#"


def signatures_of(container: bytes) -> dict[str, str]:
    """The signatures in a container: each one's SignatureValue (whitespace removed, which is
    what identifies a signature whatever the file holding it is called) -> the signer's name."""
    from lxml import etree  # type: ignore[import-untyped]

    out: dict[str, str] = {}
    for document in sign.read_container(container).signatures.values():
        try:
            root = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            continue
        for signature in root.iter(f"{{{_DS}}}Signature"):
            value = signature.find(f"{{{_DS}}}SignatureValue")
            if value is None:
                continue
            signer = "?"
            der = signature.find(f".//{{{_DS}}}X509Certificate")
            if der is not None:
                with suppress(ValueError, binascii.Error):
                    certificate = base64.b64decode(der.text or "")
                    signer = _name(x509.load_der_x509_certificate(certificate))
            out["".join((value.text or "").split())] = signer
    return out


def keep_extended(
    session: sa.orm.Session,
    actor: str,
    municipality: str,
    position: str,
    version: int,
    container: bytes,
    base: bytes | None,
    signer: tuple[str, str | None],
    now: dt.datetime,
) -> bool:
    """In the session's transaction: make `container` the version's container of record in
    place of `base` (what was kept when the upload was checked; None: nothing), unless another
    change came in between (compare-and-swap on the SHA-256). Answers whether it was stored."""
    digest = hashlib.sha256(container).hexdigest()
    row = _row(session, municipality, position, version)
    if base is None:
        if row is not None:
            return False
        try:
            with session.begin_nested():
                session.add(
                    t.DocumentContainer(
                        municipality_id=municipality,
                        position_id=position,
                        version=version,
                        sha256=digest,
                        container=container,
                        created_at=now,
                        updated_at=now,
                    )
                )
        except sqlalchemy.exc.IntegrityError:  # someone kept a first container meanwhile
            return False
    else:
        if row is None:
            return False
        swapped = session.execute(
            sa.update(t.DocumentContainer)
            .where(
                t.DocumentContainer.id == row.id,
                t.DocumentContainer.sha256 == hashlib.sha256(base).hexdigest(),
            )
            .values(sha256=digest, container=container, updated_at=now)
        )
        if swapped.rowcount != 1:  # type: ignore[attr-defined]
            return False
    name, code = signer
    change = {"signer": name, "personal_code": code, "sha256": digest, "uploaded": True}
    record(
        session,
        actor,
        municipality,
        [Change(KIND, _key(position, version), "sign", None, change)],
        now,
    )
    return True
