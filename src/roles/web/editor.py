"""The draft editor: sections (reorder, delete), clauses (numbering, text, desired result),
reorder, indent, add from the clause library, requirements (every way to qualify, languages,
licences, skills); approve and discard.

Works without JavaScript: the whole draft is one form. Buttons that reshape it (move, indent,
add, delete, renumber) send the form back and get it re-rendered with the change, unsaved;
"Save" validates and stores it through `descriptions.save_draft` with the ETag the editing
started from (a change by someone else in between is answered with a conflict, not lost).
Messages stand beside the fields they are about.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.params import FromPath

from roles import domain
from roles.api import schemas
from roles.api.access import Caller
from roles.api.errors import Invalid, NotFound
from roles.api.services import common, descriptions, library
from roles.web.base import AnyRequest, Page, caller_of, form_of, see_other

KINDS = [k.value for k in domain.SectionKind]
EDUCATION = [e.value for e in domain.EducationLevel]
CEFR = [c.value for c in domain.CEFR]
MAX_DEPTH = 4
MAX_ALTERNATIVES = 12


@dataclass
class Row:
    depth: int
    ref: str = ""
    text: str = ""
    result: str = ""
    label: str = ""
    field: str = ""
    library: str = ""


@dataclass
class SectionForm:
    kind: str
    title: str = ""
    orig: int = -1  # index of the section in the stored draft; -1 = new
    rows: list[Row] = field(default_factory=list)


@dataclass
class AlternativeForm:
    """One way to qualify (`domain.Qualification`), as its fields hold it."""

    education: str = ""
    studying: bool = False
    field: str = ""
    field_preferred: bool = False
    experience: str = ""
    experience_field: str = ""
    note: str = ""


@dataclass
class RequirementsForm:
    alternatives: list[AlternativeForm] = field(default_factory=list)
    languages: str = ""  # required: "et C1, en B1"
    desired: str = ""  # an advantage, same form
    licences: str = ""
    computer: str = ""
    knowledge: str = ""
    qualities: str = ""


@dataclass
class DraftForm:
    etag: str
    title: str
    sections: list[SectionForm]
    requirements: RequirementsForm


# --- draft ⇄ form ----------------------------------------------------------------------------


def _rows(clauses: list[domain.Clause], depth: int = 0) -> list[Row]:
    out: list[Row] = []
    for c in clauses:
        out.append(
            Row(
                depth=depth,
                ref=c.ref or "",
                text=c.text,
                result=c.result or "",
                label=c.label or "",
                field=c.field.value if c.field else "",
                library=c.library or "",
            )
        )
        out.extend(_rows(c.clauses, depth + 1))
    return out


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def _alternative(q: domain.Qualification) -> AlternativeForm:
    return AlternativeForm(
        education=q.education.value if q.education else "",
        studying=q.studying,
        field=q.field or "",
        field_preferred=q.field_preferred,
        experience="" if q.experience_years is None else str(q.experience_years),
        experience_field=q.experience_field or "",
        note=q.note or "",
    )


def _languages_text(skills: list[domain.LanguageSkill]) -> str:
    return ", ".join(f"{x.language} {x.level.value}" for x in skills)


def to_form(d: domain.JobDescription) -> DraftForm:
    r = d.requirements or domain.Requirements()
    return DraftForm(
        etag=common.etag(d),
        title=d.title or "",
        sections=[
            SectionForm(kind=s.kind.value, title=s.title or "", orig=i, rows=_rows(s.clauses))
            for i, s in enumerate(d.sections)
        ],
        requirements=RequirementsForm(
            # one empty way to qualify to fill in when there is none yet
            alternatives=[_alternative(q) for q in r.alternatives] or [AlternativeForm()],
            languages=_languages_text([x for x in r.languages if not x.desired]),
            desired=_languages_text([x for x in r.languages if x.desired]),
            licences=", ".join(r.licences),
            computer=_lines(r.computer_skills),
            knowledge=_lines(r.knowledge),
            qualities=_lines(r.personal_qualities),
        ),
    )


def from_post(form: dict[str, Any]) -> DraftForm:
    def value(key: str) -> str:
        got = form.get(key, "")
        if isinstance(got, list):
            got = got[0] if got else ""
        return str(got).replace("\r\n", "\n").strip()

    sections: list[SectionForm] = []
    i = 0
    while f"s{i}-kind" in form:
        kind = value(f"s{i}-kind")
        section = SectionForm(
            kind=kind if kind in KINDS else "other",
            title=value(f"s{i}-title"),
            orig=int(value(f"s{i}-orig") or -1),
        )
        k = 0
        while f"s{i}-c{k}-text" in form:
            p = f"s{i}-c{k}-"
            try:
                depth = max(0, min(MAX_DEPTH, int(value(p + "depth") or 0)))
            except ValueError:
                depth = 0
            section.rows.append(
                Row(
                    depth=depth,
                    ref=value(p + "ref"),
                    text=value(p + "text"),
                    result=value(p + "result"),
                    label=value(p + "label"),
                    field=value(p + "field"),
                    library=value(p + "library"),
                )
            )
            k += 1
        sections.append(section)
        i += 1
    try:
        count = max(0, min(MAX_ALTERNATIVES, int(value("req-alts") or 0)))
    except ValueError:
        count = 0
    alternatives = [
        AlternativeForm(
            education=value(f"req-a{j}-education"),
            studying=bool(value(f"req-a{j}-studying")),
            field=value(f"req-a{j}-field"),
            field_preferred=bool(value(f"req-a{j}-field_preferred")),
            experience=value(f"req-a{j}-experience"),
            experience_field=value(f"req-a{j}-experience_field"),
            note=value(f"req-a{j}-note"),
        )
        for j in range(count)
    ]
    return DraftForm(
        etag=value("etag"),
        title=value("title"),
        sections=sections,
        requirements=RequirementsForm(
            alternatives=alternatives,
            languages=value("req-languages"),
            desired=value("req-desired"),
            licences=value("req-licences"),
            computer=value("req-computer"),
            knowledge=value("req-knowledge"),
            qualities=value("req-qualities"),
        ),
    )


def _block(rows: list[Row], k: int) -> int:
    """The index after the clause `k` and its nested clauses."""
    end = k + 1
    while end < len(rows) and rows[end].depth > rows[k].depth:
        end += 1
    return end


def apply(op: str, f: DraftForm, extra: dict[str, Any], lib: dict[str, Any]) -> None:
    """Reshape the form (unsaved) by one button's operation."""
    name, _, where = op.partition(":")
    parts = [int(x) for x in where.split(":") if x.isdigit()]
    if name == "addsec":
        kind = str(extra.get("new-section-kind") or "other")
        f.sections.append(SectionForm(kind=kind if kind in KINDS else "other", rows=[Row(0)]))
        return
    alternatives = f.requirements.alternatives
    if name == "altadd":
        if len(alternatives) < MAX_ALTERNATIVES:
            alternatives.append(AlternativeForm())
        return
    if name == "altdel":
        if parts and parts[0] < len(alternatives):
            del alternatives[parts[0]]
        return
    if not parts or parts[0] >= len(f.sections):
        return
    i = parts[0]
    if name == "secdel":
        del f.sections[i]
        return
    if name == "secup":
        if i > 0:
            f.sections[i - 1], f.sections[i] = f.sections[i], f.sections[i - 1]
        return
    if name == "secdown":
        if i + 1 < len(f.sections):
            f.sections[i], f.sections[i + 1] = f.sections[i + 1], f.sections[i]
        return
    rows = f.sections[parts[0]].rows
    if name == "add":
        rows.append(Row(0))
        return
    if name == "lib":
        chosen = lib.get(str(extra.get(f"s{parts[0]}-library-pick", "")))
        if chosen is not None:
            rows.append(Row(0, text=chosen.text, result=chosen.result or "", library=chosen.id))
        return
    if name == "renumber":
        _renumber(rows)
        return
    if len(parts) < 2 or parts[1] >= len(rows):
        return
    k = parts[1]
    end = _block(rows, k)
    if name == "del":
        del rows[k:end]
    elif name == "in":
        if k > 0 and rows[k - 1].depth >= rows[k].depth and rows[k].depth < MAX_DEPTH:
            for r in rows[k:end]:
                r.depth += 1
    elif name == "out":
        if rows[k].depth > 0:
            for r in rows[k:end]:
                r.depth -= 1
    elif name == "up":
        prev = k - 1
        while prev >= 0 and rows[prev].depth > rows[k].depth:
            prev -= 1
        if prev >= 0 and rows[prev].depth == rows[k].depth:
            rows[prev:end] = rows[k:end] + rows[prev:k]
    elif name == "down" and end < len(rows) and rows[end].depth == rows[k].depth:
        after = _block(rows, end)
        rows[k:after] = rows[end:after] + rows[k:end]


