"""Which version of a job description is current, and which is in force on a day."""

import datetime as dt

from roles.domain.model import JobDescription, JobDescriptionStatus

__all__ = ["current_description", "in_force", "takes_effect"]


def takes_effect(description: JobDescription) -> dt.date | None:
    """The day a version takes effect: its `in_force_from`, else its approval date; None when
    it names neither (then it counts as in force since ever)."""
    if description.in_force_from is not None:
        return description.in_force_from
    return description.approval.date if description.approval is not None else None


def in_force(
    descriptions: list[JobDescription], position: str, on: dt.date
) -> JobDescription | None:
    """The version in force on `on`: the newest approved or superseded version that has taken
    effect by then. A version approved to take effect later leaves the one before it in force
    (which the registry already marks superseded) until that day."""
    found: JobDescription | None = None
    for d in descriptions:
        if d.position != position or d.status is JobDescriptionStatus.DRAFT:
            continue
        start = takes_effect(d)
        if start is not None and start > on:
            continue
        if found is None or d.version > found.version:
            found = d
    return found


def current_description(
    descriptions: list[JobDescription], position: str, on: dt.date | None = None
) -> JobDescription | None:
    """The version that describes the position: the approved one, else the newest draft.

    With `on`, the version in force on that day (see `in_force`), else the newest draft: a
    version approved to take effect later is not current before that day.
    """
    own = [d for d in descriptions if d.position == position]
    if on is not None:
        found = in_force(own, position, on)
        if found is not None:
            return found
    else:
        approved = [d for d in own if d.status is JobDescriptionStatus.APPROVED]
        if approved:
            return max(approved, key=lambda d: d.version)
    drafts = [d for d in own if d.status is JobDescriptionStatus.DRAFT]
    return max(drafts, key=lambda d: d.version) if drafts else None
