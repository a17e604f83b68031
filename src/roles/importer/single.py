"""One document into a registry: `import_lines` (already read) and `import_document` (a file)."""

from pathlib import Path

from roles.domain import Registry
from roles.importer import assemble, document, source
from roles.importer.assemble import Outcome
from roles.importer.errors import ImporterError
from roles.importer.files import Converters, read_path


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
