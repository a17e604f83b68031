"""`roles load`, `roles export`, `roles db upgrade` and `roles serve`."""

import os
import sys
from pathlib import Path

import click
from sqlalchemy import make_url

from roles import registry, store
from roles.cli.source import CLI, database, workspace
from roles.cli.user_cmds import ensure_admin
from roles.config import mail_config, secret, settings
from roles.registry import RegistryError
from roles.render import LAYOUTS
from roles.services import registry_files
from roles.services.access import Caller, system


def load_files(paths: list[Path], actor: Caller = CLI) -> list[store.LoadResult]:
    """Read, check and load registry files in one transaction, each load in the audit log as
    `actor`'s; RegistryError on any problem."""
    with workspace() as ws:
        # Files are read one at a time inside the transaction, so memory stays flat.
        files = ((str(p), registry.read(p, layouts=LAYOUTS)) for p in paths)
        return registry_files.load_files(ws, actor, files)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def load(files: tuple[Path, ...]) -> None:
    """Load registry files (YAML or JSON) into the database.

    Each file holds one municipality and replaces it whole. All files load in one transaction:
    if any file has a problem, nothing is written, every problem is printed with the file and
    the path inside it, and the exit status is 2. Approved job-description versions already
    in the database are never lost (see the README).
    """
    try:
        results = load_files(list(files))
    except RegistryError as e:
        click.echo(str(e), err=True)
        sys.exit(2)
    for r in results:
        verb = "replaced" if r.replaced else "loaded"
        click.echo(f"{r.municipality}: {verb}, {r.rows} rows")
        for kept in r.carried:
            click.echo(f"  kept approved version from the database: {kept}")
        for moved in r.archived:
            click.echo(f"  archived approved version of a removed position: {moved}")


@click.command()
@click.argument("municipality")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="File to write: .yaml, .yml or .json.",
)
def export(municipality: str, output: Path) -> None:
    """Export one municipality's registry to a file.

    The export is canonical (entities sorted by id, defaults left out): loading it gives the
    same registry, and exporting again gives the same bytes.
    """
    if not output.name.endswith((*registry.YAML_SUFFIXES, *registry.JSON_SUFFIXES)):
        raise click.UsageError(f"{output}: use a .yaml, .yml or .json file name")
    with database() as engine, store.sessions(engine)() as session:
        found = store.read_registry(session, municipality)
    if found is None:
        raise click.UsageError(f"no municipality {municipality!r} in the database")
    registry.write(found, output)
    click.echo(f"{municipality}: written to {output}")


@click.group()
def db() -> None:
    """Database schema commands."""


@db.command()
def upgrade() -> None:
    """Bring the database schema up to date (Alembic migrations)."""
    with database():
        pass
    click.echo(f"database is up to date: {_safe_url(settings().database_url)}")


def seed_if_empty() -> list[store.LoadResult]:
    """Load seeds/ into an empty database; do nothing when it holds any municipality."""
    with database() as engine, store.sessions(engine)() as session:
        if store.municipality_ids(session):
            return []
    seeds = sorted(
        p for p in settings().seeds_dir.glob("*") if p.suffix in (".yaml", ".yml", ".json")
    )
    return load_files(seeds, system("serve")) if seeds else []


@click.command()
@click.option("--host", default=None, help="Address to listen on [ROLES_HOST, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [ROLES_PORT, 8000].")
@click.option("--workers", type=int, default=None, help="Server processes [ROLES_WORKERS, 1].")
@click.option(
    "--with-scheduler",
    is_flag=True,
    help="Send reminders and digests from the service once a day (as `roles remind` does).",
)
def serve(host: str | None, port: int | None, workers: int | None, with_scheduler: bool) -> None:
    """Run the HTTP service.

    Migrates the database first; an empty database is loaded with the registry files in
    seeds/ (ROLES_SEEDS_DIR).
    """
    import uvicorn  # only `serve` needs the server: other commands start faster without it

    if with_scheduler:  # the workers read their settings anew: tell them through the environment
        os.environ["ROLES_MAIL_SCHEDULER"] = "1"
        settings.cache_clear()
    config = settings()
    try:
        mail = mail_config(config)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if with_scheduler and mail.smtp is None:
        raise click.UsageError("--with-scheduler sends mail: set ROLES_SMTP_URL")
    try:
        for r in seed_if_empty():
            click.echo(f"seeded {r.municipality} ({r.rows} rows)")
    except RegistryError as e:
        click.echo(str(e), err=True)
        sys.exit(2)
    secret(config)  # made here once, before the workers that all read it
    if not config.secure_cookies:
        click.echo("note: ROLES_SECURE_COOKIES=0: session cookies go over plain HTTP", err=True)

    password = ensure_admin()
    if password is not None:
        click.echo(f"created user 'admin' with password {password!r}: keep it, or add users")
    uvicorn.run(
        "roles.server:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=workers or config.workers,
        log_level="info",
        # A worker busy reading a big municipality must not be taken for a dead one.
        timeout_worker_healthcheck=60,
    )


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
