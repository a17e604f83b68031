"""Job descriptions and their versions: the draft → approved → superseded lifecycle, diffs.

A position has at most one draft. Starting a draft copies the current version; approving it
records the approval and supersedes the version approved before; a draft can be discarded.
Approved and superseded versions never change: every write to one is answered 409.
"""

import datetime as dt

import msgspec

from roles import domain
from roles.domain import JobDescriptionStatus as Status
from roles.domain import dates
from roles.domain.approval import approval_problems
from roles.domain.diff import ClauseChange, DiffSummary, diff
from roles.services import records
from roles.services.access import Caller
from roles.services.errors import Conflict, Invalid, not_found
from roles.services.preconditions import check_match
from roles.services.snapshot import Snapshot
from roles.services.structs import Body
from roles.services.views import require_full, visible
from roles.services.workspace import Edit, Workspace
from roles.store.audit import Change

KIND = "job_description"


class DescriptionSummary(Body, kw_only=True):
    municipality: str
    position: str
    position_title: str
    unit: str
    version: int
    status: domain.JobDescriptionStatus
    title: str | None = None
    approval: domain.Approval | None = None


class Approve(Body, kw_only=True):
    by: domain.Text  # the approver's title as written: "Võru linnapea"
    date: dt.date | None = None  # required: the approval rule says so when it is missing
    name: str | None = None
    directive: str | None = None
    directive_title: str | None = None
    annex: str | None = None
    # The day the version takes effect when that is later than its approval.
    in_force_from: dt.date | None = None


class VersionRef(Body, kw_only=True):
    municipality: str
    position: str
    version: int
    status: domain.JobDescriptionStatus


class Diff(Body, kw_only=True):
    before: VersionRef
    after: VersionRef
    summary: DiffSummary
    changes: list[ClauseChange]


def _key(position: str, version: int) -> str:
    return f"{position}/v{version}"


def versions(
    ws: Workspace, caller: Caller, municipality: str, position: str
) -> list[domain.JobDescription]:
    snap, v = visible(ws, caller, municipality)
    if position not in snap.positions or not v.position(position):
        raise not_found("position", position)
    return [d for d in snap.versions.get(position, []) if v.description(d)]


def version(
    ws: Workspace, caller: Caller, municipality: str, position: str, number: int
) -> tuple[Snapshot, domain.JobDescription]:
    snap, v = visible(ws, caller, municipality)
    found = snap.version(position, number)
    if found is None or not v.description(found):
        raise not_found("version", _key(position, number))
    return snap, found


def listing(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    status: Status | None,
    unit: str | None,
    position: str | None,
) -> list[DescriptionSummary]:
    snap, v = visible(ws, caller, municipality)
    out: list[DescriptionSummary] = []
    for d in snap.registry.job_descriptions:
        p = snap.positions.get(d.position)
        if p is None or not v.description(d):
            continue
        if (status and d.status is not status) or (unit and p.unit != unit):
            continue
        if position and d.position != position:
            continue
        out.append(
            DescriptionSummary(
                municipality=snap.id,
                position=d.position,
                position_title=p.title,
                unit=p.unit,
                version=d.version,
                status=d.status,
                title=d.title,
                approval=d.approval,
            )
        )
    return out


def _with(
    registry: domain.Registry,
    replace: dict[tuple[str, int], domain.JobDescription | None],
    add: list[domain.JobDescription] = (),  # type: ignore[assignment]
) -> domain.Registry:
    kept: list[domain.JobDescription] = []
    for d in registry.job_descriptions:
        key = (d.position, d.version)
        if key in replace:
            new = replace[key]
            if new is not None:
                kept.append(new)
        else:
            kept.append(d)
    return msgspec.structs.replace(registry, job_descriptions=[*kept, *add])


def _draft_of(snap: Snapshot, position: str, number: int) -> domain.JobDescription:
    found = snap.version(position, number)
    if found is None:
        raise not_found("version", _key(position, number))
    if found.status is not Status.DRAFT:
        raise Conflict(f"version {number} of {position!r} is {found.status}; it never changes")
    return found


def start_draft(
    ws: Workspace, caller: Caller, municipality: str, position: str
) -> domain.JobDescription:
    def change(snap: Snapshot) -> Edit[domain.JobDescription]:
        require_full(caller, snap, "position", position)
        if position not in snap.positions:
            raise not_found("position", position)
        existing = snap.versions.get(position, [])
        drafts = [d for d in existing if d.status is Status.DRAFT]
        if drafts:
            raise Conflict(f"{position!r} already has a draft: version {drafts[0].version}")
        current = snap.current(position)
        number = max((d.version for d in existing), default=0) + 1
        if current is None:
            draft = domain.JobDescription(position=position, version=number, status=Status.DRAFT)
        else:
            draft = msgspec.structs.replace(
                current, version=number, status=Status.DRAFT, approval=None
            )
        registry = _with(snap.registry, {}, [draft])
        return Edit(registry, draft, [Change(KIND, _key(position, number), "draft", None, draft)])

    return ws.edit(municipality, caller.name, change)


