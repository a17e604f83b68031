"""When messages are due, and the outbox keys that make each one go out once.

Pure date arithmetic. A reminder waits `first_after` days after the description started
waiting (the version's approval, or the day the person took up the position, whichever is
later), then comes every `every` days until the person acknowledges. Reminders are numbered
from 1; the key names the person, the position, the version and the number, so a rerun sends
nothing already sent, a run that was missed for weeks sends only the latest reminder, and a new
approved version (a new key, a new `since`) starts the count again.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_FIRST_AFTER = 3
DEFAULT_EVERY = 7


def _check(first_after: int, every: int) -> None:
    if not 0 <= first_after <= 365:
        raise ValueError(f"first_after must be 0–365 days, not {first_after}")
    if not 1 <= every <= 365:
        raise ValueError(f"every must be 1–365 days, not {every}")


def reminder_number(
    since: dt.date,
    today: dt.date,
    *,
    first_after: int = DEFAULT_FIRST_AFTER,
    every: int = DEFAULT_EVERY,
) -> int | None:
    """The reminder due on `today` (1 = the first), None while none is due yet."""
    _check(first_after, every)
    elapsed = (today - since).days
    if elapsed < first_after:
        return None
    return 1 + (elapsed - first_after) // every


def reminder_dates(
    since: dt.date,
    until: dt.date,
    *,
    first_after: int = DEFAULT_FIRST_AFTER,
    every: int = DEFAULT_EVERY,
) -> list[dt.date]:
    """The days reminders fall on from `since` to `until` (inclusive), for pages and tests."""
    _check(first_after, every)
    out: list[dt.date] = []
    day = since + dt.timedelta(days=first_after)
    while day <= until:
        out.append(day)
        day += dt.timedelta(days=every)
    return out


def reminder_key(person: str, position: str, version: int, number: int) -> str:
    return f"reminder/{person}/{position}/v{version}/{number}"


def digest_key(recipient: str, day: dt.date) -> str:
    """One weekly digest per recipient and ISO week: "digest/juhan/2026-W27"."""
    year, week, _ = day.isocalendar()
    return f"digest/{recipient}/{year}-W{week:02d}"


def summary_key(recipient: str, municipality: str, day: dt.date) -> str:
    """One monthly summary per recipient, municipality and month: "summary/mari/voru/2026-07"."""
    return f"summary/{recipient}/{municipality}/{day.year}-{day.month:02d}"


def retry_after(
    attempts: int,
    *,
    base: dt.timedelta = dt.timedelta(minutes=5),
    cap: dt.timedelta = dt.timedelta(hours=6),
) -> dt.timedelta:
    """How long to wait after `attempts` failed tries (1, 2, …): doubling from `base` to `cap`."""
    if attempts < 1:
        raise ValueError("attempts counts failed tries: 1 or more")
    wait: dt.timedelta = base * (2 ** min(attempts - 1, 30))
    return min(cap, wait)
