"""Every seed renders to PDF/A-2b, from the warm converter and from the cold soffice alike.

Page 1 of each cold PDF is kept as a PNG artefact.
"""

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from roles.render import (
    PdfConverter,
    PdfSettings,
    RenderError,
    docx_to_pdf,
    file_name,
    pdf_from_docx,
    render_docx,
    render_pdf,
)
from tests.render.pdfs import (
    SYSTEM_PYTHON,
    fonts_embedded,
    have_cold,
    have_warm,
    info,
    pdfa_claim,
    text,
    without_clock,
)
from tests.render.test_documents import SEEDS, registry

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "render"
# one seed per layout: voru, viljandi, kohtla-jarve, viimsi
LAYOUT_SEEDS = {"voru": "000", "viljandi": "002", "kohtla-jarve": "003", "viimsi": "004"}

pytestmark = pytest.mark.skipif(
    not have_cold(), reason="needs LibreOffice (soffice) and poppler-utils (pdfinfo)"
)
needs_warm = pytest.mark.skipif(
    not have_warm(), reason=f"needs LibreOffice's UNO for {SYSTEM_PYTHON} (Debian python3-uno)"
)


def docx_of(seed: str) -> bytes:
    name, position = SEEDS[seed]
    return render_docx(registry(name), position)


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """All seeds converted in one soffice call, as the bulk CLI does."""
    tmp = tmp_path_factory.mktemp("render")
    sources = []
    for seed, (name, position) in SEEDS.items():
        source = tmp / f"{seed}-{file_name(registry(name), position)}"
        source.write_bytes(docx_of(seed))
        sources.append(source)
    pdfs = docx_to_pdf(sources, tmp / "pdf")
    return {seed: pdf.read_bytes() for seed, pdf in zip(SEEDS, pdfs, strict=True)}


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    with PdfConverter(PdfSettings(python=SYSTEM_PYTHON, timeout=60)) as c:
        yield c


@pytest.fixture(scope="module")
def warm(converter: PdfConverter) -> dict[str, bytes]:
    if converter.status().mode != "warm":
        pytest.fail(f"the warm converter did not start: {converter.status().why_cold}")
    return {seed: converter.convert(docx_of(seed)) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_renders_to_pdf_and_page_one_is_kept_as_png(
    seed: str, cold: dict[str, bytes], tmp_path: Path
) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(cold[seed])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"{seed}-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    assert stem.with_suffix(".png").stat().st_size > 5_000
    first = text(cold[seed])
    assert "õ" in first or "Õ" in first  # Estonian letters survive


@pytest.mark.parametrize("layout", LAYOUT_SEEDS)
def test_cold_pdf_is_pdfa_2b_tagged_with_every_font_embedded(
    layout: str, cold: dict[str, bytes]
) -> None:
    pdf = cold[LAYOUT_SEEDS[layout]]
    assert pdfa_claim(pdf) == ("2", "B")
    assert info(pdf)["Tagged"] == "yes"
    assert fonts_embedded(pdf) and all(fonts_embedded(pdf))
    assert info(pdf)["Page size"].endswith("(A4)")


@needs_warm
@pytest.mark.parametrize("layout", LAYOUT_SEEDS)
def test_warm_pdf_is_pdfa_2b_tagged_with_every_font_embedded(
    layout: str, warm: dict[str, bytes]
) -> None:
    pdf = warm[LAYOUT_SEEDS[layout]]
    assert pdfa_claim(pdf) == ("2", "B")
    assert info(pdf)["Tagged"] == "yes"
    assert fonts_embedded(pdf) and all(fonts_embedded(pdf))
    assert info(pdf)["Page size"].endswith("(A4)")


@needs_warm
@pytest.mark.parametrize("seed", SEEDS)
def test_warm_and_cold_pdfs_print_the_same_pages(
    seed: str, warm: dict[str, bytes], cold: dict[str, bytes]
) -> None:
    assert info(warm[seed])["Pages"] == info(cold[seed])["Pages"]
    assert text(warm[seed]) == text(cold[seed])


@needs_warm
@pytest.mark.parametrize("seed", SEEDS)
def test_warm_and_cold_pdfs_are_the_same_pdf_but_for_the_clock(
    seed: str, warm: dict[str, bytes], cold: dict[str, bytes]
) -> None:
    """The warm converter's shortcuts (one reused frame without bars, no word completion, the
    ISO name of the DOCX filter, jemalloc) change how fast a PDF comes, never what it holds."""
    assert without_clock(warm[seed]) == without_clock(cold[seed])


def test_viimsi_pages_number_themselves_in_the_header(cold: dict[str, bytes]) -> None:
    first, second = text(cold["004"], 1), text(cold["004"], 2)
    assert "Lehe nr: 1(" in first and "Lehe nr: 2(" in second
    total = first.split("Lehe nr: 1(")[1].split(")")[0]
    assert int(total) >= 2


@needs_warm
def test_a_pdf_differs_from_the_next_conversion_only_in_what_the_clock_stamps(
    converter: PdfConverter,
) -> None:
    """What the module docstring promises: the DOCX is deterministic, the PDF is not, and only
    the conversion time (Info, XMP, the output intent's ICC header) and the /ID differ."""
    docx = docx_of("004")
    assert docx == docx_of("004")
    first = converter.convert(docx)
    time.sleep(1.1)  # a later second, so the stamps really differ
    second = converter.convert(docx)
    assert first != second
    assert without_clock(first) == without_clock(second)


def test_render_pdf_without_a_converter_uses_a_cold_soffice() -> None:
    pdf = render_pdf(registry("voru"), "voru-sts")
    assert pdf.startswith(b"%PDF") and pdfa_claim(pdf) == ("2", "B")


@needs_warm
def test_render_pdf_through_the_converter(converter: PdfConverter) -> None:
    before = converter.status().documents
    pdf = render_pdf(registry("viljandi"), "viljandi-spetsialist", converter=converter)
    assert pdfa_claim(pdf) == ("2", "B")
    assert converter.status().documents == before + 1


def test_pdf_from_docx_refuses_what_is_not_a_document() -> None:
    with pytest.raises(RenderError):
        pdf_from_docx(b"PK\x03\x04 not a zip at all", "broken.docx")
