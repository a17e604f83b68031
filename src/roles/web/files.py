"""Registry files (upload with errors by path, export) and the import of legacy documents.

Both are use cases of `roles.services` (registry_files, imports): the registry is checked
whole before anything is stored, and the change is in the audit log. Here they get their
form, and their errors words in the page's language beside the file field.
"""

from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.services import imports, registry_files
from roles.services.errors import Invalid, Refused
from roles.web.page import LoggedIn, Page, see_other

MAX_BYTES = registry_files.MAX_BYTES


def _refused(page: Page, e: Refused) -> str:
    """A refused file in the page's words (phrases `file_<code>`)."""
    return page.t(f"file_{e.code}", *e.values)


class FilePages(Controller):
    path = "/m/{municipality:str}"
    include_in_schema = False

    @get("/registry", sync_to_thread=True)
    def registry_page(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap = registry_files.full(page.ws, page.me, municipality)
        return page.render(
            "registry.html", municipality=snap.registry.municipality, problems=[], file_error=None
        )

    @get("/registry/{name:str}", sync_to_thread=True)
    def export(
        self, page: LoggedIn, municipality: FromPath[str], name: FromPath[str]
    ) -> Response[bytes]:
        """The registry as a file: …/registry/ID.yaml or …/registry/ID.json."""
        data = registry_files.export(page.ws, page.me, municipality, name)
        media = "application/json" if name.endswith(".json") else "application/yaml"
        return Response(
            data,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @post("/registry")
    async def upload_registry(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        upload = (await page.form(MAX_BYTES)).file()
        problems: list[domain.Problem] = []
        file_error = None
        try:
            await sync_to_thread(
                registry_files.replace, page.ws, page.me, municipality, upload.name, upload.data
            )
        except Refused as e:
            file_error = _refused(page, e)
        except Invalid as e:
            problems = e.problems
        if problems or file_error:
            return await sync_to_thread(_registry_again, page, municipality, problems, file_error)
        return see_other(f"/m/{municipality}/registry?done=registry_loaded")

    # --- import of a legacy document ------------------------------------------------------

    @get("/import", sync_to_thread=True)
    def import_page(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        snap = registry_files.full(page.ws, page.me, municipality)
        return page.render(
            "import.html",
            municipality=snap.registry.municipality,
            result=None,
            file_error=None,
            text="",
        )

    @post("/import")
    async def import_preview(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        """Read an uploaded file (or the corrected text sent back) and show the draft beside it;
        with `save`, store the draft and open it in the editor."""
        form = await page.form(MAX_BYTES)
        upload, text = form.file(), form.get("text")
        try:
            preview = await sync_to_thread(
                imports.preview, page.ws, page.me, municipality, upload.name, upload.data, text
            )
        except Refused as e:
            return await sync_to_thread(
                _import_again, page, municipality, None, _refused(page, e), text, 422
            )
        file_error = None
        if form.get("op") == "save":
            try:
                await sync_to_thread(imports.save, page.ws, page.me, preview)
            except Invalid as e:
                file_error = e.message
            else:
                return see_other(
                    f"/m/{municipality}/positions/{preview.position.id}/versions/"
                    f"{preview.draft.version}/edit?done=imported"
                )
        return await sync_to_thread(
            _import_again, page, municipality, preview, file_error, preview.text, 200
        )


def _registry_again(
    page: Page, municipality: str, problems: list[domain.Problem], file_error: str | None
) -> Response[str]:
    snap = registry_files.full(page.ws, page.me, municipality)
    return page.render(
        "registry.html",
        status_code=422,
        municipality=snap.registry.municipality,
        problems=problems,
        file_error=file_error,
    )


def _import_again(
    page: Page,
    municipality: str,
    preview: imports.Preview | None,
    file_error: str | None,
    text: str,
    status: int,
) -> Response[str]:
    snap = registry_files.full(page.ws, page.me, municipality)
    result = None
    if preview is not None:
        result = {
            "position": preview.position,
            "draft": preview.draft,
            "created": preview.outcome.created,
            "unsure": preview.outcome.accounting.unsure(),
            "notes": preview.outcome.notes,
            "exists": preview.exists,
        }
    return page.render(
        "import.html",
        status_code=status,
        municipality=snap.registry.municipality,
        result=result,
        file_error=file_error,
        text=text,
    )
