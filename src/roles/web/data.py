"""What pages compute from a snapshot: the findings by position over the dashboard's days,
and the acknowledgements still pending, as the caller sees them."""

import datetime as dt
from dataclasses import dataclass

from roles import coverage
from roles.services import acknowledgements, seen_findings
from roles.services.access import Caller, View
from roles.services.snapshot import Snapshot
from roles.services.workspace import Workspace

DASHBOARD_DAYS = 28


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    first = today or dt.date.today()
    return first, first + dt.timedelta(days=DASHBOARD_DAYS - 1)


def findings_by_position(snap: Snapshot, v: View) -> dict[str, list[coverage.Finding]]:
    """The findings of the dashboard's days, by position, of the positions the view holds and
    as it may read them (the snapshot keeps the findings)."""
    found: dict[str, list[coverage.Finding]] = {}
    for f in seen_findings.seen(v, snap.registry, snap.findings(*default_range())):
        found.setdefault(f.position, []).append(f)
    return found


@dataclass(frozen=True)
class Pending:
    person: str
    person_name: str
    position: str
    version: int
    days: int


def pending_acknowledgements(ws: Workspace, caller: Caller, snap: Snapshot) -> list[Pending]:
    """Today's holders who have not acknowledged the version in force, as the caller sees them."""
    report = acknowledgements.pending(ws, caller, snap.id)
    return [
        Pending(
            person=h.person,
            person_name=h.name,
            position=h.position,
            version=h.version,
            days=h.days,
        )
        for h in report.items
    ]
