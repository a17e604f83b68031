"""Rendered job descriptions, read back with python-docx, as specifications of the layouts."""

import re
import zipfile
from io import BytesIO
from pathlib import Path

import msgspec
import pytest

from roles.domain import Clause, JobDescription, Registry, Section, SectionKind
from roles.registry import read
from roles.render import (
    LAYOUTS,
    RenderError,
    description_of,
    field_values,
    file_name,
    layout_of,
    render_docx,
)
from roles.render._layouts import STYLES
from roles.render._package import Template
from tests.conftest import ORIGINALS
from tests.render.reading import document_text, lines, open_docx
from tests.textmeasure import five_gram_share, missing_five_grams

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

# seed text → (registry file, position)
SEEDS = {
    "000": ("voru", "voru-sts"),
    "001": ("voru", "voru-juhtumikorraldaja"),
    "002": ("viljandi", "viljandi-spetsialist"),
    "003": ("kohtla-jarve", "kj-peaspetsialist"),
    "004": ("viimsi", "viimsi-srv"),
}


def registry(name: str) -> Registry:
    return read(ROOT / "seeds" / f"{name}.yaml", layouts=LAYOUTS)


def rendered(seed: str) -> bytes:
    name, position = SEEDS[seed]
    return render_docx(registry(name), position)


def original(seed: str) -> str:
    text = next(ORIGINALS.glob(f"{seed}_*.txt")).read_text()
    # 003 was extracted with HTML list markup (<ul style="…"><li>); tags are not its text.
    return re.sub(r"<[^>]+>", " ", text)


def styled(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in open_docx(data).paragraphs]


# --- templates -----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_has_a_slim_a4_template_with_the_named_styles(layout: str) -> None:
    path = TEMPLATES / f"{layout}.docx"
    template = Template(path)
    assert template.style_ids >= STYLES
    assert path.stat().st_size < 10_000  # no 438 KB default styles.xml
    section = open_docx(path.read_bytes()).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


# --- the seeds, layout by layout -------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_rendered_seed_carries_the_wording_of_its_original(seed: str) -> None:
    text = document_text(rendered(seed))
    share = five_gram_share(original(seed), text)
    assert share >= 0.98, missing_five_grams(original(seed), text)[:20]


def test_voru_prints_the_approval_block_title_and_nested_numbering() -> None:
    paragraphs = styled(rendered("001"))
    assert paragraphs[:4] == [
        ("Approval", "KINNITATUD"),
        ("Approval", "Võru linnapea 25.01.2024 käskkirja nr 20.1-1/29"),
        ("Approval", "„Sotsiaaltööosakonna teenistujate ametijuhendite kinnitamine“"),
        ("Approval", "Lisaga 2"),
    ]
    assert ("Title", "Sotsiaaltöötaja-juhtumikorraldaja ametijuhend") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "1. Üldsätted",
        "2. Teenistuskohustused",
        "3. Vastutus",
        "4. Kohustus",
        "5. Õigused ja piirangud teenistuskohustuse täitmisel",
        "6. Nõuded kvalifikatsioonile",
    ]
    nested = [text for style, text in styled(rendered("000")) if style == "Clause 2"]
    assert nested[0].startswith("2.2.1.\tisiku pöördumisel")
    assert len(nested) == 4 + 5  # 2.2.1–2.2.4 and 3.1.1–3.1.5


def test_voru_without_approval_has_no_approval_block() -> None:
    assert all(style != "Approval" for style, _ in styled(rendered("000")))


def test_viljandi_prints_header_fields_as_a_table_and_signs_digitally() -> None:
    data = rendered("002")
    document = open_docx(data)
    fields = document.tables[0]
    rows = [[c.text for c in row.cells] for row in fields.rows]
    assert rows[0] == ["Ametikoha nimetus:", "spetsialist"]
    assert ["Vahetu juht:", "laste heaolu teenistuse juht"] in rows
    assert ["", "ametiisik korruptsioonivastase seaduse § 2 lg 1, 2 tähenduses"] in rows
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["KINNITATUD", "Linnapea 04.11.2021", "käskkirjaga nr 12-1/21/112"]
    assert "14)\tmuude tema pädevusse jäävate küsimuste lahendamine" in "\n".join(texts)
    # the head signs, then the holder acknowledges and signs
    head = texts.index("sotsiaalameti juhataja")
    acknowledgement = next(i for i, t in enumerate(texts) if t.startswith("Kinnitan, et olen"))
    holder = texts.index("laste heaolu teenistuse spetsialist")
    assert head < acknowledgement < holder
    assert texts[head - 1] == texts[holder - 1] == "(allkirjastatud digitaalselt)"


