"""`roles import-document`: folders, zip files and single documents into registry drafts.

The batch is read by `importer.import_batch` into one registry (titles matched across the
batch and against the municipality's positions), then either written to a file or loaded
into the database in one transaction. Nothing is written when a document would replace a
position's draft without `--replace-draft`, or when no document could be imported.

Exit status: 0 every document imported; 1 some could not be read (the others are written,
each failure is a line of the report); 2 refused, nothing written (an existing draft, a
registry that fails its checks, a bad option).
"""

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import url as sa_url

from roles import registry as registry_file
from roles import store
from roles.cli.source import CLI, EXIT_REFUSED, database, fail, workspace
from roles.config import settings
from roles.domain import Registry, check
from roles.importer import BatchResult, ImporterError, import_batch
from roles.registry import RegistryError
from roles.services import imports
from roles.services.errors import ServiceError

EXIT_PARTLY = 1  # some documents could not be read; the others were written

_WORDS = {
    "refused_draft": (
        "{name}: ametikohal „{title}“ ({position}) on juba kavand (versioon {version}); "
        "seda ei kirjutata üle — andke --replace-draft, et see asendada",
        "{name}: the position “{title}” ({position}) already has a draft (version {version}); "
        "it is not overwritten — give --replace-draft to replace it",
    ),
    "nothing_written": ("Midagi ei kirjutatud.", "Nothing was written."),
    "nothing_imported": (
        "Ühtegi dokumenti ei imporditud; midagi ei kirjutatud.",
        "No document was imported; nothing was written.",
    ),
    "report_written": ("Aruanne: {path}", "Report: {path}"),
    "loaded": (
        "Andmebaasi laaditi {count} kavandit (omavalitsus {municipality}).",
        "{count} drafts loaded into the database (municipality {municipality}).",
    ),
    "written": ("Register kirjutati faili {path}.", "The registry was written to {path}."),
    "reading": ("Loen dokumente", "Reading documents"),
}


def _say(key: str, language: str, **values: object) -> str:
    et, en = _WORDS[key]
    return (et if language == "et" else en).format(**values)


@click.command("import-document")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--municipality", "municipality", required=True, help="The municipality's id.")
@click.option(
    "--registry",
    "existing",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A registry file whose positions and drafts the documents are matched against "
    "(default: the municipality in the configured database, when it is there).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the registry here (.yaml or .json); default: YAML on stdout.",
)
@click.option("--load", "load_db", is_flag=True, help="Load into the database as drafts.")
@click.option(
    "--replace-draft",
    "replace_draft",
    is_flag=True,
    help="Replace the draft a position already has (refused without this).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report as an HTML file here.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["et", "en"]),
    default="et",
    show_default=True,
    help="The report's language.",
)
def import_document_cmd(
    inputs: tuple[Path, ...],
    municipality: str,
    existing: Path | None,
    output: Path | None,
    load_db: bool,
    replace_draft: bool,
    report_path: Path | None,
    language: str,
) -> None:
    """Import job descriptions (DIR, ZIP or FILE: .txt, .docx, .doc, .odt, .rtf, .pdf) as
    drafts of one municipality's registry.

    Each document adds its unit, position and draft job description; the positions it names
    are matched by title (across the batch and with the municipality's positions) or created
    when the name reads as a position title. The report lists per document its title, the
    position matched or created, clause counts and every unsure item with its line.
    """
    if load_db and output is not None:
        raise click.UsageError("give either --load or -o/--output, not both")
    try:
        current: Registry | None = registry_file.read(existing) if existing else None
    except RegistryError as e:
        click.echo(str(e), err=True)
        sys.exit(EXIT_REFUSED)
    if current is None:  # the municipality's positions and drafts, where there is a database
        current = _from_database(municipality, create=load_db)
    # The report goes to stdout unless the registry itself does.
    out = Console(stderr=output is None and not load_db, highlight=False, soft_wrap=True)
    try:
        result = _run(inputs, municipality, current, replace_draft, language)
    except ImporterError as e:  # the batch as a whole: too many documents
        click.echo(e.message(language), err=True)
        sys.exit(EXIT_REFUSED)
    out.print(result.text(language), end="", markup=False)
    if report_path is not None:
        report_path.write_text(result.html(language), encoding="utf-8")
        out.print(_say("report_written", language, path=report_path), markup=False)

    titles = {p.id: p.title for p in result.registry.positions}
    kept = [d for d in result.documents if d.error is None and not d.imported]
    for doc in kept:
        click.echo(
            _say(
                "refused_draft",
                language,
                name=doc.name,
                title=titles.get(doc.position or "", doc.title),
                position=doc.position,
                version=doc.draft_exists,
            ),
            err=True,
        )
    if kept:
        click.echo(_say("nothing_written", language), err=True)
        sys.exit(EXIT_REFUSED)
    imported = [d for d in result.documents if d.imported]
    if not imported:
        click.echo(_say("nothing_imported", language), err=True)
        sys.exit(EXIT_PARTLY)
    problems = check(result.registry)
    if problems:
        for problem in problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo(_say("nothing_written", language), err=True)
        sys.exit(EXIT_REFUSED)
    if load_db:
        try:
            with workspace() as ws:
                imports.load(ws, CLI, result.registry, [Path(d.name).name for d in imported])
        except RegistryError as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_REFUSED)
        except ServiceError as e:
            fail(e)
        out.print(
            _say("loaded", language, count=len(imported), municipality=municipality),
            markup=False,
        )
    elif output is not None:
        registry_file.write(result.registry, output)
        out.print(_say("written", language, path=output), markup=False)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(registry_file.encode(result.registry, "out.yaml"))
    if len(imported) < len(result.documents):
        sys.exit(EXIT_PARTLY)


def _run(
    inputs: tuple[Path, ...],
    municipality: str,
    current: Registry | None,
    replace_draft: bool,
    language: str,
) -> BatchResult:
    """The batch, with a progress bar on a terminal (stderr, gone when done)."""
    bar = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}", markup=False),
    )
    with Progress(*columns, console=bar, transient=True, disable=not bar.is_terminal) as progress:
        task = progress.add_task(_say("reading", language), total=None, name="")

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, name=Path(name).name[-40:])

        return import_batch(
            inputs, municipality, current, replace_drafts=replace_draft, progress=step
        )


def _from_database(municipality: str, create: bool) -> Registry | None:
    """The municipality as the configured database holds it; None when it does not. Without
    `create`, a SQLite file that is not there is not made (writing a file needs no database)."""
    url = sa_url.make_url(settings().database_url)
    sqlite_file = url.database if url.get_backend_name() == "sqlite" else None
    if not create and sqlite_file is not None and not Path(sqlite_file).exists():
        return None
    with database() as engine, store.sessions(engine)() as session:
        return store.read_registry(session, municipality)
