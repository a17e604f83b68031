"""Raw WordprocessingML the python-docx API does not cover, kept apart from the layout code.

Page fields (PAGE, NUMPAGES), table-header rows, table layout and the core-properties part.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field Word and LibreOffice recompute when laying out: PAGE, NUMPAGES.

    `shown` is the cached result, what readers without a layout engine see.
    """
    parts = [("fldChar", "begin"), ("instrText", f" {instruction} "), ("fldChar", "separate"),
             ("t", shown), ("fldChar", "end")]  # fmt: skip
    for tag, value in parts:
        run = OxmlElement("w:r")
        child = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            child.text = value
        run.append(child)
        paragraph._p.append(run)


def repeat_as_header_row(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def fixed_layout(table: Table) -> None:
    """Column widths as given, not autofitted to the content: long clauses wrap, not widen."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


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
