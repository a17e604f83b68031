"""Whole folders and zip files into one registry, titles matched across the batch, a report."""

import zipfile
from pathlib import Path

from roles import registry as registry_file
from roles.domain import check
from roles.importer import import_batch

DOCUMENTS = Path(__file__).parent / "documents"
SEEDS = Path(__file__).parents[2] / "seeds"

HALDUSJUHT = (
    "Haldusjuhi ametijuhend\n1. Üldsätted\n1.1. Haldusjuht allub vallavanemale.\n"
    "1.2. Haldusjuhile alluvad majahoidja ja valvurid.\n2. Tööülesanded\n2.1. Hoonete haldamine.\n"
)
VALVUR = (
    "Valvuri ametijuhend\n1. Üldsätted\n1.1. Valvur allub otseselt haldusjuhile.\n"
    "1.2. Valvurid asendavad vajadusel üksteist.\n2. Tööülesanded\n2.1. Valvamine.\n"
)


def test_a_folder_and_a_zip_become_one_registry_with_titles_matched_across_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kaust"
    folder.mkdir()
    (folder / "haldusjuht.txt").write_text(HALDUSJUHT, encoding="utf-8")
    (folder / "~$lukk.docx").write_bytes(b"lock")  # Word's lock file: not a document
    archive = tmp_path / "arhiiv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ametijuhendid/valvur.txt", VALVUR.encode("cp1257"))
        z.writestr("ametijuhendid/tabel.xlsx", b"x")
    seen: list[tuple[int, int, str]] = []
    result = import_batch(
        [folder, archive], "kambja", progress=lambda d, n, name: seen.append((d, n, name))
    )
    assert [d for d, _, _ in seen] == [1, 2, 3] and all(n == 3 for _, n, _ in seen)
    assert check(result.registry) == []
    titles = {p.id: p.title for p in result.registry.positions}
    by_title = {p.title: p for p in result.registry.positions}
    assert sorted(titles.values()) == ["haldusjuht", "majahoidja", "vallavanem", "valvur"]
    valvur = by_title["valvur"]
    assert titles[valvur.reports_to or ""] == "haldusjuht"
    assert [(titles[r.position], r.if_needed) for r in valvur.substitutes] == [("valvur", True)]
    first, table, second = result.documents  # zip members in name order
    assert (first.imported, first.matched, first.title) == (True, False, "haldusjuht")
    assert (second.imported, second.matched, second.title) == (True, True, "valvur")
    assert table.error is not None and table.error.code == "unsupported"
    assert table.name.endswith("arhiiv.zip:ametijuhendid/tabel.xlsx")


def test_a_position_that_already_has_a_draft_is_reported_and_kept_unless_replaced(
    tmp_path: Path,
) -> None:
    path = tmp_path / "haldusjuht.txt"
    path.write_text(HALDUSJUHT, encoding="utf-8")
    first = import_batch([path], "kambja")
    again = import_batch([path], "kambja", first.registry)
    assert again.documents[0].draft_exists == 1
    assert not again.documents[0].imported
    assert again.registry == first.registry
    replaced = import_batch([path], "kambja", first.registry, replace_drafts=True)
    assert replaced.documents[0].imported and replaced.documents[0].replaced
    assert len(replaced.registry.job_descriptions) == 1


def test_existing_positions_of_the_municipality_are_matched_by_lemmas(tmp_path: Path) -> None:
    voru = registry_file.read(SEEDS / "voru.yaml")
    path = tmp_path / "x.txt"
    path.write_text(
        "Sotsiaaltöötaja ametijuhend\n1. Üldsätted\n"
        "1.1. Sotsiaaltöötaja allub osakonnajuhataja asetäitjale.\n"
        "1.2. Sotsiaaltöötajat asendab sotsiaalteenuste spetsialist.\n",
        encoding="utf-8",
    )
    result = import_batch([path], "voru", voru)
    doc = result.documents[0]
    assert doc.created == []
    own = next(p for p in result.registry.positions if p.id == doc.position)
    assert own.reports_to == "voru-juh-asetaitja"
    assert [r.position for r in own.substitutes] == ["voru-sts"]


def test_the_report_lists_every_document_and_escapes_what_it_shows(tmp_path: Path) -> None:
    path = tmp_path / "<script>.txt"
    path.write_text(
        "Arhivaari ametijuhend\n<b>pealkiri</b> & muu\n1. Tööülesanded\n1.1. Arhiveerimine.\n"
        "Arhivaari asendab linnapea poolt määratud ametnik.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "katki.docx"
    bad.write_bytes(b"not a word file")
    result = import_batch([path, bad], "testvald")
    page = result.html("et")
    assert "<script>" not in page and "&lt;script&gt;.txt" in page
    assert "katki.docx: fail on vigane" in page
    text = result.text("en")
    assert "2 documents, 1 imported" in text
    assert "the file is damaged" in text
    assert "does not read as a position title" in text
    assert "rida" in result.text("et")


def test_old_word_files_in_a_folder_are_converted_in_one_run(tmp_path: Path) -> None:
    import shutil

    import pytest

    from tests.importer import corpus

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path / "vanad"
    folder.mkdir()
    made = tmp_path / "made"
    made.mkdir()
    for case in corpus.cases("dev"):
        if case.kind in ("doc", "odt", "rtf"):
            shutil.copy(corpus.make_file(case, made), folder)
    (folder / "zz_katki.rtf").write_bytes(b"{\\rtf1 ")  # an RTF with nothing in it
    result = import_batch([folder], "testvald")
    titles = [d.title for d in result.documents if d.imported]
    assert titles == ["sotsiaaltöötaja", "noorsootöötaja", "giid"]
    broken = result.documents[-1]
    assert broken.error is not None
    assert broken.error.code in ("no_title", "empty", "converter_failed")
