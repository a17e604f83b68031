"""Containers of record: the ASiC-E container that *is* an approved version, kept in
`document_containers`. Sealed when the version is approved (with an e-seal configured) or,
failing that, on first use; every download and every new signature starts from it, and each
finished signature replaces it with the grown container (store.containers.swap).
"""

import datetime as dt
import logging

from roles import domain, render, sign
from roles.domain import JobDescriptionStatus as Status
from roles.services import eseal
from roles.services.snapshot import Snapshot
from roles.services.workspace import Workspace
from roles.store import containers

log = logging.getLogger("roles.services.records")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
    one, sealed and kept when an e-seal is configured (approved and superseded versions only:
    a draft is never sealed), unsigned otherwise."""
    kept = stored(ws, snap.id, d.position, d.version)
    if kept is not None:
        return kept
    name, data = docx(ws, snap, d)
    files = [(name, data, DOCX)]
    if d.status is Status.DRAFT or not eseal.configured(ws.options):
        return sign.make_container(files)
    return keep(ws, snap.id, d.position, d.version, eseal.sealed(ws.options, files))


def seal_approved(ws: Workspace, municipality: str, position: str, version: int) -> None:
    """After approval: seal the rendered DOCX and keep it as the container of record, when an
    e-seal is configured. The approval stands if sealing fails (logged); the first download
    seals it then."""
    if not eseal.configured(ws.options):
        return
    try:
        snap = ws.require(municipality)
        d = snap.version(position, version)
        if d is None or stored(ws, municipality, position, version) is not None:
            return
        name, data = docx(ws, snap, d)
        keep(ws, municipality, position, version, eseal.sealed(ws.options, [(name, data, DOCX)]))
    except Exception:  # sealing is a follow-up of the approval, never its failure
        log.exception("sealing %s/%s v%s failed after approval", municipality, position, version)
