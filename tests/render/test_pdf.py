"""Every seed renders to PDF through LibreOffice; page 1 of each is kept as a PNG artefact."""

import shutil
import subprocess
from pathlib import Path

import pytest

from roles.render import docx_to_pdf, file_name, render_docx, render_pdf
from tests.render.test_documents import SEEDS, registry

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "render"

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="needs LibreOffice (soffice) and poppler-utils (pdftoppm)",
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All seeds converted in one soffice call, as the bulk CLI does."""
    tmp = tmp_path_factory.mktemp("render")
    sources = []
    for seed, (name, position) in SEEDS.items():
        source = tmp / f"{seed}-{file_name(registry(name), position)}"
        source.write_bytes(render_docx(registry(name), position))
        sources.append(source)
    return dict(zip(SEEDS, docx_to_pdf(sources, tmp / "pdf"), strict=True))


def text_of(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_renders_to_pdf_and_page_one_is_kept_as_png(
    seed: str, pdfs: dict[str, Path]
) -> None:
    pdf = pdfs[seed]
    assert pdf.read_bytes().startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"{seed}-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    assert stem.with_suffix(".png").stat().st_size > 5_000
    assert "õ" in text_of(pdf, 1) or "Õ" in text_of(pdf, 1)  # Estonian letters survive


def test_viimsi_pages_number_themselves_in_the_header(pdfs: dict[str, Path]) -> None:
    first, second = text_of(pdfs["004"], 1), text_of(pdfs["004"], 2)
    assert "Lehe nr: 1(" in first and "Lehe nr: 2(" in second
    total = first.split("Lehe nr: 1(")[1].split(")")[0]
    assert int(total) >= 2


def test_render_pdf_returns_one_documents_pdf() -> None:
    assert render_pdf(registry("voru"), "voru-sts").startswith(b"%PDF")