def test_kohtla_jarve_prints_task_tables_with_bullets_and_signature_boxes() -> None:
    document = open_docx(rendered("003"))
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == ["KINNITAN", "Toomas Nael", "Kohtla-Järve Linnaeapea", "9. mai 2022. a"]
    tasks = next(t for t in document.tables if t.rows[0].cells[0].text == "3.1. ÜLESANNE")
    assert tasks.rows[0].cells[1].text == "3.2. KIRJELDUS JA SOOVITUD TULEMUS"
    first = tasks.rows[1].cells
    assert first[0].text == "Sotsiaalteenistuse lastekaitse alase tegevuse juhtimine"
    assert first[1].paragraphs[0].text.startswith("• Kohtla-Järve Linnavalitsuse")
    assert len(first[1].paragraphs) == 7
    boxes = document.tables[-1].rows[0].cells
    assert [c.paragraphs[1].text for c in boxes] == ["Teenistuskoha täitja", "Vahetu juht"]
    assert all("/allkirjastatud digitaalselt/" in c.text for c in boxes)


def test_viimsi_repeats_a_document_control_header_with_live_page_fields() -> None:
    data = rendered("004")
    document = open_docx(data)
    header = list(lines(document.sections[0].header))
    for expected in (
        "Viimsi Vallavalitsus",
        "Versioon nr: 01",
        "Keel: EE",
        "Staatus: kehtiv",
        "Haldaja: PO/ personaliosakond",
        "Kinnitas: Illar Lemetti",
        "AMETIJUHEND",
    ):
        assert expected in header
    with zipfile.ZipFile(BytesIO(data)) as zf:
        header_xml = zf.read("word/header1.xml").decode()
    assert header_xml.count(" PAGE ") == 2 and header_xml.count(" NUMPAGES ") == 2
    tasks = document.tables[0]
    assert [c.text for c in tasks.rows[0].cells] == [
        "Teenistuskoha tööülesanne", "Soovitud tulemus / väljund"]  # fmt: skip
    assert tasks.rows[1].cells[0].text.startswith("3.1. Sotsiaaltoetuste")
    assert tasks.rows[1].cells[1].text.startswith("3.1. Toetuse taotleja")
    texts = [p.text for p in document.paragraphs]
    ending = texts[texts.index("Nimi") :]
    assert [t for t in ending if t] == ["Nimi", "Allkiri", "/allkirjastatud digitaalselt/",
                                        "Kuupäev"]  # fmt: skip


# --- properties of every document -----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_rendering_twice_gives_the_same_bytes(seed: str) -> None:
    assert rendered(seed) == rendered(seed)


def test_core_properties_are_fixed_by_the_version() -> None:
    properties = open_docx(rendered("001")).core_properties
    assert properties.created.date().isoformat() == "2024-01-25"
    assert properties.revision == 1
    assert properties.author == "roles"


