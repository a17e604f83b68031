"""Draft ⇄ form: a stored draft as the editor's form, a posted form back as fields, and the
form as a draft again (or the messages beside the fields that stop it)."""

import re
from collections.abc import Callable

import msgspec

from roles import domain
from roles.services.errors import Invalid
from roles.services.preconditions import etag
from roles.web.editor.form import (
    CEFR,
    EDUCATION,
    KINDS,
    MAX_ALTERNATIVES,
    MAX_DEPTH,
    AlternativeForm,
    DraftForm,
    RequirementsForm,
    Row,
    SectionForm,
)
from roles.web.forms import Form

Phrase = Callable[..., str]  # Page.t: a phrase by key, in the page's language


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
        etag=etag(d),
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


def _made_outside(field: str, value: str) -> Invalid:
    """A value only the page writes (a hidden field, a section's kind) that it never writes:
    the form was made or changed outside the page. Refused, never guessed at."""
    return Invalid(
        [
            domain.Problem(
                field,
                f"{field}: {value[:40]!r} is not a value the editor writes",
                code="code.malformed",
                params={"value": value[:40]},
            )
        ]
    )


def _number(value: str, field: str, low: int, high: int, empty: int) -> int:
    if not value:
        return empty
    if not re.fullmatch(r"-?\d{1,6}", value) or not low <= int(value) <= high:
        raise _made_outside(field, value)
    return int(value)


def from_post(form: Form) -> DraftForm:
    """The posted editor; Invalid when a value only the page writes is not one it writes."""

    def value(key: str) -> str:
        return form.get(key).replace("\r\n", "\n").strip()

    sections: list[SectionForm] = []
    i = 0
    while f"s{i}-kind" in form:
        kind = value(f"s{i}-kind")
        if kind not in KINDS:
            raise _made_outside(f"s{i}-kind", kind)
        section = SectionForm(
            kind=kind,
            title=value(f"s{i}-title"),
            orig=_number(value(f"s{i}-orig"), f"s{i}-orig", -1, 100_000, -1),
        )
        k = 0
        while f"s{i}-c{k}-text" in form:
            p = f"s{i}-c{k}-"
            depth = _number(value(p + "depth"), p + "depth", 0, MAX_DEPTH, 0)
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
    count = _number(value("req-alts"), "req-alts", 0, MAX_ALTERNATIVES, 0)
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


def build(
    f: DraftForm, stored: domain.JobDescription, t: Phrase
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
    text: str, desired: bool, name: str, errors: dict[str, str], t: Phrase
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
    a: AlternativeForm, name: str, errors: dict[str, str], t: Phrase
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
    values: RequirementsForm, errors: dict[str, str], t: Phrase
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
