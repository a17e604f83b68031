"""Raw WordprocessingML, kept apart from the layout code that reads like the document.

A small writer that builds the XML as string fragments: stories (body, header, table cell) take
paragraphs and tables; paragraphs take runs and fields (PAGE, NUMPAGES). It writes the markup
python-docx would, without an object model: no element per run, no style look-up per paragraph
(python-docx scans styles.xml for every one, which made rendering ~20× slower), and a story is
joined into one string once, when the document is written. Text is escaped here and nowhere
else. Also here: the core-properties part, and the text width read from a template's section
properties (the only lxml left, at template load time).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKS: Final = re.compile(r"([\t\n])")
# Bytes XML 1.0 cannot carry: C0 controls but tab, line feed and carriage return. (No byte of a
# multi-byte UTF-8 sequence is below 0x80, so they can be deleted from encoded text.)
_UNWRITABLE: Final = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_T: Final = '<w:t xml:space="preserve">'
_PIECES: Final = {"\t": "<w:tab/>", "\n": "<w:br/>", "": ""}


def _escaped(text: str) -> str:
    """Text as element content: & < > escaped (quotes need no escaping outside attributes)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def writable(xml: str) -> bytes:
    """`xml` in UTF-8, without the control characters XML cannot carry (a stray form feed)."""
    return xml.encode().translate(None, _UNWRITABLE)


def _styled(tag: str, style: str) -> str:
    return f"<w:{tag} w:val={quoteattr(style)}/>"


class _Styles:
    """Paragraph openings and run properties per style id, each written once per process."""

    def __init__(self) -> None:
        self.paragraphs: dict[str, str] = {}
        self.runs: dict[tuple[str | None, bool], str] = {(None, False): ""}

    def paragraph(self, style: str | None) -> str:
        if style is None:
            return "<w:p>"
        found = self.paragraphs.get(style)
        if found is None:
            found = self.paragraphs[style] = f"<w:p><w:pPr>{_styled('pStyle', style)}</w:pPr>"
        return found

    def run(self, style: str | None, bold: bool) -> str:
        found = self.runs.get((style, bold))
        if found is None:
            props = (_styled("rStyle", style) if style else "") + ("<w:b/>" if bold else "")
            found = self.runs[style, bold] = f"<w:rPr>{props}</w:rPr>"
        return found


_STYLES: Final = _Styles()


def _run(text: str, style: str | None = None, bold: bool = False) -> str:
    """A run; tabs and line breaks in the text become w:tab and w:br."""
    props = _STYLES.run(style, bold) if style or bold else ""
    if "\t" in text or "\n" in text:
        content = "".join(
            _PIECES[piece] if piece in _PIECES else f"{_T}{_escaped(piece)}</w:t>"
            for piece in _BREAKS.split(text)
        )
    elif text:
        content = f"{_T}{_escaped(text)}</w:t>"
    elif not props:
        return "<w:r/>"
    else:
        content = ""
    return f"<w:r>{props}{content}</w:r>"


class Paragraph:
    """The story's paragraph being written: runs and fields go on its end."""

    __slots__ = ("_story",)

    def __init__(self, story: Story) -> None:
        self._story = story

    def _append(self, xml: str) -> Paragraph:
        story = self._story
        if story._open is not self:
            raise ValueError("runs go into the last paragraph of a story, before anything else")
        story._parts.append(xml)
        return self

    def run(self, text: str, style: str | None = None, *, bold: bool = False) -> Paragraph:
        """Append text; tabs and line breaks in it become w:tab and w:br."""
        return self._append(_run(text, style, bold))

    def field(self, instruction: str, shown: str = "1") -> Paragraph:
        """A field Word and LibreOffice compute when laying out the page: PAGE, NUMPAGES.

        `shown` is the cached result, what readers without a layout engine see.
        """
        return self._append(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {_escaped(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{_T}{_escaped(shown)}</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )


class Story:
    """Where paragraphs and tables go: a document body, a header or a table cell.

    Blocks are written in order; the last paragraph stays open for runs until the next block.
    """

    __slots__ = ("_open", "_parts", "_tables")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._tables: list[tuple[int, Table]] = []  # written last: their cells fill later
        self._open: Paragraph | None = None

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        parts = self._parts
        if self._open is not None:
            parts.append("</w:p>")
        parts.append(_STYLES.paragraph(style))
        if text:
            parts.append(_run(text))
        paragraph = self._open = Paragraph(self)
        return paragraph

    def table(self, widths: Sequence[int], style: str) -> Table:
        """A table with fixed column widths (twips): long clauses wrap instead of widening it.

        Not for table cells: a cell must end with a paragraph, and no layout nests tables.
        """
        if self._open is not None:
            self._parts.append("</w:p>")
            self._open = None
        table = Table(list(widths), style)
        self._tables.append((len(self._parts), table))
        self._parts.append("")
        return table

    @property
    def empty(self) -> bool:
        return not self._parts

    def xml(self) -> str:
        """The story's blocks as one string (a story is written once, at the end)."""
        parts = self._parts
        for index, table in self._tables:
            parts[index] = table.xml()
        self._tables = []
        if self._open is not None:
            parts.append("</w:p>")
            self._open = None
        return "".join(parts)


class Table:
    def __init__(self, widths: list[int], style: str) -> None:
        self.widths = widths
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        self._head = (
            f"<w:tbl><w:tblPr>{_styled('tblStyle', style)}"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )
        self._rows: list[tuple[str, list[tuple[str, Story]]]] = []

    def row(self, spans: Sequence[int] | None = None, *, header: bool = False) -> list[Story]:
        """A new row's cells; `spans` merges columns ([2, 1]: two cells, the first spans two).

        A header row repeats at the top of every page the table runs onto.
        """
        cells: list[tuple[str, Story]] = []
        column = 0
        for span in spans or [1] * len(self.widths):
            width = sum(self.widths[column : column + span])
            merged = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            cells.append((f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merged}</w:tcPr>',
                          Story()))  # fmt: skip
            column += span
        self._rows.append(("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>", cells))
        return [story for _, story in cells]

    def xml(self) -> str:
        parts = [self._head]
        for opening, cells in self._rows:
            parts.append(opening)
            for cell, story in cells:
                # A cell must hold at least one paragraph, even an empty one.
                parts += (cell, "<w:p/>" if story.empty else story.xml(), "</w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        return "".join(parts)


def text_width(section: Any) -> int:
    """The width between the margins, in twips, from a section's properties (an lxml element)."""
    size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
    left, right = int(margins.get(f"{_W}left")), int(margins.get(f"{_W}right"))
    return int(size.get(f"{_W}w")) - left - right


def core_properties(
    *, title: str, subject: str, keywords: str, revision: int, date: dt.date | None
) -> bytes:
    """docProps/core.xml with nothing that changes between renders (no clock, no user)."""
    stamp = f"{(date or dt.date(2000, 1, 1)).isoformat()}T00:00:00Z"
    return writable(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>roles</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>"
        f"<dc:language>et-EE</dc:language><cp:lastModifiedBy>roles</cp:lastModifiedBy>"
        f"<cp:revision>{revision}</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
