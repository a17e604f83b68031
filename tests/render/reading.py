"""Reading rendered documents back with python-docx, as a person would read them."""

import io
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def blocks(container: object) -> Iterator[Paragraph | Table]:
    yield from container.iter_inner_content()  # type: ignore[attr-defined]


def lines(container: object) -> Iterator[str]:
    """Every paragraph's text in reading order, descending into table cells row by row."""
    for block in blocks(container):
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    yield from lines(cell)


def document_text(data: bytes) -> str:
    """Headers first (as they open every page), then the body."""
    document = open_docx(data)
    header_lines = [line for s in document.sections for line in lines(s.header)]
    return "\n".join([*header_lines, *lines(document)])
