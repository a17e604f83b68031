"""`roles sheets export|template|import` (Excel in and out) and `roles establishment` (the
staff establishment in force on a day as DOCX or XLSX).

`sheets import` prints what the workbook changes and writes it (`--dry-run`: only prints);
on any problem it writes nothing and prints each problem as `Sheet!C7: message` with exit
status 2. Messages are Estonian unless `--language en`.
"""

import datetime as dt
from pathlib import Path

import click

from roles.cli.source import CLI, fail, workspace
from roles.services import establishments, spreadsheets
from roles.services.errors import ServiceError
from roles.sheets import Mode

LANGUAGE = click.option(
    "--language", type=click.Choice(["et", "en"]), default="et", show_default=True
)
OUTPUT = click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
MUNICIPALITY = click.option("--municipality", required=True, help="The municipality's id.")


@click.group("sheets")
def sheets_group() -> None:
    """Excel workbooks of positions, people with their assignments, and absences."""


def _write(output: Path, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as e:
        raise click.UsageError(f"cannot write {output}: {e.strerror}") from None
    click.echo(f"written to {output}")


@sheets_group.command("export")
@MUNICIPALITY
@OUTPUT
@LANGUAGE
def sheets_export(municipality: str, output: Path, language: str) -> None:
    """The municipality's positions, people and absences as an .xlsx workbook."""
    try:
        with workspace() as ws:
            data = spreadsheets.export(ws, CLI, municipality, language)
    except ServiceError as e:
        fail(e)
    _write(output, data)


@sheets_group.command("template")
@MUNICIPALITY
@OUTPUT
@LANGUAGE
def sheets_template(municipality: str, output: Path, language: str) -> None:
    """An empty workbook to fill in, with the municipality's drop-downs."""
    try:
        with workspace() as ws:
            data = spreadsheets.template(ws, CLI, municipality, language)
    except ServiceError as e:
        fail(e)
    _write(output, data)


@sheets_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@MUNICIPALITY
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@click.option(
    "--replace",
    is_flag=True,
    help="Each sheet replaces its part: rows left out are removed [default: add and update].",
)
@LANGUAGE
def sheets_import(
    file: Path, municipality: str, dry_run: bool, replace: bool, language: str
) -> None:
    """Read a filled workbook into the municipality (whole or nothing)."""
    mode = Mode.REPLACE if replace else Mode.MERGE
    if file.stat().st_size > spreadsheets.MAX_BYTES:
        raise click.UsageError(f"{file}: larger than {spreadsheets.MAX_BYTES} bytes")
    data = file.read_bytes()
    try:
        with workspace() as ws:
            if dry_run:
                result = spreadsheets.preview(ws, CLI, municipality, data, language, mode)
            else:
                result = spreadsheets.apply(ws, CLI, municipality, data, None, language, mode)
    except ServiceError as e:
        fail(e)
    for change in result.changes:
        click.echo(change.message(language))
    count = len(result.changes)
    if dry_run:
        click.echo(f"{count} change(s); nothing written (--dry-run)")
    else:
        click.echo(f"{municipality}: {count} change(s) written")


@click.command("establishment")
@click.option("--agency", required=True, help="The agency's id.")
@click.option(
    "--on", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Day [today]."
)
@click.option("--version", type=click.IntRange(1), default=None, help="This version instead.")
@click.option("--format", "fmt", type=click.Choice(establishments.FORMATS), required=True)
@OUTPUT
@LANGUAGE
def establishment(
    agency: str, day: dt.datetime | None, version: int | None, fmt: str, output: Path, language: str
) -> None:
    """The agency's staff establishment (teenistuskohtade koosseis) in force on a day.

    An agency without an approved version then gets the list made of its positions that day.
    """
    try:
        with workspace() as ws:
            found = establishments.document(
                ws,
                CLI,
                agency,
                fmt,
                on=day.date() if day else None,
                version=version,
                language=language,
            )
    except ServiceError as e:
        fail(e)
    _write(output, found.data)
