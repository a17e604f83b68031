"""A service's problems beside the editor's fields, in the page's language.

Problems name places in the job description ("approval.date", "sections[1].clauses[0].ref");
the editor names its fields ("approve-date", "s1-c0-ref"). A problem no field holds is said at
the top of the form.
"""

import re

from roles import domain
from roles.domain.messages import describe

_IN_REGISTRY = re.compile(r"^job_descriptions\[\d+\]\.")  # the draft's place in the registry
_APPROVAL = {"by", "name", "date", "directive", "annex"}
_CLAUSE = re.compile(r"^sections\[(\d+)\]((?:\.clauses\[\d+\])+)(?:\.(ref|text|result))?")


def _flat(clauses: list[domain.Clause], path: list[int]) -> int | None:
    """The row of the clause at `path` (indexes down the tree) in the form's flat list."""
    row = 0
    for depth, index in enumerate(path):
        if index >= len(clauses):
            return None
        for c in clauses[:index]:
            row += 1 + _count(c.clauses)
        if depth < len(path) - 1:
            row += 1
            clauses = clauses[index].clauses
    return row


def _count(clauses: list[domain.Clause]) -> int:
    return sum(1 + _count(c.clauses) for c in clauses)


def field_of(path: str, document: domain.JobDescription | None) -> str:
    """The editor's field for a problem's path; "form" for the form as a whole."""
    path = _IN_REGISTRY.sub("", path)
    head, _, rest = path.partition(".")
    if head == "approval" and rest in _APPROVAL:
        return f"approve-{rest}"
    if path == "in_force_from":
        return "approve-in_force_from"
    if path == "title":
        return "title"
    m = _CLAUSE.match(path)
    if m and document is not None:
        i = int(m.group(1))
        if i < len(document.sections):
            indexes = [int(x) for x in re.findall(r"\[(\d+)\]", m.group(2))]
            k = _flat(document.sections[i].clauses, indexes)
            if k is not None:
                return f"s{i}-c{k}-{m.group(3) or 'text'}"
    return "form"


def beside_fields(
    problems: list[domain.Problem], document: domain.JobDescription | None, lang: str
) -> dict[str, str]:
    """Each problem's text by the field it is about; several at one field are joined."""
    out: dict[str, str] = {}
    for p in problems:
        name = field_of(p.path, document)
        text = describe(p, lang)
        out[name] = f"{out[name]} {text}" if name in out else text
    return out
