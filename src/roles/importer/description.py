"""The parsed body becomes the draft's sections and clauses, every line placed on the way."""

import dataclasses
import re

from roles.domain import Clause, Section
from roles.importer.accounting import Accounting
from roles.importer.body import ClauseB, SectionB, join
from roles.importer.document import ParsedDocument


def walk(clauses: list[ClauseB]) -> list[ClauseB]:
    out: list[ClauseB] = []
    for c in clauses:
        out.append(c)
        out.extend(walk(c.children))
    return out


def _clause(c: ClauseB, path: str, acc: Accounting) -> Clause:
    for n in c.lines:
        acc.place(n, f"{path}.text", c.joined(), unsure=n in c.unsure, why=c.unsure.get(n, ""))
    for n in c.result_lines:
        acc.place(
            n, f"{path}.result", join(c.result), unsure=n in c.unsure, why=c.unsure.get(n, "")
        )
    text = c.joined() or (c.label or "")
    children = [_clause(ch, f"{path}.clauses[{j}]", acc) for j, ch in enumerate(c.children)]
    if not text:
        text = "—"
        for n in c.lines:
            acc.place(n, f"{path}.label", c.label or "", unsure=True, why="a label without value")
    return Clause(
        ref=c.ref,
        label=c.label,
        text=text,
        result=join(c.result) or None,
        field=c.field,
        clauses=children,
    )


def section(s: SectionB, i: int, acc: Accounting) -> Section:
    path = f"@.sections[{i}]"
    for n in s.lines:
        acc.place(n, f"{path}.title", s.title or "")
    for n in s.intro_lines:
        acc.place(n, f"{path}.intro", join(s.intro))
    for n in s.column_lines:
        acc.place(n, f"{path}.columns", " | ".join(s.columns))
    for n, why in s.unsure.items():
        acc.place(n, path, "", unsure=True, why=why)
    return Section(
        kind=s.kind,
        title=s.title,
        ref=s.ref,
        level=s.level,
        intro=join(s.intro) or None,
        columns=s.columns,
        clauses=[_clause(c, f"{path}.clauses[{j}]", acc) for j, c in enumerate(s.clauses)],
    )


def place_front_and_tail(doc: ParsedDocument, acc: Accounting, jd: int) -> None:
    for number, where, unsure in doc.front.placed:
        target = {"agency": "agencies", "unit": "units", "position.title": "positions"}.get(where)
        path = target or (where if where.startswith("ignored") else f"@.{where}")
        acc.place(
            number, path, "", unsure=unsure, why="front matter not understood" if unsure else ""
        )
    for k, sig in enumerate(doc.body.signatures):
        for n in sig.lines:
            acc.place(n, f"@.signatures[{k}]", sig.title or "")
    for n in doc.body.ignored:
        acc.place(n, "ignored: table rule or decoration", "")


def reindex(acc: Accounting, jd: int) -> None:
    prefix = f"job_descriptions[{jd}]"
    for p in acc.placements():
        if p.where.startswith("@"):
            acc._by_line[p.line] = dataclasses.replace(p, where=prefix + p.where[1:])


_SYSTEMS = ["STAR", "SPOKU", "WD", "rahvastikuregister", "EHIS", "SKAIS", "TÖR"]


def systems(text: str) -> list[str]:
    return [
        s for s in _SYSTEMS if re.search(rf"\b{re.escape(s)}", text, re.I if s.islower() else 0)
    ]
