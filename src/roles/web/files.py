"""Registry files (upload with errors by path, export) and the import of legacy documents.

Both change a municipality through `Workspace.edit`, the path every API write takes: the
registry is checked whole (`domain.check`) before anything is stored, and the change is in the
audit log.
"""

from pathlib import PurePath
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from roles import domain, importer, registry
from roles.api.access import Caller
from roles.api.errors import Invalid, NotFound
from roles.api.services import common
from roles.api.services.workspace import Change, Edit, Snapshot
from roles.importer import source
from roles.web.base import AnyRequest, CsrfRefused, Page, caller_of, form_of, see_other

MAX_BYTES = 20 * 1024 * 1024
Multipart = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _full(page: Page, municipality: str) -> Snapshot:
    assert page.caller is not None
    snap, _ = common.visible(page.ws, page.caller, municipality)
    common.require_full(page.caller, snap, "municipality", municipality)
    return snap


def _replace(
    page: Page, caller: Caller, municipality: str, new: domain.Registry, what: str
) -> None:
    def change(snap: Snapshot) -> Edit[None]:
        common.require_full(caller, snap, "municipality", municipality)
        return Edit(new, None, [Change("municipality", municipality, what, None, None)])

    page.ws.edit(municipality, caller.name, change)


async def _upload(request: AnyRequest, caller: Caller) -> tuple[str, bytes, dict[str, Any]]:
    form = await request.form()
    sent = str(form.get("_csrf", ""))
    import hmac

    if not caller.csrf or not hmac.compare_digest(sent, caller.csrf):
        raise CsrfRefused("missing or wrong CSRF token")
    upload = form.get("file")
    fields = {k: form.get(k) for k in form if k != "file"}
    if not isinstance(upload, UploadFile):
        return "", b"", fields
    data = await upload.read(MAX_BYTES + 1)
    return PurePath(upload.filename or "").name, data[: MAX_BYTES + 1], fields


class FilePages(Controller):
    path = "/m/{municipality:str}"
    include_in_schema = False

    @get("/registry", sync_to_thread=False)
    def registry_page(self, request: AnyRequest, municipality: FromPath[str]) -> Response[str]:
        page = Page(request, caller_of(request))
        snap = _full(page, municipality)
        return page.render(
            "registry.html", municipality=snap.registry.municipality, problems=[], file_error=None
        )

    @get("/registry/{name:str}", sync_to_thread=True)
    def export(
        self, request: AnyRequest, municipality: FromPath[str], name: FromPath[str]
    ) -> Response[bytes]:
        """The registry as a file: …/registry/ID.yaml or …/registry/ID.json."""
        page = Page(request, caller_of(request))
        snap = _full(page, municipality)
        suffix = name.rpartition(".")[2]
        if name not in (f"{municipality}.yaml", f"{municipality}.json"):
            raise NotFound(f"no export {name!r}")
        media = "application/json" if suffix == "json" else "application/yaml"
        return Response(
            registry.encode(snap.registry, name),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @post("/registry")
    async def upload_registry(
        self, request: AnyRequest, municipality: FromPath[str]
    ) -> Response[Any]:
        caller = caller_of(request)
        page = Page(request, caller)
        name, data, _ = await _upload(request, caller)
        snap = await sync_to_thread(_full, page, municipality)
        problems: list[domain.Problem] = []
        file_error = None
        if not name or not data:
            file_error = page.t("must_fill")
        else:
            try:
                new = registry.decode(data, name, layouts=page.ws.layouts)
            except registry.RegistryError as e:
                problems = list(e.problems)
            else:
                if new.municipality.id != municipality:
                    file_error = page.t("wrong_municipality", new.municipality.id)
                else:
                    try:
                        await sync_to_thread(_replace, page, caller, municipality, new, "load")
                    except Invalid as e:
                        extra: Any = e.extra or []
                        problems = [domain.Problem(x["path"], x["message"]) for x in extra]
        if problems or file_error:
            return page.render(
                "registry.html",
                status_code=422,
                municipality=snap.registry.municipality,
                problems=problems,
                file_error=file_error,
            )
        return see_other(f"/m/{municipality}/registry?done=registry_loaded")

    # --- import of a legacy document ------------------------------------------------------

    @get("/import", sync_to_thread=False)
    def import_page(self, request: AnyRequest, municipality: FromPath[str]) -> Response[str]:
        page = Page(request, caller_of(request))
        snap = _full(page, municipality)
        return page.render(
            "import.html",
            municipality=snap.registry.municipality,
            result=None,
            file_error=None,
            text="",
        )

    @post("/import")
    async def import_preview(
        self, request: AnyRequest, municipality: FromPath[str]
    ) -> Response[Any]:
        """Read an uploaded file (or the corrected text sent back) and show the draft beside it;
        with `save`, store the draft and open it in the editor."""
        caller = caller_of(request)
        page = Page(request, caller)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/"):
            name, data, fields = await _upload(request, caller)
        else:
            fields = await form_of(request, caller)
            name, data = "", b""
        snap = await sync_to_thread(_full, page, municipality)
        text = str(fields.get("text") or "")
        file_error = None
        lines: list[source.Line] = []
        try:
            if name.lower().endswith(".docx") and data:
                lines = await sync_to_thread(source.read_docx, data)
            elif data:
                lines = source.read_text(data.decode("utf-8-sig"))
            elif text.strip():
                lines = source.read_text(text)
            else:
                file_error = page.t("must_fill")
        except Exception as e:  # a broken upload is the user's to fix: say what went wrong
            file_error = page.t("bad_file", type(e).__name__)
        if file_error is not None or not lines:
            return page.render(
                "import.html",
                status_code=422,
                municipality=snap.registry.municipality,
                result=None,
                file_error=file_error or page.t("must_fill"),
                text=text,
            )
        if data:
            text = "\n".join(line.text for line in lines)
        outcome = await sync_to_thread(importer.import_lines, lines, municipality, snap.registry)
        draft = next(
            d
            for d in outcome.registry.job_descriptions
            if d.position == outcome.position and d.status is domain.JobDescriptionStatus.DRAFT
        )
        if fields.get("op") == "save":
            try:
                await sync_to_thread(
                    _replace, page, caller, municipality, outcome.registry, "import"
                )
            except Invalid as e:
                file_error = str(e.detail)
            else:
                return see_other(
                    f"/m/{municipality}/positions/{outcome.position}/versions/"
                    f"{draft.version}/edit?done=imported"
                )
        position = next(p for p in outcome.registry.positions if p.id == outcome.position)
        return page.render(
            "import.html",
            municipality=snap.registry.municipality,
            result={
                "position": position,
                "draft": draft,
                "created": outcome.created,
                "unsure": outcome.accounting.unsure(),
                "notes": outcome.notes,
                "exists": outcome.position in snap.positions,
            },
            file_error=file_error,
            text=text,
        )
