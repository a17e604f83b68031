"""roles.archive: honest archives pass whole; each kind of hostile archive is refused with its
code, before more than a bounded amount of it is ever unpacked."""

from __future__ import annotations

import io
import pickle
import random
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from craft import build, deflate, entry

from roles import archive
from roles.archive import ArchiveRefused, Limits, Refusal

MiB = 1024 * 1024
SMALL = Limits(
    max_archive_bytes=1 * MiB,
    max_entries=50,
    max_entry_bytes=256 * 1024,
    max_total_bytes=1 * MiB,
    max_ratio=50,
    ratio_from_bytes=64 * 1024,
    max_depth=1,
)


def _zip(files: dict[str, bytes], **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **kwargs) as zf:  # type: ignore[arg-type]
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _noise(seed: int, size: int) -> bytes:
    """Data that packs about 4:1, under every ratio limit."""
    return bytes(random.Random(seed).choices(b"abcd", k=size))


def _refused(data: bytes, limits: Limits = SMALL) -> ArchiveRefused:
    with pytest.raises(ArchiveRefused) as caught:
        archive.inspect(data, limits)
    return caught.value


# --- honest archives ------------------------------------------------------------------------


def test_a_docx_passes_and_is_listed_whole() -> None:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Sotsiaaltöötaja ametijuhend")
    document.save(buffer)
    data = buffer.getvalue()

    inventory = archive.inspect(data, archive.DOCUMENT)

    names = [e.name for e in inventory.entries]
    assert "word/document.xml" in names and "[Content_Types].xml" in names
    assert inventory.unpacked == sum(e.size for e in inventory.entries)
    with archive.open_checked(data, archive.DOCUMENT) as zf:
        assert b"Sotsiaalt" in zf.read("word/document.xml")
        assert zf.inventory == inventory


def test_an_odt_like_archive_with_a_stored_mimetype_and_folders_passes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        zf.writestr("Pictures/", b"")
        zf.writestr("content.xml", "<office:document-content/>" * 100, zipfile.ZIP_DEFLATED)
    inventory = archive.inspect(buffer.getvalue(), archive.DOCUMENT)
    assert [(e.name, e.method, e.directory) for e in inventory.entries] == [
        ("mimetype", "stored", False),
        ("Pictures/", "stored", True),
        ("content.xml", "deflated", False),
    ]


def test_streamed_archives_with_data_descriptors_pass() -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: object) -> int:
            view = memoryview(b)  # type: ignore[arg-type]
            self.data += view
            return len(view)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", b"<a/>" * 1000)
        with zf.open("b.bin", "w") as stream:
            stream.write(b"\x01\x02" * 500)
    data = bytes(sink.data)
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[1].flag_bits & 0x8
    assert [e.size for e in archive.inspect(data, SMALL).entries] == [4000, 1000]


def test_zip64_records_pass() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("big-by-promise.txt", "w", force_zip64=True) as stream,
    ):
        stream.write(b"tere " * 100)
    assert archive.inspect(buffer.getvalue(), SMALL).entries[0].size == 500


def test_an_empty_archive_passes_empty() -> None:
    assert archive.inspect(_zip({}), SMALL).entries == ()


def test_a_checked_archive_is_read_only() -> None:
    with (
        archive.open_checked(_zip({"a.txt": b"a"}), SMALL) as zf,
        pytest.raises(ValueError, match="read-only"),
    ):
        zf.open("b.txt", "w")


# --- sizes and counts ------------------------------------------------------------------------


def test_an_archive_larger_than_allowed_is_refused_unread() -> None:
    refused = _refused(b"PK\x03\x04" + bytes(2 * MiB))
    assert refused.code is Refusal.TOO_LARGE
    assert refused.params == {"size": 2 * MiB + 4, "limit": 1 * MiB}


def test_sixty_thousand_empty_entries_are_refused_at_once() -> None:
    data = build([entry(f"{i}.txt", stored=True) for i in range(60_000)])
    start = time.perf_counter()
    refused = _refused(data, archive.CONTAINER)
    assert refused.code is Refusal.TOO_MANY_ENTRIES
    assert refused.params == {"limit": archive.CONTAINER.max_entries}
    assert time.perf_counter() - start < 1.0


