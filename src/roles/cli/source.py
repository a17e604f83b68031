"""Where commands read from: a registry file or the configured database; the service's
workspace over that database; and service errors as lines on stderr and an exit status."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.engine import Engine

from roles import registry, store
from roles.config import configure_signing, service_options, settings
from roles.domain import Registry
from roles.registry import RegistryError
from roles.services.access import system
from roles.services.errors import ServiceError, Unavailable
from roles.services.workspace import Workspace

CLI = system("cli")  # who the command line is in the audit log


@contextmanager
def database() -> Iterator[Engine]:
    """The configured database, migrated to the newest schema, disposed of on leaving."""
    engine = store.create(settings().database_url)
    try:
        store.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def workspace() -> Iterator[Workspace]:
    """The services' workspace over the configured database, with the configured options."""
    configure_signing(settings())
    with database() as engine:
        ws = Workspace(engine, service_options(settings()))
        try:
            yield ws
        finally:
            ws.close()


EXIT_UNAVAILABLE = 3  # try again later: LibreOffice, OCSP or TSA out of reach
EXIT_REFUSED = 2  # the input, or what it names, is wrong


def fail(error: ServiceError) -> NoReturn:
    """A service's error as the command line says it: its message and every problem on
    stderr (`PATH: MESSAGE`), then exit status 3 for what may work later, 2 otherwise."""
    click.echo(f"error: {error.message}", err=True)
    for problem in error.problems:
        if str(problem) != error.message:
            click.echo(f"  {problem}", err=True)
    raise SystemExit(EXIT_UNAVAILABLE if isinstance(error, Unavailable) else EXIT_REFUSED)


def registries(path: str | None, municipality: str | None = None) -> list[Registry]:
    """The registries a command works on.

    A path names a registry file (whose municipality must match `municipality` if given);
    None means the configured database: one municipality, or all of them.
    Errors become click errors (exit status 2) that say what is wrong.
    """
    if path is not None:
        try:
            found = registry.read(Path(path))
        except RegistryError as e:
            raise click.UsageError(str(e)) from None
        if municipality is not None and found.municipality.id != municipality:
            raise click.UsageError(
                f"{path} holds municipality {found.municipality.id!r}, not {municipality!r}"
            )
        return [found]
    with database() as engine, store.sessions(engine)() as session:
        ids = [municipality] if municipality else store.municipality_ids(session)
        out: list[Registry] = []
        for mid in ids:
            r = store.read_registry(session, mid)
            if r is None:
                raise click.UsageError(f"no municipality {mid!r} in the database")
            out.append(r)
        return out
