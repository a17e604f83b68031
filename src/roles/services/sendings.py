"""A form sent twice is saved once.

Every form a page shows carries a new one-time token (`_once`). Without JavaScript nothing
stops a double click or a reload after the POST from sending the same form again, and a
second "new position" would make `x-2`. So before a change is made, its sending is claimed
by the token's hash (`store.session_tables.FormSending`, unique): the first sending claims it
and, once the change is made, notes where it answered (`finish`); a later sending of the same
form finds the claim and gets that answer, waiting a little while the first is still being
saved. A refused sending (wrong values, someone else's change meanwhile) gives its claim back
(`forget`): the form shown again is sent with a new token anyway.

The hash covers the caller's user (one person's token is nothing to another) and every value
the form sent (`key`). Claims are kept a day, long enough for any reload.
"""

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.exc

from roles.services.access import Caller
from roles.services.workspace import Workspace
from roles.store.session_tables import FormSending

FIELD = "_once"
KEEP = dt.timedelta(days=1)
WAIT = 10.0  # seconds a second sending waits for the first one's answer
ABANDONED = dt.timedelta(minutes=2)  # a first sending unanswered this long died mid-change
POLL = 0.1
MAX_TOKEN = 100  # characters; longer is not a token the page wrote


def key(caller: Caller, token: str, fields: Mapping[str, Sequence[str]]) -> str | None:
    """The claim's key for a form's token and what it holds; None when the form carries no
    token (an older page, a hand-made request): such a form is saved as sent, as before.

    What the form holds is part of the key: a double click sends the same twice, but the
    browser's back button, a change, and "Save" again sends the same token with other values,
    and that is a new change (then refused as stale, with what was typed kept), never a
    repeat to be answered with the first one's page."""
    if not token or len(token) > MAX_TOKEN:
        return None
    digest = hashlib.sha256(f"{caller.id}:{token}".encode())
    for name in sorted(fields):
        if name != "_csrf":
            digest.update(json.dumps([name, list(fields[name])]).encode())
    return digest.hexdigest()


def claim(ws: Workspace, key: str) -> bool:
    """True when this is the form's first sending (its change is this request's to make), or
    when the first was never answered within `ABANDONED` (its worker died mid-change): then
    this sending takes its place rather than being told for a day that it is being saved."""
    now = dt.datetime.now(dt.UTC)
    with ws.sessions() as session:
        session.execute(
            sa.delete(FormSending).where(
                (FormSending.sent_at < now - KEEP)
                | (
                    (FormSending.key_hash == key)
                    & FormSending.done_url.is_(None)
                    & (FormSending.sent_at < now - ABANDONED)
                )
            )
        )
        session.add(FormSending(key_hash=key, sent_at=now, done_url=None))
        try:
            session.commit()
        except sqlalchemy.exc.IntegrityError:
            session.rollback()
            return False
    return True


def answer(ws: Workspace, key: str, wait: float = WAIT) -> str | None:
    """Where the first sending answered; None when it has not finished within `wait` seconds
    (or was refused meanwhile and gave its claim back)."""
    deadline = time.monotonic() + wait
    while True:
        with ws.sessions() as session:
            found = session.get(FormSending, key)
            if found is None:
                return None
            if found.done_url is not None:
                return found.done_url
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL)


def finish(ws: Workspace, key: str, url: str) -> None:
    """The first sending's change is made: later sendings are sent to `url`."""
    with ws.sessions() as session, session.begin():
        session.execute(
            sa.update(FormSending).where(FormSending.key_hash == key).values(done_url=url[:2000])
        )


def forget(ws: Workspace, key: str) -> None:
    """The first sending was refused: nothing was made, the token may be sent again."""
    with ws.sessions() as session, session.begin():
        session.execute(sa.delete(FormSending).where(FormSending.key_hash == key))


class Repeat(NamedTuple):
    """A form's sending that is not its first: where the first answered (None: not yet)."""

    url: str | None


def repeat(ws: Workspace, key: str | None) -> Repeat | None:
    """None when this sending may make its change (the first, now claimed, or a form without
    a token); else the first sending's answer, waited for a little (`answer`)."""
    if key is None or claim(ws, key):
        return None
    return Repeat(answer(ws, key))


def make(ws: Workspace, key: str | None, change: Callable[[], str]) -> str:
    """Make the claimed sending's change; `change` answers where to go next. Any exception
    (refused, stale, broken) gives the claim back and goes on up."""
    try:
        url = change()
    except BaseException:
        if key is not None:
            forget(ws, key)
        raise
    if key is not None:
        finish(ws, key, url)
    return url
