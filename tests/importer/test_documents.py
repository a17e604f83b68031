"""Documents in other layouts than the seeds, written for these tests."""

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from roles.domain import (
    ClauseField,
    JobDescription,
    Position,
    Registry,
    SectionKind,
    check,
    walk_clauses,
)
from roles.importer import Outcome, import_document, import_lines, open_docx, source

DOCUMENTS = Path(__file__).parent / "documents"


def _import(name: str, municipality: str = "testvald") -> Outcome:
    outcome = import_document(DOCUMENTS / name, municipality)
    assert check(outcome.registry) == []
    assert [p for p in outcome.accounting.placements() if p.where == "not placed"] == []
    return outcome


def _description(o: Outcome) -> JobDescription:
    return next(d for d in o.registry.job_descriptions if d.position == o.position)


def _position(r: Registry, title: str) -> Position:
    return next(p for p in r.positions if p.title == title)


def _titles(r: Registry, ids: list[str]) -> list[str]:
    by_id = {p.id: p.title for p in r.positions}
    return [by_id[i] for i in ids]


def test_label_and_value_on_separate_lines_are_one_header_field() -> None:
    o = _import("separate_lines.txt")
    fields = {c.field: c.text for s in _description(o).sections for c in s.clauses if c.field}
    assert fields[ClauseField.POSITION] == "lastekaitsespetsialist"
    assert fields[ClauseField.REPORTS_TO] == "sotsiaalosakonna juhataja"
    own = _position(o.registry, "lastekaitsespetsialist")
    assert _titles(o.registry, [r.position for r in own.substitutes]) == ["sotsiaaltöö spetsialist"]


def test_a_valveaeg_section_is_kept_as_other_with_its_heading() -> None:
    section = _description(_import("valveaeg.txt")).sections[2]
    assert (section.kind, section.title, [c.ref for c in section.clauses]) == (
        SectionKind.OTHER,
        "Valveaeg",
        ["3.1", "3.2"],
    )


def test_mutual_substitution_in_two_sentences_gives_a_rule_on_each_position() -> None:
    r = _import("mutual.txt").registry
    hooldus, eakad = (
        _position(r, "hooldustöö spetsialist"),
        _position(r, "eakate hoolekande spetsialist"),
    )
    assert [x.position for x in hooldus.substitutes] == [eakad.id]
    assert [x.position for x in eakad.substitutes] == [hooldus.id]


def test_duplicated_and_skipped_clause_numbers_are_kept_as_written() -> None:
    duties = _description(_import("duplicated.txt")).sections[1]
    assert [c.ref for c in duties.clauses] == ["2.1", "2.2", "2.2", "2.4"]
    assert all(c.result is None for c in duties.clauses)


def test_a_document_without_numbering_gets_sections_by_heading_and_joined_paragraphs() -> None:
    o = _import("unnumbered.txt")
    sections = _description(o).sections
    assert [s.kind for s in sections] == [
        SectionKind.GENERAL,
        SectionKind.DUTIES,
        SectionKind.RIGHTS,
    ]
    assert [c.text for c in sections[1].clauses] == [
        "Lugejate teenindamine.",
        "Teavikute komplekteerimine ja kataloogimine.",
    ]
    own = _position(o.registry, "raamatukoguhoidja")
    assert _titles(o.registry, [own.reports_to or ""]) == ["raamatukogu direktor"]
    assert _titles(o.registry, [r.position for r in own.substitutes]) == ["vanemraamatukoguhoidja"]


def test_a_table_layout_gives_fields_and_task_result_clauses() -> None:
    o = _import("table_rows.txt")
    sections = _description(o).sections
    table = sections[-1]
    assert table.columns == ["Ülesanne", "Soovitud tulemus"]
    assert [(c.text, c.result) for c in table.clauses] == [
        ("Eestkoste korraldamine", "Eestkostetavate huvid on kaitstud."),
        ("Aruandlus kohtule", "Aruanded on esitatud tähtaegselt."),
    ]
    own = _position(o.registry, "eestkostespetsialist")
    assert [
        (t, r.if_needed)
        for t, r in zip(
            _titles(o.registry, [r.position for r in own.substitutes]), own.substitutes, strict=True
        )
    ] == [("lastekaitsespetsialist", False), ("sotsiaalosakonna juhataja", True)]
    assert _titles(o.registry, own.substitutes_for) == ["lastekaitsespetsialist"]


