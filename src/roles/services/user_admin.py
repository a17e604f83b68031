"""Keeping accounts from the pages: who may add and remove whose.

An administrator keeps every account. HR keeps the accounts of their own municipalities'
managers (every unit of theirs) and employees (a person of theirs): the people who must read
and acknowledge their job descriptions get a login from the HR office that keeps those, not
from whoever runs the server. No one removes their own account (the last administrator would
lock everyone out), and an account may only name municipalities, units and people that exist.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import domain
from roles.services import accounts
from roles.services.access import Caller, Role
from roles.services.errors import Forbidden, Invalid, not_found
from roles.services.workspace import Workspace
from roles.store import tables as t

KEPT_BY_HR = (Role.MANAGER, Role.EMPLOYEE)


def roles_kept_by(caller: Caller) -> list[Role]:
    """The roles of the accounts `caller` may add."""
    if caller.role is Role.ADMIN:
        return list(Role)
    return list(KEPT_BY_HR) if caller.role is Role.HR else []


def kept(ws: Workspace, caller: Caller) -> list[accounts.User]:
    """The accounts `caller` keeps, by name."""
    if not roles_kept_by(caller):
        raise Forbidden("only administrators and HR keep accounts")
    with ws.sessions() as session:
        everyone = accounts.users(session)
        homes = _homes(session, [u.person for u in everyone if u.person])
    return [u for u in everyone if _keeps(caller, u, homes)]


def add(ws: Workspace, caller: Caller, data: accounts.UserIn) -> accounts.User:
    """Add the account `data` describes, if `caller` may keep it and what it names exists."""
    with ws.sessions() as session, session.begin():
        homes = _homes(session, [data.person] if data.person else [])
        problems = _missing(ws, data, homes)
        if problems:
            raise Invalid(problems)
        wanted = accounts.User(
            name=data.name,
            role=data.role,
            municipalities=data.municipalities,
            units=data.units,
            person=data.person,
        )
        if not _keeps(caller, wanted, homes):
            raise Forbidden("this account is outside what you keep")
        return accounts.add_user(session, data, caller.name)


def remove(ws: Workspace, caller: Caller, name: str) -> None:
    """Remove account `name` (its sessions and tokens end at once)."""
    if name == caller.name:
        raise Forbidden("one's own account is removed by another administrator")
    with ws.sessions() as session, session.begin():
        user = accounts.describe(session, accounts.find(session, name))
        homes = _homes(session, [user.person] if user.person else [])
        if not _keeps(caller, user, homes):
            raise not_found("user", name)  # as if absent: HR does not learn of other accounts
        accounts.delete_user(session, name, caller.name)


def _keeps(caller: Caller, user: accounts.User, homes: dict[str, str]) -> bool:
    if caller.role is Role.ADMIN:
        return True
    if caller.role is not Role.HR or user.role not in KEPT_BY_HR:
        return False
    if user.role is Role.MANAGER:
        return bool(user.units) and all(s.municipality in caller.municipalities for s in user.units)
    return user.person is not None and homes.get(user.person) in caller.municipalities


def _homes(session: Session, people: list[str]) -> dict[str, str]:
    """Each person's municipality."""
    if not people:
        return {}
    rows = session.execute(
        sa.select(t.Person.id, t.Person.municipality_id).where(t.Person.id.in_(people))
    )
    return {pid: mid for pid, mid in rows}


def _missing(ws: Workspace, data: accounts.UserIn, homes: dict[str, str]) -> list[domain.Problem]:
    """What the account names that does not exist."""
    problems: list[domain.Problem] = []
    for i, mid in enumerate(data.municipalities):
        if ws.snapshot(mid) is None:
            problems.append(_absent(f"municipalities[{i}]", "municipality", mid))
    for i, scope in enumerate(data.units):
        snap = ws.snapshot(scope.municipality)
        if snap is None or scope.unit not in snap.units:
            problems.append(_absent(f"units[{i}]", "unit", scope.unit))
    if data.person is not None and data.person not in homes:
        problems.append(_absent("person", "person", data.person))
    return problems


def _absent(path: str, kind: str, value: str) -> domain.Problem:
    return domain.Problem(path, f"no {kind} {value!r}", "ref.unknown-" + kind, {"value": value})