_REF = re.compile(r"^(\d+(?:\.\d+)*)\.?$")


def _renumber(rows: list[Row]) -> None:
    """Number the clauses 1, 1.1, … keeping the section's prefix ("2." of "2.3")."""
    prefix = ""
    for r in rows:
        m = _REF.match(r.ref)
        if r.depth == 0 and m:
            parts = m.group(1).split(".")
            prefix = ".".join(parts[:-1]) + "." if len(parts) > 1 else ""
            break
    counters: list[int] = []
    for r in rows:
        del counters[r.depth + 1 :]
        while len(counters) <= r.depth:
            counters.append(0)
        counters[r.depth] += 1
        r.ref = prefix + ".".join(str(n) for n in counters[: r.depth + 1])


def build(
    f: DraftForm, stored: domain.JobDescription, t: Any
) -> tuple[domain.JobDescription | None, dict[str, str]]:
    """The draft the form describes, or the errors by form field name."""
    errors: dict[str, str] = {}
    sections: list[domain.Section] = []
    for i, s in enumerate(f.sections):
        base = stored.sections[s.orig] if 0 <= s.orig < len(stored.sections) else None
        roots: list[domain.Clause] = []
        stack: list[tuple[int, list[domain.Clause]]] = [(-1, roots)]
        seen: dict[str, int] = {}
        for k, r in enumerate(s.rows):
            name = f"s{i}-c{k}"
            if not r.text:
                errors[f"{name}-text"] = t("must_fill")
            if len(r.ref) > 40:
                errors[f"{name}-ref"] = "≤ 40"
            if r.ref and r.ref in seen:
                errors[f"{name}-ref"] = t("fix_errors", f"{r.ref} ×2")
            seen[r.ref] = k
            clause_field = r.field if r.field in {c.value for c in domain.ClauseField} else None
            clause = domain.Clause(
                ref=r.ref or None,
                label=r.label or None,
                text=r.text or "?",
                result=r.result or None,
                field=domain.ClauseField(clause_field) if clause_field else None,
                library=r.library or None,
            )
            while stack and stack[-1][0] >= r.depth:
                stack.pop()
            stack[-1][1].append(clause)
            stack.append((r.depth, clause.clauses))
        section = domain.Section(
            kind=domain.SectionKind(s.kind),
            title=s.title or None,
            clauses=roots,
        )
        if base is not None:
            section = msgspec.structs.replace(
                base, kind=section.kind, title=section.title, clauses=roots
            )
        sections.append(section)
    requirements = _requirements(f.requirements, errors, t)
    if errors:
        return None, errors
    made = msgspec.structs.replace(
        stored, title=f.title or None, sections=sections, requirements=requirements
    )
    try:  # the constraints the API's decoder checks (lengths, patterns)
        made = msgspec.convert(msgspec.to_builtins(made), domain.JobDescription)
    except msgspec.ValidationError as e:
        return None, {"form": str(e)}
    return made, {}


