"""The hostile-input corpus of issue 14, built at test time (no bombs kept in git): registry
files, JSON bodies, documents, workbooks and ASiC-E containers, each as a `Hostile` with the
kind of entrance it is for.

- registry: tests/fixtures/hostile/registry (YAML/JSON alias bombs, deep nesting, invalid
  characters and encodings, far dates, huge numbers…) and a few made here (too many
  positions, block nesting 500 deep, a file over the size limit);
- document: tests/fixtures/hostile/archives as DOCX, DOCX whose XML is an entity bomb,
  external entities or nested 100 000 deep, text with NUL and U+FFFF, and zips of documents
  (60 000 entries, nested 4 deep);
- workbook: the same archives as XLSX, an XLSX whose workbook XML is an entity bomb, and the
  service's own export with a far date, U+FFFF and an absurd count written into it;
- container: tests/fixtures/hostile/containers applied to the service's own container of
  record (zip bombs, nested and 60 000-entry archives, entity bombs in the manifest and the
  signature XML, odd names and mimetypes…);
- json: bodies for the API's JSON entrances (deep nesting, NUL, U+FFFF, lone surrogates,
  duplicate keys, far dates, huge numbers, wrong types).
"""

from __future__ import annotations

import functools
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"
for folder in (HOSTILE / "archives", HOSTILE / "containers"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import hostile_archives  # noqa: E402
import hostile_containers  # noqa: E402

BILLION_LAUGHS = hostile_containers.BILLION_LAUGHS
_archives = functools.cache(hostile_archives.cases)  # made once for documents and workbooks
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


@dataclass(frozen=True)
class Hostile:
    name: str  # the file's name: its suffix tells the entrances how to read it
    kind: str  # registry, document, workbook, container or json
    data: bytes


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _docx(document: bytes) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": hostile_archives._TYPES,
            "word/document.xml": document,
        }
    )


def registries(limit_positions: int, max_bytes: int) -> Iterator[Hostile]:
    for path in sorted((HOSTILE / "registry").iterdir()):
        yield Hostile(path.name, "registry", path.read_bytes())
    head = "format: roles-registry/1\nmunicipality: {id: tamme, name: T, kind: rural}\n"
    rows = "".join(f"  - {{id: p{i}, title: t, unit: u}}\n" for i in range(limit_positions + 1))
    yield Hostile("too-many-positions.yaml", "registry", (head + "positions:\n" + rows).encode())
    # over the pages' limit; under the command line's, where what it holds is refused
    over = head.encode() + b"positions: 5\n#" + b" " * max_bytes + b"\n"
    yield Hostile("over-size.yaml", "registry", over)
    yield Hostile(
        "yaml-deep-block.yaml",
        "registry",
        b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 500)),
    )


def documents() -> Iterator[Hostile]:
    for name, data, _ in _archives():
        yield Hostile(f"{name}.docx", "document", data)
    yield Hostile("billion-laughs.docx", "document", _docx(BILLION_LAUGHS))
    yield Hostile("xxe.docx", "document", _docx(XXE))
    yield Hostile("deep-xml.docx", "document", _docx(b"<a>" * 100_000 + b"</a>" * 100_000))
    yield Hostile("nul-and-uffff.txt", "document", "Ametijuhend\x00\uffff\n".encode())
    # the import also takes a zip of documents
    entry = hostile_archives.entry  # tests/archive/craft.py's
    many = hostile_archives.build([entry(f"{i}.txt", stored=True) for i in range(60_000)])
    yield Hostile("many-entries.zip", "document", many)
    yield Hostile("nested.zip", "document", hostile_containers._nested(4))


