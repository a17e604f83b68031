"""Where commands read a registry from: a registry file, or the configured database."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy.engine import Engine

from roles import registry, store
from roles.config import settings
from roles.domain import Registry
from roles.registry import RegistryError


@contextmanager
def database() -> Iterator[Engine]:
    """The configured database, migrated to the newest schema, disposed of on leaving."""
    engine = store.create(settings().database_url)
    try:
        store.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


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