_LANGUAGE = re.compile(r"^([a-z]{2,3}|foreign)\s*[: ]\s*(\S+)$")


def _languages(
    text: str, desired: bool, name: str, errors: dict[str, str], t: Any
) -> list[domain.LanguageSkill]:
    """Language skills from "et C1, en B1"; a message by the field for the first bad item."""
    out: list[domain.LanguageSkill] = []
    for item in filter(None, (x.strip() for x in text.split(","))):
        m = _LANGUAGE.match(item.lower())
        if m is None:
            errors.setdefault(name, t("bad_language", item))
            continue
        level = m.group(2).upper()
        if level not in CEFR:
            errors.setdefault(name, t("bad_level", item))
            continue
        out.append(
            domain.LanguageSkill(language=m.group(1), level=domain.CEFR(level), desired=desired)
        )
    return out


def _qualification(
    a: AlternativeForm, name: str, errors: dict[str, str], t: Any
) -> domain.Qualification:
    years: int | None = None
    if a.experience:
        try:
            years = int(a.experience)
        except ValueError:
            errors[f"{name}-experience"] = t("bad_years")
        else:
            if years < 0:
                errors[f"{name}-experience"] = t("bad_years")
                years = None
    education: domain.EducationLevel | None = None
    if a.education:
        if a.education in EDUCATION:
            education = domain.EducationLevel(a.education)
        else:
            errors[f"{name}-education"] = t("bad_choice")
    elif a.studying:
        errors[f"{name}-education"] = t("studying_needs_education")
    if a.field_preferred and not a.field:
        errors[f"{name}-field"] = t("preferred_needs_field")
    return domain.Qualification(
        education=education,
        field=a.field or None,
        field_preferred=a.field_preferred,
        studying=a.studying,
        experience_years=years,
        experience_field=a.experience_field or None,
        note=a.note or None,
    )


def _requirements(
    values: RequirementsForm, errors: dict[str, str], t: Any
) -> domain.Requirements | None:
    """The requirements the form states; empty ways to qualify are left out."""
    alternatives = [
        q
        for j, a in enumerate(values.alternatives)
        if (q := _qualification(a, f"req-a{j}", errors, t)) != domain.Qualification()
    ]
    languages = _languages(values.languages, False, "req-languages", errors, t) + _languages(
        values.desired, True, "req-desired", errors, t
    )

    def lines(text: str) -> list[str]:
        return [x.strip() for x in text.split("\n") if x.strip()]

    made = domain.Requirements(
        alternatives=alternatives,
        languages=languages,
        licences=[x.strip() for x in values.licences.split(",") if x.strip()],
        computer_skills=lines(values.computer),
        knowledge=lines(values.knowledge),
        personal_qualities=lines(values.qualities),
    )
    return None if made == domain.Requirements() else made