def workbooks(export: bytes) -> Iterator[Hostile]:
    """`export`: the municipality's own workbook, which the far-date and wrong-value cases are
    made from (so only the value written in is wrong)."""
    for name, data, _ in _archives():
        if name in ("bomb-ratio", "bomb-total", "nested", "many-entries", "truncated"):
            yield Hostile(f"{name}.xlsx", "workbook", data)
    yield Hostile(
        "billion-laughs.xlsx",
        "workbook",
        _zip({"[Content_Types].xml": hostile_archives._TYPES, "xl/workbook.xml": BILLION_LAUGHS}),
    )
    yield Hostile("far-date.xlsx", "workbook", _edited(export, "9999-12-31"))
    marked = _edited(export, "UFFFF-HERE")  # openpyxl writes no U+FFFF: put it in after
    yield Hostile("uffff.xlsx", "workbook", _rewritten(marked, b"UFFFF-HERE", "a\uffffb".encode()))
    yield Hostile("huge-count.xlsx", "workbook", _edited(export, 10**30))


def _edited(export: bytes, value: object) -> bytes:
    """The export with `value` in the last cell of every data row of every sheet: a date
    column, a title or a count, whichever the sheet has last, is then wrong."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            filled = [c for c in row if c.value is not None]
            if filled:
                filled[-1].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewritten(archive: bytes, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(archive))
    return _zip({i.filename: source.read(i).replace(old, new) for i in source.infolist()})


def containers(record: bytes) -> Iterator[Hostile]:
    """Made from `record`, the service's own (unsealed) container of a version, with a
    signature file added so the cases that replace the signature XML have one."""
    base = hostile_containers._add(record, hostile_containers.SIGNATURE, b"<x/>")
    skip = ("reference-uri", "signature-bad-", "data-changed", "data-file-added")
    for name, data, _ in hostile_containers.cases(base):
        if not name.startswith(skip):
            yield Hostile(f"{name}.asice", "container", data)


# The JSON entrances the bodies go to (a PUT carries the position's current ETag).
POSITION = "/api/municipalities/tamme/positions/tamme-spets"
ABSENCES = "/api/municipalities/tamme/people/tamme-p2/absences"


def json_bodies(position: bytes) -> Iterator[tuple[Hostile, str, str]]:
    """`position`: the position's JSON as the API gives it; each case changes one thing."""
    put, post = "PUT", "POST"
    yield Hostile("deep-100000.json", "json", b"[" * 100_000 + b"]" * 100_000), put, POSITION
    yield Hostile("deep-65.json", "json", b'{"a":' * 65 + b"1" + b"}" * 65), put, POSITION

    def title(raw: bytes) -> bytes:
        return position.replace(b'"title":"', b'"title":"' + raw, 1)

    yield Hostile("title-nul.json", "json", title(b"\\u0000")), put, POSITION
    yield Hostile("title-uffff.json", "json", title(b"\\uffff")), put, POSITION
    yield Hostile("title-surrogate.json", "json", title(b"\\ud800")), put, POSITION
    yield Hostile("title-raw-surrogate.json", "json", title(b"\xed\xa0\x80")), put, POSITION
    yield Hostile("latin1.json", "json", title("õ".encode("latin-1"))), put, POSITION
    yield (
        Hostile("duplicate-key.json", "json", position.replace(b"{", b'{"title":"x",', 1)),
        put,
        POSITION,
    )
    yield (
        Hostile("wrong-type.json", "json", position.replace(b"{", b'{"seats":"2",', 1)),
        put,
        POSITION,
    )
    yield (
        Hostile(
            "huge-seats.json", "json", position.replace(b"{", b'{"seats":1' + b"0" * 40 + b",", 1)
        ),
        put,
        POSITION,
    )
    yield (
        Hostile(
            "far-absence.json", "json", b'{"from":"2026-12-01","to":"9999-12-31","kind":"other"}'
        ),
        post,
        ABSENCES,
    )
    yield (
        Hostile("year-0.json", "json", b'{"from":"0000-01-01","to":"2026-01-01","kind":"other"}'),
        post,
        ABSENCES,
    )
    yield Hostile("nan.json", "json", b'{"from":NaN}'), post, ABSENCES
    yield Hostile("utf16.json", "json", '{"from":"2026-01-01"}'.encode("utf-16")), post, ABSENCES
