"""Acknowledging by a container signed elsewhere (DigiDoc4) and uploaded: every signature in it
valid, its data files those of the version's container of record (else its DOCX), the
signatures already kept on the version still there, and one signature with the caller's
personal code. The upload becomes the version's container of record when it adds signatures
to it."""

import datetime as dt
import hashlib

import msgspec
from sqlalchemy.orm import Session

from roles import domain, sign
from roles.services import acknowledgements, records
from roles.services.access import Caller
from roles.services.acknowledgements import SIGNATURE, Acknowledgement
from roles.services.errors import Refused
from roles.services.signatures import signatures_of
from roles.services.slots import slot
from roles.services.workspace import Workspace
from roles.store import containers
from roles.store.audit import Change, record


class SignedAcknowledgement(msgspec.Struct, frozen=True, kw_only=True):
    """What an uploaded signed container did."""

    acknowledgement: Acknowledgement  # made now, or the one recorded before
    signer: str  # the name on your signature
    container_stored: bool  # the upload is now the version's container of record
    report: sign.Report  # the verification report of the upload


def _check_upload(
    data: bytes,
    person: domain.Person,
    version: int,
    document: bytes,
    kept: bytes | None,
) -> tuple[sign.Report, sign.SignatureReport]:
    """The verification report of an uploaded container and the caller's signature in it;
    Refused with the first reason it cannot acknowledge the version."""
    if not data:
        raise Refused("empty", "send the signed .asice container as the request body")
    with slot():
        try:
            report = sign.verify(data)
        except sign.ContainerError as e:
            raise Refused(
                "not_container", f"not a readable ASiC-E container: {e}", str(e)
            ) from None
    if not report.signatures:
        raise Refused("unsigned", "the container has no signatures: sign it in DigiDoc4 first")
    for s in report.signatures:
        if not s.valid:
            who = s.signer or "?"
            why = "; ".join(s.reasons)
            raise Refused("invalid", f"the signature of {who} is not valid: {why}", who, why)
    # The files of the container of record (its DOCX and PDF/A), else the one DOCX of record.
    record_files = [f.content for f in sign.read_container(kept).data_files] if kept else []
    wanted = sorted(hashlib.sha256(c).hexdigest() for c in record_files or [document])
    files = sign.read_container(data).data_files
    if sorted(hashlib.sha256(f.content).hexdigest() for f in files) != wanted:
        names = ", ".join(f.name for f in files)
        raise Refused(
            "different",
            f"the container holds {names}, not the document of version {version}: "
            f"download this version's .asice and sign that",
            names,
            str(version),
        )
    if kept is not None:
        present = signatures_of(data)
        dropped = [who for value, who in signatures_of(kept).items() if value not in present]
        if dropped:
            who = ", ".join(dropped)
            raise Refused(
                "dropped",
                f"the container lacks the signatures already on this version ({who}): "
                "download the .asice again and sign that",
                who,
            )
    if person.personal_code is None:
        raise Refused(
            "no_code",
            "your personal code is not in the registry, so no signature can be matched to you: "
            "ask HR to add it",
            field="personal_code",
        )
    mine = next((s for s in report.signatures if s.personal_code == person.personal_code), None)
    if mine is None:
        who = ", ".join(f"{s.signer} ({s.personal_code or '-'})" for s in report.signatures)
        raise Refused(
            "not_yours",
            f"no signature of yours (personal code {person.personal_code}) is in the "
            f"container; it is signed by {who}",
            who,
        )
    return report, mine


def by_signed_container(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    version: int,
    data: bytes,
    now: dt.datetime | None = None,
) -> tuple[SignedAcknowledgement, bool]:
    """The caller's acknowledgement of the version in force of their position by a container
    they signed elsewhere (DigiDoc4) and upload: every signature in it valid, its one data file
    the version's DOCX of record, the signatures already kept on the version still there, and
    one signature with the caller's personal code. Records the acknowledgement (method
    "signature"; the first one is answered when there is one: False) and keeps the upload as
    the container of record when it adds signatures to it."""
    now = now or dt.datetime.now(dt.UTC)
    snap, d, person = acknowledgements.own_in_force(
        ws, caller, municipality, position, version, now
    )
    kept = records.stored(ws, snap.id, position, d.version)
    document = records.docx_of_record(ws, snap, d)
    report, mine = _check_upload(data, person, d.version, document, kept)
    extends = kept is None or len(signatures_of(data)) > len(signatures_of(kept))
    signer = mine.signer or "?"
    with ws.sessions() as session, session.begin():
        made, new = acknowledgements.add(
            session, caller.name, snap.id, person.id, position, d.version, document, SIGNATURE, now
        )
        stored = extends and _keep_extended(
            session, caller.name, snap.id, position, d.version, data, kept, now
        )
        if stored:
            change = {
                "signer": signer,
                "personal_code": mine.personal_code,
                "sha256": containers.sha256(data),
                "uploaded": True,
            }
            key = f"{position}/v{d.version}"
            record(
                session, caller.name, snap.id, [Change("signature", key, "sign", None, change)], now
            )
    out = SignedAcknowledgement(
        acknowledgement=made, signer=signer, container_stored=stored, report=report
    )
    return out, new


def _keep_extended(
    session: Session,
    actor: str,
    municipality: str,
    position: str,
    version: int,
    container: bytes,
    base: bytes | None,
    now: dt.datetime,
) -> bool:
    """Make `container` the version's container of record in place of `base` (what was kept
    when the upload was checked; None: nothing), unless another change came in between."""
    if base is None:
        return containers.keep_first(session, municipality, position, version, container, now)
    return containers.swap(
        session, municipality, position, version, containers.sha256(base), container, now
    )
