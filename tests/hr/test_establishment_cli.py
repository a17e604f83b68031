"""`roles establishment`: the staff establishment of every seed municipality's agencies, as DOCX
and XLSX, listing every position with its posts; a stored version in force is the one given."""

import io
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from roles.cli import main

from ..establishment.test_establishment import YAML
from ..sheets.workbooks import SEED_NAMES, SEEDS, seed


def _text_of_docx(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_every_seed_agency_renders_with_every_position(use_database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", *(str(SEEDS / f"{n}.yaml") for n in SEED_NAMES)])
    assert loaded.exit_code == 0, loaded.output
    for name in SEED_NAMES:
        r = seed(name)
        for agency in r.agencies:
            units = {u.id for u in r.units if u.agency == agency.id}
            titles = {p.title for p in r.positions if p.unit in units and p.abolished is None}
            if not titles:
                continue
            out = tmp_path / f"{agency.id}.docx"
            done = runner.invoke(
                main,
                [
                    "establishment",
                    "--agency",
                    agency.id,
                    "--on",
                    "2026-06-01",
                    "--format",
                    "docx",
                    "-o",
                    str(out),
                ],
            )
            assert done.exit_code == 0, done.output
            text = _text_of_docx(out.read_bytes())
            for title in titles:
                assert title in text, (agency.id, title)
            book = tmp_path / f"{agency.id}.xlsx"
            done = runner.invoke(
                main,
                [
                    "establishment",
                    "--agency",
                    agency.id,
                    "--on",
                    "2026-06-01",
                    "--format",
                    "xlsx",
                    "-o",
                    str(book),
                ],
            )
            assert done.exit_code == 0, done.output
            ws = openpyxl.load_workbook(book).worksheets[0]
            values = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
            assert titles <= values, (agency.id, titles - values)


def test_the_version_in_force_on_the_day_is_given(use_database: str, tmp_path: Path) -> None:
    source = tmp_path / "linn.yaml"
    source.write_text(YAML)
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(source)]).exit_code == 0
    for day, count in (("2024-06-01", "1"), ("2025-08-01", "2")):
        out = tmp_path / f"{day}.xlsx"
        done = runner.invoke(
            main,
            ["establishment", "--agency", "lv", "--on", day, "--format", "xlsx", "-o", str(out)],
        )
        assert done.exit_code == 0, done.output
        ws = openpyxl.load_workbook(out).worksheets[0]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        spets = next(r for r in rows if "spetsialist" in r)
        assert int(count) in spets or count in [str(v) for v in spets], (day, spets)
    unknown = runner.invoke(
        main, ["establishment", "--agency", "nope", "--format", "docx", "-o", str(tmp_path / "x")]
    )
    assert unknown.exit_code == 2 and "nope" in unknown.output
