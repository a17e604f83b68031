"""The lines before the first section: approval block, title, document control.

"KINNITATUD / Võru linnapea 25.01.2024 käskkirja nr 20.1-1/29 / „…“ / Lisaga 2",
"KINNITAN / Toomas Nael / Kohtla-Järve Linnaeapea / 9. mai 2022. a", and Viimsi's control block
("Versioon nr: 01", "Haldaja: …  Staatus: kehtiv", "Kinnitas: Illar Lemetti / vallavanem").
"""

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from roles.importer import refs
from roles.importer.source import Line
from roles.importer.vocabulary import MONTH_STEMS, month_of

_APPROVED = re.compile(r"^(KINNITATUD|KINNITAN|Kinnitatud|Kinnitan)\b[:\s]*", re.I)
_APPROVED_BY = re.compile(r"^Kinnitas:\s*(.*)$", re.I)
_DATE_NUM = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_DATE_WORDS = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(MONTH_STEMS) + r")\w*\s+(\d{4})(\.\s*a\.?)?", re.I
)
_DIRECTIVE = re.compile(r"\b(?:käskkir\w*|korraldus\w*)\s+nr\.?\s*([\w./-]+?)_?(?=\s|$)", re.I)
_QUOTED = re.compile(r"[„\"“].+[“\"”]")
_ANNEX = re.compile(r"\bLisa(?:ga|na)?\b\s*(?:nr\.?\s*)?(\d+)?", re.I)
_APPROVER = re.compile(
    r"(linna\w*pea|vallavanem|abilinnapea|abivallavanem|linnasekretär|vallasekretär|juhataja|"
    r"direktor)",
    re.I,
)
_NAME = re.compile(r"^[A-ZÕÄÖÜŠŽ][a-zõäöüšž]+(?:[- ][A-ZÕÄÖÜŠŽ][a-zõäöüšž]+){1,3}$")
_CONTROL = {
    "version": re.compile(r"Versioon(?:\s+nr)?:?\s*(\S+)", re.I),
    "language": re.compile(r"\bKeel:\s*(\S+)", re.I),
    "keeper": re.compile(r"Haldaja:\s*(.+?)(?=\s{2,}|\s+Staatus:|$)", re.I),
    "status": re.compile(r"Staatus:\s*(\S+)", re.I),
}
_PAGE = re.compile(r"(Lehe\s+nr:?\s*\d+\s*\(\d+\)|\b\d+\s*/\s*\d+\s*$|^\(\w\w\)\s*)", re.I)
_AGENCY = re.compile(
    r"(valitsus|amet|ameti|ministeerium|inspektsioon|kool|gümnaasium|lasteaed|lasteaia|"
    r"raamatukogu|muuseum|kultuurikeskus|spordikeskus|rahvamaja|kultuurimaja|kolledž|keskus)\s*$"
    r"|^(lasteaed|kool|raamatukogu|muuseum|rahvamaja|kultuurimaja)\s+[A-ZÕÄÖÜ]\w+$",
    re.I,
)


@dataclasses.dataclass
class Front:
    approval: dict[str, object] = dataclasses.field(default_factory=dict)
    control: dict[str, str] = dataclasses.field(default_factory=dict)
    title: list[str] = dataclasses.field(default_factory=list)
    agency: str | None = None
    unit: list[str] = dataclasses.field(default_factory=list)
    position: str | None = None  # a title the front names ("Sotsiaalregistri vanemspetsialist")
    placed: list[tuple[int, str, bool]] = dataclasses.field(
        default_factory=list
    )  # line, path, unsure


