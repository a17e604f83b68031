"""The four document layouts: how a job description's parts are laid out on the page.

Every layout prints the same things in the version's own order (approval, title, sections with
their headings, numbered clauses, desired results, signatures); they differ in the details
below, which follow the municipalities' own documents (see docs in `roles.render`).
Look and feel (fonts, sizes, indents, borders) lives in the templates' named styles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from roles.domain import (
    Clause,
    JobDescriptionStatus,
    Section,
    SectionKind,
    Signature,
    SignatureRole,
    dates,
)
from roles.domain.facts import Facts
from roles.render._oxml import Story, Table
from roles.render._package import Draft
from roles.render._words import capitalised, numbered, with_annex


@dataclass(frozen=True)
class Layout:
    """What differs between the municipalities' documents, beyond the templates' styles."""

    name: str
    approval: Callable[[Story, Facts], None]
    title: Callable[[Facts], str | None]
    header: Callable[[Draft, Facts], None] | None = None
    label_colon: bool = True  # "Vahetu juht:" (Viljandi) or "VAHETU JUHT" (Kohtla-Järve)
    fields_as_table: bool = False  # a section of header fields as a two-column table
    results_as_table: bool = False  # clauses with desired results as a task | result table
    result_ref: bool = False  # Viimsi repeats the task's number before its result
    bullet: str = "•"
    digital_mark: str = "/allkirjastatud digitaalselt/"
    mark_before_title: bool = False  # Viljandi: the mark, then whose signature it is
    signature_boxes: bool = False  # Kohtla-Järve: side-by-side boxes


def compose(draft: Draft, facts: Facts, layout: Layout) -> None:
    """Fill a fresh copy of the layout's template with one job description."""
    body = draft.body
    if layout.header is not None:
        layout.header(draft, facts)
    layout.approval(body, facts)
    title = layout.title(facts)
    if title:
        body.paragraph(title, "Title")
    description = facts.description
    acknowledgement = next(
        (i for i, s in enumerate(description.sections) if s.kind is SectionKind.ACKNOWLEDGEMENT),
        None,
    )
    # Who approves signs before the holder's acknowledgement; the holder signs after it.
    signatures = list(description.signatures)
    before = [s for s in signatures if s.role is not SignatureRole.HOLDER]
    after = [s for s in signatures if s.role is SignatureRole.HOLDER]
    if acknowledgement is None:
        before, after = [], signatures
    for index, section in enumerate(description.sections):
        if index == acknowledgement:
            _signatures(body, before, layout, draft.width)
        _section(body, section, layout, draft.width)
    _signatures(body, after, layout, draft.width)


# --- sections and clauses -----------------------------------------------------------------


def _section(body: Story, section: Section, layout: Layout, width: int) -> None:
    heading = " ".join(p for p in (numbered(section.ref), section.title) if p)
    if heading:
        body.paragraph(heading, f"Heading{section.level}")
    if section.intro:
        body.paragraph(section.intro, "BodyText")
    clauses = section.clauses
    if section.columns or (layout.results_as_table and any(c.result for c in clauses)):
        _task_table(body, section, layout, width)
    elif layout.fields_as_table and clauses and all(_is_field(c) for c in clauses):
        _field_table(body, clauses, layout, width)
    elif len(clauses) == 1 and clauses[0].ref is None and not clauses[0].label:
        _prose(body, clauses[0], layout)  # a lone unnumbered clause is a paragraph, not a list
    else:
        for clause in clauses:
            _clause(body, clause, layout, depth=1)


def _prose(body: Story, clause: Clause, layout: Layout) -> None:
    body.paragraph(clause.text, "BodyText")
    if clause.result:
        body.paragraph(f"Soovitud tulemus: {clause.result}", "BodyText")
    for child in clause.clauses:
        _clause(body, child, layout, depth=1)


def _is_field(clause: Clause) -> bool:
    """A header field, or the next line of one ("Teenistus: …" continued without a label)."""
    return bool(clause.label or clause.field) and not clause.clauses


def _clause(story: Story, clause: Clause, layout: Layout, depth: int) -> None:
    level = min(depth, 5)  # deeper clauses keep the fifth level's indent
    ref = numbered(clause.ref)
    if ref:
        p = story.paragraph(f"{ref}\t", f"Clause{level}")
    else:
        p = story.paragraph(f"{layout.bullet}\t", f"Bullet{level}")
    if clause.label:
        p.run(_label(clause.label, layout), "Label").run(" ")
    p.run(clause.text)
    if clause.result:
        story.paragraph("\tSoovitud tulemus: ", f"Clause{level}").run(clause.result)
    for child in clause.clauses:
        _clause(story, child, layout, depth + 1)


def _label(label: str, layout: Layout) -> str:
    return f"{label}:" if layout.label_colon and not label.endswith(":") else label


