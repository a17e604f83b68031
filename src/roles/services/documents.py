"""A version as a file to download: DOCX, PDF (through the process's warm converter,
`Options.pdf`, else a cold LibreOffice) or its ASiC-E container."""

from dataclasses import dataclass

from roles import domain, render, sign
from roles.domain import JobDescriptionStatus as Status
from roles.services import descriptions, eseal, records
from roles.services.access import Caller
from roles.services.errors import RenderFailed
from roles.services.snapshot import Snapshot
from roles.services.workspace import Workspace

DOCX = records.DOCX
PDF = "application/pdf"
ASICE = "application/vnd.etsi.asic-e+zip"


@dataclass(frozen=True)
class Download:
    data: bytes
    name: str
    media_type: str


def docx(ws: Workspace, caller: Caller, municipality: str, position: str, version: int) -> Download:
    """The version as a Word document."""
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    name, data = records.docx(ws, snap, d)
    return Download(data, name, DOCX)


def pdf(ws: Workspace, caller: Caller, municipality: str, position: str, version: int) -> Download:
    """The version as PDF; RenderFailed when LibreOffice cannot make it."""
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    return Download(_pdf(ws, snap.registry, d.position, d.version), _name(snap, d, "pdf"), PDF)


def container(
    ws: Workspace, caller: Caller, municipality: str, position: str, version: int, with_pdf: bool
) -> Download:
    """The version in an ASiC-E container: its container of record. With `with_pdf`, the DOCX
    and its PDF in a new container (sealed with the document's own seal when it has one, not
    kept: a signed container takes no further data files)."""
    snap, d = descriptions.version(ws, caller, municipality, position, version)
    name = _name(snap, d, "asice")
    if not with_pdf:
        return Download(records.base(ws, snap, d), name, ASICE)
    docx_name, data = records.docx(ws, snap, d)
    files = [
        (docx_name, data, DOCX),
        (_name(snap, d, "pdf"), _pdf(ws, snap.registry, d.position, d.version), PDF),
    ]
    seal = None if d.status is Status.DRAFT else eseal.seal_of(ws.options, snap, d.position)
    made = sign.make_container(files) if seal is None else eseal.sealed(seal, files)
    return Download(made, name, ASICE)


def _name(snap: Snapshot, d: domain.JobDescription, suffix: str) -> str:
    return render.file_name(snap.registry, d.position, d.version, suffix)


def _pdf(ws: Workspace, registry: domain.Registry, position: str, version: int) -> bytes:
    try:
        return render.render_pdf(
            registry,
            position,
            version,
            templates_dir=ws.options.templates_dir,
            converter=ws.options.pdf,
        )
    except render.ConverterBusy as e:  # 503 with Retry-After
        raise RenderFailed(f"the PDF could not be made: {e}", e.retry_after) from None
    except render.RenderError as e:
        raise RenderFailed(f"the PDF could not be made: {e}") from None
