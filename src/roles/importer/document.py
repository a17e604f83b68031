"""One document read into its parts: front matter and body, with every line recorded."""

import dataclasses

from roles.importer import body, front, header, headings
from roles.importer.source import Line


@dataclasses.dataclass
class ParsedDocument:
    lines: list[Line]
    front: front.Front
    body: body.Body


def _starts_body(line: Line) -> bool:
    if body.heading_of(line) is not None or body.field_of(line) is not None:
        return True
    from roles.importer import refs

    numbered = refs.split(line.text)
    return numbered is not None and not numbered.bullet and numbered.rest[:1].isalpha()


def parse(lines: list[Line]) -> ParsedDocument:
    lines = headings.split(header.rewrite(lines))
    matter, start = front.parse(lines, _starts_body)
    lengths = sorted(len(line.text) for line in lines if line.cells is None)
    wrapped = [n for n in lengths if n > 40]
    wrap = wrapped[int(len(wrapped) * 0.9)] if len(wrapped) >= 5 else 0
    parser = body.BodyParser(wrap)
    rest = lines[start:]
    for i, line in enumerate(rest):
        parser.feed(line, rest[i + 1] if i + 1 < len(rest) else None)
    return ParsedDocument(lines, matter, parser.finish())