def _field_table(body: Story, clauses: Sequence[Clause], layout: Layout, width: int) -> None:
    """Header fields ("Vahetu juht: …") as label | wording rows."""
    table = _table(body, [0.32, 0.68], width, "FieldTable")
    for clause in clauses:
        label_cell, text_cell = table.row()
        label = _label(clause.label, layout) if clause.label else ""
        label_cell.paragraph(" ".join(p for p in (numbered(clause.ref), label) if p), "TableText")
        text_cell.paragraph(clause.text, "TableText")


def _task_table(body: Story, section: Section, layout: Layout, width: int) -> None:
    """Tasks with what they should achieve: task | description and desired result."""
    count = max(len(section.columns), 2)
    shares = [0.45, 0.55] if count == 2 else [0.34] + [0.66 / (count - 1)] * (count - 1)
    table = _table(body, shares, width, "TableGrid")
    if section.columns:
        for cell, heading in zip(table.row(header=True), section.columns, strict=True):
            cell.paragraph(heading, "TableHeading")
    for clause in section.clauses:
        cells = table.row()
        ref = numbered(clause.ref)
        cells[0].paragraph(f"{ref} {clause.text}" if ref else clause.text, "TableText")
        for child in clause.clauses:
            _cell_clause(cells[1], child, layout, depth=1)
        if clause.result:
            text = f"{ref} {clause.result}" if ref and layout.result_ref else clause.result
            cells[-1].paragraph(text, "TableText")


def _cell_clause(cell: Story, clause: Clause, layout: Layout, depth: int) -> None:
    """A nested clause inside a table cell: its number or bullet, indented by depth."""
    marker = numbered(clause.ref) or layout.bullet
    cell.paragraph(f"{'  ' * (depth - 1)}{marker} {clause.text}", "TableText")
    if clause.result:
        cell.paragraph(clause.result, "TableText")
    for child in clause.clauses:
        _cell_clause(cell, child, layout, depth + 1)


def _table(body: Story, shares: Sequence[float], width: int, style: str) -> Table:
    return body.table([int(width * share) for share in shares], style)


# --- signatures ---------------------------------------------------------------------------


def _signatures(body: Story, signatures: Sequence[Signature], layout: Layout, width: int) -> None:
    if not signatures:
        return
    if layout.signature_boxes:
        table = _table(body, [1 / len(signatures)] * len(signatures), width, "FieldTable")
        for cell, signature in zip(table.row(), signatures, strict=True):
            _signature(cell, signature, layout)
        return
    for signature in signatures:
        _signature(body, signature, layout)


def _signature(story: Story, signature: Signature, layout: Layout) -> None:
    add = story.paragraph
    add("", "Signature")  # room above the signature
    mark = layout.digital_mark if signature.digital else None
    if mark and layout.mark_before_title:
        add("", "Signature").run(mark, "DigitalSignature")
        mark = None
    if not signature.digital and not signature.lines:
        add("", "SignatureLine")
    if signature.title:
        add("", "Signature").run(signature.title, "Label")
    if signature.caption:
        add(signature.caption, "Signature")
    for line in signature.lines:
        add(line, "Signature")
        if mark and line.lower().startswith("allkiri"):
            add("", "Signature").run(mark, "DigitalSignature")
            mark = None
        else:
            add("", "Signature")
    if mark:
        add("", "Signature").run(mark, "DigitalSignature")


# --- approval blocks and titles -----------------------------------------------------------


def _approver(facts: Facts) -> str:
    approval = facts.description.approval
    if approval and approval.by:
        return approval.by
    agency = facts.agency
    return capitalised(agency.head_title) if agency and agency.head_title else ""


def _voru_approval(body: Story, facts: Facts) -> None:
    """KINNITATUD / Võru linnapea 25.01.2024 käskkirja nr 20.1-1/29 / „…“ / Lisaga 2"""
    a = facts.description.approval
    if a is None:
        return
    body.paragraph("KINNITATUD", "Approval")
    when = dates.numeric(a.date) if a.date else ""
    line = " ".join(p for p in (_approver(facts), when) if p)
    if a.directive:
        line += f" käskkirja nr {a.directive}"
    body.paragraph(line, "Approval")
    if a.directive_title:
        body.paragraph(f"„{a.directive_title.strip('„“')}“", "Approval")
    if a.annex:
        body.paragraph(with_annex(a.annex), "Approval")


def _viljandi_approval(body: Story, facts: Facts) -> None:
    """KINNITATUD / Linnapea 04.11.2021 / käskkirjaga nr 12-1/21/112"""
    a = facts.description.approval
    if a is None:
        return
    body.paragraph("KINNITATUD", "Approval")
    when = dates.numeric(a.date) if a.date else ""
    body.paragraph(" ".join(p for p in (_approver(facts), when) if p), "Approval")
    if a.directive:
        body.paragraph(f"käskkirjaga nr {a.directive}", "Approval")
    if a.annex:
        body.paragraph(a.annex, "Approval")


