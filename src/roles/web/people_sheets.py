"""The forms of the people pages: a person (with their assignments and absences beside), an
assignment, an absence."""

from roles import domain
from roles.services.errors import not_found
from roles.services.preconditions import etag
from roles.services.snapshot import Snapshot
from roles.web.correct import Removal, Sheet
from roles.web.fields import Field
from roles.web.page import Page

KINDS = [k.value for k in domain.AbsenceKind]


def person_sheet(page: Page, snap: Snapshot, p: domain.Person | None, hr: bool) -> Sheet:
    mid = snap.id
    back = (f"/m/{mid}/people", page.t("fix_people"))
    if p is None:
        fields = [
            Field("name", page.t("fix_name"), required=True),
            Field("personal_code", page.t("fix_personal_code"), hint=page.t("fix_optional")),
        ]
        return Sheet(page.t("fix_new_person"), f"/m/{mid}/people/new", fields, back=back)
    base = f"/m/{mid}/people/{p.id}"
    fields = (
        [
            Field("name", page.t("fix_name"), value=p.name, required=True),
            Field(
                "personal_code",
                page.t("fix_personal_code"),
                value=p.personal_code or "",
                hint=page.t("fix_optional"),
            ),
        ]
        if hr
        else []
    )
    removals = (
        [
            Removal(
                f"{base}/delete",
                page.t("fix_delete_person"),
                page.t("fix_confirm_remove", p.name),
                etag(p),
            )
        ]
        if hr and not p.assignments
        else []
    )
    titles = {x.id: x.title for x in snap.registry.positions}
    return Sheet(
        title=p.name,
        action=base,
        fields=fields,
        etag=etag(p),
        back=back,
        removals=removals,
        side="_person_side.html",
        extra={"base": base, "person": p, "hr": hr, "titles": titles},
    )


def assignment_sheet(page: Page, snap: Snapshot, p: domain.Person, n: int | None) -> Sheet:
    base = f"/m/{snap.id}/people/{p.id}/assignments"
    a = None
    if n is not None:
        if not 0 <= n < len(p.assignments):
            raise not_found("assignment", f"{p.id}/{n}")
        a = p.assignments[n]
    positions = sorted(snap.registry.positions, key=lambda x: x.title.casefold())
    units = snap.units
    fields = [
        Field(
            "position",
            page.t("position"),
            "select",
            value=a.position if a else "",
            options=[
                ("", page.t("fix_choose")),
                *(
                    (x.id, f"{x.title} ({units[x.unit].name})")
                    for x in positions
                    if x.unit in units
                ),
            ],
            required=True,
        ),
        Field(
            "from",
            page.t("range_from"),
            "date",
            value=a.start.isoformat() if a else "",
            required=True,
        ),
        Field(
            "to",
            page.t("range_to"),
            "date",
            value=a.end.isoformat() if a and a.end else "",
            hint=page.t("fix_open_end"),
        ),
    ]
    back = (f"/m/{snap.id}/people/{p.id}", p.name)
    if a is None or n is None:
        return Sheet(page.t("fix_new_assignment", p.name), f"{base}/new", fields, back=back)
    title = snap.positions[a.position].title if a.position in snap.positions else a.position
    return Sheet(
        title=page.t("fix_edit_assignment", p.name, title),
        action=f"{base}/{n}",
        fields=fields,
        etag=etag(a),
        back=back,
        intro=page.t("fix_end_assignment_hint"),
        removals=[
            Removal(
                f"{base}/{n}/delete",
                page.t("fix_delete_assignment"),
                page.t("fix_confirm_delete_assignment", p.name, title),
                etag(a),
            )
        ],
    )


def absence_sheet(page: Page, snap: Snapshot, p: domain.Person, n: int | None) -> Sheet:
    base = f"/m/{snap.id}/people/{p.id}/absences"
    a = None
    if n is not None:
        if not 0 <= n < len(p.absences):
            raise not_found("absence", f"{p.id}/{n}")
        a = p.absences[n]
    fields = [
        Field(
            "from",
            page.t("range_from"),
            "date",
            value=a.start.isoformat() if a else "",
            required=True,
        ),
        Field(
            "to", page.t("range_to"), "date", value=a.end.isoformat() if a else "", required=True
        ),
        Field(
            "kind",
            page.t("kind"),
            "select",
            value=a.kind.value if a else domain.AbsenceKind.VACATION.value,
            options=[(k, page.t(k)) for k in KINDS],
            required=True,
        ),
    ]
    back = (f"/m/{snap.id}/people/{p.id}", p.name)
    if a is None or n is None:
        return Sheet(page.t("fix_new_absence", p.name), f"{base}/new", fields, back=back)
    return Sheet(
        title=page.t("fix_edit_absence", p.name),
        action=f"{base}/{n}",
        fields=fields,
        etag=etag(a),
        back=back,
        removals=[
            Removal(
                f"{base}/{n}/delete",
                page.t("fix_delete_absence"),
                page.t("fix_confirm_delete_absence", p.name, page.day(a.start), page.day(a.end)),
                etag(a),
            )
        ],
    )
