"""Excel in and out: a municipality's positions, people and absences as a workbook HR fills in.

- `export` / `template`: the workbook (or an empty one with the municipality's drop-downs),
  for HR and admins.
- Mode: MERGE (the default) adds and updates what the rows say and removes nothing, so a
  filled template adds to the registry; REPLACE makes each sheet present replace its part (a
  row deleted from an export removes it).
- `preview`: what a workbook would change (`roles.domain.changes`), with the revision it was
  read against; nothing is written.
- `apply`: the same, written in one transaction, and only if the municipality is still at the
  revision the preview showed (Stale otherwise: someone changed it in between, look again).

Every workbook passes the archive checks (`roles.archive`, sizes, ratio, members) before the
spreadsheet reader opens it. Any problem and nothing is written: Invalid lists them all, each
naming its sheet, row and column (`Puudumised!C7`), in the caller's language.
"""

import msgspec

from roles import archive, domain, sheets
from roles.domain.changes import Change, changes
from roles.services.access import Caller
from roles.services.errors import Invalid, Stale
from roles.services.snapshot import Snapshot
from roles.services.views import require_full, visible
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change as AuditChange

MAX_BYTES = 10 * 1024 * 1024  # a workbook of 10 000 positions is well under
KIND = "workbook"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Preview(msgspec.Struct, frozen=True, kw_only=True):
    municipality: str
    revision: int  # the revision it was read against (`preview`: give it to `apply`)
    changes: list[Change]


def _language(language: str) -> str:
    return language if language in sheets.LANGUAGES else "et"


def _snap(ws: Workspace, caller: Caller, municipality: str) -> Snapshot:
    snap, _ = visible(ws, caller, municipality)
    require_full(caller, snap, "municipality", municipality)
    return snap


def export(ws: Workspace, caller: Caller, municipality: str, language: str = "et") -> bytes:
    return sheets.export(_snap(ws, caller, municipality).registry, _language(language))


def template(ws: Workspace, caller: Caller, municipality: str, language: str = "et") -> bytes:
    return sheets.template(_snap(ws, caller, municipality).registry, _language(language))


def _read(
    data: bytes, registry: domain.Registry, language: str, mode: sheets.Mode
) -> domain.Registry:
    """The registry the workbook makes of `registry`; Invalid with every problem."""
    if len(data) > MAX_BYTES:
        raise Invalid(
            [domain.Problem("file", f"larger than {MAX_BYTES // (1024 * 1024)} MB")]
            if language == "en"
            else [domain.Problem("file", f"suurem kui {MAX_BYTES // (1024 * 1024)} MB")]
        )
    try:
        archive.inspect(data, archive.SPREADSHEET)
    except archive.ArchiveRefused as e:
        raise Invalid([domain.Problem("file", e.message(language))]) from None
    try:
        return sheets.read(data, registry, mode=mode)
    except sheets.SheetError as e:
        problems = [p.problem(language) for p in e.problems]
        raise Invalid(problems, problems[0].message if len(problems) == 1 else None) from None


def preview(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    data: bytes,
    language: str = "et",
    mode: sheets.Mode = sheets.Mode.MERGE,
) -> Preview:
    """What the workbook would change; Invalid (nothing written) on any problem."""
    language = _language(language)
    snap = _snap(ws, caller, municipality)
    after = _read(data, snap.registry, language, mode)
    problems = domain.check(after, ws.layouts)
    if problems:
        raise Invalid(problems)
    return Preview(
        municipality=municipality,
        revision=snap.revision,
        changes=changes(snap.registry, after),
    )


def apply(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    data: bytes,
    revision: int | None,
    language: str = "et",
    mode: sheets.Mode = sheets.Mode.MERGE,
) -> Preview:
    """Write what the workbook changes, if the municipality is still at `revision` (None: at
    whatever revision it is now, as `--no-preview` scripts ask); Stale otherwise."""
    language = _language(language)
    _snap(ws, caller, municipality)  # who may: before anything is read

    def change(snap: Snapshot) -> Edit[Preview]:
        if revision is not None and snap.revision != revision:
            raise Stale(
                "the municipality changed since the preview: look at the changes again"
                if language == "en"
                else "omavalitsuse andmed muutusid pärast eelvaadet: vaata muudatused uuesti üle"
            )
        after = _read(data, snap.registry, language, mode)
        found = changes(snap.registry, after)
        audit = AuditChange(
            "municipality", municipality, "import-workbook", None, {"changes": len(found)}
        )
        return Edit(
            after,
            Preview(municipality=municipality, revision=snap.revision, changes=found),
            [audit],
        )

    return ws.edit(municipality, caller.name, change)
