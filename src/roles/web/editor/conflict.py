"""Two people, one draft: what the person typed beside what is stored now, clause by clause.

When a save or an approval finds the draft changed since the form was opened (the ETag it
carries is stale), the editor comes back with the person's text kept and, beside each clause
that differs, the stored one with a button to take it. The form then carries the stored ETag,
so saving stores the person's choice over the stored version.
"""

from dataclasses import dataclass, field

from roles.web.editor.form import DraftForm, Row


@dataclass
class Beside:
    """The stored side of a conflict, placed by the form's section and row indexes."""

    title: str | None = None  # the stored title, when it differs
    rows: dict[tuple[int, int], Row] = field(default_factory=dict)  # differing rows
    extra: dict[int, list[Row]] = field(default_factory=dict)  # stored rows past the form's
    sections: list[int] = field(default_factory=list)  # stored sections the form lacks


def _same(a: Row, b: Row) -> bool:
    return (a.ref, a.text, a.result, a.depth) == (b.ref, b.text, b.result, b.depth)


def beside(mine: DraftForm, theirs: DraftForm) -> Beside:
    """Where the stored draft differs from the form: its sections matched by their place in
    the stored draft (`orig`), rows by their place in the section."""
    out = Beside(title=theirs.title if theirs.title != mine.title else None)
    stored = {s.orig: s for s in theirs.sections}
    used: set[int] = set()
    for i, s in enumerate(mine.sections):
        other = stored.get(s.orig)
        if other is None:
            continue
        used.add(s.orig)
        for k, row in enumerate(s.rows):
            if k < len(other.rows) and not _same(row, other.rows[k]):
                out.rows[(i, k)] = other.rows[k]
        if len(other.rows) > len(s.rows):
            out.extra[i] = other.rows[len(s.rows) :]
    out.sections = [s.orig for s in theirs.sections if s.orig not in used]
    return out


def take(op: str, mine: DraftForm, theirs: DraftForm) -> None:
    """Take the stored side of one clause (`theirs:i:k`), the rest of a section's stored
    clauses (`theirsrest:i`), the stored title (`theirstitle`) or a stored section the form
    lacks (`theirssec:orig`)."""
    name, _, where = op.partition(":")
    parts = [int(x) for x in where.split(":") if x.isdigit()]
    found = beside(mine, theirs)
    if name == "theirstitle" and found.title is not None:
        mine.title = found.title
    elif name == "theirs" and len(parts) == 2 and tuple(parts) in found.rows:
        i, k = parts
        mine.sections[i].rows[k] = found.rows[(i, k)]
    elif name == "theirsrest" and parts and parts[0] in found.extra:
        mine.sections[parts[0]].rows.extend(found.extra[parts[0]])
    elif name == "theirssec" and parts and parts[0] in found.sections:
        mine.sections.extend(s for s in theirs.sections if s.orig == parts[0])
