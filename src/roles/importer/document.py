"""One document read into its parts: front matter and body, with every line recorded."""

import dataclasses

from roles.importer import body, front
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
    matter, start = front.parse(lines, _starts_body)
    parser = body.BodyParser()
    for line in lines[start:]:
        parser.feed(line)
    return ParsedDocument(lines, matter, parser.finish())