def test_a_directory_that_understates_its_count_is_still_counted() -> None:
    data = build([entry(f"{i}.txt", stored=True) for i in range(60)], count=1)
    assert _refused(data).code is Refusal.TOO_MANY_ENTRIES


def test_a_declared_size_over_the_entry_limit_is_refused_before_unpacking() -> None:
    refused = _refused(_zip({"big.bin": bytes(300 * 1024)}))
    assert refused.code is Refusal.ENTRY_TOO_LARGE
    assert refused.params["entry"] == "big.bin"


def test_entries_together_over_the_total_limit_are_refused() -> None:
    files = {f"part{i}.bin": _noise(i, 200 * 1024) for i in range(6)}
    assert _refused(_zip(files)).code is Refusal.TOTAL_TOO_LARGE


def test_a_compression_ratio_past_the_limit_is_refused() -> None:
    limits = Limits(**{**_fields(SMALL), "max_entry_bytes": 1 * MiB})
    refused = _refused(_zip({"zeros.xml": bytes(512 * 1024)}), limits)
    assert refused.code is Refusal.RATIO
    assert refused.params["limit"] == 50


def _fields(limits: Limits) -> dict[str, int]:
    return {name: getattr(limits, name) for name in limits.__struct_fields__}


def test_an_entry_that_unpacks_to_more_than_declared_stops_at_the_declared_size() -> None:
    """The bomb: 2 MiB of zeros deflated to 2 kB, declaring 100 bytes. The check stops within
    one chunk past the declared size; it never holds the 2 MiB."""
    bomb = entry("zeros.bin", bytes(2 * MiB), size=100)
    tracemalloc.start()
    refused = _refused(build([bomb]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert refused.code is Refusal.SIZE_MISMATCH
    assert refused.params == {"entry": "zeros.bin", "declared": 100}
    assert peak < 1 * MiB


def test_an_entry_that_unpacks_to_less_than_declared_is_refused() -> None:
    assert _refused(build([entry("a.txt", b"tere", size=10)])).code is Refusal.SIZE_MISMATCH


def test_a_wrong_checksum_is_refused() -> None:
    assert _refused(build([entry("a.txt", b"tere", crc=1)])).code is Refusal.CHECKSUM


def test_a_damaged_deflate_stream_is_refused() -> None:
    damaged = entry("a.txt", b"tere" * 100)
    damaged = entry("a.txt", b"tere" * 100, packed=b"\xff" + damaged.packed[1:])
    assert _refused(build([damaged])).code is Refusal.CORRUPT


def test_a_deflate_stream_cut_short_is_refused() -> None:
    whole = deflate(bytes(range(256)) * 40)
    cut = entry("a.bin", bytes(range(256)) * 40, packed=whole[: len(whole) // 2])
    assert _refused(build([cut])).code is Refusal.CORRUPT


def test_bytes_after_the_end_of_a_deflate_stream_are_refused() -> None:
    padded = entry("a.txt", b"tere", packed=deflate(b"tere") + b"hidden")
    assert _refused(build([padded])).code is Refusal.CORRUPT


# --- nesting ---------------------------------------------------------------------------------


def test_an_archive_inside_an_archive_is_checked_and_listed() -> None:
    inner = _zip({"word/document.xml": b"<w:document/>"})
    inventory = archive.inspect(_zip({"lisa.docx": inner}), SMALL)
    [outer] = inventory.entries
    assert outer.nested is not None
    assert [e.name for e in outer.nested.entries] == ["word/document.xml"]


def test_archives_nested_deeper_than_allowed_are_refused() -> None:
    innermost = _zip({"a.txt": b"a"})
    data = _zip({"b.zip": _zip({"c.zip": innermost})})
    refused = _refused(data)
    assert refused.code is Refusal.NESTED_TOO_DEEP
    assert refused.params == {"entry": "b.zip › c.zip", "limit": 1}


def test_a_bomb_inside_a_nested_archive_names_its_path() -> None:
    inner = build([entry("word/document.xml", bytes(MiB // 2), size=100)])
    refused = _refused(_zip({"lisa.docx": inner}))
    assert refused.code is Refusal.SIZE_MISMATCH
    assert refused.params["entry"] == "lisa.docx › word/document.xml"
    assert "lisa.docx › word/document.xml" in refused.message_et


@pytest.mark.parametrize(
    "inner",
    [
        _zip({"word/document.xml": b"<w:document/>"}) + b"!",  # a changed byte, appended
        build([entry("../evil.txt", b"x")]),  # nobody unpacks it here; its opener checks it
    ],
)
def test_a_broken_nested_archive_is_data_like_any_other(inner: bytes) -> None:
    [outer] = archive.inspect(_zip({"lisa.docx": inner}), SMALL).entries
    assert outer.nested is None and outer.size == len(inner)


def test_nested_archives_share_one_budget() -> None:
    """Like 42.zip: every level alone is within the limits, together they are not."""
    inner = _zip({f"{i}.bin": _noise(i, 100 * 1024) for i in range(2)})  # 200 KiB unpacked
    data = _zip({f"{i}.zip": inner for i in range(6)})
    assert _refused(data).code is Refusal.TOTAL_TOO_LARGE


def test_a_nested_archive_is_recognised_by_content_not_name() -> None:
    inner = _zip({"b.zip": _zip({"a.txt": b"a"})})
    assert _refused(_zip({"image.png": inner})).code is Refusal.NESTED_TOO_DEEP


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("/etc/passwd", Refusal.NAME_ABSOLUTE),
        ("C:/Windows/x.dll", Refusal.NAME_ABSOLUTE),
        ("../../x", Refusal.NAME_TRAVERSAL),
        ("a/../../x", Refusal.NAME_TRAVERSAL),
        ("..\\x", Refusal.NAME_BACKSLASH),
        ("a\\b.txt", Refusal.NAME_BACKSLASH),
        ("a//b.txt", Refusal.NAME_SEGMENT),
        ("./a.txt", Refusal.NAME_SEGMENT),
        ("a\x00.txt", Refusal.NAME_CONTROL),
        ("a\nb.txt", Refusal.NAME_CONTROL),
        ("gpj.\u202eexe", Refusal.NAME_CONTROL),  # right-to-left override
        ("a\u200bb", Refusal.NAME_CONTROL),  # zero-width space
        ("x" * 256, Refusal.NAME_TOO_LONG),
    ],
)
def test_unsafe_names_are_refused(name: str, code: Refusal) -> None:
    assert _refused(build([entry(name, b"x")])).code is code


def test_an_empty_name_is_refused() -> None:
    assert _refused(build([entry(b"", b"x")])).code is Refusal.NAME_EMPTY


@pytest.mark.parametrize(
    "names", [("a.txt", "a.txt"), ("Lisa.PDF", "lisa.pdf"), ("\u00f5.txt", "o\u0303.txt")]
)
def test_duplicate_names_are_refused_letter_case_and_normal_form_aside(
    names: tuple[str, str],
) -> None:
    refused = _refused(build([entry(names[0], b"1"), entry(names[1], b"2")]))
    assert refused.code is Refusal.NAME_DUPLICATE


def test_a_name_shown_in_a_message_has_its_invisible_characters_spelled_out() -> None:
    refused = _refused(build([entry("gpj.\u202eexe", b"x")]))
    assert "\\u202e" in refused.message_en and "\u202e" not in refused.message_en


# --- layout ----------------------------------------------------------------------------------


def test_data_prepended_to_the_archive_is_refused() -> None:
    data = b"MZ\x90\x00 a program first " + _zip({"a.txt": b"a"})
    zipfile.ZipFile(io.BytesIO(data)).read("a.txt")  # zipfile would read it
    refused = _refused(data)
    assert refused.code is Refusal.GARBAGE


def test_bytes_between_entries_are_refused() -> None:
    data = build([entry("a.txt", b"a"), entry("b.txt", b"b")], between=b"<hidden>")
    assert _refused(data).code is Refusal.GARBAGE


def test_bytes_before_the_directory_are_refused() -> None:
    data = build([entry("a.txt", b"a")], before_directory=b"<hidden>")
    assert _refused(data).code is Refusal.GARBAGE


def test_two_directory_records_sharing_one_local_header_are_refused() -> None:
    first = entry("a.txt", b"same")
    data = build([first, entry("a.txt", b"same", name=b"b.txt", local_name=b"a.txt", offset=0)])
    assert _refused(data).code in {Refusal.LOCAL_HEADER, Refusal.OVERLAP}


def test_an_entry_whose_data_runs_over_the_next_entry_is_refused() -> None:
    """The overlapping-entries bomb: one entry's packed data claims the next one's bytes."""
    second = entry("b.txt", b"b", stored=True)
    header_and_data = 30 + len(second.name) + len(second.packed)
    covering = entry(
        "a.txt",
        b"a" + bytes(header_and_data),
        stored=True,
        packed=b"a",
        packed_size=1 + header_and_data,
    )
    assert _refused(build([covering, second])).code is Refusal.OVERLAP


def test_a_local_header_naming_another_file_is_refused() -> None:
    data = build([entry("ametijuhend.docx", b"x", local_name=b"ametijuhend.exe")])
    assert _refused(data).code is Refusal.LOCAL_HEADER


def test_a_local_header_with_other_sizes_is_refused() -> None:
    good = build([entry("a.txt", b"tere")])
    patched = bytearray(good)
    patched[22:26] = (999).to_bytes(4, "little")  # the local header's unpacked size
    assert _refused(bytes(patched)).code is Refusal.LOCAL_HEADER


def test_encrypted_entries_are_refused() -> None:
    data = build([entry("a.txt", b"tere", flags=0x801)])
    refused = _refused(data)
    assert refused.code is Refusal.ENCRYPTED


@pytest.mark.parametrize("method", [12, 14, 93, 99])
def test_compression_methods_other_than_stored_and_deflated_are_refused(method: int) -> None:
    refused = _refused(build([entry("a.txt", b"tere", method=method)]))
    assert refused.code is (Refusal.ENCRYPTED if method == 99 else Refusal.COMPRESSION)


def test_symbolic_links_are_refused() -> None:
    link = entry("link", b"/etc/passwd", stored=True, external=(0o120777 << 16))
    assert _refused(build([link])).code is Refusal.SYMLINK


def test_a_split_archive_is_refused() -> None:
    assert _refused(build([entry("a.txt", b"a")], disk=1)).code is Refusal.MULTI_DISK


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.95])
def test_a_truncated_archive_is_refused(keep: float) -> None:
    data = _zip({"a.txt": bytes(range(256)) * 20, "b.txt": b"b"})
    assert _refused(data[: int(len(data) * keep)]).code in {
        Refusal.NOT_ZIP,
        Refusal.TRUNCATED,
        Refusal.DIRECTORY,
    }


def test_bytes_that_are_no_archive_are_refused() -> None:
    for data in (b"", b"hello", b"%PDF-1.7\n" + bytes(100), b"PK\x05\x06"):
        assert _refused(data).code is Refusal.NOT_ZIP


def test_a_comment_is_allowed() -> None:
    data = build([entry("a.txt", b"a")], comment=b"made by hand")
    assert [e.name for e in archive.inspect(data, SMALL).entries] == ["a.txt"]


def test_a_comment_holding_a_second_end_record_is_refused() -> None:
    """zipfile would take the fake one: two readers must not see two archives."""
    fake = b"PK\x05\x06" + bytes(18)
    data = build([entry("a.txt", b"a")], comment=fake)
    assert _refused(data).code is Refusal.DIRECTORY


# --- the refusal itself ----------------------------------------------------------------------


def test_every_refusal_speaks_estonian_and_english() -> None:
    assert set(archive.MESSAGES) == set(Refusal)
    for code, (et, en) in archive.MESSAGES.items():
        assert et and en and et != en, code


def test_a_refusal_crosses_process_boundaries_whole() -> None:
    refused = _refused(build([entry("../x", b"x")]))
    again = pickle.loads(pickle.dumps(refused))
    assert (again.code, again.params, again.message_et) == (
        refused.code,
        refused.params,
        refused.message_et,
    )
    assert again.message("en") == str(refused)


# --- the hostile corpus other entrances are fed with ----------------------------------------


def test_every_hostile_document_in_the_corpus_is_refused_with_its_code() -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "hostile" / "archives"))
    import hostile_archives

    cases = hostile_archives.cases()
    found = []
    for name, data, _ in cases:
        start = time.perf_counter()
        with pytest.raises(ArchiveRefused) as refused:
            archive.inspect(data, archive.DOCUMENT)
        assert time.perf_counter() - start < 2, name
        found.append((name, str(refused.value.code)))
    assert found == [(name, code) for name, _, code in cases]
