"""Legacy job descriptions read into drafts of a municipality's registry, in the audit log
(entity "municipality", action "import"): a batch from the command line loaded whole (`load`),
or the import page's uploads reviewed one document at a time (`enqueue`, `review`, `decide`)."""

from dataclasses import dataclass

import msgspec

from roles import domain, importer, store
from roles.importer import source
from roles.services.access import Caller
from roles.services.errors import Conflict, Refused
from roles.services.registry_files import full
from roles.services.snapshot import Snapshot
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change

FIELD = "files"  # the upload field


def load(
    ws: Workspace, caller: Caller, registry: domain.Registry, files: list[str]
) -> store.LoadResult:
    """Store drafts imported on the command line: the registry holds the municipality whole
    (from the database, or new) plus the drafts; approved versions are kept."""
    municipality = registry.municipality.id
    change = Change("municipality", municipality, "import", None, {"files": files})
    return ws.load(registry, caller.name, change)


def _summary(outcome: importer.Outcome) -> dict[str, object]:
    return {"position": outcome.position, "created": list(outcome.created)}


# --- the import page's review queue ---------------------------------------------------------
#
# An upload (several files, or a zip opened by `importer.zip_members`) is read file by file
# with `importer.read`; each document that can be read and names a position waits in the
# user's queue (`store.import_tables`) as its lines. The review reads the first pending one
# into a draft against the registry as it is now; accepting stores that draft through
# `Workspace.edit` (read again inside the lock, so it is never stale), and a position that
# already has a draft is only replaced when the user said so.

MAX_UPLOAD_FILES = 200  # documents of one upload (a zip's included)
MAX_UPLOAD_BYTES = 50 * 2**20  # all files of one upload together


@dataclass(frozen=True)
class Failed:
    """A file of the upload that could not be read: the importer's error, in both languages."""

    name: str
    error: importer.ImporterError


@dataclass(frozen=True)
class LineFate:
    """One line of the original and what became of it."""

    number: int
    text: str
    kind: str  # clause | field | ignored | unsure | lost
    why_et: str = ""
    why_en: str = ""


@dataclass(frozen=True)
class Review:
    """The first pending document of the queue, read into a draft (not stored)."""

    item: int
    name: str
    lines: list[LineFate]
    position: domain.Position
    draft: domain.JobDescription
    matched: bool  # the position exists already
    created: list[domain.Position]  # positions the document names, made new
    draft_exists: int | None  # the version of the draft the position already has
    done: int  # documents of the queue decided so far
    total: int


def enqueue(
    ws: Workspace, caller: Caller, municipality: str, uploads: list[tuple[str, bytes]]
) -> list[Failed]:
    """Read the uploaded files (zip files opened) and make the readable documents the user's
    queue, in place of any earlier one (kept when none is readable); the files that could not
    be read are returned."""
    import tempfile
    from pathlib import Path, PurePath

    snap = full(ws, caller, municipality)
    uploads = [(n, d) for n, d in uploads if n]  # a browser names no file when none was chosen
    if not uploads:
        raise Refused("empty", "choose documents or a zip file", field=FIELD)
    if len(uploads) > MAX_UPLOAD_FILES:
        raise Refused(
            "too_many", f"at most {MAX_UPLOAD_FILES} files", str(MAX_UPLOAD_FILES), field=FIELD
        )
    if sum(len(d) for _, d in uploads) > MAX_UPLOAD_BYTES:
        raise Refused("too_big", f"the files are over {MAX_UPLOAD_BYTES // 2**20} MB", field=FIELD)
    documents: list[tuple[str, bytes]] = []
    failed: list[Failed] = []
    for name, data in uploads:
        name = PurePath(name).name or "document"
        if not data:  # a file chosen but empty is named as such, not taken for no file
            failed.append(Failed(name, importer.ImporterError("empty", name)))
            continue
        if not name.lower().endswith(".zip"):
            documents.append((name, data))
            continue
        with tempfile.TemporaryDirectory(prefix="roles-import-") as folder:
            path = Path(folder) / "upload.zip"  # the browser's name is never a path here
            path.write_bytes(data)
            try:
                members = importer.zip_members(path)
            except importer.ImporterError as e:
                failed.append(Failed(name, importer.ImporterError(e.code, name, **e.details)))
                continue
        for member, content in members:
            if PurePath(member).name.startswith((".", "~$")) or member.startswith("__MACOSX"):
                continue
            documents.append((f"{name}:{member}", content))
    if len(documents) > MAX_UPLOAD_FILES:
        raise Refused(
            "too_many", f"at most {MAX_UPLOAD_FILES} files", str(MAX_UPLOAD_FILES), field=FIELD
        )
    items: list[tuple[str, list[dict[str, object]]]] = []
    for name, data in documents:
        try:
            lines = importer.read(name, data)
            importer.import_lines(lines, municipality, snap.registry, name)  # a title?
        except importer.ImporterError as e:
            failed.append(Failed(name, e))
            continue
        items.append((name[:400], [msgspec.to_builtins(line) for line in lines]))
    if not items:  # nothing readable: the queue waiting from an earlier upload stays
        return failed
    with ws.sessions() as session, session.begin():
        store.import_tables.replace_queue(session, municipality, caller.name, items)
    return failed


