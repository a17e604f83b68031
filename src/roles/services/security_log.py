"""Refused requests in the audit log: who (when known), when, from where, what and why."""

import datetime as dt

from roles.services.auth import Client
from roles.services.workspace import Workspace
from roles.store.audit import Change, record


def refused(
    ws: Workspace,
    *,
    actor: str | None,
    client: Client,
    request: str,
    status: int,
    reason: str,
) -> None:
    """Append one entry `request <METHOD path> refused-<status>` in a transaction of its own."""
    where = {"address": client.address, "agent": client.agent, "reason": reason[:300]}
    change = Change("request", request[:200], f"refused-{status}", None, where)
    with ws.sessions() as session, session.begin():
        record(session, actor or "anonymous", None, [change], dt.datetime.now(dt.UTC))