def parse_date(text: str) -> dt.date | None:
    match = _DATE_NUM.search(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _DATE_WORDS.search(text)
        if match:
            month = month_of(match[2])
            if month is not None:
                return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None
    return None


def parse(lines: list[Line], starts_body: Callable[[Line], bool]) -> tuple[Front, int]:
    """Read the front matter; return it and the index of the first body line."""
    front = Front()
    pending: list[Line] = []  # lines not yet understood: title words, names, unit names
    in_approval = False
    expect_approver_title = False
    i = 0
    for i, line in enumerate(lines):
        text = line.text
        title_ahead = any("ametijuhend" in t.text.lower() for t in lines[i : i + 4])
        if (
            starts_body(line)
            and not _looks_front(text)
            and not (title_ahead and line.bold and refs.split(text) is None)
        ):
            break
        consumed = _approval_or_control(front, line, in_approval)
        if consumed == "approval-start":
            in_approval = True
            continue
        if consumed == "approver-named":
            expect_approver_title = True
            continue
        if consumed:
            continue
        if expect_approver_title and len(text.split()) <= 4 and not re.search(r"\d", text):
            front.approval["by"] = text
            front.placed.append((line.number, "approval.by", False))
            expect_approver_title = False
            continue
        if "ametijuhend" in text.lower():
            title_lines = [*_title_prefix(pending), line]
            front.title.extend(t.text for t in title_lines)
            for t in title_lines:
                front.placed.append((t.number, "title", False))
            rest = re.sub(r"^Ametijuhend\.?\s*", "", _PAGE.sub("", text), flags=re.I).strip()
            if rest and rest.lower() != text.lower().strip(". "):
                front.position = front.position or rest
            pending = [p for p in pending if p not in title_lines]
            continue
        if _AGENCY.search(text):
            front.agency = text
            front.placed.append((line.number, "agency", False))
            continue
        if in_approval and _NAME.match(text) and "name" not in front.approval:
            front.approval["name"] = text
            front.placed.append((line.number, "approval.name", False))
            continue
        pending.append(line)
    else:
        i = len(lines)
    _settle_pending(front, pending)
    return front, i


def _looks_front(text: str) -> bool:
    return bool(_DATE_WORDS.match(text) or (_DATE_NUM.search(text) and len(text.split()) <= 4))


def _approval_or_control(front: Front, line: Line, in_approval: bool) -> str | bool:
    text = line.text
    number = line.number
    match = _APPROVED_BY.match(text)
    if match:
        front.approval["name"] = match[1].strip()
        front.placed.append((number, "approval.name", False))
        return "approver-named"
    match = _APPROVED.match(text)
    if match:
        front.placed.append((number, "approval", False))
        rest = text[match.end() :].strip()
        if rest:
            _approval_details(front, rest, number)
        return "approval-start"
    hits = {key: rx.search(text) for key, rx in _CONTROL.items()}
    if any(hits.values()):
        for key, hit in hits.items():
            if hit:
                front.control[key] = hit[1].strip()
                front.placed.append((number, f"control.{key}", False))
        rest = _PAGE.sub("", text)
        for rx in _CONTROL.values():
            rest = rx.sub("", rest)
        if rest.strip():  # "Sotsiaalregistri vanemspetsialist Lehe nr: 1(3)"
            front.position = front.position or rest.strip()
        return True
    if _PAGE.search(text) and not re.sub(_PAGE, "", text).strip(" ."):
        front.placed.append((number, "ignored: page number", False))
        return True
    if "Lehe nr" in text:
        rest = _PAGE.sub("", text).strip()
        front.position = front.position or rest
        front.placed.append((number, "position.title", False))
        return True
    if (
        _DIRECTIVE.search(text)
        or parse_date(text)
        or (_QUOTED.search(text) and (in_approval or "directive" in front.approval))
        or (_ANNEX.match(text) and len(text.split()) <= 3)
    ):
        _approval_details(front, text, number)
        return True
    if (
        (in_approval or "date" in front.approval)
        and _APPROVER.search(text)
        and len(text.split()) <= 5
        and "ametijuhend" not in text.lower()
    ):
        front.approval["by"] = text
        front.placed.append((number, "approval.by", False))
        return True
    return False


def _approval_details(front: Front, text: str, number: int) -> None:
    rest = text
    date = parse_date(text)
    if date:
        front.approval["date"] = date
        rest = _DATE_NUM.sub("", _DATE_WORDS.sub("", rest))
    match = _DIRECTIVE.search(rest)
    if match:
        front.approval["directive"] = match[1].rstrip("_.,")
        rest = rest[: match.start()] + rest[match.end() :]
    match = _QUOTED.search(rest)
    if match:
        front.approval["directive_title"] = match[0].strip()
        rest = rest[: match.start()] + rest[match.end() :]
    match = _ANNEX.search(rest)
    if match:
        front.approval["annex"] = f"Lisa {match[1]}" if match[1] else "Lisa"
        rest = rest[: match.start()] + rest[match.end() :]
    rest = re.sub(r"\s+", " ", re.sub(r"^\(\w\w\)|\(\w\w\)", "", rest)).strip(" ,.")
    if rest and _APPROVER.search(rest):
        front.approval["by"] = rest
    front.placed.append((number, "approval", bool(rest) and not _APPROVER.search(rest)))


def _title_prefix(pending: list[Line]) -> list[Line]:
    """The lines before "ametijuhend" that belong to the title ("Sotsiaalteenuste spetsialisti")."""
    prefix: list[Line] = []
    for line in reversed(pending):
        if _AGENCY.search(line.text) or (_NAME.match(line.text) and not line.bold):
            break
        prefix.insert(0, line)
        if not line.bold:
            break
    return prefix


def _settle_pending(front: Front, pending: list[Line]) -> None:
    # What is left after the agency line names its unit ("Sotsiaal- ja / tervishoiuosakond");
    # anything else is kept as part of the title and reported.
    group: list[Line] = []
    for line in pending:
        group.append(line)
        joined = " ".join(g.text for g in group)
        if (
            front.agency
            and re.search(r"(osakon|amet\b|teenistus)", joined, re.I)
            and len(group) <= 3
        ):
            front.unit.extend(g.text for g in group)
            front.placed.extend((g.number, "unit", False) for g in group)
            group = []
    for line in group:
        front.title.append(line.text)
        front.placed.append((line.number, "title", True))
