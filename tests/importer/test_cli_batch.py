"""`roles import-document` over folders and zip files: one registry, a text and an HTML report,
existing drafts never overwritten without `--replace-draft`, hostile files refused in words."""

import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from roles import registry as registry_file
from roles import store
from roles.cli import main
from roles.domain import JobDescriptionStatus, check
from tests.importer import corpus

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile" / "archives"
FEW = ["d01_rakvere_arendusnounik", "d02_kohila_ehitusspetsialist", "d03_kool_oppejuht"]


def _hostile(name: str) -> bytes:
    sys.path.insert(0, str(HOSTILE))
    try:
        from hostile_archives import cases
    finally:
        sys.path.remove(str(HOSTILE))
    return next(data for n, data, _ in cases() if n == name)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A few corpus documents as a municipality has them (.txt in Windows-1257, .docx, …);
    no database unless the test asks for one (`use_database`, requested after this)."""
    from roles.config import settings

    monkeypatch.setenv("ROLES_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    settings.cache_clear()
    out = tmp_path / "ametijuhendid"
    out.mkdir()
    for case in corpus.cases("dev"):
        if case.name in FEW:
            corpus.make_file(case, out)
    return out


def _run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import-document", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _titles(path: Path) -> set[str]:
    return {p.title for p in registry_file.read(path).positions}


def test_a_folder_becomes_one_registry_and_a_report(folder: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out.yaml", tmp_path / "aruanne.html"
    status, stdout, _ = _run(folder, "--municipality", "rakvere", "-o", out, "--report", report)
    assert status == 0, stdout
    registry = registry_file.read(out)
    assert check(registry) == []
    titles = _titles(out)
    assert {"arendusnõunik", "ehitusspetsialist", "õppejuht"} <= titles
    assert "3 dokumenti, 3 imporditud" in stdout
    assert "d02_kohila_ehitusspetsialist.txt: imporditud" in stdout
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "d03_kool_oppejuht.docx" in page
    drafts = [d for d in registry.job_descriptions if d.status is JobDescriptionStatus.DRAFT]
    assert len(drafts) == 3


def test_a_zip_of_the_folder_gives_the_same_registry(folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ametijuhendid.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"ametijuhendid/{path.name}")
    from_folder, from_zip = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert _run(folder, "--municipality", "rakvere", "-o", from_folder)[0] == 0
    status, stdout, _ = _run(archive, "--municipality", "rakvere", "-o", from_zip, "--lang", "en")
    assert status == 0, stdout
    assert _titles(from_zip) == _titles(from_folder)
    assert "ametijuhendid.zip:ametijuhendid/d01_rakvere_arendusnounik.txt: imported" in stdout


def test_an_existing_draft_is_refused_unless_replace_draft(folder: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    assert _run(folder, "--municipality", "rakvere", "-o", first)[0] == 0
    again = tmp_path / "again.yaml"
    document = folder / "d02_kohila_ehitusspetsialist.txt"
    status, _, stderr = _run(
        document, "--municipality", "rakvere", "--registry", first, "-o", again
    )
    assert status == 2
    assert "d02_kohila_ehitusspetsialist.txt" in stderr
    assert "„ehitusspetsialist“ (rakvere-ehitusspetsialist) on juba kavand" in stderr
    assert "--replace-draft" in stderr and "Midagi ei kirjutatud" in stderr
    assert not again.exists()
    status, stdout, _ = _run(
        document, "--municipality", "rakvere", "--registry", first, "-o", again,
        "--replace-draft",
    )  # fmt: skip
    assert status == 0, stdout
    assert _titles(again) == _titles(first)


def test_unreadable_files_are_lines_of_the_report(folder: Path, tmp_path: Path) -> None:
    (folder / "tabel.xlsx").write_bytes(b"x")
    (folder / "katki.docx").write_bytes(b"not a word file")
    out = tmp_path / "out.yaml"
    status, stdout, stderr = _run(folder, "--municipality", "rakvere", "-o", out, "--lang", "en")
    assert status == 1  # written, but not every document came in
    assert "Traceback" not in stdout + stderr
    assert "tabel.xlsx: failed: " in stdout and "cannot be imported (.xlsx)" in stdout
    assert "katki.docx: failed: " in stdout and "damaged" in stdout
    assert "5 documents, 3 imported" in stdout
    assert len(_titles(out)) >= 3


@pytest.mark.parametrize("bomb", ["bomb-ratio", "bomb-total", "traversal"])
def test_a_word_file_bomb_is_refused_and_nothing_is_stored(
    bomb: str, tmp_path: Path, use_database: str
) -> None:
    path = tmp_path / f"{bomb}.docx"
    path.write_bytes(_hostile(bomb))
    status, stdout, stderr = _run(path, "--municipality", "rakvere", "--load")
    assert status == 1
    assert f"{bomb}.docx: ebaõnnestus" in stdout and "fail ei läbinud kontrolli: " in stdout
    assert "ühtegi dokumenti ei imporditud" in stderr.lower()
    assert "Traceback" not in stdout + stderr
    _assert_nothing_stored(use_database)


def test_a_zip_bomb_is_refused_and_nothing_is_stored(tmp_path: Path, use_database: str) -> None:
    archive = tmp_path / "kaust.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", bytes(300 * 1024 * 1024))  # 300 MB of zeros, some 300 kB packed
    status, stdout, stderr = _run(archive, "--municipality", "rakvere", "--load", "--lang", "en")
    assert status == 1 and "No document was imported" in stderr
    assert "kaust.zip: failed" in stdout and "the file did not pass the checks" in stdout
    assert "too large unpacked" in stdout or "compressed" in stdout
    _assert_nothing_stored(use_database)


def _assert_nothing_stored(url: str) -> None:
    engine = store.create(url)
    try:
        store.upgrade(engine)
        with store.sessions(engine)() as session:
            assert store.read_registry(session, "rakvere") is None
    finally:
        engine.dispose()


def test_load_stores_the_batch_in_one_change(folder: Path, use_database: str) -> None:
    status, stdout, _ = _run(folder, "--municipality", "rakvere", "--load")
    assert status == 0, stdout
    assert "Andmebaasi laaditi 3 kavandit" in stdout
    engine = store.create(use_database)
    try:
        with store.sessions(engine)() as session:
            stored = store.read_registry(session, "rakvere")
    finally:
        engine.dispose()
    assert stored is not None
    assert {"arendusnõunik", "ehitusspetsialist", "õppejuht"} <= {p.title for p in stored.positions}
    # The database's drafts now count: the same folder again is refused, nothing changes.
    status, _, stderr = _run(folder, "--municipality", "rakvere", "--load")
    assert status == 2 and "on juba kavand" in stderr
    status, _, stderr = _run(folder, "--municipality", "rakvere", "-o", folder.parent / "x.yaml")
    assert status == 2 and "on juba kavand" in stderr  # a file too: the database's drafts count
    status, _, _ = _run(folder, "--municipality", "rakvere", "--load", "--replace-draft")
    assert status == 0
