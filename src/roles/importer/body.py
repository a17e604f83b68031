"""The body of a job description: sections, header fields, clauses, tables, signatures.

(One state machine over the lines, hence its length: split further, its state would scatter.)

Lines come in document order; each is a heading, a header field, a numbered clause or bullet,
a table row, a signature line, or text that continues what came before (a wrapped line) or
starts an unnumbered paragraph. Every line is recorded in the builder that took it.

One module on purpose: the kinds of line are told apart by one another (a numbered line is a
clause unless a heading or a field claims it first), so the recognisers and the builder that
orders them are read together.
"""

import dataclasses
import re

from roles.domain import ClauseField, SectionKind, Signature, SignatureRole
from roles.importer import refs
from roles.importer.classify import field_of, heading_of, join
from roles.importer.source import Line

__all__ = ["Body", "BodyParser", "ClauseB", "SectionB", "field_of", "heading_of", "join"]

_TERMINAL = (".", "!", "?", ";", ":")
_CONJUNCTIONS = {"ja", "või", "ning", "ega", "kui", "and"}
_DIGITAL = re.compile(r"allkirjastatud\s+digitaalselt", re.I)
_CAPTION = re.compile(r"^\((ees- ja perekonnanimi|nimi|allkiri|kuupäev)\)$", re.I)
_SIGN_LINES = {"nimi", "allkiri", "kuupäev", "allkirjastaja", "ees- ja perekonnanimi"}
_DECORATION = re.compile(
    r"^(?:[-–—_=*\s\t]+|[-–—]\s*\d+\s*[-–—]|(?:lk|lehekülg|leht|page)\.?\s*\d+"
    r"(?:\s*(?:/|of|\(|-)\s*\d+\)?)?|[█■▇\s]+)$",
    re.I,
)
_ACK = re.compile(r"\b(olen\s+\w*\s*tutvunud|tutvunud\s+käesoleva|kinnitan,\s*et\s+olen)", re.I)
_ANTI_CORRUPTION = re.compile(r"korruptsioonivastase|ametiisik", re.I)


@dataclasses.dataclass
class ClauseB:
    ref: str | None
    text: list[str]
    lines: list[int]
    label: str | None = None
    field: ClauseField | None = None
    result: list[str] = dataclasses.field(default_factory=list)
    result_lines: list[int] = dataclasses.field(default_factory=list)
    children: list["ClauseB"] = dataclasses.field(default_factory=list)
    bullet: bool = False
    unsure: dict[int, str] = dataclasses.field(default_factory=dict)  # line → why

    def joined(self) -> str:
        return join(self.text)


