"""Job-description documents: …/versions/{version}/document.docx and …/document.pdf.

Rendering (roles.render) runs in the thread pool; the answer carries the content type and a
download file name.
"""

from litestar import Controller, Response, get
from litestar.params import FromPath

from roles import render
from roles.api.controllers._http import WS, Me
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import READ, ApiError
from roles.api.services import descriptions

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


class RenderFailed(ApiError):
    status_code = 503


class DocumentController(Controller):
    path = VERSIONS
    tags = ("job descriptions",)

    @get(
        "/{version:int}/document.docx",
        sync_to_thread=True,
        raises=READ,
        media_type=DOCX,
    )
    def docx(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[bytes]:
        """The version as a Word document."""
        snap, found = descriptions.version(ws, caller, municipality, position, version)
        data = render.render_docx(snap.registry, position, found.version)
        return _download(data, render.file_name(snap.registry, position, found.version), DOCX)

    @get(
        "/{version:int}/document.pdf",
        sync_to_thread=True,
        raises=[*READ, RenderFailed],
        media_type=PDF,
    )
    def pdf(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[bytes]:
        """The version as PDF (through LibreOffice)."""
        snap, found = descriptions.version(ws, caller, municipality, position, version)
        try:
            data = render.render_pdf(snap.registry, position, found.version)
        except render.RenderError as e:
            raise RenderFailed(f"the PDF could not be made: {e}") from None
        name = render.file_name(snap.registry, position, found.version, "pdf")
        return _download(data, name, PDF)


def _download(data: bytes, name: str, media_type: str) -> Response[bytes]:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
