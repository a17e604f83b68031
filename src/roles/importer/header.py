"""Header fields wherever and however they stand, rewritten as one "Label: value" line each.

Documents write their header fields in many layouts; this pass finds the labels (the field
vocabulary, any case, with or without a colon) and pairs them with their values by position, so
that the body parser sees "Label: value" lines:

- "Vahetu juht Vallasekretär", "VAHETU JUHT Talituse juhataja": a label opening the line;
- "Ametikoha nimetus: X Teenistuse liik: töötaja": several fields on one line, each value
  stopping where the next label starts;
- a row of labels and a row of values under it (table cells, or columns apart by spaces);
- a table flattened column by column: all the labels on lines of their own, then the values.

It also repairs clause numbers broken over two lines by text extraction ("2" / ".5 korraldab").
Every line keeps its number; a rewritten line carries the numbers of the lines it took in.
"""

import dataclasses
import re

from roles.importer import body, vocabulary
from roles.importer.source import Line

_LONE_NUMBER = re.compile(r"^\d{1,2}\.?$")
_NUMBER_TAIL = re.compile(r"^\.(\d{1,2})\.?\s+(\S.*)$")
_COLUMNS = re.compile(r"\t|\s{2,}")


def rewrite(lines: list[Line]) -> list[Line]:
    lines = _join_broken_numbers(lines)
    out: list[Line] = []
    i = 0
    in_header = True
    while i < len(lines):
        line = lines[i]
        if in_header and _ends_header(line):
            in_header = False
        if not in_header or line.heading is not None:
            out.append(line)
            i += 1
            continue
        taken = _label_row(lines, i) or _label_column(lines, i)
        if taken is not None:
            new, used = taken
            out.extend(new)
            i += used
            continue
        out.extend(_split_fields(line))
        i += 1
    return out


def _ends_header(line: Line) -> bool:
    heading = body.heading_of(line)
    return heading is not None and heading[2].value not in ("general", "other")


def _labels_only(text: str) -> list[str] | None:
    """The labels of a line that holds nothing but labels (cells or columns)."""
    parts = [p.strip() for p in _COLUMNS.split(text.strip()) if p.strip()]
    numbered = [re.sub(r"^\d+(\.\d+)*\.?\s*", "", p) for p in parts]
    labels = [p for p in numbered if p and vocabulary.field_of(p) is not None]
    return labels if labels and len(labels) == len([p for p in numbered if p]) else None


def _label_row(lines: list[Line], i: int) -> tuple[list[Line], int] | None:
    """A row of two or more labels, and the row of values below it."""
    line = lines[i]
    if i + 1 >= len(lines):
        return None
    labels = _labels_only(line.raw or line.text)
    if labels is None or len(labels) < 2:
        return None
    below = lines[i + 1]
    written = below.raw or below.text
    values = [p.strip() for p in _COLUMNS.split(written.strip()) if p.strip()]
    if len(values) != len(labels) or _labels_only(written) is not None:
        return None
    out = [
        Line(
            line.number if k == 0 else below.number,
            f"{label}: {value}",
            also=(below.number,) if k == 0 else (line.number,),
        )
        for k, (label, value) in enumerate(zip(labels, values, strict=True))
    ]
    return out, 2


def _label_column(lines: list[Line], i: int) -> tuple[list[Line], int] | None:
    """Two or more lines holding one label each, then as many lines of values."""
    labels: list[Line] = []
    j = i
    while j < len(lines) and lines[j].cells is None:
        text = lines[j].text.strip().rstrip(":").strip()
        if vocabulary.field_of(text) is None:
            break
        labels.append(lines[j])
        j += 1
    if len(labels) < 2:
        return None
    values = lines[j : j + len(labels)]
    if len(values) < len(labels) or any(
        body.heading_of(v) is not None
        or vocabulary.field_of(v.text.rstrip(":")) is not None
        or _split_fields(v)[0].text != v.text
        for v in values
    ):
        return None
    out = [
        Line(
            label.number,
            f"{label.text.strip().rstrip(':')}: {value.text.strip()}",
            also=(value.number,),
        )
        for label, value in zip(labels, values, strict=True)
    ]
    return out, 2 * len(labels)


def _split_fields(line: Line) -> list[Line]:
    """ "Label value" and several "Label: value" on one line, as one line per field."""
    if line.cells is not None:
        return [line]
    text = line.text
    numbered = re.match(r"^(\d+(?:\.\d+)*\.?\s+)?", text)
    prefix = numbered.group(0) if numbered else ""
    rest = text[len(prefix) :]
    starts: list[tuple[int, int, str]] = []  # (label start, value start, label)
    for match in vocabulary.LABEL_PATTERN.finditer(rest):
        label, colon = match.group(1), match.group(2)
        at = match.start()
        if at == 0:
            if not colon and not _plausible_value(rest[match.end() :]):
                return [line]
        elif not (colon and label[:1].isupper()) and not (
            label.isupper() and len(label) > 3 and starts and starts[0][2].isupper()
        ):
            continue
        starts.append((at, match.end(), label))
    if not starts or starts[0][0] != 0:
        return [line]
    if len(starts) == 1 and ":" in rest[: starts[0][1]]:
        return [line]  # already "Label: value"
    out: list[Line] = []
    for k, (_, value_at, label) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(rest)
        value = rest[value_at:end].strip()
        head = prefix if k == 0 else ""
        out.append(dataclasses.replace(line, text=f"{head}{label}: {value}".strip()))
    return out


def _plausible_value(value: str) -> bool:
    """Text after a label without a colon that reads as its value, not as a sentence."""
    value = value.strip()
    return bool(value) and len(value.split()) <= 10 and not value.endswith(".")


def _join_broken_numbers(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and _LONE_NUMBER.match(line.text.strip()):
            tail = _NUMBER_TAIL.match(following.text.strip())
            if tail:
                number = line.text.strip().rstrip(".")
                out.append(
                    Line(
                        line.number,
                        f"{number}.{tail[1]}. {tail[2]}",
                        also=(*line.also, following.number),
                    )
                )
                i += 2
                continue
        out.append(line)
        i += 1
    return out
