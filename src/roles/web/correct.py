"""The one way a correction form is shown, posted and answered.

A form page (`edit.html`) shows a `Sheet`: its fields with the stored values, the ETag of what
was shown in a hidden field, and any removals (buttons marked `data-confirm`, each its own
little form with the same ETag). Posting runs `submit`: the form is read, the change is made
through a service, and the answer is 303 to where the person goes next — or the same form
again with everything typed kept and each message beside its field: 422 for wrong values, 409
when someone changed the thing meanwhile (the stored values are shown beside the typed ones,
and the form carries the new ETag, so saving again keeps what was typed).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Response
from litestar.concurrency import sync_to_thread

from roles.services import errors, sendings
from roles.web import problems
from roles.web.fields import Field, Reader, fill
from roles.web.forms import Form
from roles.web.page import Page, see_other


@dataclass
class Removal:
    action: str
    label: str
    question: str  # what data-confirm asks
    etag: str | None = None


@dataclass
class Sheet:
    """A form page: heading, fields, where it posts, what it may remove."""

    title: str
    action: str
    fields: list[Field]
    etag: str | None = None
    back: tuple[str, str] | None = None  # (link, label)
    submit: str = ""  # the save button's label; "" = "Save"
    removals: list[Removal] = field(default_factory=list)
    intro: str | None = None
    side: str | None = None  # a template included below the form (lists, where used)
    extra: dict[str, Any] = field(default_factory=dict)


def show(
    page: Page,
    sheet: Sheet,
    *,
    values: dict[str, Any] | None = None,
    errors_: dict[str, str] | None = None,
    stale: bool = False,
    status_code: int = 200,
) -> Response[str]:
    """The form page; with `values` the typed ones shown instead of the stored."""
    shown = errors_ or {}
    if values and not stale and values.get("_etag"):
        sheet.etag = str(values["_etag"])  # what the person saw, not what is stored now
    stored = [(f.label, _shown_value(f)) for f in sheet.fields] if stale else []
    fill(sheet.fields, values or {}, shown)
    return page.render(
        "edit.html",
        status_code=status_code,
        sheet=sheet,
        message=shown.get(problems.FORM),
        stale=stale,
        stored=stored,
    )


def _shown_value(f: Field) -> str:
    if f.kind == "select":
        return next((label for value, label in f.options if value == f.value), f.value)
    if f.kind == "checkbox":
        return "✓" if f.value in ("1", "on", "true") else "–"
    return f.value


Change = Callable[[], Any]
# (snapshot, typed values, messages by field, stale, status) → the page shown again
Again = Callable[[Any, dict[str, Any], dict[str, str], bool, int], Response[Any]]


def sheet_again(page: Page, sheet_of: Callable[[Any], Sheet]) -> Again:
    """How a `Sheet` form is shown again."""

    def again(
        snap: Any, values: dict[str, Any], said: dict[str, str], stale: bool, status: int
    ) -> Response[Any]:
        return show(
            page, sheet_of(snap), values=values, errors_=said, stale=stale, status_code=status
        )

    return again


def sheet_names(sheet_of: Callable[[Any], Sheet]) -> Callable[[Any], list[str]]:
    return lambda snap: [f.name for f in sheet_of(snap).fields]


async def submit(
    page: Page,
    sheet_of: Callable[[Any], Sheet],
    snapshot: Callable[[], Any],
    parse: Callable[[Reader, Any], Change | None],
    done: Callable[[Any], str],
) -> Response[Any]:
    """Read the form, make the change `parse` answers, and answer 303 to `done(result)` — or
    the form again, typed values kept, messages beside the fields (never a 500)."""
    return await answer(
        page, sheet_again(page, sheet_of), sheet_names(sheet_of), snapshot, parse, done
    )


async def answer(
    page: Page,
    again: Again,
    names: Callable[[Any], list[str]],
    snapshot: Callable[[], Any],
    parse: Callable[[Reader, Any], Change | None],
    done: Callable[[Any], str],
) -> Response[Any]:
    """`submit` for any page: `again` shows it again, `names` are its fields."""
    form = await page.form()
    try:
        return await sync_to_thread(_answer, page, form, again, names, snapshot, parse, done)
    except errors.NotFound:
        return await sync_to_thread(_gone, page, form)


def _gone(page: Page, form: Form) -> Response[str]:
    """What the form edits was removed meanwhile (another tab, a colleague): nothing to save
    it to, but what was typed is shown to copy, never thrown away."""
    typed = "\n\n".join(
        v.strip() for k, v in form.values().items() if not k.startswith("_") and v.strip()
    )
    message = page.t("gone_meanwhile")
    return page.render("error.html", 404, status=404, message=message, typed=typed)


def _answer(
    page: Page,
    form: Form,
    again: Again,
    names: Callable[[Any], list[str]],
    snapshot: Callable[[], Any],
    parse: Callable[[Reader, Any], Change | None],
    done: Callable[[Any], str],
) -> Response[Any]:
    snap = snapshot()
    reader = Reader(form, page.t)
    values: dict[str, Any] = form.values()
    values.pop("_csrf", None)
    once = sendings.key(page.me, values.pop(sendings.FIELD, ""), form.fields)
    action = parse(reader, snap)
    if reader.errors or action is None:
        return again(snap, values, reader.errors, False, 422)
    repeat = sendings.repeat(page.ws, once)
    if repeat is not None:  # the same form sent again (a double click, a reload)
        if repeat.url is not None:
            return see_other(repeat.url)
        return again(snapshot(), values, {problems.FORM: page.t("fix_sent_twice")}, False, 409)
    try:
        return see_other(sendings.make(page.ws, once, lambda: done(action())))
    except (errors.Stale, errors.PreconditionRequired):
        typed = {k: v for k, v in values.items() if k != "_etag"}
        return again(snapshot(), typed, {problems.FORM: page.t("fix_stale")}, True, 409)
    except (errors.Invalid, errors.Conflict) as e:
        fresh = snapshot()
        said = problems.refusal(e, page.lang, fresh, names(fresh), page.t)
        return again(fresh, values, said, False, 422)