def _lines(item: "store.import_tables.ImportItem") -> list[source.Line]:
    return [msgspec.convert(line, source.Line) for line in item.lines]


def review(ws: Workspace, caller: Caller, municipality: str) -> Review | None:
    """The first pending document of the user's queue read into a draft; None when the queue
    is empty or every document has been decided."""
    snap = full(ws, caller, municipality)
    with ws.sessions() as session:
        items = store.import_tables.queue(session, municipality, caller.name)
    pending = [i for i in items if i.state == store.import_tables.PENDING]
    if not pending:
        return None
    for item in pending:
        try:
            outcome = importer.import_lines(_lines(item), municipality, snap.registry)
        except importer.ImporterError:  # read when uploaded: only a changed importer gets here
            _mark(ws, caller, municipality, item.id, store.import_tables.SKIPPED)
            continue
        return _review(item, outcome, snap, len(items), len(items) - len(pending))
    return None


def _review(
    item: "store.import_tables.ImportItem",
    outcome: importer.Outcome,
    snap: Snapshot,
    total: int,
    done: int,
) -> Review:
    position = next(p for p in outcome.registry.positions if p.id == outcome.position)
    draft = next(
        d
        for d in outcome.registry.job_descriptions
        if d.position == outcome.position and d.status is domain.JobDescriptionStatus.DRAFT
    )
    by_id = {p.id: p for p in outcome.registry.positions}
    return Review(
        item=item.id,
        name=item.name,
        lines=[_fate(outcome.accounting, x.number, x.text) for x in _lines(item)],
        position=position,
        draft=draft,
        matched=outcome.position in snap.positions,
        created=[by_id[c] for c in outcome.created if c in by_id],
        draft_exists=outcome.replaced_draft,
        done=done,
        total=total,
    )


def _fate(accounting: importer.Accounting, number: int, text: str) -> LineFate:
    placed = accounting.at(number)
    if placed is None:
        return LineFate(number, text, "ignored" if not text.strip() else "lost")
    if placed.unsure:
        return LineFate(
            number, text, "unsure", importer.unsure_reason(placed.why, "et"), placed.why
        )
    if placed.where.startswith("ignored"):
        return LineFate(number, text, "ignored")
    return LineFate(number, text, "clause" if ".clauses[" in placed.where else "field")


def decide(
    ws: Workspace, caller: Caller, municipality: str, item: int, op: str
) -> tuple[str, int] | None:
    """Decide the pending document `item` of the user's queue: "skip" (or "keep": leave the
    position's draft as it is), "accept" (store the draft; Conflict when the position already
    has one) or "replace" (store it in place of the position's draft). Returns the stored
    draft's (position, version), None when skipped."""
    full(ws, caller, municipality)
    with ws.sessions() as session:
        found = [
            i
            for i in store.import_tables.queue(session, municipality, caller.name)
            if i.id == item and i.state == store.import_tables.PENDING
        ]
    if not found:
        raise Conflict("this document has been decided already")
    if op in ("skip", "keep"):
        _mark(ws, caller, municipality, item, store.import_tables.SKIPPED)
        return None
    if op not in ("accept", "replace"):
        raise Refused("bad_op", f"unknown decision {op!r}", field="op")
    lines, name = _lines(found[0]), found[0].name

    def change(snap: Snapshot) -> Edit[tuple[str, int]]:
        outcome = importer.import_lines(lines, municipality, snap.registry)
        if outcome.replaced_draft is not None and op != "replace":
            raise Conflict("the position already has a draft")
        draft = next(
            d
            for d in outcome.registry.job_descriptions
            if d.position == outcome.position and d.status is domain.JobDescriptionStatus.DRAFT
        )
        after = {"file": name, **_summary(outcome)}
        return Edit(
            outcome.registry,
            (outcome.position, draft.version),
            [Change("municipality", municipality, "import", None, after)],
        )

    stored = ws.edit(municipality, caller.name, change)
    _mark(ws, caller, municipality, item, store.import_tables.ACCEPTED)
    return stored


def _mark(ws: Workspace, caller: Caller, municipality: str, item: int, state: str) -> None:
    with ws.sessions() as session, session.begin():
        store.import_tables.set_state(session, municipality, caller.name, item, state)
