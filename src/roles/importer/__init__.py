"""Import legacy job descriptions (text, Word, OpenDocument, RTF, PDF) as registry drafts.

`import_document` reads one file into a registry for the municipality: the unit, the position
and its job description as a draft, the positions the document names (matched to existing ones
by the base forms of their titles, created only when a name reads as a position title), and an
accounting of where every line of the input went. `import_batch` does the same for whole folders
and zip files into one registry, matching titles across the batch, with a report per document.
"""

from pathlib import Path

from roles.domain import Registry
from roles.importer import assemble, document, source
from roles.importer.accounting import Accounting, Placement
from roles.importer.assemble import Note, Outcome
from roles.importer.batch import BatchResult, DocumentReport, Unsure, import_batch, zip_members
from roles.importer.errors import ImporterError
from roles.importer.files import SUPPORTED, Converters, open_docx, read, read_path
from roles.importer.messages import text as message

__all__ = [
    "SUPPORTED",
    "Accounting",
    "BatchResult",
    "Converters",
    "DocumentReport",
    "ImporterError",
    "Note",
    "Outcome",
    "Placement",
    "Unsure",
    "import_batch",
    "import_document",
    "import_lines",
    "message",
    "open_docx",
    "read",
    "read_path",
    "zip_members",
]


def import_lines(
    lines: list[source.Line],
    municipality: str,
    existing: Registry | None = None,
    name: str = "document",
) -> Outcome:
    """Import a document already read into lines (see `read`); raises ImporterError("no_title")
    when no position title can be read from it."""
    try:
        outcome = assemble.build(document.parse(lines), municipality, existing)
    except assemble.NoTitle:
        raise ImporterError("no_title", name) from None
    for number in outcome.accounting.missing(line.number for line in lines):
        text = next(line.text for line in lines if line.number == number)
        outcome.accounting.place(number, "not placed", text, unsure=True, why="no rule took it")
    return outcome


def import_document(
    path: str | Path,
    municipality: str,
    existing: Registry | None = None,
    converters: Converters | None = None,
) -> Outcome:
    """Import one file; raises ImporterError (with Estonian and English messages) when it cannot
    be read or names no position."""
    return import_lines(read_path(path, converters), municipality, existing, Path(path).name)
