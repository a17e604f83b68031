"""The one rule a draft must pass to be approved, shared by the API and the pages (issue 13).

    problems = approval_problems(draft_with_its_approval, municipality, today)

Call it with the version as it would be approved: the draft with the approval block the
approver filled in (`by`, `date`, `directive`, …) and, where the version takes effect later
than its approval, `in_force_from`. Empty means it may be approved. Paths are relative to the
job description ("approval.by", "sections[1].clauses[0].ref"), or start with `at`.

`domain.check` holds every registry to the value bounds; this rule adds what only approval
needs: a complete document, and dates that make sense on the day it is approved.
"""

import datetime as dt

from roles.domain import limits, values
from roles.domain.model import JobDescription, Municipality, SectionKind
from roles.domain.problem import Problem
from roles.domain.rules import problem


def approval_problems(
    description: JobDescription,
    municipality: Municipality,
    today: dt.date,
    *,
    at: str = "",
    signed: bool = False,
) -> list[Problem]:
    """Everything that keeps this version from being approved on `today`. `signed`: the
    approver approves by their own digital signature ("KINNITAN"), which is the act itself, so
    no directive is needed."""
    out: list[Problem] = []

    def add(path: str, code: str, message: str, **params: object) -> None:
        out.append(problem(_join(at, path), code, message, **params))

    if not _filled(description.title):
        add("title", "approval.no-title", "a job description needs a title to be approved")
    if not any(
        _filled(c.text)
        for s in description.sections
        if s.kind is SectionKind.DUTIES
        for c in s.clauses
    ):
        add("sections", "approval.no-duties", "a job description needs at least one duty")
    approval = description.approval
    if approval is None or not _filled(approval.by):
        add("approval.by", "approval.no-approver", "say who approves it")
    if not signed and (approval is None or not _filled(approval.directive)):
        add("approval.directive", "approval.no-directive", "name the directive that approves it")
    records_from = municipality.records_from or limits.RECORDS_FROM
    day = approval.date if approval is not None else None
    if day is None:
        add("approval.date", "approval.no-date", "give the date of approval")
    elif day < records_from:
        add(
            "approval.date",
            "approval.before-records",
            f"approved on {day}, before the municipality's records begin ({records_from})",
            date=day.isoformat(),
            records_from=records_from.isoformat(),
        )
    elif day > today:
        add(
            "approval.date",
            "approval.in-future",
            f"approved on {day}, which is after today ({today}); to make a version take "
            "effect later, give in_force_from",
            date=day.isoformat(),
            today=today.isoformat(),
        )
    start = description.in_force_from
    if start is not None and day is not None and start < day:
        add(
            "in_force_from",
            "approval.in-force-before-approval",
            f"takes effect ({start}) before it is approved ({day})",
            in_force_from=start.isoformat(),
            date=day.isoformat(),
        )
    # Values out of bounds, as `check` finds them: characters, lengths, well-formed clause
    # numbers, depth, and no empty clause (text.blank).
    out.extend(values.struct(description, at))
    return out


def _filled(text: str | None) -> bool:
    return bool(text and text.strip())


def _join(at: str, path: str) -> str:
    return f"{at}.{path}" if at else path