@dataclasses.dataclass
class SectionB:
    kind: SectionKind
    title: str | None
    ref: str | None
    level: int
    lines: list[int]
    intro: list[str] = dataclasses.field(default_factory=list)
    intro_lines: list[int] = dataclasses.field(default_factory=list)
    columns: list[str] = dataclasses.field(default_factory=list)
    column_lines: list[int] = dataclasses.field(default_factory=list)
    clauses: list[ClauseB] = dataclasses.field(default_factory=list)
    table: bool = False  # task / result pairs: a repeated ref is the result of the clause before
    unsure: dict[int, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class SignatureB:
    role: SignatureRole
    title: str | None = None
    caption: str | None = None
    lines_to_fill: list[str] = dataclasses.field(default_factory=list)
    digital: bool = False
    lines: list[int] = dataclasses.field(default_factory=list)

    def build(self) -> Signature:
        return Signature(
            role=self.role,
            title=self.title,
            caption=self.caption,
            lines=self.lines_to_fill,
            digital=self.digital,
        )


@dataclasses.dataclass
class Body:
    sections: list[SectionB]
    signatures: list[SignatureB]
    ignored: list[int]


class BodyParser:
    def __init__(self, wrap: int = 0) -> None:
        self.wrap = wrap  # the width text was wrapped at (0: not wrapped, one line a paragraph)
        self.last_length = 0
        self.column_at: int | None = None  # where a positioned table's second column starts
        self.sections: list[SectionB] = []
        self.signatures: list[SignatureB] = []
        self.ignored: list[int] = []
        self.stack: list[ClauseB] = []  # open clauses, outermost first
        self.target: tuple[ClauseB | SectionB, str] | None = None  # where text continues
        self.pending_field: ClauseB | None = None  # a label whose value is on the next line
        self.signature: SignatureB | None = None
        self.after_ack = False

    # --- helpers ---------------------------------------------------------------------------

    @property
    def section(self) -> SectionB:
        if not self.sections:  # header fields before any heading: an untitled general section
            self.sections.append(SectionB(SectionKind.GENERAL, None, None, 1, []))
        return self.sections[-1]

    def _new_section(
        self, ref: str | None, title: str | None, kind: SectionKind, level: int, line: int
    ) -> SectionB:
        section = SectionB(kind, title, ref, level, [line] if line else [])
        section.table = title is not None and bool(re.search(r"tulemus|väljund", title, re.I))
        self.sections.append(section)
        self.stack = []
        self.target = None
        self.pending_field = None
        return section

    def _add_clause(self, clause: ClauseB, numbered: refs.Numbered | None) -> None:
        section = self.section
        parent: ClauseB | None = None
        if numbered is not None and numbered.dotted and clause.ref:
            while self.stack and not refs.is_child(clause.ref, self.stack[-1].ref or "\0"):
                self.stack.pop()
            parent = self.stack[-1] if self.stack else None
        elif numbered is not None and (numbered.bullet or not numbered.dotted):
            style_bullet = numbered.bullet
            while self.stack and (
                self.stack[-1].bullet or (not style_bullet and _paren(self.stack[-1].ref))
            ):
                self.stack.pop()
            top = self.stack[-1] if self.stack else None
            if top is not None and (top.joined().endswith(":") or top.children):
                parent = top
            else:
                self.stack = []
        else:
            self.stack = []
        (parent.children if parent else section.clauses).append(clause)
        self.stack.append(clause)
        self.target = (clause, "text")

    def _continue(self, line: Line, text: str, *, unsure: str = "") -> bool:
        if self.target is None:
            return False
        owner, attr = self.target
        if isinstance(owner, ClauseB):
            (owner.result if attr == "result" else owner.text).append(text)
            (owner.result_lines if attr == "result" else owner.lines).append(line.number)
        else:
            owner.intro.append(text)
            owner.intro_lines.append(line.number)
        if unsure:
            owner.unsure[line.number] = unsure
        return True

    # --- the lines ---------------------------------------------------------------------------

    def feed(self, line: Line, following: Line | None = None) -> None:
        try:
            self._feed(line, following)
        finally:
            self.last_length = len(line.text)

    def _feed(self, line: Line, following: Line | None = None) -> None:
        text = line.text.strip()
        if _DECORATION.match(line.text.replace("\t", " ")) or not text:
            self.ignored.append(line.number)
            return
        if self._signature_line(line, text):
            return
        if (
            following is not None
            and _short(text)
            and line.cells is None
            and (
                _CAPTION.match(following.text)
                or (
                    _DIGITAL.search(following.text)
                    and len(following.text) < 40
                    and self.signature is None
                    and not _ACK.search(text)
                )
            )
        ):
            # "Teenistuskoha täitja" above "(ees- ja perekonnanimi)": a signature's title
            sig = SignatureB(_role(text, self.after_ack), title=text, lines=[line.number])
            self.signatures.append(sig)
            self.signature = sig
            self.target = None
            self.pending_field = None
            return
        if _ACK.search(text):
            section = self._new_section(None, None, SectionKind.ACKNOWLEDGEMENT, 1, 0)
            section.clauses.append(ClauseB(None, [text], [line.number]))
            self.target = (section.clauses[-1], "text")
            self.after_ack = True
            return
        if self.pending_field is not None and heading_of(line) is None and field_of(line) is None:
            field_clause = self.pending_field
            self.pending_field = None
            field_clause.text.append(text)
            field_clause.lines.append(line.number)
            self.target = (field_clause, "text")
            return
        if self._columns(line, text):
            return
        heading = heading_of(line)
        if heading is not None:
            self.column_at = None
        elif self.sections and self.section.table and self.section.columns:
            row = self._positioned_row(line)
            if row is not None:
                self._row(row)
                return
        if heading is not None and not self._is_result_heading(line):
            ref, title, kind = heading
            level = line.heading or (ref.count(".") + 1 if ref else 1)
            self._new_section(ref, title, kind, min(level, 3), line.number)
            return
        if self._anti_corruption(line, text):
            return
        if line.cells is not None:
            self._row(line)
            return
        field = field_of(line)
        if field is not None:
            ref, label, field_kind, value = field
            clause = ClauseB(
                ref, [value] if value else [], [line.number], label=label, field=field_kind
            )
            self._add_clause(clause, refs.split(line.text) if ref else None)
            if not value:
                self.pending_field = clause
            return
        numbered = refs.split(text)
        if numbered is not None:
            self._numbered(line, numbered)
            return
        self._text(line, text)

    def _anti_corruption(self, line: Line, text: str) -> bool:
        """ "ametiisik korruptsioonivastase seaduse … tähenduses" among the header fields, on a
        line of its own or in a table row with an empty label cell."""
        if line.cells is not None and any(line.cells[0]):
            return False
        if not (
            _ANTI_CORRUPTION.search(text)
            and self.section.kind is SectionKind.GENERAL
            and any(c.field for c in self.section.clauses)
        ):
            return False
        value = text.strip() if line.cells is None else " ".join(line.cells[-1]).strip()
        self._add_clause(
            ClauseB(None, [value], [line.number], field=ClauseField.ANTI_CORRUPTION), None
        )
        return True

    def _columns(self, line: Line, text: str) -> bool:
        """ "Teenistuskoha tööülesanne   Soovitud tulemus / väljund": the table's column heads."""
        section = self.sections[-1] if self.sections else None
        if (
            section is None
            or not section.table
            or section.clauses
            or section.columns
            or line.cells is not None
            or refs.split(text) is not None
        ):
            return False
        parts = re.split(r"\s{2,}", line.text.strip())
        if len(parts) < 2:
            match = re.search(r"\s(?=(Soovitud|Oodatav|Tulemus|Kirjeldus)\b)", text)
            if match is None:
                return False
            parts = [text[: match.start()], text[match.end() :]]
        section.columns = [p.strip() for p in parts]
        section.column_lines.append(line.number)
        gap = re.search(r"\S(\s{3,})\S", line.raw)
        self.column_at = gap.end(1) if gap else None  # pdftotext -layout: columns by position
        return True

    def _positioned_row(self, line: Line) -> Line | None:
        """A line of a table laid out by position (pdftotext -layout) as a row of two cells."""
        at = self.column_at
        raw = line.raw
        if at is None or line.cells is not None or not raw.strip():
            return None
        if len(raw) <= at:
            return dataclasses.replace(line, cells=[[raw.strip()], []])
        cut = next(
            (k for k in range(at, max(at - 6, 1), -1) if raw[k - 1] == " " and raw[k] != " "),
            None,
        )
        if cut is None or (raw[cut - 2 : cut] != "  " and raw[:cut].strip()):
            return None  # text runs across the column: not a table row
        left, right = raw[:cut].strip(), raw[cut:].strip()
        return dataclasses.replace(line, cells=[[left] if left else [], [right] if right else []])

    def _is_result_heading(self, line: Line) -> bool:
        # In a task/result table a line repeating the task's ref is its result, not a heading.
        heading = heading_of(line)
        return bool(
            self.sections
            and self.section.table
            and self.stack
            and heading
            and heading[0] == self.stack[0].ref
        )

    def _numbered(self, line: Line, numbered: refs.Numbered) -> None:
        section = self.section
        if section.table and numbered.ref:
            rest = numbered.rest
            # "3.10. Task.  3.10. Result." on one line: the result column came along
            split = re.search(r"\s" + re.escape(numbered.ref) + r"\.?\s", rest)
            last = self.stack[0] if self.stack else None
            if last is not None and last.ref == numbered.ref and not last.result:
                last.result.append(rest)
                last.result_lines.append(line.number)
                self.target = (last, "result")
                return
            clause = ClauseB(
                numbered.ref, [rest[: split.start()] if split else rest], [line.number]
            )
            section.clauses.append(clause)
            self.stack = [clause]
            self.target = (clause, "text")
            if split:
                clause.result.append(rest[split.end() :])
                clause.result_lines.append(line.number)
                self.target = (clause, "result")
            return
        clause = ClauseB(numbered.ref, [numbered.rest], [line.number], bullet=numbered.bullet)
        self._add_clause(clause, numbered)

    def _text(self, line: Line, text: str) -> None:
        section = self.section
        if self.target is not None:
            owner, attr = self.target
            current = (
                owner.result
                if isinstance(owner, ClauseB) and attr == "result"
                else owner.text
                if isinstance(owner, ClauseB)
                else owner.intro
            )
            last = current[-1] if current else ""
            paragraph_ended = (
                isinstance(owner, ClauseB)
                and owner.ref is None
                and not owner.bullet
                and owner.field is None
                and text[:1].isupper()
                and not re.search(r"(\w-|,|\b(ja|ning|või|ega|ehk|kui|et|sh|mh))$", last)
                and (not self.wrap or self.last_length < 0.75 * self.wrap)
            )
            if (
                not last.endswith(_TERMINAL) or text[:1].islower() or not text[:1].isalpha()
            ) and not paragraph_ended:
                self._continue(line, text)
                return
            numbered_owner = isinstance(owner, ClauseB) and owner.ref is not None
            if numbered_owner and not owner.bullet:  # type: ignore[union-attr]
                # a new sentence after a numbered clause: most often still that clause
                self._continue(
                    line,
                    text,
                    unsure=""
                    if section.table
                    else "a new sentence after a numbered clause; joined to it",
                )
                return
        clause = ClauseB(None, [text], [line.number])
        self.stack = []
        section.clauses.append(clause)
        self.stack.append(clause)
        self.target = (clause, "text")

    def _row(self, line: Line) -> None:
        assert line.cells is not None
        section = self.section
        cells = line.cells
        field = field_of(line)
        if field is not None:
            ref, label, field_kind, value = field
            clause = ClauseB(ref, [value], [line.number], label=label, field=field_kind)
            self._add_clause(clause, refs.split(" ".join(cells[0])) if ref else None)
            return
        filled = [c for c in cells if c]
        if (
            not section.clauses
            and not section.columns
            and len(filled) >= 2
            and all(_column_like(" ".join(c)) for c in filled)
        ):
            section.columns = [" ".join(c) for c in filled]
            section.column_lines.append(line.number)
            section.table = True
            return
        first = " ".join(cells[0]) if cells[0] else ""
        rest_cells = [item for c in cells[1:] for item in c]
        last = section.clauses[-1] if section.clauses else None
        if last is not None and section.table and (not first or first[:1].islower()):
            # a row that continues the one before (the table broke over a page)
            if first:
                last.text.append(first)
                last.lines.append(line.number)
            _append_items(last, rest_cells, line.number)
            return
        section.table = True
        # A numbered row ("3.1. task | 3.1. result"): the number is the clause's ref, and the
        # result cell's repetition of it is layout, not text.
        numbered = refs.split(first) if first else None
        ref = numbered.ref if numbered is not None and not numbered.bullet else None
        if ref is not None and numbered is not None:
            first = numbered.rest
            rest_cells = [_without_ref(item, ref) for item in rest_cells]
        clause = ClauseB(ref, [first] if first else [], [line.number])
        _append_items(clause, rest_cells, line.number)
        if not clause.text:
            clause.text = list(clause.result)
            clause.result = []
        section.clauses.append(clause)
        self.stack = [clause]
        self.target = (clause, "result" if clause.result else "text")

    def _signature_line(self, line: Line, text: str) -> bool:
        low = text.strip("/*() ").lower()
        if _DIGITAL.search(text) and len(text) < 40:
            sig = self.signature
            if sig is None or sig.digital:
                sig = self._start_signature()
            sig.digital = True
            sig.lines.append(line.number)
            return True
        if _CAPTION.match(text):
            sig = self.signature
            if sig is None or sig.caption is not None or self.pending_field is not None:
                sig = self._start_signature()
            sig.caption = text
            sig.lines.append(line.number)
            return True
        if low in _SIGN_LINES and len(text) < 30:
            sig = self.signature
            if sig is None or (sig.title is not None and not sig.lines_to_fill):
                sig = self._start_signature()
            sig.lines_to_fill.append(text.strip())
            sig.lines.append(line.number)
            return True
        sig = self.signature
        if sig is not None and sig.title is None and not sig.lines_to_fill and _short(text):
            sig.title = text
            sig.role = _role(text, self.after_ack)
            sig.lines.append(line.number)
            return True
        return False

    def _start_signature(self) -> SignatureB:
        sig = SignatureB(SignatureRole.HOLDER if self.after_ack else SignatureRole.HEAD)
        # a short line just before ("Teenistuskoha täitja", "Vahetu juht") is its title
        section = self.sections[-1] if self.sections else None
        if section and section.clauses and self.target is not None:
            last = section.clauses[-1]
            if (
                last.ref is None
                and not last.children
                and len(last.text) == 1
                and _short(last.text[0])
                and not last.result
                and last.field is None
                and last.label is None
                and not _ACK.search(last.text[0])
            ):
                section.clauses.pop()
                sig.title = last.text[0]
                sig.role = _role(sig.title, self.after_ack)
                sig.lines.extend(last.lines)
            elif last.field is not None and last.label and len(last.text) == 0:
                pass
        if self.pending_field is not None and not self.pending_field.text:  # "Vahetu juht" alone
            clause = self.pending_field
            self.pending_field = None
            self._remove(clause)
            sig.title = " ".join(filter(None, [clause.ref, clause.label]))
            sig.role = _role(sig.title, self.after_ack)
            sig.lines.extend(clause.lines)
        self.signatures.append(sig)
        self.signature = sig
        self.target = None
        return sig

    def _remove(self, clause: ClauseB) -> None:
        for section in self.sections:
            if clause in section.clauses:
                section.clauses.remove(clause)
        self.stack = [c for c in self.stack if c is not clause]

    def finish(self) -> Body:
        for section in self.sections:
            _settle_intro(section)
        return Body(self.sections, self.signatures, self.ignored)


def _paren(ref: str | None) -> bool:
    return bool(ref and ref.endswith(")"))


def _short(text: str) -> bool:
    return len(text.split()) <= 6 and not text.rstrip().endswith((".", ";", ","))


def _role(title: str, after_ack: bool) -> SignatureRole:
    low = title.lower()
    if "vahetu juht" in low:
        return SignatureRole.MANAGER
    if "täitja" in low or "teenistuja" in low or "töötaja" in low:
        return SignatureRole.HOLDER
    return SignatureRole.HOLDER if after_ack else SignatureRole.HEAD


def _column_like(text: str) -> bool:
    low = text.lower()
    return (text.upper() == text and len(text.split()) <= 8) or any(
        w in low for w in ("tulemus", "ülesanne", "kirjeldus", "väljund")
    )


def _without_ref(item: str, ref: str) -> str:
    numbered = refs.split(item)
    return numbered.rest if numbered is not None and numbered.ref == ref else item


def _append_items(clause: ClauseB, items: list[str], line: int) -> None:
    """A result cell: a bulleted list becomes nested clauses, plain text the result."""
    for item in items:
        numbered = refs.split(item)
        if numbered is not None and numbered.bullet:
            clause.children.append(ClauseB(None, [numbered.rest], [line], bullet=True))
        elif clause.children:  # a list item broken over two rows
            clause.children[-1].text.append(item)
            clause.children[-1].lines.append(line)
        else:
            clause.result.append(item)
            clause.result_lines.append(line)


def _settle_intro(section: SectionB) -> None:
    """Unnumbered lead-in paragraphs before numbered clauses are the section's intro."""
    clauses = section.clauses
    numbered = [c for c in clauses if c.ref is not None]
    if not numbered or section.intro:
        first = clauses[0] if clauses else None
        # "X-l on õigus:" followed by bullets only: the lead-in is still an intro
        if (
            first is not None
            and first.ref is None
            and not first.bullet
            and first.field is None
            and first.joined().endswith(":")
            and first.children
            and len(clauses) == 1
            and not section.table
        ):
            section.intro, section.intro_lines = first.text, first.lines
            section.clauses = first.children
        return
    while (
        clauses
        and clauses[0].ref is None
        and not clauses[0].bullet
        and clauses[0].field is None
        and not clauses[0].children
        and clauses[0].label is None
        and not section.table
    ):
        lead = clauses.pop(0)
        section.intro.extend(lead.text)
        section.intro_lines.extend(lead.lines)
