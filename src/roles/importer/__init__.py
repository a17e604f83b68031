"""Import legacy job descriptions (.txt as extracted from Word/PDF, .docx) as registry drafts.

`import_document` reads one file into a registry for the municipality: the unit, the position
and its job description as a draft, the positions the document names (matched to existing ones
by title, created otherwise), and an accounting of where every line of the input went.
"""

from pathlib import Path

from roles.domain import Registry
from roles.importer import assemble, document, source
from roles.importer.accounting import Accounting, Placement
from roles.importer.assemble import Outcome

__all__ = ["Accounting", "Outcome", "Placement", "import_document", "import_lines"]


def import_lines(
    lines: list[source.Line], municipality: str, existing: Registry | None = None
) -> Outcome:
    outcome = assemble.build(document.parse(lines), municipality, existing)
    for number in outcome.accounting.missing(line.number for line in lines):
        text = next(line.text for line in lines if line.number == number)
        outcome.accounting.place(number, "not placed", text, unsure=True, why="no rule took it")
    return outcome


def import_document(
    path: str | Path, municipality: str, existing: Registry | None = None
) -> Outcome:
    return import_lines(source.read(path), municipality, existing)
