"""Registry files through the service: a municipality replaced by an uploaded file, every
municipality of a `roles load`, a municipality exported. Each load is in the audit log
(entity "municipality", action "load"), whoever made it."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roles import domain, registry, store
from roles.domain.changes import Change as Difference
from roles.domain.changes import changes
from roles.services.access import Caller
from roles.services.errors import Invalid, NotFound, Refused, Stale
from roles.services.snapshot import Snapshot
from roles.services.views import require_full, visible
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change

MAX_BYTES = 20 * 1024 * 1024  # a registry of 10 000 positions is a few MB
FIELD = "file"


def full(ws: Workspace, caller: Caller, municipality: str) -> Snapshot:
    """The municipality's snapshot, for its HR and admins only (404 for everyone else)."""
    snap, _ = visible(ws, caller, municipality)
    require_full(caller, snap, "municipality", municipality)
    return snap


@dataclass(frozen=True)
class Preview:
    """What an uploaded file would change, and the revision it was compared with (a confirm
    names it, so a change in between is caught)."""

    registry: domain.Registry
    differences: list[Difference]
    revision: int


def preview(ws: Workspace, caller: Caller, municipality: str, name: str, data: bytes) -> Preview:
    """The file checked whole (as `replace` checks it) and compared with the registry now:
    nothing is written."""
    snap = full(ws, caller, municipality)
    new = _read(ws, municipality, name, data)
    return Preview(new, changes(snap.registry, new), snap.revision)


def replace(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    name: str,
    data: bytes,
    action: str = "load",
    revision: int | None = None,
) -> None:
    """Replace the municipality with the registry file `name` holds (checked whole first:
    Invalid with paths inside the file; Refused when there is no file, it is too big or it
    holds another municipality). With `revision` (the one a preview showed), Stale when the
    municipality changed since."""
    full(ws, caller, municipality)
    new = _read(ws, municipality, name, data)
    put(ws, caller, new, action, {"file": Path(name).name}, revision)


def _read(ws: Workspace, municipality: str, name: str, data: bytes) -> domain.Registry:
    if not name or not data:
        raise Refused("empty", "choose a registry file (.yaml or .json)", field=FIELD)
    if len(data) > MAX_BYTES:
        raise Refused("too_big", f"the file is over {MAX_BYTES // 2**20} MB", field=FIELD)
    try:
        new = registry.decode(data, name, layouts=ws.layouts)
    except registry.RegistryError as e:
        raise _invalid(e) from None
    if new.municipality.id != municipality:
        raise Refused(
            "other_municipality",
            f"the file holds municipality {new.municipality.id!r}, not {municipality!r}",
            new.municipality.id,
            field="municipality.id",
        )
    return new


def put(
    ws: Workspace,
    caller: Caller,
    new: domain.Registry,
    action: str,
    after: object = None,
    revision: int | None = None,
) -> None:
    """Store a municipality's whole registry in place of the one there is (through
    `Workspace.edit`: checked whole, approved history kept, audited as `action`); with
    `revision`, only while the municipality is still at it (Stale otherwise)."""
    municipality = new.municipality.id

    def change(snap: Snapshot) -> Edit[None]:
        require_full(caller, snap, "municipality", municipality)
        if revision is not None and snap.revision != revision:
            raise Stale("the municipality changed since the file was previewed; look again")
        return Edit(new, None, [Change("municipality", municipality, action, None, after)])

    ws.edit(municipality, caller.name, change)


def load_files(
    ws: Workspace, caller: Caller, files: Iterable[tuple[str, domain.Registry]]
) -> list[store.LoadResult]:
    """Load registry files, each replacing its municipality whole, all in one transaction
    (RegistryError on any problem: nothing is written), each in the audit log."""
    with ws.sessions() as session:
        return store.load_all(session, files, actor=caller.name)


def export(ws: Workspace, caller: Caller, municipality: str, name: str) -> bytes:
    """The registry as a file: NAME is ID.yaml or ID.json."""
    snap = full(ws, caller, municipality)
    if name not in (f"{municipality}.yaml", f"{municipality}.json"):
        raise NotFound(f"no export {name!r}")
    return registry.encode(snap.registry, name)


def _invalid(error: registry.RegistryError) -> Invalid:
    return Invalid(error.problems)
