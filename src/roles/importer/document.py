"""One document read into its parts: front matter and body, with every line recorded."""

import dataclasses

from roles.importer import body, front, refs
from roles.importer.source import Line


@dataclasses.dataclass
class ParsedDocument:
    lines: list[Line]
    front: front.Front
    body: body.Body


def _starts_body(line: Line) -> bool:
    if body.heading_of(line) is not None or body.field_of(line) is not None:
        return True
    numbered = refs.split(line.text)
    return numbered is not None and not numbered.bullet and numbered.rest[:1].isalpha()


def parse(lines: list[Line]) -> ParsedDocument:
    matter, start = front.parse(lines, _starts_body)
    parser = body.BodyParser()
    rest = lines[start:]
    for i, line in enumerate(rest):
        parser.feed(line, rest[i + 1] if i + 1 < len(rest) else None)
    return ParsedDocument(lines, matter, parser.finish())
