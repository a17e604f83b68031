"""`roles render` on registry files."""

from pathlib import Path

from click.testing import CliRunner

from roles.cli import main
from tests.render.reading import open_docx

TOIMETULEK = ["voru-tss-toimetulek-v1.docx"]
VORU = str(Path(__file__).resolve().parents[2] / "seeds" / "voru.yaml")


def test_render_writes_one_versions_docx(tmp_path: Path) -> None:
    out = tmp_path / "sts.docx"
    result = CliRunner().invoke(main, ["render", VORU, "--position", "voru-sts", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert open_docx(out.read_bytes()).paragraphs[0].text.startswith("Sotsiaalteenuste")


def test_bulk_render_writes_every_version_of_the_municipality(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["render", VORU, "--municipality", "voru", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["voru-juhtumikorraldaja-v1.docx", "voru-sts-v1.docx", *TOIMETULEK]


def test_render_needs_a_position_or_a_municipality(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", VORU, "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