def test_a_scoped_substitution_without_a_description_to_point_into_is_reported() -> None:
    o = _import("scoped.txt")
    own = _position(o.registry, "sotsiaalnõustaja")
    assert _titles(o.registry, own.substitutes_for) == ["toetuste spetsialist"]
    assert [r.if_needed for r in own.substitutes] == [True]
    assert any("toimetulekutoetuse määramisel" in n for n in o.notes)


def test_wrapped_lines_and_hyphenated_words_are_rejoined_and_requirements_read() -> None:
    d = _description(_import("hyphenated.txt"))
    assert d.sections[0].clauses[0].text == (
        "Sotsiaaltoetuste lähteandmete sisestamine andmeregistrisse ning suhtlemis- ja "
        "koostöö korraldamine."
    )
    assert d.requirements is not None
    assert [(q.education, q.experience_years) for q in d.requirements.alternatives] == [
        ("higher", None),
        (None, 3),
    ]
    assert [(x.language, x.level) for x in d.requirements.languages] == [("et", "C1"), ("ru", "B1")]
    assert d.requirements.licences == ["B"]


def test_approval_employee_nested_bullets_and_acknowledgement() -> None:
    o = _import("employee.txt", "saue")
    d = _description(o)
    assert d.approval is not None
    assert (d.approval.by, str(d.approval.date), d.approval.directive) == (
        "Saue vallavanem",
        "2024-03-01",
        "2-3/15",
    )
    assert _position(o.registry, "hooldaja").service == "employee"
    duties = next(s for s in d.sections if s.kind is SectionKind.DUTIES)
    assert [c.ref for c in duties.clauses] == ["1)", "2)", "3)"]
    assert [c.text for c in duties.clauses[1].clauses] == ["kodus käimine;", "poes käimine;"]
    assert d.sections[-1].kind is SectionKind.ACKNOWLEDGEMENT
    assert [s.lines for s in d.signatures] == [["Nimi", "Allkiri", "Kuupäev"]]


_NUMBERING = (
    '<w:numbering {}><w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>'
    '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)


def _numbered(document: docx.document.Document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
        )
    )


def test_a_word_file_with_automatic_numbering_gets_the_numbers_word_prints() -> None:
    document = docx.Document()
    numbering = document.part.numbering_part
    numbering._element = parse_xml(_NUMBERING.format(nsdecls("w")))
    document.add_paragraph("Arhivaari ametijuhend")
    _numbered(document, "Üldsätted", 0)
    _numbered(document, "Arhivaar allub kantselei juhatajale.", 1)
    _numbered(document, "Arhivaari äraolekul asendab teda sekretär.", 1)
    _numbered(document, "Tööülesanded", 0)
    _numbered(document, "Dokumentide arhiveerimine.", 1)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Asendatav", "sekretär"
    buffer = io.BytesIO()
    document.save(buffer)
    lines = source.read_docx(open_docx(buffer.getvalue()))
    o = import_lines(lines, "arhiivivald")
    assert check(o.registry) == []
    d = _description(o)
    assert [(s.ref, s.title) for s in d.sections] == [("1", "Üldsätted"), ("2", "Tööülesanded")]
    assert [c.ref for s in d.sections for c in walk_clauses(s.clauses)] == [
        "1.1",
        "1.2",
        "2.1",
        None,
    ]
    own = _position(o.registry, "arhivaar")
    assert _titles(o.registry, [r.position for r in own.substitutes]) == ["sekretär"]
    assert _titles(o.registry, own.substitutes_for) == ["sekretär"]
    assert o.accounting.missing(line.number for line in lines) == []


