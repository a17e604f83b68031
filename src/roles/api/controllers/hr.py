"""Excel in and out and the staff establishment over the API.

Import is two steps, like the page: POST the workbook to `…/sheets/preview` (the changes and
the `revision` they were read against), then POST the same workbook to `…/sheets/import` with
`?revision=` from the preview; 412 (Stale) when the municipality changed in between. Errors
are 422 with one problem per cell (`path`: "Puudumised!C7"), in `?language=` (et by default).
"""

import datetime as dt
from typing import Annotated, Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter

from roles import domain
from roles.api.controllers._http import WS, Me, download
from roles.api.errors import CREATE, READ, WRITE
from roles.api.errors import Invalid as InvalidResponse
from roles.services import establishments, spreadsheets
from roles.services.documents import Download
from roles.services.errors import Invalid, NotFound
from roles.services.establishments import AgencyEstablishment
from roles.services.spreadsheets import Preview
from roles.sheets import Mode

Language = Annotated[str, QueryParameter(pattern="^(et|en)$", description="et or en")]
SheetMode = Annotated[
    str,
    QueryParameter(
        pattern="^(merge|replace)$",
        description="merge: add and update, remove nothing; replace: each sheet replaces its part",
    ),
]


async def _body(request: Request[Any, Any, Any]) -> bytes:
    data = await request.body()
    if len(data) > spreadsheets.MAX_BYTES:
        raise Invalid([domain.Problem("body", f"larger than {spreadsheets.MAX_BYTES} bytes")])
    if not data:
        raise Invalid([domain.Problem("body", "send the .xlsx workbook as the request body")])
    return data


class SheetController(Controller):
    path = "/api/municipalities/{municipality:str}/sheets"
    tags = ("sheets",)

    @get("/{name:str}", sync_to_thread=True, raises=READ)
    def workbook(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        name: FromPath[str],
        language: Language = "et",
    ) -> Response[bytes]:
        """`export.xlsx`: positions, people and absences; `template.xlsx`: the same, empty."""
        kinds = {"export.xlsx": spreadsheets.export, "template.xlsx": spreadsheets.template}
        if name not in kinds:
            raise NotFound(f"no workbook {name!r}: export.xlsx or template.xlsx")
        data = kinds[name](ws, caller, municipality, language)
        return download(Download(data, f"{municipality}-{name}", spreadsheets.MEDIA_TYPE))

    @post("/preview", raises=CREATE, status_code=200)
    async def preview(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        request: Request[Any, Any, Any],
        language: Language = "et",
        mode: SheetMode = "merge",
    ) -> Preview:
        """What the workbook (the raw request body) would change; nothing is written."""
        data = await _body(request)
        return await anyio.to_thread.run_sync(
            spreadsheets.preview, ws, caller, municipality, data, language, Mode(mode)
        )

    @post("/import", raises=WRITE, status_code=200)
    async def apply(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        request: Request[Any, Any, Any],
        revision: Annotated[int, QueryParameter(ge=0, description="from the preview")],
        language: Language = "et",
        mode: SheetMode = "merge",
    ) -> Preview:
        """Write what the workbook changes, all or nothing, if the municipality is still at
        `revision` (412 otherwise: preview again)."""
        data = await _body(request)
        return await anyio.to_thread.run_sync(
            spreadsheets.apply, ws, caller, municipality, data, revision, language, Mode(mode)
        )


class EstablishmentController(Controller):
    path = "/api/municipalities/{municipality:str}/establishments"
    tags = ("establishments",)

    @get("/", sync_to_thread=True, raises=READ)
    def listing(self, ws: WS, caller: Me, municipality: FromPath[str]) -> list[AgencyEstablishment]:
        """Every agency you see with its staff establishment's versions."""
        return establishments.listing(ws, caller, municipality)

    @get("/{name:str}", sync_to_thread=True, raises=[*READ, InvalidResponse])
    def document(
        self,
        ws: WS,
        caller: Me,
        municipality: FromPath[str],
        name: FromPath[str],
        on: Annotated[str | None, QueryParameter(description="YYYY-MM-DD [today]")] = None,
        version: Annotated[int | None, QueryParameter(ge=1)] = None,
        language: Language = "et",
    ) -> Response[bytes]:
        """`AGENCY.docx` or `AGENCY.xlsx`: the list in force on `on`, or `version`; an agency
        without an approved one gets the list made of its positions on that day."""
        agency, _, fmt = name.rpartition(".")
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError:
            raise Invalid([domain.Problem("on", "not a date (YYYY-MM-DD)")]) from None
        found = establishments.document(
            ws, caller, agency, fmt, on=day, version=version, language=language
        )
        return download(found)
