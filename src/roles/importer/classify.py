"""What a line is, on its own: a section heading, a header field, or text; and wrapped lines
joined back into one text."""

import re

from roles.domain import ClauseField, SectionKind
from roles.importer import refs, vocabulary
from roles.importer.source import Line

_CONJUNCTIONS = {"ja", "või", "ning", "ega", "kui", "and"}


def join(parts: list[str]) -> str:
    """Wrapped lines re-joined: a word split by a hyphen at the line end is one word again."""
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
        elif (
            re.search(r"\w-$", out) and part[:1].islower() and part.split()[0] not in _CONJUNCTIONS
        ):
            out = out[:-1] + part
        else:
            out = f"{out} {part}"
    return re.sub(r"\s+", " ", out).strip()


def heading_of(line: Line) -> tuple[str | None, str, SectionKind] | None:
    """(ref, title, kind) when the line is a section heading."""
    text = line.text.strip()
    if line.cells is not None:
        filled = [c for c in line.cells if c]
        if len(filled) != 1 or line.cells[0] != filled[0]:
            return None
        text = " ".join(filled[0])
    text = re.sub(r"^§\s*", "", text)  # "§ 2. Tööülesanded": headings written like a law's
    numbered = refs.split(text)
    ref: str | None = None
    title = text
    roman = refs.ROMAN.match(text)
    if numbered is not None:
        if numbered.bullet or not numbered.dotted:
            return None
        ref, title = numbered.ref, numbered.rest
    elif roman and roman[1]:
        rest = text[roman.end() :]
        if vocabulary.section_kind(rest) is None and not (rest.isupper() and len(rest) > 3):
            return None
        ref, title = roman[1], rest
    if not title or ":" in title.rstrip(":") or "\t" in title:
        return None
    kind = vocabulary.section_kind(title)
    words = len(title.split())
    caps = title.upper() == title and any(c.isalpha() for c in title)
    stated = line.heading is not None or line.bold
    if title.endswith(".") and not stated:
        return None
    if ref is not None and "." in ref and not (stated or caps):
        return None  # "2.1 Something" is a clause unless it is styled as a heading
    if kind is not None and words <= 10 and (title[0].isupper() or stated):
        return ref, title.strip(), kind
    if (caps or stated) and words <= 12 and (ref is not None or stated):
        return ref, title.strip(), SectionKind.OTHER
    return None


def field_of(line: Line) -> tuple[str | None, str, ClauseField | None, str] | None:
    """(ref, label, field, value) for "Label: value", "1.2 LABEL<tab>value" or a lone label."""
    if line.cells is not None:
        cells = line.cells
        if len(cells) >= 3 and cells[0] and refs.split(" ".join(cells[0]) + " x") is not None:
            number = " ".join(cells[0]).strip()
            if re.fullmatch(r"\d+(\.\d+)*\.?", number):  # "1.2. | VAHETU JUHT: | value"
                cells = [[f"{number} {' '.join(cells[1])}"], *cells[2:]]
        filled = [c for c in cells if c]
        if len(cells) >= 2 and cells[0] and len(filled) >= 1:
            head = " ".join(cells[0])
            numbered = refs.split(head)
            ref = numbered.ref if numbered and not numbered.bullet else None
            label = numbered.rest if numbered and ref else head
            field = vocabulary.field_of(label)
            if field is not None:
                value = " ".join(" ".join(c) for c in cells[1:] if c)
                return ref, label.rstrip(":").strip(), field, value
        return None
    text = line.text
    numbered = refs.split(text)
    ref = numbered.ref if numbered and not numbered.bullet else None
    body = numbered.rest if numbered and ref else text
    if ":" in body:
        label, value = body.split(":", 1)
        field = vocabulary.field_of(label)
        if field is not None or (label.strip().lower() in vocabulary.REQUIREMENT_LABELS):
            return ref, label.strip(), field, value.strip()
    elif vocabulary.field_of(body) is not None and len(body.split()) <= 3:
        return ref, body.strip(), vocabulary.field_of(body), ""
    return None
