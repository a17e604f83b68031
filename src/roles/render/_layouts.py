"""The four document layouts: how a job description's parts are laid out on the page.

Every layout prints the same things in the version's own order (approval, title, sections with
their headings, numbered clauses, desired results, signatures); they differ in the details
below, which follow the municipalities' own documents (see docs in `roles.render`).
Look and feel (fonts, sizes, indents, borders) lives in the templates' named styles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.blkcntnr import BlockItemContainer
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from roles.domain import (
    Clause,
    JobDescriptionStatus,
    Section,
    SectionKind,
    Signature,
    SignatureRole,
)
from roles.render import _oxml
from roles.render._facts import Facts
from roles.render._package import Draft
from roles.render._words import capitalised, date_long, date_numeric, numbered, with_annex

Container = BlockItemContainer | _Cell


@dataclass(frozen=True)
class Layout:
    """What differs between the municipalities' documents, beyond the templates' styles."""

    name: str
    approval: Callable[[Container, Facts], None]
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
    body = draft.document
    if layout.header is not None:
        layout.header(draft, facts)
    layout.approval(body, facts)
    title = layout.title(facts)
    if title:
        body.add_paragraph(title, "Title")
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
    width = _text_width(draft)
    for index, section in enumerate(description.sections):
        if index == acknowledgement:
            _signatures(body, before, layout, width)
        _section(body, section, layout, width)
    _signatures(body, after, layout, width)


# --- sections and clauses -----------------------------------------------------------------


def _section(body: BlockItemContainer, section: Section, layout: Layout, width: Length) -> None:
    heading = " ".join(p for p in (numbered(section.ref), section.title) if p)
    if heading:
        body.add_paragraph(heading, f"Heading {section.level}")
    if section.intro:
        body.add_paragraph(section.intro, "Body Text")
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


def _prose(body: BlockItemContainer, clause: Clause, layout: Layout) -> None:
    body.add_paragraph(clause.text, "Body Text")
    if clause.result:
        body.add_paragraph(f"Soovitud tulemus: {clause.result}", "Body Text")
    for child in clause.clauses:
        _clause(body, child, layout, depth=1)


def _is_field(clause: Clause) -> bool:
    """A header field, or the next line of one ("Teenistus: …" continued without a label)."""
    return bool(clause.label or clause.field) and not clause.clauses


def _clause(container: Container, clause: Clause, layout: Layout, depth: int) -> None:
    level = min(depth, 5)
    ref = numbered(clause.ref)
    if ref:
        p = container.add_paragraph(f"{ref}\t", f"Clause {level}")
    else:
        p = container.add_paragraph(f"{layout.bullet}\t", f"Clause Bullet {level}")
    if clause.label:
        p.add_run(_label(clause.label, layout), "Label")
        p.add_run(" ")
    p.add_run(clause.text)
    if clause.result:
        result = container.add_paragraph("\tSoovitud tulemus: ", f"Clause {level}")
        result.add_run(clause.result)
    for child in clause.clauses:
        _clause(container, child, layout, depth + 1)


def _label(label: str, layout: Layout) -> str:
    return f"{label}:" if layout.label_colon and not label.endswith(":") else label


def _field_table(
    body: BlockItemContainer, clauses: Sequence[Clause], layout: Layout, width: Length
) -> None:
    """Header fields ("Vahetu juht: …") as label | wording rows."""
    table = _table(body, [0.32, 0.68], width, "Field Table")
    for clause in clauses:
        label_cell, text_cell = table.add_row().cells
        label = _label(clause.label, layout) if clause.label else ""
        label_cell.paragraphs[0].add_run(" ".join(p for p in (numbered(clause.ref), label) if p))
        label_cell.paragraphs[0].style = "Table Text"
        _lines(text_cell.paragraphs[0], clause.text, "Table Text")


def _task_table(body: BlockItemContainer, section: Section, layout: Layout, width: Length) -> None:
    """Tasks with what they should achieve: task | description and desired result."""
    columns = section.columns or ["", ""]
    shares = [0.45, 0.55] if len(columns) == 2 else [0.34] + [0.66 / (len(columns) - 1)] * (
        len(columns) - 1
    )
    table = _table(body, shares, width, "Table Grid")
    if section.columns:
        cells = table.add_row().cells
        for cell, heading in zip(cells, section.columns, strict=True):
            _lines(cell.paragraphs[0], heading, "Table Heading")
        _oxml.repeat_as_header_row(table)
    for clause in section.clauses:
        cells = table.add_row().cells
        ref = numbered(clause.ref)
        _lines(cells[0].paragraphs[0], f"{ref} {clause.text}" if ref else clause.text, "Table Text")
        detail, result_cell = cells[1], cells[-1]
        first: Paragraph | None = detail.paragraphs[0]
        for child in clause.clauses:
            first = _cell_clause(detail, first, child, layout, depth=1)
        if clause.result:
            text = f"{ref} {clause.result}" if ref and layout.result_ref else clause.result
            target = result_cell.paragraphs[0] if result_cell is not detail else first
            if target is None:
                target = detail.add_paragraph()
            _lines(target, text, "Table Text")


def _cell_clause(
    cell: _Cell, first: Paragraph | None, clause: Clause, layout: Layout, depth: int
) -> Paragraph | None:
    """A nested clause inside a table cell; fills the cell's empty first paragraph first."""
    p = first if first is not None else cell.add_paragraph()
    marker = numbered(clause.ref) or layout.bullet
    _lines(p, f"{'  ' * (depth - 1)}{marker} {clause.text}", "Table Text")
    if clause.result:
        cell.add_paragraph(clause.result, "Table Text")
    for child in clause.clauses:
        _cell_clause(cell, None, child, layout, depth + 1)
    return None


