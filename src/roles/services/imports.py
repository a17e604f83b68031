"""Legacy job descriptions (.docx, .txt, or text pasted back corrected) read into drafts: shown
beside their source first, then stored as drafts of the municipality's registry, in the audit
log (entity "municipality", action "import")."""

from dataclasses import dataclass

from roles import domain, importer, store
from roles.importer import source
from roles.services.access import Caller
from roles.services.errors import Refused
from roles.services.registry_files import MAX_BYTES, full, put
from roles.services.workspace import Workspace
from roles.store.audit import Change

FIELD = "file"


@dataclass(frozen=True)
class Preview:
    """A document read into a draft, not stored yet."""

    text: str  # the document's lines, as the review shows them beside the draft
    outcome: importer.Outcome
    position: domain.Position
    draft: domain.JobDescription
    exists: bool  # the position is in the registry already


def lines_of(name: str, data: bytes, text: str) -> list[source.Line]:
    """The lines of an uploaded file (.docx, else UTF-8 text) or, without one, of `text`;
    Refused when there is neither or the file cannot be read."""
    if len(data) > MAX_BYTES:
        raise Refused("too_big", f"the file is over {MAX_BYTES // 2**20} MB", field=FIELD)
    try:
        if data and name.lower().endswith(".docx"):
            found = source.read_docx(importer.open_docx(data, name))
        elif data:
            found = source.read_text(data.decode("utf-8-sig"))
        elif text.strip():
            found = source.read_text(text)
        else:
            found = []
    except Exception as e:  # a broken upload is the user's to fix: say what went wrong
        raise Refused(
            "bad_file",
            f"the file cannot be read: {type(e).__name__}",
            type(e).__name__,
            field=FIELD,
        ) from None
    if not found:
        raise Refused("empty", "choose a document (.docx or .txt) or paste its text", field=FIELD)
    return found


def preview(
    ws: Workspace, caller: Caller, municipality: str, name: str, data: bytes, text: str
) -> Preview:
    """Read a document into a draft of the municipality's registry (HR and admins)."""
    snap = full(ws, caller, municipality)
    lines = lines_of(name, data, text)
    outcome = importer.import_lines(lines, municipality, snap.registry)
    draft = next(
        d
        for d in outcome.registry.job_descriptions
        if d.position == outcome.position and d.status is domain.JobDescriptionStatus.DRAFT
    )
    position = next(p for p in outcome.registry.positions if p.id == outcome.position)
    return Preview(
        text="\n".join(line.text for line in lines) if data else text,
        outcome=outcome,
        position=position,
        draft=draft,
        exists=outcome.position in snap.positions,
    )


def save(ws: Workspace, caller: Caller, preview: Preview) -> None:
    """Store a preview's registry: the municipality with the new draft."""
    put(ws, caller, preview.outcome.registry, "import", _summary(preview.outcome))


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
