"""`roles user add|list|remove`, `roles token create|list|revoke`: accounts for API and pages."""

import getpass
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import click
import msgspec
import sqlalchemy as sa
from sqlalchemy.orm import Session

from roles import store
from roles.cli.source import CLI, database, workspace
from roles.services import accounts, user_admin
from roles.services.access import Role
from roles.services.errors import ServiceError
from roles.store import tables as t


@contextmanager
def _transaction() -> Iterator[Session]:
    """A session on the configured database, in one transaction."""
    with database() as engine, store.sessions(engine)() as session, session.begin():
        yield session


@click.group()
def user() -> None:
    """User accounts: admin, HR (per municipality), manager (per unit), employee (a person)."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help="The user's role."
)
@click.option("--municipality", "municipalities", multiple=True, help="HR: a municipality id.")
@click.option("--unit", "units", multiple=True, help="Manager: MUNICIPALITY/UNIT.")
@click.option("--person", default=None, help="Employee: the person id.")
@click.password_option(envvar="ROLES_PASSWORD", help="Password [prompted; ROLES_PASSWORD].")
def add(
    name: str,
    role: str,
    municipalities: tuple[str, ...],
    units: tuple[str, ...],
    person: str | None,
    password: str,
) -> None:
    """Add a user NAME. Prints the user as JSON."""
    scopes = []
    for u in units:
        municipality, _, unit = u.partition("/")
        if not municipality or not unit:
            raise click.UsageError(f"--unit {u!r}: write it as MUNICIPALITY/UNIT")
        scopes.append(accounts.UnitScope(municipality=municipality, unit=unit))
    try:
        data = accounts.UserIn(
            name=name,
            password=password,
            role=Role(role),
            municipalities=list(municipalities),
            units=scopes,
            person=person,
        )
        data = msgspec.convert(msgspec.to_builtins(data), accounts.UserIn)  # validate limits
    except msgspec.ValidationError as e:  # name or password out of bounds
        raise click.UsageError(str(e)) from None
    try:
        with workspace() as ws:  # what the account names must exist (services.user_admin)
            made = user_admin.add(ws, CLI, data)
    except ServiceError as e:
        raise click.UsageError(_said(e)) from None
    click.echo(_json(made))


@user.command("list")
def list_users() -> None:
    """List users with their roles and scopes."""
    with _transaction() as session:
        for u in accounts.users(session):
            click.echo(_json(u))


@user.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove user NAME with their tokens."""
    try:
        with _transaction() as session:
            accounts.delete_user(session, name, CLI.name)
    except ServiceError as e:
        raise click.UsageError(_said(e)) from None
    click.echo(f"removed {name}")


@click.group()
def token() -> None:
    """API tokens."""


def _actor() -> str:
    """Who ran the command, for the audit: `cli:<login name>`."""
    try:
        return f"{CLI.name}:{getpass.getuser()}"[:100]
    except (OSError, KeyError):
        return CLI.name


@token.command("create")
@click.option("--user", "user_name", required=True, help="Whose token.")
@click.option("--name", "token_name", default="api", show_default=True, help="A label.")
@click.option(
    "--days",
    type=click.IntRange(1, accounts.MAX_TOKEN_DAYS),
    default=accounts.MAX_TOKEN_DAYS,
    show_default=True,
    help="Days until it expires.",
)
def create(user_name: str, token_name: str, days: int) -> None:
    """Create a bearer token and print it (only once: it is stored hashed).

    Use it as `Authorization: Bearer <token>`.
    """
    try:
        with _transaction() as session:
            made = accounts.create_token(session, user_name, token_name, days, actor=_actor())
    except ServiceError as e:
        raise click.UsageError(_said(e)) from None
    click.echo(made.token)


@token.command("list")
@click.option("--user", "user_name", default=None, help="Only this user's [everyone's].")
def list_tokens(user_name: str | None) -> None:
    """List live tokens as JSON lines (id, name, user, created, expires; never the token)."""
    with _transaction() as session:
        for info in accounts.tokens(session, user_name):
            click.echo(_json(info))


@token.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID (from `roles token list`): refused from the next request on."""
    try:
        with _transaction() as session:
            accounts.revoke_token(session, token_id, _actor())
    except ServiceError as e:
        raise click.UsageError(_said(e)) from None
    click.echo(f"revoked token {token_id}")


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


def _said(error: ServiceError) -> str:
    """A service's error in one line: its message and the paths of its problems."""
    paths = ", ".join(f"{p.path}: {p.message}" for p in error.problems if p.path)
    return f"{error.message} ({paths})" if paths else error.message


def ensure_admin() -> str | None:
    """On a database without users, add `admin` so the service can be entered at all.

    The password is ROLES_ADMIN_PASSWORD, or a random one returned (to be printed once).
    Returns None when users exist already.
    """
    with _transaction() as session:
        if session.scalar(sa.select(sa.func.count()).select_from(t.User)):
            return None
        password = os.environ.get("ROLES_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        accounts.add_user(
            session,
            accounts.UserIn(name="admin", password=password, role=Role.ADMIN),
            "serve",
        )
        return password