def _table(body: BlockItemContainer, shares: Sequence[float], width: Length, style: str) -> Table:
    table = body.add_table(0, len(shares))
    table.style = style
    _oxml.fixed_layout(table)
    for column, share in zip(table.columns, shares, strict=True):
        column.width = Length(int(width * share))
    return table


def _lines(p: Paragraph, text: str, style: str) -> None:
    p.add_run(text)
    p.style = style


def _text_width(draft: Draft) -> Length:
    section = draft.document.sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    return Length((page or 0) - (left or 0) - (right or 0))


# --- signatures ---------------------------------------------------------------------------


def _signatures(
    body: BlockItemContainer, signatures: Sequence[Signature], layout: Layout, width: Length
) -> None:
    if not signatures:
        return
    if layout.signature_boxes:
        table = _table(body, [1 / len(signatures)] * len(signatures), width, "Field Table")
        for cell, signature in zip(table.add_row().cells, signatures, strict=True):
            _signature(cell, signature, layout)
        return
    for signature in signatures:
        _signature(body, signature, layout)


def _signature(container: Container, signature: Signature, layout: Layout) -> None:
    add = container.add_paragraph
    add("", "Signature")  # room above the signature
    mark = layout.digital_mark if signature.digital else None
    if mark and layout.mark_before_title:
        add(mark, "Signature")
        mark = None
    if not signature.digital and not signature.lines:
        add("", "Signature Line")
    if signature.title:
        add().add_run(signature.title, "Label")
    if signature.caption:
        add(signature.caption, "Signature")
    for line in signature.lines:
        add(line, "Signature")
        if mark and line.lower().startswith("allkiri"):
            add(mark, "Signature")
            mark = None
        else:
            add("", "Signature")
    if mark:
        add(mark, "Signature")


# --- approval blocks and titles -----------------------------------------------------------


def _approver(facts: Facts) -> str:
    approval = facts.description.approval
    if approval and approval.by:
        return approval.by
    agency = facts.agency
    return capitalised(agency.head_title) if agency and agency.head_title else ""


