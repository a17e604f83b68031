"""Containers of record: the ASiC-E container that *is* an approved version, kept in
`document_containers`: its DOCX and the PDF/A of it, sealed with its agency's (else its
municipality's) e-seal when the version is approved or, failing that, on first use; or the
container the approver signed ("KINNITAN") when the version was approved by their signature.
Every download and every new signature starts from it, and each finished signature replaces
it with the grown container (store.containers.swap).
"""

import datetime as dt
import logging

from roles import domain, render, sign
from roles.domain import JobDescriptionStatus as Status
from roles.services import eseal
from roles.services.errors import RenderFailed
from roles.services.snapshot import Snapshot
from roles.services.workspace import Workspace
from roles.store import containers

log = logging.getLogger("roles.services.records")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def stored(ws: Workspace, municipality: str, position: str, version: int) -> bytes | None:
    """The container of record of a version, when one is kept."""
    with ws.sessions() as session:
        return containers.stored(session, municipality, position, version)


def docx(ws: Workspace, snap: Snapshot, d: domain.JobDescription) -> tuple[str, bytes]:
    """The version rendered now: its file name and DOCX bytes (deterministic)."""
    name = render.file_name(snap.registry, d.position, d.version)
    data = render.render_docx(
        snap.registry, d.position, d.version, templates_dir=ws.options.templates_dir
    )
    return name, data


def files_of_record(name: str, docx_data: bytes) -> list[tuple[str, bytes, str]]:
    """What a container of record holds: the DOCX and its PDF/A-2b, whose appearance is fixed
    (a DOCX looks as the reader's word processor draws it). RenderFailed without LibreOffice."""
    try:
        pdf = render.pdf_from_docx(docx_data, name)
    except render.RenderError as e:
        raise RenderFailed(f"the PDF/A could not be made: {e}") from None
    return [(name, docx_data, DOCX), (name.removesuffix(".docx") + ".pdf", pdf, PDF)]


def has_signature(container: bytes) -> bool:
    """Does the container hold at least one signature (a download is "signed" only then)?"""
    try:
        return bool(sign.read_container(container).signatures)
    except sign.ContainerError:
        return False


def data_file(container: bytes, suffix: str) -> bytes | None:
    """The first data file of a container whose name ends with `suffix`."""
    try:
        files = sign.read_container(container).data_files
    except sign.ContainerError:
        return None
    return next((f.content for f in files if f.name.endswith(suffix)), None)


def docx_of_record(ws: Workspace, snap: Snapshot, d: domain.JobDescription) -> bytes:
    """The DOCX a version is: the one in its container of record, else rendered now (the
    renderer is deterministic, so the same registry gives the same bytes)."""
    kept = stored(ws, snap.id, d.position, d.version)
    if kept is not None:
        found = data_file(kept, ".docx")
        if found is not None:
            return found
    return docx(ws, snap, d)[1]


def keep(ws: Workspace, municipality: str, position: str, version: int, container: bytes) -> bytes:
    """Keep a version's first container of record; the one already kept wins a race."""
    with ws.sessions() as session, session.begin():
        kept = containers.keep_first(
            session, municipality, position, version, container, dt.datetime.now(dt.UTC)
        )
    if kept:
        return container
    found = stored(ws, municipality, position, version)
    assert found is not None
    return found


def base(ws: Workspace, snap: Snapshot, d: domain.JobDescription) -> bytes:
    """What a download or a new signature starts from: the container of record; else a new
    one, sealed with the document's own seal and kept (approved and superseded versions only:
    a draft is never sealed), unsigned when its agency and municipality have no seal."""
    kept = stored(ws, snap.id, d.position, d.version)
    if kept is not None:
        return kept
    name, data = docx(ws, snap, d)
    seal = eseal.seal_of(ws.options, snap, d.position)
    if d.status is Status.DRAFT or seal is None:
        return sign.make_container([(name, data, DOCX)])
    sealed = eseal.sealed(seal, files_of_record(name, data))
    return keep(ws, snap.id, d.position, d.version, sealed)


def seal_approved(ws: Workspace, municipality: str, position: str, version: int) -> None:
    """After approval: seal the rendered DOCX and its PDF/A with the document's own seal and
    keep them as the container of record. Nothing without a seal, or when a container is kept
    already (the approver's signed one). The approval stands if sealing fails (logged); the
    first download seals it then."""
    try:
        snap = ws.require(municipality)
        d = snap.version(position, version)
        seal = eseal.seal_of(ws.options, snap, position)
        if d is None or seal is None or stored(ws, municipality, position, version) is not None:
            return
        name, data = docx(ws, snap, d)
        keep(ws, municipality, position, version, eseal.sealed(seal, files_of_record(name, data)))
    except Exception:  # sealing is a follow-up of the approval, never its failure
        log.exception("sealing %s/%s v%s failed after approval", municipality, position, version)
