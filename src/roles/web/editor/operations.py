"""What the editor's buttons do to the form (unsaved): move, indent, add, delete sections,
clauses and ways to qualify, and renumber the clauses."""

import re

from roles.services.library import LibraryClause
from roles.web.editor.form import (
    KINDS,
    MAX_ALTERNATIVES,
    MAX_DEPTH,
    AlternativeForm,
    DraftForm,
    Row,
    SectionForm,
)
from roles.web.forms import Form


def _block(rows: list[Row], k: int) -> int:
    """The index after the clause `k` and its nested clauses."""
    end = k + 1
    while end < len(rows) and rows[end].depth > rows[k].depth:
        end += 1
    return end


def apply(op: str, f: DraftForm, extra: Form, lib: dict[str, LibraryClause]) -> str | None:
    """Reshape the form (unsaved) by one button's operation; the key of a phrase saying why
    when it cannot be done (nothing is ever done halfway or silently clamped)."""
    name, _, where = op.partition(":")
    parts = [int(x) for x in where.split(":") if x.isdigit()]
    if name == "addsec":
        kind = extra.get("new-section-kind") or "other"
        f.sections.append(SectionForm(kind=kind if kind in KINDS else "other", rows=[Row(0)]))
        return None
    alternatives = f.requirements.alternatives
    if name == "altadd":
        if len(alternatives) < MAX_ALTERNATIVES:
            alternatives.append(AlternativeForm())
        return None
    if name == "altdel":
        if parts and parts[0] < len(alternatives):
            del alternatives[parts[0]]
        return None
    if not parts or parts[0] >= len(f.sections):
        return None
    i = parts[0]
    if name == "secdel":
        del f.sections[i]
        return None
    if name == "secup":
        if i > 0:
            f.sections[i - 1], f.sections[i] = f.sections[i], f.sections[i - 1]
        return None
    if name == "secdown":
        if i + 1 < len(f.sections):
            f.sections[i], f.sections[i + 1] = f.sections[i + 1], f.sections[i]
        return None
    rows = f.sections[parts[0]].rows
    if name == "add":
        rows.append(Row(0))
        return None
    if name == "lib":
        chosen = lib.get(extra.get(f"s{parts[0]}-library-pick"))
        if chosen is not None:
            rows.append(Row(0, text=chosen.text, result=chosen.result or "", library=chosen.id))
        return None
    if name == "renumber":
        _renumber(rows)
        return None
    if len(parts) < 2 or parts[1] >= len(rows):
        return None
    k = parts[1]
    end = _block(rows, k)
    if name == "del":
        del rows[k:end]
    elif name == "in":
        if k == 0 or rows[k - 1].depth < rows[k].depth:
            return "indent_needs_clause_above"
        if max(r.depth for r in rows[k:end]) >= MAX_DEPTH:
            return "depth_limit"
        for r in rows[k:end]:
            r.depth += 1
    elif name == "out":
        if rows[k].depth > 0:
            for r in rows[k:end]:
                r.depth -= 1
    elif name == "up":
        prev = k - 1
        while prev >= 0 and rows[prev].depth > rows[k].depth:
            prev -= 1
        if prev >= 0 and rows[prev].depth == rows[k].depth:
            rows[prev:end] = rows[k:end] + rows[prev:k]
    elif name == "down" and end < len(rows) and rows[end].depth == rows[k].depth:
        after = _block(rows, end)
        rows[k:after] = rows[end:after] + rows[k:end]
    return None


_REF = re.compile(r"^(\d+(?:\.\d+)*)\.?$")


def _renumber(rows: list[Row]) -> None:
    """Number the clauses 1, 1.1, … keeping the section's prefix ("2." of "2.3")."""
    prefix = ""
    for r in rows:
        m = _REF.match(r.ref)
        if r.depth == 0 and m:
            parts = m.group(1).split(".")
            prefix = ".".join(parts[:-1]) + "." if len(parts) > 1 else ""
            break
    counters: list[int] = []
    for r in rows:
        del counters[r.depth + 1 :]
        while len(counters) <= r.depth:
            counters.append(0)
        counters[r.depth] += 1
        r.ref = prefix + ".".join(str(n) for n in counters[: r.depth + 1])
