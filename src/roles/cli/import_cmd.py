"""`roles import-document`: legacy job descriptions (.docx, .txt) into registry drafts."""

import sys
from pathlib import Path

import click

from roles import registry as registry_file
from roles import store
from roles.cli.source import CLI, database, fail, workspace
from roles.domain import Registry, check
from roles.importer import import_document
from roles.registry import RegistryError
from roles.services import imports
from roles.services.errors import ServiceError


@click.command("import-document")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--municipality", "municipality", required=True, help="The municipality's id.")
@click.option(
    "--registry",
    "existing",
    type=click.Path(exists=True, path_type=Path),
    help="A registry file whose positions the documents' titles are matched against.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the registry here (.yaml or .json); default: YAML on stdout.",
)
@click.option("--load", "load_db", is_flag=True, help="Load into the database as drafts.")
def import_document_cmd(
    files: tuple[Path, ...],
    municipality: str,
    existing: Path | None,
    output: Path | None,
    load_db: bool,
) -> None:
    """Import job descriptions as drafts of one municipality's registry.

    Each file adds its unit, position and draft job description; positions it names are
    matched to existing ones by title or created. What was placed with low confidence is
    printed to stderr with its line number.
    """
    try:
        current: Registry | None = registry_file.read(existing) if existing else None
    except RegistryError as e:
        click.echo(str(e), err=True)
        sys.exit(2)
    if load_db and current is None:
        current = _from_database(municipality)
    for path in files:
        outcome = import_document(path, municipality, current)
        current = outcome.registry
        for p in outcome.accounting.unsure():
            click.echo(f"{path}:{p.line}: unsure: {p.why} → {p.where}", err=True)
        for note in outcome.notes:
            click.echo(f"{path}: note: {note}", err=True)
        for created in outcome.created:
            click.echo(f"{path}: created position {created}", err=True)
    assert current is not None
    problems = check(current)
    if problems:
        for problem in problems:
            click.echo(f"problem: {problem}", err=True)
        sys.exit(2)
    if load_db:
        try:
            with workspace() as ws:
                imports.load(ws, CLI, current, [p.name for p in files])
        except RegistryError as e:
            click.echo(str(e), err=True)
            sys.exit(2)
        except ServiceError as e:
            fail(e)
    elif output is not None:
        registry_file.write(current, output)
    else:
        sys.stdout.buffer.write(registry_file.encode(current, "out.yaml"))


def _from_database(municipality: str) -> Registry | None:
    with database() as engine, store.sessions(engine)() as session:
        return store.read_registry(session, municipality)
