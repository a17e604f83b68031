"""Files as people have them: every encoding Windows writes, Word and other formats, and clear
errors in Estonian and English for what cannot be read."""

import io
import zipfile
from pathlib import Path

import pytest

from roles.importer import Converters, ImporterError, import_document, read
from roles.importer.encoding import decode

TEXT = "Raamatupidaja ametijuhend\nTööülesanded\n1. Šokolaadi ja žürii arvete kirjendamine.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1257"),
        TEXT.encode("cp1252"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-16-le",
        "utf-16-be",
        "cp1257",
        "cp1252",
    ],
)
def test_every_encoding_reads_back_the_estonian_letters(data: bytes) -> None:
    assert decode(data, "a.txt").replace("\r\n", "\n") == TEXT


def test_windows_1257_without_s_or_z_still_reads_its_o_tilde() -> None:
    assert decode("Tõõtaja õigused".encode("cp1257"), "a.txt") == "Tõõtaja õigused"


def _error(name: str, data: bytes, converters: Converters | None = None) -> ImporterError:
    with pytest.raises(ImporterError) as caught:
        read(name, data, converters)
    return caught.value


def test_an_unsupported_file_says_which_types_work_in_both_languages() -> None:
    error = _error("tabel.xlsx", b"PK\x03\x04")
    assert error.code == "unsupported"
    assert error.message("et").startswith("tabel.xlsx: seda failitüüpi ei saa importida")
    assert ".docx" in error.message("en") and "cannot be imported" in error.message("en")


def test_a_damaged_word_file_is_an_error_not_a_traceback() -> None:
    assert _error("katki.docx", b"PK\x03\x04 not really a zip").code == "damaged"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
    assert _error("katki.docx", buffer.getvalue()).code == "damaged"


def test_a_damaged_file_is_told_in_words_not_codes() -> None:
    """What went wrong inside (an exception's name, an archive's refusal code) is for logs."""
    error = _error("katki.docx", b"PK\x03\x04 not really a zip")
    assert error.message("et") == "katki.docx: fail on vigane ega avane"
    assert error.message("en") == "katki.docx: the file is damaged and does not open"
    assert error.details["reason"] == "not-zip"


def test_binary_data_in_a_text_file_is_damaged() -> None:
    assert _error("a.txt", bytes(range(256)) * 20).code == "damaged"


def test_empty_and_too_large_files_are_refused() -> None:
    assert _error("a.txt", b"  \n ").code == "empty"
    error = _error("a.txt", b"x" * 100, Converters(max_bytes=10))
    assert error.code == "too_large" and "100" in error.message("et")


def test_a_missing_converter_is_named(tmp_path: Path) -> None:
    error = _error("vana.doc", b"\xd0\xcf\x11\xe0 old word", Converters(soffice="/no/soffice"))
    assert error.code == "converter_missing"
    assert "soffice" in error.message("et") and "LibreOffice" in error.message("en")


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ImporterError) as caught:
        import_document(tmp_path / "puudub.txt", "testvald")
    assert caught.value.code == "not_found"


def test_damaged_extraction_is_repaired() -> None:
    lines = read("a.txt", "Nōuded\no\u0303igus\ufb01lm\u00ad\n".encode())
    assert [line.text for line in lines] == ["Nõuded", "õigusfilm"]


def test_direction_controls_pasted_into_a_document_are_removed_before_the_registry_sees_them() -> (
    None
):
    # Word keeps marks, embeddings and isolates around text pasted from other programs; the
    # registry refuses them (text.invisible), and they show nothing in a left-to-right text.
    text = "\u202aKorraldab\u202c \u2067lepinguid\u2069\u200e\u2028ja arveid\n"
    lines = read("a.txt", text.encode())
    assert [line.text for line in lines] == ["Korraldab lepinguid", "ja arveid"]


def test_every_message_reads_in_estonian_and_english() -> None:
    from roles.importer import messages

    details = {
        "suffix": ".x", "reason": "r", "size": 1, "limit": 2, "lines": 3, "program": "p",
        "seconds": 4, "count": 5, "phrase": "f", "title": "t", "scope": "s", "current": "c",
        "named": "n", "version": 1, "et": "e", "en": "e", "problem_et": "p", "problem_en": "p",
        "start": "a", "rest": "b",
    }  # fmt: skip
    for key in messages.all_keys():
        et, en = messages.text(key, "et", **details), messages.text(key, "en", **details)
        assert et and en and (et != en or key == "report.none"), key


def test_a_task_result_table_in_a_pdf_keeps_its_two_columns(tmp_path: Path) -> None:
    import shutil

    from tests.importer import corpus

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler are needed")
    case = next(c for c in corpus.cases("dev") if c.name.startswith("d19"))
    word = tmp_path / "tabel.docx"
    word.write_bytes(corpus.build_docx(case.text.read_text(encoding="utf-8")))
    outcome = import_document(corpus.convert(word, "pdf", tmp_path), "testvald")
    duties = next(
        s for d in outcome.registry.job_descriptions for s in d.sections if s.kind == "duties"
    )
    assert [(c.text, c.result) for c in duties.clauses] == [
        ("Liiklusõnnetuste andmete analüüsimine.", "Analüüs on valminud iga kvartali lõpuks."),
        (
            "Liiklusohutuse programmi tegevuskava koostamine.",
            "Tegevuskava on kinnitatud tähtaegselt.",
        ),
        ("Ennetuskampaaniate korraldamine.", "Kampaaniad on läbi viidud plaanipäraselt."),
    ]
