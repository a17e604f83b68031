"""Whole folders: many documents of one municipality imported into one registry, with a report.

Inputs are files, folders (read recursively, in name order) and zip files (read through
`zip_members`, the one place archives are opened). Each document is imported into the registry
the earlier ones made, so a position named in one is matched by the next. A document whose
position already has a draft is reported (`draft_exists`); its draft replaces the old one only
with `replace_drafts`. A document that cannot be read, or names no position, is reported and
leaves the registry untouched; the batch goes on.
"""

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from roles import archive
from roles.domain import Checker, Registry, walk_clauses
from roles.importer import files, messages
from roles.importer.assemble import Outcome
from roles.importer.errors import ImporterError
from roles.importer.report import BatchResult, DocumentReport, Unsure
from roles.importer.single import import_lines

Progress = Callable[[int, int, str], None]  # (documents done, documents in all, the current name)


@dataclasses.dataclass
class _Source:
    name: str
    read: Callable[[], bytes]
    converted: bytes | ImporterError | None = None  # .doc/.odt/.rtf converted in advance


# A zip of a folder of documents: each DOCX/ODT inside is an archive itself (depth 1) with its
# embedded objects (depth 2); every document is checked again with `archive.DOCUMENT` when read.
_MiB = 1024 * 1024
FOLDER = archive.Limits(
    max_archive_bytes=200 * _MiB,
    max_entries=20_000,
    max_entry_bytes=20 * _MiB,
    max_total_bytes=400 * _MiB,
    max_depth=2,
)


def zip_members(path: Path, limits: archive.Limits = FOLDER) -> list[tuple[str, bytes]]:
    """The files of a zip archive, in name order: the one place archives are opened, each
    checked whole by `roles.archive` before anything of it is unpacked."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_archive_bytes:
            raise ImporterError("too_large", name, size=size, limit=limits.max_archive_bytes)
        with archive.open_checked(path.read_bytes(), limits) as checked:
            infos = sorted(checked.infolist(), key=lambda i: i.filename)
            return [(i.filename, checked.read(i)) for i in infos if not i.is_dir()]
    except archive.ArchiveRefused as e:
        raise files.refused(e, name) from None
    except OSError as e:
        raise ImporterError("damaged", name, reason=e.strerror or type(e).__name__) from None


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _sources(inputs: Iterable[str | Path]) -> Iterator[_Source | DocumentReport]:
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file())
            yield from _sources(c for c in children if not c.name.startswith((".", "~$")))
        elif path.suffix.lower() == ".zip":
            try:
                members = zip_members(path)
            except ImporterError as e:
                yield DocumentReport(str(path), error=e)
                continue
            for member, data in members:
                if Path(member).name.startswith((".", "~$")) or member.startswith("__MACOSX"):
                    continue
                yield _Source(f"{path}:{member}", _constant(data))
        elif not path.exists():
            yield DocumentReport(str(path), error=ImporterError("not_found", str(path)))
        else:
            yield _Source(str(path), path.read_bytes)


def import_batch(
    inputs: Iterable[str | Path],
    municipality: str,
    existing: Registry | None = None,
    *,
    converters: files.Converters | None = None,
    replace_drafts: bool = False,
    progress: Progress | None = None,
    max_documents: int = 5000,
) -> BatchResult:
    """Import every document the inputs hold into one registry of `municipality`."""
    sources = list(_sources(inputs))
    if len(sources) > max_documents:
        raise ImporterError("too_many_files", "", count=len(sources), limit=max_documents)
    _convert_in_advance([s for s in sources if isinstance(s, _Source)], converters)
    registry = existing
    # as `import_lines` takes it: made once, then revised by what each document changes
    checker = None if existing is None else Checker.trusting(existing)
    reports: list[DocumentReport] = []
    for done, source in enumerate(sources):
        if isinstance(source, DocumentReport):
            reports.append(source)
        else:
            report, outcome = _one(
                source, municipality, registry, checker, converters, replace_drafts
            )
            if outcome is not None:
                registry, checker = outcome.registry, outcome.checker
            reports.append(report)
        if progress is not None:
            progress(done + 1, len(sources), reports[-1].name)
    if registry is None:
        from roles.importer.assemble import empty_registry

        registry = empty_registry(municipality)
    return BatchResult(registry, reports)


def _one(
    source: _Source,
    municipality: str,
    registry: Registry | None,
    checker: Checker | None,
    converters: files.Converters | None,
    replace_drafts: bool,
) -> tuple[DocumentReport, Outcome | None]:
    """The document's report, and its outcome when the batch goes on from it."""

    report = DocumentReport(source.name)
    try:
        if isinstance(source.converted, ImporterError):
            raise source.converted
        lines = files.read(source.name, source.read(), converters, source.converted)
        outcome = import_lines(lines, municipality, registry, Path(source.name).name, checker)
    except ImporterError as e:
        report.error = e
        return report, None
    except OSError as e:
        report.error = ImporterError("damaged", source.name, reason=e.strerror or "OSError")
        return report, None
    report.lines = [(line.number, line.text) for line in lines]
    _fill(report, outcome, dict(report.lines))
    if outcome.replaced_draft is not None:
        report.draft_exists = outcome.replaced_draft
        if not replace_drafts:
            return report, None
        report.replaced = True
    return report, outcome


