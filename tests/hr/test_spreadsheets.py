"""Excel in and out over the database: export → import → export is identical for every seed,
a filled template imports, a malformed workbook is refused with its sheet, row and column and
leaves the database as it was (SQLite and PostgreSQL), and a change between preview and apply
is caught."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl.workbook.workbook import Workbook
from sqlalchemy.engine import Engine

from roles import store
from roles.cli import main
from roles.services import spreadsheets
from roles.services.access import system
from roles.services.errors import Invalid, Stale
from roles.services.workspace import Workspace
from roles.sheets import Mode

from ..sheets.test_malformed import CASES
from ..sheets.workbooks import SEED_NAMES, SEEDS, edited, seed

CLI = system("test")


@pytest.fixture
def ws(engine: Engine) -> Iterator[Workspace]:
    with store.sessions(engine)() as session:
        store.load_all(session, [("voru.yaml", seed("voru"))])
    w = Workspace(engine)
    yield w
    w.close()


def test_export_import_export_is_identical_for_every_seed(
    use_database: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", *(str(SEEDS / f"{n}.yaml") for n in SEED_NAMES)])
    assert loaded.exit_code == 0, loaded.output
    for name in SEED_NAMES:
        first, second = tmp_path / f"{name}-1.xlsx", tmp_path / f"{name}-2.xlsx"
        out = runner.invoke(main, ["sheets", "export", "--municipality", name, "-o", str(first)])
        assert out.exit_code == 0, out.output
        back = runner.invoke(
            main, ["sheets", "import", str(first), "--municipality", name, "--replace"]
        )
        assert back.exit_code == 0, back.output
        assert "0 change(s) written" in back.output
        out = runner.invoke(main, ["sheets", "export", "--municipality", name, "-o", str(second)])
        assert out.exit_code == 0
        assert first.read_bytes() == second.read_bytes(), name


def _fill(wb: Workbook) -> None:
    wb["Ametikohad"].append(
        [
            "voru-noorsootootaja",
            "noorsootöötaja",
            "sotsiaaltööosakond (voru-sotsiaal)",
            "töötaja",
            "ei",
            1,
            "osakonna juhataja (voru-juhataja)",
            None,
        ]
    )
    wb["Töötajad"].append(
        ["voru-p20", "Uku Uustulnuk", "38001010009", "voru-noorsootootaja", dt.date(2026, 9, 1)]
    )
    wb["Puudumised"].append(
        ["Uku Uustulnuk", dt.date(2026, 12, 21), dt.date(2026, 12, 31), "puhkus"]
    )


def test_a_filled_template_imports_after_its_preview(use_database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEEDS / "voru.yaml")]).exit_code == 0
    template = tmp_path / "template.xlsx"
    made = runner.invoke(
        main, ["sheets", "template", "--municipality", "voru", "-o", str(template)]
    )
    assert made.exit_code == 0, made.output
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(edited(template.read_bytes(), _fill))
    dry = runner.invoke(
        main, ["sheets", "import", str(filled), "--municipality", "voru", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "Ametikoht lisandub: noorsootöötaja (voru-noorsootootaja)" in dry.output
    assert "nothing written" in dry.output
    export = tmp_path / "after-dry.yaml"
    runner.invoke(main, ["export", "voru", "-o", str(export)])
    assert "voru-noorsootootaja" not in export.read_text()
    done = runner.invoke(main, ["sheets", "import", str(filled), "--municipality", "voru"])
    assert done.exit_code == 0, done.output
    runner.invoke(main, ["export", "voru", "-o", str(export)])
    text = export.read_text()
    assert "voru-noorsootootaja" in text and "Uku Uustulnuk" in text
    assert "voru-p01" in text  # a template adds: nobody is removed


def test_malformed_workbooks_name_sheet_row_and_column_and_change_nothing(
    ws: Workspace,
) -> None:
    before = ws.require("voru")
    exported = spreadsheets.export(ws, CLI, "voru")
    checked = 0
    for name, case in CASES.items():
        if case.limits is not None:
            continue  # the service reads with the default limits
        data = edited(exported, case.change)
        for language in ("et", "en"):
            with pytest.raises(Invalid) as caught:
                spreadsheets.apply(ws, CLI, "voru", data, before.revision, language, Mode.REPLACE)
            paths = [p.path for p in caught.value.problems]
            assert case.path in paths, (name, paths)
        checked += 1
        after = ws.require("voru")
        assert after.revision == before.revision and after.registry == before.registry, name
    assert checked >= 15


def test_a_change_between_preview_and_apply_is_caught(ws: Workspace) -> None:
    template = spreadsheets.template(ws, CLI, "voru")
    data = edited(template, _fill)
    shown = spreadsheets.preview(ws, CLI, "voru", data)
    assert shown.changes
    other = edited(
        template,
        lambda wb: wb["Puudumised"].append(
            ["Mari Maasikas (voru-p01)", dt.date(2027, 3, 1), dt.date(2027, 3, 2), "koolitus"]
        ),
    )
    spreadsheets.apply(ws, CLI, "voru", other, None)
    with pytest.raises(Stale):
        spreadsheets.apply(ws, CLI, "voru", data, shown.revision)
    fresh = spreadsheets.preview(ws, CLI, "voru", data)
    done = spreadsheets.apply(ws, CLI, "voru", data, fresh.revision)
    assert done.changes == fresh.changes


def test_a_zip_bomb_is_refused_before_the_reader(ws: Workspace) -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"\0" * (200 * 1024 * 1024))
    with pytest.raises(Invalid) as caught:
        spreadsheets.preview(ws, CLI, "voru", out.getvalue(), "en")
    assert caught.value.problems[0].path == "file"