def _voru_approval(body: Container, facts: Facts) -> None:
    """KINNITATUD / Võru linnapea 25.01.2024 käskkirja nr 20.1-1/29 / „…“ / Lisaga 2"""
    a = facts.description.approval
    if a is None:
        return
    body.add_paragraph("KINNITATUD", "Approval")
    when = date_numeric(a.date) if a.date else ""
    line = " ".join(p for p in (_approver(facts), when) if p)
    if a.directive:
        line += f" käskkirja nr {a.directive}"
    body.add_paragraph(line, "Approval")
    if a.directive_title:
        body.add_paragraph(f"„{a.directive_title.strip('„“')}“", "Approval")
    if a.annex:
        body.add_paragraph(with_annex(a.annex), "Approval")


def _viljandi_approval(body: Container, facts: Facts) -> None:
    """KINNITATUD / Linnapea 04.11.2021 / käskkirjaga nr 12-1/21/112"""
    a = facts.description.approval
    if a is None:
        return
    body.add_paragraph("KINNITATUD", "Approval")
    when = date_numeric(a.date) if a.date else ""
    body.add_paragraph(" ".join(p for p in (_approver(facts), when) if p), "Approval")
    if a.directive:
        body.add_paragraph(f"käskkirjaga nr {a.directive}", "Approval")
    if a.annex:
        body.add_paragraph(a.annex, "Approval")


def _kohtla_jarve_approval(body: Container, facts: Facts) -> None:
    """KINNITAN / Toomas Nael / Kohtla-Järve Linnapea / 9. mai 2022. a"""
    a = facts.description.approval
    if a is None:
        return
    body.add_paragraph("KINNITAN", "Approval")
    for line in (a.name, _approver(facts), date_long(a.date) if a.date else None):
        if line:
            body.add_paragraph(line, "Approval")
    if a.directive:
        body.add_paragraph(f"käskkiri nr {a.directive}", "Approval")


def _no_approval(body: Container, facts: Facts) -> None:
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
    running = header.add_paragraph(f"Ametijuhend. {title}\t\t", "header")
    _oxml.add_field(running, "PAGE")
    running.add_run(" / ")
    _oxml.add_field(running, "NUMPAGES")
    width = _text_width(draft)
    table = header.add_table(0, 3, width)
    table.style = "Table Grid"
    _oxml.fixed_layout(table)
    for column, share in zip(table.columns, (0.4, 0.33, 0.27), strict=True):
        column.width = Length(int(width * share))
    directive = " ".join(
        p for p in ("Käskkirja nr", approval and approval.directive, approval and approval.annex) if p
    )
    top = table.add_row().cells
    _header_lines(top[0], [agency.name if agency else "", *map(capitalised, facts.unit_path()[-1:])])
    if approval and approval.directive:
        top[0].add_paragraph(directive, "header")
    _header_lines(top[1], ["AMETIJUHEND"], bold_first=True)
    version = control.version if control and control.version else f"{d.version:02d}"
    _header_lines(top[2], [f"Versioon nr: {version}", f"Keel: {language}"])
    middle = table.add_row().cells
    _header_lines(middle[0].merge(middle[1]), [title], bold_first=True)
    page = middle[2].paragraphs[0]
    page.style = "header"
    page.add_run("Lehe nr: ")
    _oxml.add_field(page, "PAGE")
    page.add_run("(")
    _oxml.add_field(page, "NUMPAGES")
    page.add_run(")")
    bottom = table.add_row().cells
    keeper = control.keeper if control and control.keeper else ""
    status = control.status if control and control.status else _STATUS_WORDS[d.status]
    _header_lines(bottom[0], [f"Haldaja: {keeper}"])
    _header_lines(bottom[1], [f"Staatus: {status}"])
    approved = [f"({language}) {date_numeric(approval.date)}"] if approval and approval.date else []
    if approval and approval.name:
        approved.append(f"Kinnitas: {approval.name}")
    if approver := _approver(facts):
        approved.append(approver)
    _header_lines(bottom[2], approved)
    header.add_paragraph("", "header")  # a story must not end with a table


def _header_lines(cell: _Cell, lines: Sequence[str], *, bold_first: bool = False) -> None:
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.style = "header"
        p.add_run(line).bold = bold_first and i == 0 or None


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
