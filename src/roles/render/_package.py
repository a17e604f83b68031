"""Templates loaded once, and documents written as deterministic zip files.

A template's parts that never change per document (styles, settings, relationships) are
compressed once, when the template is loaded. The parts that are filled (the main document and
its headers) are split once into the bytes before and after the filled-in blocks (the body's
section properties stay last); per document only the stories' strings are joined between them,
and only these parts and the core properties are compressed. Members are written by hand in the
template's order with a fixed timestamp, so the same content gives the same bytes.
"""

from __future__ import annotations

import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from lxml import etree  # type: ignore[import-untyped]

from roles.render._oxml import Story, text_width, writable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_DOS_DATE = (1 << 5) | 1  # 1980-01-01, the zip epoch: no clock in the bytes
_DOS_TIME = 0


@dataclass(frozen=True)
class Member:
    """One zip member, compressed: written as is into every document."""

    name: bytes
    crc: int
    size: int
    data: bytes

    @classmethod
    def of(cls, name: str, content: bytes) -> Member:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
        data = packer.compress(content) + packer.flush()
        return cls(name.encode(), zlib.crc32(content), len(content), data)


def write_zip(members: Iterable[Member]) -> bytes:
    """A zip file of already-compressed members, in the given order, with fixed timestamps."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        # version 2.0, flags: UTF-8 names, method 8 (deflate), the fixed time and date
        common = (0x0800, 8, _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(m.name))
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *common, 0)
        entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *common, 0, 0, 0, 0, 0, offset)
        central.append(entry + m.name)
        out += (header, m.name, m.data)
        offset += len(header) + len(m.name) + len(m.data)
    directory = b"".join(central)
    count = len(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join([*out, directory, end])


@dataclass(frozen=True)
class Part:
    """A template part to fill: its XML before and after where the filled-in blocks go."""

    before: bytes
    after: bytes

    @classmethod
    def of(cls, story: Any) -> Part:
        """Split a part's XML at the end of `story` (the body before its section properties).

        The layouts write WordprocessingML with the prefix "w", as Word and LibreOffice do.
        """
        if story.nsmap.get("w") != _W[1:-1]:
            raise ValueError("a template part must bind the prefix w to WordprocessingML")
        marker = etree.ProcessingInstruction("roles-fill")
        section = story.find(f"{_W}sectPr")
        if section is not None:
            section.addprevious(marker)
        else:
            story.append(marker)
        xml: bytes = etree.tostring(
            story.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True
        )
        before, after = xml.split(b"<?roles-fill ?>")
        return cls(before, after)

    def fill(self, story: Story) -> bytes:
        return b"".join((self.before, writable(story.xml()), self.after))


class Draft:
    """One document being filled: stories for the template's main document and headers."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.body = Story()
        self._headers = {name: Story() for name in template.headers}
        self.width = template.width

    def header(self) -> Story:
        """The default header's story (the template must have one)."""
        return next(iter(self._headers.values()))

    def to_bytes(self, core_xml: bytes) -> bytes:
        template = self.template
        filled = {
            _DOCUMENT: template.document.fill(self.body),
            _CORE: core_xml,
            **{name: template.headers[name].fill(h) for name, h in self._headers.items()},
        }
        return write_zip(
            Member.of(name, filled[name]) if name in filled else member
            for name, member in template.members
        )


class Template:
    """A slim .docx template, read once: its parts to fill, its static parts compressed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        package = docx.Document(str(path))  # python-docx checks it is a word-processing file
        self.style_ids = frozenset(s.style_id for s in package.styles)
        header_names = [
            rel.target_part.partname.lstrip("/")
            for rel in package.part.rels.values()
            if rel.reltype == _HEADER_REL
        ]
        with zipfile.ZipFile(path) as zf:
            self.members = [
                (info.filename, Member.of(info.filename, zf.read(info))) for info in zf.infolist()
            ]
            body = etree.fromstring(zf.read(_DOCUMENT))[0]
            self.width = text_width(body.find(f"{_W}sectPr"))
            self.document = Part.of(body)
            self.headers = {name: Part.of(etree.fromstring(zf.read(name))) for name in header_names}

    def draft(self) -> Draft:
        return Draft(self)


_cache: dict[Path, Template] = {}
_lock = threading.Lock()


def template(path: Path) -> Template:
    """The template at `path`, loaded on first use and shared (it is never changed)."""
    found = _cache.get(path)
    if found is None:
        with _lock:
            found = _cache.get(path) or _cache.setdefault(path, Template(path))
    return found