def stress_registry() -> Registry:
    """300 duties, a 5-level nesting, 2 000-character clauses, empty sections, „“ – § õäöüšž."""
    base = registry("voru")
    long_text = ("Õiguse § 2 „jõustumine“ – šabloon žürii ÄÖÜ õäöüšž. " * 40)[:2000]

    def nest(depth: int, ref: str) -> Clause:
        children = [nest(depth + 1, f"{ref}.1")] if depth < 5 else []
        return Clause(ref=ref, text=f"tase {depth} „{ref}“ – § õäöüšž", clauses=children)

    duties = [Clause(ref=f"2.{i}", text=f"ülesanne {i} – § „õäöüšž“") for i in range(1, 301)]
    sections = [
        Section(kind=SectionKind.GENERAL, title="Üldsätted", ref="1"),  # empty
        Section(kind=SectionKind.DUTIES, title="Teenistuskohustused", ref="2", clauses=duties),
        Section(kind=SectionKind.RESPONSIBILITIES, title="Vastutus", ref="3",
                clauses=[nest(1, "3.1"), Clause(ref="3.2", text=long_text)]),
        Section(kind=SectionKind.DUTIES, title="Tabel", columns=["Ülesanne", "Tulemus"],
                clauses=[Clause(ref="4.1", text=long_text, result=long_text)]),
        Section(kind=SectionKind.OTHER, title="Tühi lõpp"),  # empty
    ]  # fmt: skip
    description = JobDescription(position="voru-sts", version=9, status="draft", sections=sections)
    return msgspec.structs.replace(base, job_descriptions=[*base.job_descriptions, description])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_stress_version_renders_in_every_layout(layout: str) -> None:
    r = stress_registry()
    stressed = msgspec.structs.replace(r.job_descriptions[-1], layout=layout)
    r = msgspec.structs.replace(r, job_descriptions=[*r.job_descriptions[:-1], stressed])
    data = render_docx(r, "voru-sts", 9)
    text = document_text(data)
    assert "Tühi lõpp" in text and "Üldsätted" in text  # empty sections keep their headings
    assert "2.300.\tülesanne 300 – § „õäöüšž“" in text
    assert "3.1.1.1.1.1.\ttase 5 „3.1.1.1.1.1“ – § õäöüšž" in text
    assert text.count("Õiguse § 2 „jõustumine“ – šabloon žürii ÄÖÜ õäöüšž.") >= 3 * 35


def test_markup_characters_are_text_and_unwritable_controls_are_dropped() -> None:
    base = registry("voru")
    text = 'pädevus & vastutus <§ 2> "jõus" \x0cuus\x00 lehekülg'
    sections = [Section(kind=SectionKind.DUTIES, title="A & B <C>", ref="1",
                        clauses=[Clause(ref="1.1", text=text, label="Märkus & <1>")])]  # fmt: skip
    description = JobDescription(position="voru-sts", version=9, status="draft", sections=sections)
    r = msgspec.structs.replace(base, job_descriptions=[*base.job_descriptions, description])
    texts = [p.text for p in open_docx(render_docx(r, "voru-sts", 9)).paragraphs]
    assert "1. A & B <C>" in texts
    assert '1.1.\tMärkus & <1>: pädevus & vastutus <§ 2> "jõus" uus lehekülg' in texts


# --- API ------------------------------------------------------------------------------------


def test_file_names_are_ascii_and_name_position_and_version() -> None:
    voru = registry("voru")
    assert file_name(voru, "voru-sts") == "voru-sts-v1.docx"
    assert file_name(voru, "voru-sts", 1, "pdf") == "voru-sts-v1.pdf"


def test_layout_comes_from_the_version_then_the_municipality() -> None:
    voru = registry("voru")
    description = description_of(voru, "voru-sts")
    assert layout_of(voru, description) == "voru"
    assert layout_of(voru, msgspec.structs.replace(description, layout="viimsi")) == "viimsi"
    nameless = msgspec.structs.replace(
        voru, municipality=msgspec.structs.replace(voru.municipality, id="x", layout=None)
    )
    assert layout_of(nameless, msgspec.structs.replace(description, layout=None)) == "voru"


def test_a_missing_version_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="version 7"):
        render_docx(registry("voru"), "voru-sts", 7)


def test_header_fields_agreeing_with_the_registry_are_reported_so() -> None:
    viljandi = registry("viljandi")
    description = description_of(viljandi, "viljandi-spetsialist")
    values = {v.label: v for v in field_values(viljandi, description)}
    assert values["Vahetu juht"].agrees is True


def test_a_header_field_contradicting_the_registry_prints_the_wording_and_reports_it() -> None:
    viljandi = registry("viljandi")
    description = description_of(viljandi, "viljandi-spetsialist")
    general = description.sections[0]
    clauses = [
        msgspec.structs.replace(c, text="linnapea") if c.label == "Vahetu juht" else c
        for c in general.clauses
    ]
    changed = msgspec.structs.replace(
        description,
        sections=[msgspec.structs.replace(general, clauses=clauses), *description.sections[1:]],
    )
    r = msgspec.structs.replace(viljandi, job_descriptions=[changed])
    (value,) = [v for v in field_values(r, changed) if v.label == "Vahetu juht"]
    assert value.agrees is False and value.registry == ("laste heaolu teenistuse juht",)
    fields = open_docx(render_docx(r, "viljandi-spetsialist")).tables[0]
    assert ["Vahetu juht:", "linnapea"] in [[c.text for c in row.cells] for row in fields.rows]
