"""Pages of the HR issue (17): Excel in and out with a preview before anything is written, the
staff establishment with its versions and downloads, and each user's mail settings and
calendar feeds ("Mail and calendars").

The confirm step of an import carries the workbook (base64, in the form) and the revision the
preview was read against: when the municipality changed in between, the page says so and shows
the changes again against what is there now.
"""

import base64
import binascii
import datetime as dt
from typing import Any

from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.services import establishments, feeds, mail_preferences, spreadsheets
from roles.services.access import Role
from roles.services.errors import Invalid, NotFound, Stale
from roles.services.views import require_full, visible
from roles.sheets import Mode
from roles.web.page import LoggedIn, Page, see_other

MAX_BYTES = spreadsheets.MAX_BYTES


def _download(data: bytes, name: str, media_type: str) -> Response[bytes]:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _municipality(page: Page, municipality: str) -> domain.Municipality:
    snap, _ = visible(page.ws, page.me, municipality)
    require_full(page.me, snap, "municipality", municipality)
    return snap.registry.municipality


class HrPages(Controller):
    path = "/m/{municipality:str}"
    include_in_schema = False

    # --- Excel -------------------------------------------------------------------------

    @get("/sheets", sync_to_thread=True)
    def sheets_page(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        return _sheets(page, municipality)

    @get("/sheets/{name:str}", sync_to_thread=True)
    def sheets_download(
        self, page: LoggedIn, municipality: FromPath[str], name: FromPath[str]
    ) -> Response[bytes]:
        """…/sheets/export-et.xlsx, export-en.xlsx, template-et.xlsx or template-en.xlsx."""
        kinds = {"export": spreadsheets.export, "template": spreadsheets.template}
        stem, _, rest = name.partition("-")
        language = rest.removesuffix(".xlsx")
        if stem not in kinds or language not in ("et", "en") or not name.endswith(".xlsx"):
            raise NotFound(f"no file {name!r}")
        data = kinds[stem](page.ws, page.me, municipality, language)
        return _download(data, f"{municipality}-{name}", spreadsheets.MEDIA_TYPE)

    @post("/sheets")
    async def sheets_upload(self, page: LoggedIn, municipality: FromPath[str]) -> Response[Any]:
        """op=preview: what the uploaded workbook changes; op=apply: write it, if the
        municipality is still at the revision the preview was read against."""
        form = await page.form(MAX_BYTES)
        mode = Mode.REPLACE if form.get("mode") == "replace" else Mode.MERGE
        if form.get("op") == "apply":
            try:
                data = base64.b64decode(form.get("workbook"), validate=True)
                revision = int(form.get("revision"))
            except (binascii.Error, ValueError):
                return await sync_to_thread(
                    _sheets, page, municipality, None, [], page.t("sheets_resend"), 422
                )
            try:
                await sync_to_thread(
                    spreadsheets.apply,
                    page.ws,
                    page.me,
                    municipality,
                    data,
                    revision,
                    page.lang,
                    mode,
                )
            except Stale:
                return await sync_to_thread(
                    _preview, page, municipality, data, mode, page.t("sheets_stale")
                )
            except Invalid as e:
                return await sync_to_thread(
                    _sheets, page, municipality, None, e.problems, None, 422
                )
            return see_other(f"/m/{municipality}/sheets?done=sheets_applied")
        upload = form.file()
        if not upload.data:  # none chosen, or a file chosen that is empty: say which
            said = page.t("sheets_empty", upload.name) if upload.name else page.t("sheets_choose")
            return await sync_to_thread(_sheets, page, municipality, None, [], said, 422)
        if len(upload.data) > MAX_BYTES:
            return await sync_to_thread(
                _sheets, page, municipality, None, [], page.t("sheets_too_big"), 413
            )
        return await sync_to_thread(_preview, page, municipality, upload.data, mode, None)

    # --- the staff establishment -------------------------------------------------------

    @get("/establishment", sync_to_thread=True)
    def establishment_page(self, page: LoggedIn, municipality: FromPath[str]) -> Response[str]:
        m = _municipality(page, municipality)
        on = _day(page.request.query_params.get("on"))
        agencies = establishments.listing(page.ws, page.me, municipality, on)
        return page.render(
            "establishment.html", municipality=m, agencies=agencies, on=on.isoformat()
        )

    @get("/establishment/{name:str}", sync_to_thread=True)
    def establishment_file(
        self, page: LoggedIn, municipality: FromPath[str], name: FromPath[str]
    ) -> Response[bytes]:
        """…/establishment/AGENCY.docx or .xlsx, ?on=DATE or ?version=N."""
        _municipality(page, municipality)
        agency, _, fmt = name.rpartition(".")
        query = page.request.query_params
        version = query.get("version")
        found = establishments.document(
            page.ws,
            page.me,
            agency,
            fmt,
            on=_day(query.get("on")),
            version=int(version) if version and version.isdigit() else None,
            language=page.lang,
        )
        return _download(found.data, found.name, found.media_type)


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise Invalid([domain.Problem("on", "not a date (YYYY-MM-DD)")]) from None


def _sheets(
    page: Page,
    municipality: str,
    preview: spreadsheets.Preview | None = None,
    problems: list[domain.Problem] | None = None,
    file_error: str | None = None,
    status_code: int = 200,
    workbook: str = "",
    mode: str = "merge",
    notice: str | None = None,
) -> Response[str]:
    return page.render(
        "sheets.html",
        status_code=status_code,
        municipality=_municipality(page, municipality),
        preview=preview,
        problems=problems or [],
        file_error=file_error,
        workbook=workbook,
        mode=mode,
        notice=notice,
    )


def _preview(
    page: Page, municipality: str, data: bytes, mode: Mode, notice: str | None
) -> Response[str]:
    try:
        found = spreadsheets.preview(page.ws, page.me, municipality, data, page.lang, mode)
    except Invalid as e:
        if e.problems and all(p.path == "file" for p in e.problems):
            # the file as a whole (not a workbook): said beside the file field, not as a row
            # of a table whose "place" would read "file"
            said = " ".join(p.message for p in e.problems)
            return _sheets(page, municipality, None, [], said, 422)
        return _sheets(page, municipality, None, e.problems, None, 422)
    return _sheets(
        page,
        municipality,
        found,
        workbook=base64.b64encode(data).decode(),
        mode=str(mode),
        notice=notice,
    )


class SubscriptionPages(Controller):
    """Mail settings and calendar feeds of the logged-in user."""

    path = "/me/subscriptions"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def subscriptions(self, page: LoggedIn) -> Response[str]:
        return _subscriptions(page)

    @post("/mail")
    async def mail(self, page: LoggedIn) -> Response[Any]:
        form = await page.form()
        email = form.get("email").strip()

        def save() -> None:
            with page.ws.sessions() as session, session.begin():
                mail_preferences.set_preferences(
                    session,
                    page.me.name,
                    email=email or None,
                    clear_email=not email,
                    language=form.get("language") or None,
                    digests=form.get("digests") == "on",
                )

        try:
            await sync_to_thread(save)
        except Invalid as e:
            return await sync_to_thread(_subscriptions, page, None, e.problems, 422)
        return see_other("/me/subscriptions?done=mail_saved")

    @post("/feeds")
    async def create_feed(self, page: LoggedIn) -> Response[Any]:
        form = await page.form()
        kind, _, rest = form.get("feed").partition(":")
        municipality, _, subject = rest.partition("/")
        data = feeds.FeedIn(
            kind=kind, municipality=municipality, subject=subject, language=page.lang
        )
        try:
            made = await sync_to_thread(feeds.create, page.ws, page.me, data)
        except (Invalid, NotFound) as e:
            problems = e.problems if isinstance(e, Invalid) else [domain.Problem("feed", e.message)]
            return await sync_to_thread(_subscriptions, page, None, problems, 422)
        base = str(page.request.base_url).rstrip("/")
        return await sync_to_thread(_subscriptions, page, f"{base}/feeds/{made.token}.ics")

    @post("/feeds/{feed:int}/revoke")
    async def revoke_feed(self, page: LoggedIn, feed: FromPath[int]) -> Response[Any]:
        await page.form()
        await sync_to_thread(feeds.revoke, page.ws, page.me, feed)
        return see_other("/me/subscriptions?done=feed_revoked")


def _choices(page: Page) -> list[tuple[str, str]]:
    """The feeds the caller may make: (value, label)."""
    c = page.me
    out: list[tuple[str, str]] = []
    for snap in page.ws.all():
        if c.person and c.person in snap.people:
            out.append((f"person:{snap.id}/{c.person}", page.t("feed_mine")))
        if c.role is Role.MANAGER:
            for m, unit in sorted(c.units):
                if m == snap.id and unit in snap.units:
                    out.append((f"unit:{m}/{unit}", page.t("feed_unit", snap.units[unit].name)))
        elif c.role in (Role.HR, Role.ADMIN) and (
            c.role is Role.ADMIN or snap.id in c.municipalities
        ):
            for u in sorted(snap.registry.units, key=lambda u: u.name):
                out.append((f"unit:{snap.id}/{u.id}", page.t("feed_unit", u.name)))
    return out


def _subscriptions(
    page: Page,
    new_url: str | None = None,
    problems: list[domain.Problem] | None = None,
    status_code: int = 200,
) -> Response[str]:
    with page.ws.sessions() as session:
        prefs = mail_preferences.get(session, page.me.name) if page.me.id is not None else None
    return page.render(
        "subscriptions.html",
        status_code=status_code,
        prefs=prefs,
        feeds=feeds.mine(page.ws, page.me),
        choices=_choices(page),
        new_url=new_url,
        problems=problems or [],
    )