# --- pages -----------------------------------------------------------------------------------


def _library(page: Page) -> dict[str, Any]:
    with page.ws.sessions() as session:
        return {c.id: c for c in library.clauses(session)}


def _draft(page: Page, municipality: str, position: str, version: int) -> Any:
    assert page.caller is not None
    snap, found = descriptions.version(page.ws, page.caller, municipality, position, version)
    common.require_full(page.caller, snap, "version", f"{position}/v{version}")
    return snap, found


def render_editor(
    page: Page,
    snap: Any,
    stored: domain.JobDescription,
    f: DraftForm,
    errors: dict[str, str],
    approve_values: dict[str, str],
    status_code: int = 200,
    unsaved: bool = False,
) -> Response[str]:
    position = snap.positions[stored.position]
    agency = snap.agencies.get(snap.units[position.unit].agency)
    return page.render(
        "editor.html",
        status_code=status_code,
        municipality=snap.registry.municipality,
        position=position,
        draft=stored,
        form=f,
        errors=errors,
        kinds=KINDS,
        education=EDUCATION,
        library=sorted(_library(page).values(), key=lambda c: c.title),
        approve=approve_values
        or {"by": (agency.head_title if agency else "") or "", "date": dt.date.today().isoformat()},
        unsaved=unsaved,
    )


class EditorPages(Controller):
    path = "/m/{municipality:str}/positions/{position:str}/versions/{version:int}"
    include_in_schema = False

    @get("/edit", sync_to_thread=False)
    def edit(
        self,
        request: AnyRequest,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        page = Page(request, caller_of(request))
        snap, stored = _draft(page, municipality, position, version)
        if stored.status is not domain.JobDescriptionStatus.DRAFT:
            return see_other(f"/m/{municipality}/positions/{position}")
        return render_editor(page, snap, stored, to_form(stored), {}, {})

    @post("/edit")
    async def change(
        self,
        request: AnyRequest,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        caller = caller_of(request)
        posted = await form_of(request, caller)
        page = Page(request, caller)
        snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        f = from_post(posted)
        op = str(posted.get("op", "save"))
        if op != "save":
            apply(op, f, posted, await sync_to_thread(_library, page))
            return render_editor(page, snap, stored, f, {}, {}, unsaved=True)
        made, errors = build(f, stored, page.t)
        if made is None:
            return render_editor(page, snap, stored, f, errors, {}, 422, unsaved=True)
        try:
            await sync_to_thread(
                descriptions.save_draft,
                page.ws,
                caller,
                municipality,
                position,
                version,
                made,
                f.etag or None,
            )
        except Invalid as e:
            errors = {"form": str(e.detail)}
            return render_editor(page, snap, stored, f, errors, {}, 422, unsaved=True)
        return see_other(
            f"/m/{municipality}/positions/{position}/versions/{version}/edit?done=saved"
        )

    @post("/approve")
    async def approve(
        self,
        request: AnyRequest,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        caller = caller_of(request)
        posted = await form_of(request, caller)
        page = Page(request, caller)
        snap, stored = await sync_to_thread(_draft, page, municipality, position, version)
        values = {
            k: str(posted.get(k, "")).strip() for k in ("by", "name", "date", "directive", "annex")
        }
        errors: dict[str, str] = {}
        if not values["by"]:
            errors["approve-by"] = page.t("must_fill")
        try:
            day = dt.date.fromisoformat(values["date"])
        except ValueError:
            errors["approve-date"] = page.t("bad_date")
        if errors:
            return render_editor(page, snap, stored, to_form(stored), errors, values, 422)
        approval = schemas.Approve(
            by=values["by"],
            date=day,
            name=values["name"] or None,
            directive=values["directive"] or None,
            annex=values["annex"] or None,
        )
        await sync_to_thread(
            descriptions.approve,
            page.ws,
            caller,
            municipality,
            position,
            version,
            approval,
            common.etag(stored),
        )
        return see_other(f"/m/{municipality}/positions/{position}?done=approved")

    @post("/discard")
    async def discard(
        self,
        request: AnyRequest,
        municipality: FromPath[str],
        position: FromPath[str],
        version: FromPath[int],
    ) -> Response[Any]:
        caller = caller_of(request)
        await form_of(request, caller)
        page = Page(request, caller)
        _, stored = await sync_to_thread(_draft, page, municipality, position, version)
        await sync_to_thread(
            descriptions.discard,
            page.ws,
            caller,
            municipality,
            position,
            version,
            common.etag(stored),
        )
        return see_other(f"/m/{municipality}/positions/{position}")


__all__ = ["Caller", "EditorPages", "NotFound"]
