"""Approving a version by the approver's own signature: the head (vallavanem, linnapea,
asutuse juht) signs the document as it will be approved — its DOCX and PDF/A, the approval
block naming their position and today — with the roles "KINNITAN" and their position, through
Web eID, Smart-ID or Mobile-ID (signing_sessions.py). When that signature is finished and
validates, the version is approved by the same rule as any approval (descriptions.approve) and
the signed container becomes its container of record; a refused, timed-out or failed signature
leaves the draft as it was. Approval by directive and seal (descriptions.approve) stays.
"""

import datetime as dt

import msgspec

from roles import domain, render, sign
from roles.domain import JobDescriptionStatus as Status
from roles.domain import dates
from roles.services import descriptions, records, signing_sessions
from roles.services.access import Caller
from roles.services.errors import Conflict, Invalid
from roles.services.preconditions import check_match, etag
from roles.services.signer_roles import APPROVE
from roles.services.signing_sessions import Done, Prepared, SigningStatus, SignWith
from roles.services.views import require_full
from roles.services.workspace import Workspace
from roles.store.audit import Change, record


def _by(request: SignWith) -> str:
    by = (request.by or "").strip()
    if not by:
        raise Invalid([domain.Problem("by", "name the approver's position: 'Tamme vallavanem'")])
    if len(by) > 200 or not by.isprintable():
        raise Invalid([domain.Problem("by", "must be one line of at most 200 characters")])
    return by


def prepare(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    number: int,
    request: SignWith,
    if_match: str | None,
    now: dt.datetime | None = None,
) -> Prepared:
    """The draft as it will be approved, in a new container to sign."""
    by = _by(request)
    snap, draft = descriptions.version(ws, caller, municipality, position, number)
    require_full(caller, snap, "version", f"{position}/v{number}")
    if draft.status is not Status.DRAFT:
        raise Conflict(f"version {number} of {position!r} is {draft.status}; it never changes")
    check_match(if_match, draft)
    today = dates.estonian_day(now or dt.datetime.now(dt.UTC))
    approval = domain.Approval(by=by, date=today)
    approved = msgspec.structs.replace(draft, status=Status.APPROVED, approval=approval)
    registry = msgspec.structs.replace(
        snap.registry,
        job_descriptions=[
            approved if (d.position, d.version) == (position, number) else d
            for d in snap.registry.job_descriptions
        ],
    )
    name = render.file_name(registry, position, number)
    data = render.render_docx(registry, position, number, templates_dir=ws.options.templates_dir)
    container = sign.make_container(records.files_of_record(name, data))
    title = snap.positions[position].title
    return Prepared(
        purpose="approval",
        municipality=municipality,
        position=position,
        version=number,
        container=container,
        roles=(APPROVE, by),
        display_text=f"Kinnitan: {title}",
        approval=approval,
        if_match=etag(draft),
    )


def start(
    ws: Workspace,
    caller: Caller,
    municipality: str,
    position: str,
    number: int,
    request: SignWith,
    if_match: str | None,
) -> SigningStatus:
    prepared = prepare(ws, caller, municipality, position, number, request, if_match)
    return signing_sessions.start(ws, caller, prepared, request)


def _approved(
    ws: Workspace, caller: Caller, envelope: signing_sessions._Envelope, done: Done
) -> int | None:
    """The signature is finished and valid (the engine verified it): approve the version by the
    rule every approval follows, with the signed container as its container of record."""
    approval = envelope.approval
    assert approval is not None and approval.by is not None and approval.date is not None
    report = sign.verify(done.container)
    signer = report.signatures[-1] if report.signatures else None
    if not report.valid or signer is None or APPROVE not in signer.roles:
        raise signing_sessions.Failed.own("not-valid")
    # Exactly the approval the signed document shows (the signer's name is in the signature).
    body = descriptions.Approve(by=approval.by, date=approval.date)
    m, p, n = envelope.municipality, envelope.position, envelope.version
    descriptions.approve(ws, caller, m, p, n, body, envelope.if_match, signed=done.container)
    now = dt.datetime.now(dt.UTC)
    after = {"signer": signer.signer, "personal_code": signer.personal_code, "roles": signer.roles}
    with ws.sessions() as session, session.begin():
        change = Change("signature", f"{p}/v{n}", "approve-by-signature", None, after)
        record(session, envelope.actor, m, [change], now)
    return None


signing_sessions.on_signed("approval", _approved)