def _same_place(document: domain.JobDescription, position: str, number: int) -> None:
    """A saved draft stays the draft of its position and number."""
    problems = [
        domain.Problem(name, f"must stay {expected!r}")
        for name, expected, got in (
            ("position", position, document.position),
            ("version", number, document.version),
            ("status", Status.DRAFT.value, document.status.value),
        )
        if expected != got
    ]
    if problems:
        raise Invalid(problems)


def save_draft(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    number: int,
    document: domain.JobDescription,
    if_match: str | None,
) -> domain.JobDescription:
    def change(snap: Snapshot) -> Edit[domain.JobDescription]:
        require_full(caller, snap, "version", _key(position, number))
        current = _draft_of(snap, position, number)
        check_match(if_match, current)
        _same_place(document, position, number)
        registry = _with(snap.registry, {(position, number): document})
        return Edit(
            registry,
            document,
            [Change(KIND, _key(position, number), "update", current, document)],
        )

    return ws.edit(municipality, caller.name, change)


def approve(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    number: int,
    approval: Approve,
    if_match: str | None,
    *,
    document: domain.JobDescription | None = None,
    today: dt.date | None = None,
    signed: bytes | None = None,
) -> domain.JobDescription:
    """Approve a draft if it passes the one approval rule (`domain.approval`).

    With `document`, what the approver typed is saved first, in the same change: the draft
    `if_match` names is replaced by it and then approved, or nothing is stored at all.
    `signed`: the container the approver signed (approval_signing.py), kept as the container
    of record in place of the seal.
    """
    day = today or dates.estonian_day(dt.datetime.now(dt.UTC))

    def change(snap: Snapshot) -> Edit[domain.JobDescription]:
        require_full(caller, snap, "version", _key(position, number))
        draft = _draft_of(snap, position, number)
        check_match(if_match, draft)
        base = draft
        if document is not None:
            _same_place(document, position, number)
            base = document
        approved = approved_as(base, approval)
        problems = approval_problems(
            approved, snap.registry.municipality, day, signed=signed is not None
        )
        if problems:
            raise Invalid(problems)
        replace: dict[tuple[str, int], domain.JobDescription | None] = {
            (position, number): approved
        }
        changes = []
        if document is not None and document != draft:
            changes.append(Change(KIND, _key(position, number), "update", draft, document))
        changes.append(Change(KIND, _key(position, number), "approve", base, approved))
        for d in snap.versions.get(position, []):
            if d.status is Status.APPROVED:
                old = msgspec.structs.replace(d, status=Status.SUPERSEDED)
                replace[(position, d.version)] = old
                changes.append(Change(KIND, _key(position, d.version), "supersede", d, old))
        return Edit(_with(snap.registry, replace), approved, changes)

    done = ws.edit(municipality, caller.name, change)
    if signed is not None:
        records.keep(ws, municipality, position, done.version, signed)
    records.seal_approved(ws, municipality, position, done.version)  # with an e-seal
    return done


def approved_as(draft: domain.JobDescription, approval: Approve) -> domain.JobDescription:
    """The draft as `approval` would approve it: what the approval rule is asked about."""
    fields = msgspec.structs.asdict(approval)
    in_force_from = fields.pop("in_force_from")
    return msgspec.structs.replace(
        draft,
        status=Status.APPROVED,
        approval=domain.Approval(**fields),
        in_force_from=in_force_from,
    )


def discard(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    number: int,
    if_match: str | None,
) -> None:
    def change(snap: Snapshot) -> Edit[None]:
        require_full(caller, snap, "version", _key(position, number))
        draft = _draft_of(snap, position, number)
        check_match(if_match, draft)
        registry = _with(snap.registry, {(position, number): None})
        return Edit(registry, None, [Change(KIND, _key(position, number), "discard", draft, None)])

    ws.edit(municipality, caller.name, change)


def _ref(snap: Snapshot, d: domain.JobDescription) -> VersionRef:
    return VersionRef(municipality=snap.id, position=d.position, version=d.version, status=d.status)


def compare(
    ws: Workspace, caller: Caller, municipality: str, position: str, a: int, b: int
) -> Diff:
    snap, before = version(ws, caller, municipality, position, a)
    _, after = version(ws, caller, municipality, position, b)
    changes, summary = diff(before, after)
    return Diff(
        before=_ref(snap, before), after=_ref(snap, after), summary=summary, changes=changes
    )


def current(
    ws: Workspace, caller: Caller, municipality: str, position: str
) -> tuple[Snapshot, domain.JobDescription]:
    snap, v = visible(ws, caller, municipality)
    found = snap.current(position) if v.position(position) else None
    if found is not None and not v.description(found):
        approved = [d for d in snap.versions.get(position, []) if v.description(d)]
        found = approved[-1] if approved else None
    if found is None:
        raise not_found("job description of position", f"{municipality}/{position}")
    return snap, found


def compare_positions(
    ws: Workspace,
    caller: Caller,
    left: tuple[str, str],
    right: tuple[str, str],
) -> Diff:
    """The current descriptions of two positions, in any municipalities the caller sees."""
    left_snap, before = current(ws, caller, *left)
    right_snap, after = current(ws, caller, *right)
    changes, summary = diff(before, after)
    return Diff(
        before=_ref(left_snap, before),
        after=_ref(right_snap, after),
        summary=summary,
        changes=changes,
    )
