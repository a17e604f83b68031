"""Registry files (upload with errors by path, export) and the import of legacy documents.

Both are use cases of `roles.services` (registry_files, imports): the registry is checked
whole before anything is stored, and the change is in the audit log. Here they get their
form, and their errors words in the page's language beside the file field.
"""

import base64
import binascii
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.domain.messages import describe
from roles.services import imports, registry_files
from roles.services.errors import Conflict, Invalid, Refused, Stale
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

    @post("/registry", request_max_body_size=MAX_BYTES + 2**20)  # + the multipart wrapping
    async def upload_registry(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        """Two steps: an uploaded file is checked and compared (nothing written: the page shows
        what would change); the confirm, carrying the file and the revision it was compared
        with, replaces the municipality, unless it changed in between."""
        form = await page.form(MAX_BYTES)
        problems: list[domain.Problem] = []
        file_error = None
        if form.get("op") == "confirm":
            name, data = form.get("name"), _unpacked(form.get("content"))
            try:
                await sync_to_thread(
                    registry_files.replace,
                    page.ws,
                    page.me,
                    municipality,
                    name,
                    data,
                    "load",
                    int(form.get("revision") or -1),
                )
                return see_other(f"/m/{municipality}/registry?done=registry_loaded")
            except Stale:  # changed since the preview: show the preview anew
                file_error = page.t("registry_changed_meanwhile")
            except Refused as e:
                file_error = _refused(page, e)
            except Invalid as e:
                problems = e.problems
        else:
            upload = form.file()
            name, data = upload.name, upload.data
        if problems or (file_error and form.get("op") != "confirm"):
            return await sync_to_thread(_registry_again, page, municipality, problems, file_error)
        try:
            shown = await sync_to_thread(
                registry_files.preview, page.ws, page.me, municipality, name, data
            )
        except Refused as e:
            return await sync_to_thread(_registry_again, page, municipality, [], _refused(page, e))
        except Invalid as e:
            return await sync_to_thread(_registry_again, page, municipality, e.problems, None)
        return await sync_to_thread(
            _registry_preview, page, municipality, shown, name, data, file_error
        )

    # --- import of legacy documents: upload, then a review queue ---------------------------

    @get("/import", sync_to_thread=True)
    def import_page(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return _import_page(page, municipality, [], None, 200)

    @post("/import", request_max_body_size=imports.MAX_UPLOAD_BYTES + 2**20)
    async def import_upload(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        """Several files or a zip: the readable documents become the review queue; the ones
        that could not be read are listed with their reason."""
        form = await page.form(imports.MAX_UPLOAD_BYTES)
        uploads = [(u.name, u.data) for u in form.uploads.get("files", [])]
        try:
            failed = await sync_to_thread(imports.enqueue, page.ws, page.me, municipality, uploads)
        except Refused as e:
            return await sync_to_thread(
                _import_page, page, municipality, [], _refused(page, e), 422
            )
        return await sync_to_thread(_import_page, page, municipality, failed, None, 200)

    @post("/import/{item:int}")
    async def import_decide(
        self, page: LoggedIn, municipality: FromPath[str], item: FromPath[int]
    ) -> Response[Any]:
        """accept / replace / keep / skip / edit (accept, then open the draft in the editor)."""
        op = (await page.form()).get("op")
        try:
            stored = await sync_to_thread(
                imports.decide,
                page.ws,
                page.me,
                municipality,
                item,
                "accept" if op == "edit" else op,
            )
        except Conflict:  # decided in another tab, or a draft appeared: show the queue as it is
            return see_other(f"/m/{municipality}/import?done=import_changed")
        if stored is not None and op == "edit":
            position, version = stored
            return see_other(
                f"/m/{municipality}/positions/{position}/versions/{version}/edit?done=imported"
            )
        done = "import_skipped" if stored is None else "import_accepted"
        return see_other(f"/m/{municipality}/import?done={done}")


def _registry_again(
    page: Page, municipality: str, problems: list[domain.Problem], file_error: str | None
) -> Response[str]:
    snap = registry_files.full(page.ws, page.me, municipality)
    return page.render(
        "registry.html",
        status_code=422,
        municipality=snap.registry.municipality,
        problems=[(p.path, describe(p, page.lang)) for p in problems],
        file_error=file_error,
    )


PREVIEW_LINES = 300  # changes listed one by one; the counts cover the rest


def _registry_preview(
    page: Page,
    municipality: str,
    shown: registry_files.Preview,
    name: str,
    data: bytes,
    notice: str | None,
) -> Response[str]:
    snap = registry_files.full(page.ws, page.me, municipality)
    differences = shown.differences
    return page.render(
        "registry.html",
        municipality=snap.registry.municipality,
        problems=[],
        file_error=None,
        notice=notice,
        preview={
            "name": name,
            "content": base64.b64encode(data).decode(),
            "revision": shown.revision,
            "lines": [d.message(page.lang) for d in differences[:PREVIEW_LINES]],
            "more": max(0, len(differences) - PREVIEW_LINES),
            "total": len(differences),
        },
    )


def _unpacked(content: str) -> bytes:
    """The file a confirm carries back (base64); nothing when it is not base64."""
    try:
        return base64.b64decode(content, validate=True)
    except (ValueError, binascii.Error):
        return b""


def _import_page(
    page: Page,
    municipality: str,
    failed: list[imports.Failed],
    file_error: str | None,
    status: int,
) -> Response[str]:
    snap = registry_files.full(page.ws, page.me, municipality)
    review = imports.review(page.ws, page.me, municipality)
    return page.render(
        "import.html",
        status_code=status,
        municipality=snap.registry.municipality,
        review=review,
        failed=[(f.name, f.error.message(page.lang)) for f in failed],
        file_error=file_error,
        max_files=imports.MAX_UPLOAD_FILES,
        max_mb=imports.MAX_UPLOAD_BYTES // 2**20,
    )