def test_names_are_matched_to_existing_positions_despite_inflection() -> None:
    first = _import("mutual.txt")
    again = import_document(DOCUMENTS / "mutual.txt", "testvald", first.registry)
    assert again.created == []
    assert len(again.registry.positions) == len(first.registry.positions)
    assert [d.version for d in again.registry.job_descriptions] == [1]


def test_other_heading_spellings_and_short_header_labels() -> None:
    o = _import("other_headings.txt")
    d = _description(o)
    kinds = [s.kind for s in d.sections]
    assert SectionKind.DUTIES in kinds
    assert SectionKind.QUALIFICATIONS in kinds
    assert SectionKind.RESPONSIBILITIES in kinds
    assert SectionKind.AMENDMENT in kinds
    duties = next(s for s in d.sections if s.kind is SectionKind.DUTIES)
    assert [c.ref for c in duties.clauses] == ["1)", "2)", "3)"]
    assert d.approval is not None and d.approval.directive == "1-2/45"
    own = next(p for p in o.registry.positions if p.id == o.position)
    assert _titles(o.registry, [own.reports_to or ""]) == ["finantsosakonna juhataja"]
    assert _titles(o.registry, [r.position for r in own.substitutes]) == ["pearaamatupidaja"]
    assert d.requirements is not None
    assert {(x.language, x.level) for x in d.requirements.languages} >= {("et", "C1"), ("en", "B1")}
    assert len(d.requirements.alternatives) == 2


def test_a_word_file_with_tables_gives_fields_and_task_result_clauses(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("AMETIJUHEND")
    fields = document.add_table(rows=0, cols=2)
    for label, value in [
        ("Ametikoha nimetus:", "haridusspetsialist"),
        ("Struktuuriüksus:", "haridusosakond"),
        ("Vahetu juht:", "haridusosakonna juhataja"),
        ("Kes asendab:", "noorsootöö spetsialist"),
    ]:
        cells = fields.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph("2. TÖÖÜLESANDED JA SOOVITUD TULEMUS")
    tasks = document.add_table(rows=1, cols=2)
    tasks.rows[0].cells[0].text = "Tööülesanne"
    tasks.rows[0].cells[1].text = "Soovitud tulemus"
    for task, result in [
        ("2.1. Koolivõrgu andmete haldamine.", "2.1. Andmed on ajakohased."),
        ("2.2. Õppetoetuste menetlemine.", "2.2. Otsused on tehtud tähtaegselt."),
    ]:
        cells = tasks.add_row().cells
        cells[0].text, cells[1].text = task, result
    path = tmp_path / "tables.docx"
    document.save(str(path))
    o = import_document(path, "testvald")
    assert check(o.registry) == []
    d = _description(o)
    found = {c.field: c.text for s in d.sections for c in s.clauses if c.field}
    assert found[ClauseField.POSITION] == "haridusspetsialist"
    assert found[ClauseField.REPORTS_TO] == "haridusosakonna juhataja"
    table = next(s for s in d.sections if s.kind is SectionKind.DUTIES)
    assert [(c.ref, c.text, c.result) for c in table.clauses] == [
        ("2.1", "Koolivõrgu andmete haldamine.", "Andmed on ajakohased."),
        ("2.2", "Õppetoetuste menetlemine.", "Otsused on tehtud tähtaegselt."),
    ]
    own = next(p for p in o.registry.positions if p.id == o.position)
    assert _titles(o.registry, [r.position for r in own.substitutes]) == ["noorsootöö spetsialist"]


def test_law_style_headings_and_kohustused_as_the_duties() -> None:
    o = import_lines(
        source.read_text(
            "Arhivaari ametijuhend\n§ 1. Üldsätted\n1.1. Arhivaar allub kantselei juhatajale.\n"
            "§ 2. KOHUSTUSED\n2.1. Arhiivi korrastamine.\n2.2. Päringutele vastamine.\n"
        ),
        "testvald",
    )
    d = _description(o)
    assert [(s.kind, s.ref) for s in d.sections] == [
        (SectionKind.GENERAL, "1"),
        (SectionKind.DUTIES, "2"),
    ]