def _kohtla_jarve_approval(body: Story, facts: Facts) -> None:
    """KINNITAN / Toomas Nael / Kohtla-Järve Linnapea / 9. mai 2022. a"""
    a = facts.description.approval
    if a is None:
        return
    body.paragraph("KINNITAN", "Approval")
    for line in (a.name, _approver(facts), dates.long(a.date) if a.date else None):
        if line:
            body.paragraph(line, "Approval")
    if a.directive:
        body.paragraph(f"käskkiri nr {a.directive}", "Approval")


def _no_approval(body: Story, facts: Facts) -> None:
    """Viimsi prints the approval in its document-control header."""


def _own_title(default: str) -> Callable[[Facts], str | None]:
    return lambda facts: facts.description.title or default


def _voru_title(facts: Facts) -> str:
    return facts.description.title or f"{capitalised(facts.position.title)}\nametijuhend"


_STATUS_WORDS = {
    JobDescriptionStatus.APPROVED: "kehtiv",
    JobDescriptionStatus.DRAFT: "eelnõu",
    JobDescriptionStatus.SUPERSEDED: "kehtetu",
}


def _viimsi_header(draft: Draft, facts: Facts) -> None:
    """The document-control block Viimsi repeats on every page, with live page numbers."""
    header = draft.header()
    d = facts.description
    control, approval = d.control, d.approval
    agency = facts.agency
    language = control.language if control and control.language else "EE"
    title = capitalised(facts.position.title)
    running = header.paragraph(f"Ametijuhend. {title}\t\t", "Header")
    running.field("PAGE").run(" / ").field("NUMPAGES")
    table = _table(header, (0.4, 0.33, 0.27), draft.width, "TableGrid")

    top = table.row()
    _lines(top[0], [agency.name if agency else "", *map(capitalised, facts.unit_path()[-1:])])
    if approval and approval.directive:
        directive = " ".join(p for p in ("Käskkirja nr", approval.directive, approval.annex) if p)
        top[0].paragraph(directive, "Header")
    top[1].paragraph("", "Header").run("AMETIJUHEND", bold=True)
    version = control.version if control and control.version else f"{d.version:02d}"
    _lines(top[2], [f"Versioon nr: {version}", f"Keel: {language}"])

    position, page = table.row([2, 1])
    position.paragraph("", "Header").run(title, bold=True)
    page.paragraph("Lehe nr: ", "Header").field("PAGE").run("(").field("NUMPAGES").run(")")

    keeper = control.keeper if control and control.keeper else ""
    status = control.status if control and control.status else _STATUS_WORDS[d.status]
    approved = (
        [f"({language}) {dates.numeric(approval.date)}"] if approval and approval.date else []
    )
    if approval and approval.name:
        approved.append(f"Kinnitas: {approval.name}")
    if approver := _approver(facts):
        approved.append(approver)
    bottom = table.row()
    _lines(bottom[0], [f"Haldaja: {keeper}"])
    _lines(bottom[1], [f"Staatus: {status}"])
    _lines(bottom[2], approved)
    header.paragraph("", "Header")  # a story must not end with a table


def _lines(cell: Story, lines: Sequence[str]) -> None:
    for line in lines:
        cell.paragraph(line, "Header")


LAYOUTS: dict[str, Layout] = {
    "voru": Layout("voru", _voru_approval, _voru_title),
    "viljandi": Layout(
        "viljandi",
        _viljandi_approval,
        _own_title("AMETIJUHEND"),
        fields_as_table=True,
        bullet="-",
        digital_mark="(allkirjastatud digitaalselt)",
        mark_before_title=True,
    ),
    "kohtla-jarve": Layout(
        "kohtla-jarve",
        _kohtla_jarve_approval,
        _own_title("AMETIJUHEND"),
        label_colon=False,
        fields_as_table=True,
        results_as_table=True,
        signature_boxes=True,
    ),
    "viimsi": Layout(
        "viimsi",
        _no_approval,
        lambda facts: None,
        header=_viimsi_header,
        results_as_table=True,
        result_ref=True,
    ),
}

# Style ids every template defines (templates/build_templates.py); checked when rendering.
STYLES = frozenset(
    {"Title", "Heading1", "Heading2", "Heading3", "BodyText", "Approval", "Signature",
     "SignatureLine", "TableText", "TableHeading", "Header", "Label", "DigitalSignature",
     "TableGrid", "FieldTable"}
    | {f"Clause{n}" for n in range(1, 6)}
    | {f"Bullet{n}" for n in range(1, 6)}
)  # fmt: skip