def _convert_in_advance(sources: list[_Source], converters: files.Converters | None) -> None:
    """Convert the folder's .doc/.odt/.rtf files in a few LibreOffice runs, not one a file."""
    wanted = [s for s in sources if Path(s.name).suffix.lower() in files.CONVERTED]
    if len(wanted) < 2:
        return
    items: list[tuple[str, bytes]] = []
    for s in wanted:
        try:
            items.append((s.name, s.read()))
        except OSError as e:
            s.converted = ImporterError("damaged", s.name, reason=e.strerror or "OSError")
    done = files.convert_many(items, converters)
    for s in wanted:
        if s.converted is None:
            s.converted = done.get(s.name)


def _fill(report: DocumentReport, outcome: Outcome, texts: dict[int, str]) -> None:
    r = outcome.registry
    own = next(p for p in r.positions if p.id == outcome.position)
    description = next(
        d for d in r.job_descriptions if d.position == own.id and d.status == "draft"
    )
    report.title, report.position, report.matched = own.title, own.id, outcome.matched
    report.created, report.named = list(outcome.created), list(outcome.named)
    report.description = description
    report.sections = len(description.sections)
    report.clauses = sum(len(walk_clauses(s.clauses)) for s in description.sections)
    report.notes = list(outcome.notes)
    for p in outcome.accounting.unsure():
        report.unsure.append(Unsure(p.line, texts.get(p.line, p.text), p.why, _estonian(p.why)))
    for note in outcome.notes:  # a note names a phrase: the first line holding it is its line
        details = note.details
        phrase = str(details.get("phrase") or details.get("scope") or details.get("title") or "")
        low = phrase[:40].casefold()
        line = next((n for n, t in texts.items() if low and low in t.casefold()), 0)
        report.unsure.append(Unsure(line, texts.get(line, ""), str(note), note.et))
    report.unsure.sort(key=lambda u: u.line)


_KNOWN = {
    "no rule took it": "unsure.not_placed",
    "front matter not understood": "unsure.front",
    "a new sentence after a numbered clause; joined to it": "unsure.joined_sentence",
    "a label without value": "unsure.label_without_value",
}


def _estonian(why: str) -> str:
    key = _KNOWN.get(why)
    return messages.text(key, "et") if key else why


def unsure_reason(why: str, language: str) -> str:
    """An unsure placement's reason (`Placement.why`, English) in `language`."""
    return _estonian(why) if language == "et" else why
