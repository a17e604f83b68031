"""Headings written together with their text, split into a heading line and a text line.

"Tööülesanded:Kassapidaja müüb …" (glued by a colon) and "Ametikoha eesmärk Tagada …" (a heading
and its one-line content on one line) become the heading and, under it, the text. A heading is
recognised by the section vocabulary; field labels ("Vahetu juht: …") and requirement labels
("Haridus: …") stay what they are.
"""

import dataclasses
import re

from roles.importer import vocabulary
from roles.importer.source import Line

_GLUED = re.compile(r"^([A-ZÕÄÖÜŠŽ][\w-]*(?:\s+[\w-]+){0,3})\s*:\s*(\S.*)$")


def split(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        out.extend(_split(line))
    return out


def _is_heading(words: str) -> bool:
    low = words.casefold().strip()
    return (
        vocabulary.section_kind(words) is not None
        and vocabulary.field_of(words) is None
        and low not in vocabulary.REQUIREMENT_LABELS
    )


def _split(line: Line) -> list[Line]:
    if line.cells is not None or line.heading is not None:
        return [line]
    text = line.text.strip()
    match = _GLUED.match(text)
    if match and _is_heading(match[1]) and len(match[2].split()) >= 2:
        return [
            dataclasses.replace(line, text=match[1], heading=1),
            dataclasses.replace(line, text=match[2], bold=False),
        ]
    if text.isupper() or not text[:1].isupper() or not text.endswith((".", ";", "!")):
        return [line]  # the content must read as a sentence: "Soovitud tulemus" is a column
    words = text.split()
    for k in range(min(4, len(words) - 3), 0, -1):
        head, first = " ".join(words[:k]), words[k]
        if (
            first[:1].isupper()
            and not first.isupper()
            and all(w[:1].islower() for w in words[1:k])
            and _is_heading(head)
        ):
            return [
                dataclasses.replace(line, text=head, heading=1),
                dataclasses.replace(line, text=" ".join(words[k:]), bold=False),
            ]
    return [line]
