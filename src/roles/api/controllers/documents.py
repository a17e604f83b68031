"""Job-description documents: …/versions/{version}/document.docx and …/document.pdf.

Rendering (roles.render) runs in the thread pool; the answer carries the content type and a
download file name.
"""

from litestar import Controller, Response, get
from litestar.params import FromPath

from roles.api.controllers._http import WS, Me, download
from roles.api.controllers.descriptions import VERSIONS
from roles.api.errors import READ, RenderFailed
from roles.services import documents
from roles.services.documents import DOCX, PDF


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
        return download(documents.docx(ws, caller, municipality, position, version))

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
        return download(documents.pdf(ws, caller, municipality, position, version))
