"""Reading a document into one stream of lines, whatever it was written in.

Text files (as extracted from Word or PDF, like the seeds) give one line per physical line;
Word files give one line per paragraph and per table row. Either way every line keeps the
number it has in its source, so the import can account for each of them.
"""

import dataclasses
import re
import unicodedata
from typing import Any

from roles.importer import markup, wordnumbering


@dataclasses.dataclass(slots=True)
class Line:
    number: int  # 1-based: the text file's line, or the Word file's paragraph / table row
    text: str  # cleaned of markup; for a table row, its cells joined by a tab
    cells: list[list[str]] | None = None  # a table row: each cell's paragraphs / list items
    auto_ref: str | None = None  # Word's automatic numbering, as it would print: "2.1"
    heading: int | None = None  # a heading level the source states (markdown "##", Word style)
    bold: bool = False
    also: tuple[int, ...] = ()  # further source lines this line took in (header.rewrite)
    raw: str = ""  # a text line as written, spacing kept (columns of pdftotext -layout)


def read_text(text: str) -> list[Line]:
    text = repair(text)
    lines: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _text_line(number, raw)
        if line is not None:
            lines.append(line)
    return lines


_DAMAGE = str.maketrans(
    {
        "ō": "õ",  # PDF fonts without õ print o-macron
        "Ō": "Õ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        # direction marks, embeddings, overrides and isolates: Word keeps them around numbers
        # and names pasted from other programs; the registry refuses them (domain.values)
        "\u200e": None,
        "\u200f": None,
        **dict.fromkeys(map(chr, range(0x202A, 0x202F)), None),
        **dict.fromkeys(map(chr, range(0x2066, 0x206A)), None),
        "\u2028": "\n",  # Unicode's own line and paragraph separators
        "\u2029": "\n",
        "\f": "\n",  # pdftotext's page break
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬀ": "ff",
    }
)


# What is not text at all (controls but tab and line ends, unpaired surrogates, noncharacters):
# extraction debris the registry would refuse, so it becomes a space.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def repair(text: str) -> str:
    """Damage done by extraction undone: composed letters, o-macron for õ, ligatures, and
    characters that are not text."""
    return _NOT_TEXT.sub(" ", unicodedata.normalize("NFC", text).translate(_DAMAGE))


_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")


def _text_line(number: int, raw: str) -> Line | None:
    if not raw.strip():
        return None
    heading: int | None = None
    match = _MD_HEADING.match(raw)
    if match:
        heading = max(1, len(match[1]) - 1)  # "##" is the top level in the extracted seeds
        raw = raw[match.end() :]
    bold = markup.is_bold(raw)
    if "\t" in raw:
        cells = [markup.cell_items(c) for c in raw.split("\t")]
        if sum(1 for c in cells if c) >= 1 and len(cells) > 1:
            text = "\t".join(" ".join(c) for c in cells).strip()
            if text:
                return Line(number, text, cells=cells, heading=heading, bold=bold)
            return Line(number, raw.strip(), heading=heading, bold=bold)
    text = markup.clean(raw)
    if not text:
        text = raw.strip()  # markup only ("--"): still a line to account for
    return Line(number, text, heading=heading, bold=bold, raw=raw.rstrip())


def read_docx(document: Any) -> list[Line]:
    """The lines of a Word document opened by `files.open_docx` (the one place that opens one)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = wordnumbering.Numbering(document)
    lines: list[Line] = []

    def add(text: str, **kwargs: object) -> None:
        lines.append(Line(len(lines) + 1, text, **kwargs))  # type: ignore[arg-type]

    for section in document.sections:  # page headers first: Viimsi keeps its control block there
        for paragraph in section.header.paragraphs:
            if paragraph.text.strip():
                add(markup.clean(paragraph.text))
        break
    body = document.element.body
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            text = markup.clean(repair(paragraph.text))
            if not text:
                continue
            style = numbering.style_name(paragraph)
            heading = _heading_level(style)
            bold = bool(paragraph.runs) and all(r.bold for r in paragraph.runs if r.text.strip())
            label = numbering.label(paragraph)
            if label:  # the number as Word prints it, so the text reads like the page
                text = (
                    f"{label} {text}" if label == "•" or label.endswith(")") else f"{label}. {text}"
                )
            add(text, auto_ref=label, heading=heading, bold=bold)
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            for row in table.rows:
                cells: list[list[str]] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat; keep one
                        continue
                    seen.add(id(cell._tc))
                    items = []
                    for p in cell.paragraphs:
                        text = markup.clean(repair(p.text))
                        if text:
                            label = numbering.label(p)
                            items.append(f"{label} {text}" if label else text)
                    cells.append(items)
                if any(cells):
                    add("\t".join(" ".join(c) for c in cells), cells=cells)
    return lines


def _heading_level(style: str) -> int | None:
    if style == "Title":
        return None
    match = re.match(r"^Heading (\d)$", style)
    return int(match[1]) if match else None
