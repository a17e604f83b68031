"""Raw WordprocessingML, kept apart from the layout code that reads like the document.

A small writer over lxml: stories (body, header, table cell) take paragraphs and tables;
paragraphs take runs and fields (PAGE, NUMPAGES). It writes the elements python-docx would,
without python-docx's per-call style look-ups (a scan of styles.xml for every paragraph),
which made rendering ~20× slower. Also here: the core-properties part.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree  # type: ignore[import-untyped]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_VAL = f"{_W}val"
_TYPE = f"{_W}type"
_WIDTH = f"{_W}w"
_SUB = etree.SubElement
_BREAKS = re.compile(r"([\t\n])")


def _w(parent: Any, tag: str, **attrs: str) -> Any:
    return _SUB(parent, f"{_W}{tag}", {f"{_W}{k}": v for k, v in attrs.items()})


class Paragraph:
    def __init__(self, element: Any) -> None:
        self.element = element

    def run(self, text: str, style: str | None = None, *, bold: bool = False) -> Paragraph:
        """Append text; tabs and line breaks in it become w:tab and w:br."""
        r = _SUB(self.element, f"{_W}r")
        if style or bold:
            props = _SUB(r, f"{_W}rPr")
            if style:
                _w(props, "rStyle", val=style)
            if bold:
                _SUB(props, f"{_W}b")
        if "\t" in text or "\n" in text:
            for piece in _BREAKS.split(text):
                if piece == "\t":
                    _SUB(r, f"{_W}tab")
                elif piece == "\n":
                    _SUB(r, f"{_W}br")
                elif piece:
                    _text(r, piece)
        elif text:
            _text(r, text)
        return self

    def field(self, instruction: str, shown: str = "1") -> Paragraph:
        """A field Word and LibreOffice compute when laying out the page: PAGE, NUMPAGES.

        `shown` is the cached result, what readers without a layout engine see.
        """
        _w(_SUB(self.element, f"{_W}r"), "fldChar", fldCharType="begin")
        instr = _SUB(_SUB(self.element, f"{_W}r"), f"{_W}instrText", {_SPACE: "preserve"})
        instr.text = f" {instruction} "
        _w(_SUB(self.element, f"{_W}r"), "fldChar", fldCharType="separate")
        _text(_SUB(self.element, f"{_W}r"), shown)
        _w(_SUB(self.element, f"{_W}r"), "fldChar", fldCharType="end")
        return self


def _text(run: Any, text: str) -> None:
    t = _SUB(run, f"{_W}t", {_SPACE: "preserve"})
    t.text = text


class Story:
    """Where paragraphs and tables go: a document body, a header or a table cell."""

    def __init__(self, element: Any, *, empty_paragraph: Any = None) -> None:
        self.element = element
        section = element.find(f"{_W}sectPr")
        # The body's section properties stay last; a cell's placeholder paragraph is reused.
        self._insert = section.addprevious if section is not None else element.append
        self._placeholder = empty_paragraph

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        if self._placeholder is not None:
            p, self._placeholder = self._placeholder, None
        else:
            p = etree.Element(f"{_W}p")
            self._insert(p)
        if style:
            _w(_SUB(p, f"{_W}pPr"), "pStyle", val=style)
        paragraph = Paragraph(p)
        if text:
            paragraph.run(text)
        return paragraph

    def table(self, widths: Sequence[int], style: str) -> Table:
        """A table with fixed column widths (twips): long clauses wrap instead of widening it.

        Not for table cells: a cell must end with a paragraph, and no layout nests tables.
        """
        tbl = etree.Element(f"{_W}tbl")
        self._insert(tbl)
        props = _SUB(tbl, f"{_W}tblPr")
        _w(props, "tblStyle", val=style)
        _w(props, "tblW", w=str(sum(widths)), type="dxa")
        _w(props, "tblLayout", type="fixed")
        _w(props, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
           lastColumn="0", noHBand="0", noVBand="1")  # fmt: skip
        grid = _SUB(tbl, f"{_W}tblGrid")
        for width in widths:
            _w(grid, "gridCol", w=str(width))
        return Table(tbl, list(widths))


class Table:
    def __init__(self, element: Any, widths: list[int]) -> None:
        self.element = element
        self.widths = widths

    def row(self, spans: Sequence[int] | None = None, *, header: bool = False) -> list[Story]:
        """A new row's cells; `spans` merges columns ([2, 1]: two cells, the first spans two).

        A header row repeats at the top of every page the table runs onto.
        """
        tr = _SUB(self.element, f"{_W}tr")
        if header:
            _SUB(_SUB(tr, f"{_W}trPr"), f"{_W}tblHeader")
        cells = []
        column = 0
        for span in spans or [1] * len(self.widths):
            tc = _SUB(tr, f"{_W}tc")
            props = _SUB(tc, f"{_W}tcPr")
            width = sum(self.widths[column : column + span])
            _w(props, "tcW", w=str(width), type="dxa")
            if span > 1:
                _w(props, "gridSpan", val=str(span))
            column += span
            cells.append(Story(tc, empty_paragraph=_SUB(tc, f"{_W}p")))
        return cells


def text_width(body: Any) -> int:
    """The width between the margins, in twips, from the body's section properties."""
    section = body.find(f"{_W}sectPr")
    size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
    return int(size.get(_WIDTH)) - int(margins.get(f"{_W}left")) - int(margins.get(f"{_W}right"))


def core_properties(
    *, title: str, subject: str, keywords: str, revision: int, date: dt.date | None
) -> bytes:
    """docProps/core.xml with nothing that changes between renders (no clock, no user)."""
    stamp = f"{(date or dt.date(2000, 1, 1)).isoformat()}T00:00:00Z"
    return (
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
    ).encode()
