"""Import legacy job descriptions (text, Word, OpenDocument, RTF, PDF) as registry drafts.

`import_document` reads one file into a registry for the municipality: the unit, the position
and its job description as a draft, the positions the document names (matched to existing ones
by the base forms of their titles, created only when a name reads as a position title), and an
accounting of where every line of the input went. `import_batch` does the same for whole folders
and zip files into one registry, matching titles across the batch, with a report per document.
"""

from roles.importer.accounting import Accounting, Placement
from roles.importer.assemble import Note, Outcome
from roles.importer.batch import import_batch, unsure_reason, zip_members
from roles.importer.errors import ImporterError
from roles.importer.files import SUPPORTED, Converters, open_docx, read, read_path
from roles.importer.messages import text as message
from roles.importer.report import BatchResult, DocumentReport, Unsure
from roles.importer.single import import_document, import_lines

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
    "unsure_reason",
    "zip_members",
]
