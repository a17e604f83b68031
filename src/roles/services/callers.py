"""The callers a worker has met, so that a request need not read its token or session, its
user and the user's scopes again: each is kept with the accounts' revision it was read at
(`store.revisions`, moved on by the database's triggers whenever a user, scope, token or
session changes or goes) and a time to ask again (a token's expiry; a session's next
`last_seen_at` write, which also checks its idle and absolute limits).

A request reads the accounts' revision as committed now, before anything else: a kept caller
answers only while that revision is the one it was read at. So a revoked token, an ended
session, a changed role or scope is refused or seen on the very next request on every worker,
as when every request read the database.
"""

import datetime as dt
from typing import NamedTuple

from roles.services.access import Caller
from roles.services.caches import LRU

SIZE = 10_000  # callers kept per worker: a key not kept costs one database read, no more


class _Known(NamedTuple):
    caller: Caller
    accounts: int  # the accounts' revision it was read at
    until: dt.datetime  # ask the database again from then on


class KnownCallers:
    """Callers by the hash of their token or session key (never the secret itself)."""

    def __init__(self, size: int = SIZE) -> None:
        self._known: LRU[str, _Known] = LRU(size)

    def find(self, key: str, accounts: int | None, now: dt.datetime) -> Caller | None:
        known = self._known.find(key)
        if known is None or accounts is None or known.accounts != accounts or now >= known.until:
            return None
        return known.caller

    def keep(self, key: str, caller: Caller, accounts: int | None, until: dt.datetime) -> None:
        if accounts is None:  # a database without the accounts' revision: nothing is kept
            return
        self._known.put(key, _Known(caller, accounts, until))

    def __len__(self) -> int:
        return len(self._known)
