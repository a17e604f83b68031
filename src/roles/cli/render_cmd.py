"""`roles render`: job descriptions as DOCX or PDF, one version or a municipality's all."""

import tempfile
from pathlib import Path

import click
from rich.progress import Progress

from roles.cli.source import registries
from roles.config import settings
from roles.domain import Registry
from roles.render import (
    RenderError,
    description_of,
    docx_to_pdf,
    field_values,
    file_name,
    render_docx,
)


@click.command("render")
@click.argument("registry_or_db", required=False)
@click.option("--position", help="Render this position's job description.")
@click.option("--version", type=int, help="Which version (default: the one in force).")
@click.option("--municipality", help="Render every version of this municipality (bulk).")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default="docx",
              show_default=True)  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The file to write (one version) or the directory (bulk).")  # fmt: skip
def render(
    registry_or_db: str | None,
    position: str | None,
    version: int | None,
    municipality: str | None,
    fmt: str,
    output: Path,
) -> None:
    """Render job descriptions from REGISTRY_OR_DB (a registry file; default: the database).

    One version: --position ID [--version N] -o FILE. Bulk: --municipality ID -o DIR, every
    version of every position, PDFs converted in one LibreOffice run.
    """
    if (position is None) == (municipality is None):
        raise click.UsageError("give either --position or --municipality")
    found = registries(registry_or_db, municipality)
    try:
        if position is not None:
            _one(_holding(found, position), position, version, fmt, output)
        else:
            _bulk(found, fmt, output)
    except RenderError as e:
        raise click.ClickException(str(e)) from None


def _holding(found: list[Registry], position: str) -> Registry:
    for r in found:
        if any(p.id == position for p in r.positions):
            return r
    raise click.UsageError(f"no position {position!r}")


def _one(r: Registry, position: str, version: int | None, fmt: str, output: Path) -> None:
    _warn_disagreements(r, position, version)
    data = render_docx(r, position, version, templates_dir=settings().templates_dir)
    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="roles-render-") as tmp:
            source = Path(tmp) / file_name(r, position, version)
            source.write_bytes(data)
            (pdf,) = _to_pdf([source], Path(tmp))
            data = pdf.read_bytes()
    output.write_bytes(data)
    click.echo(f"{output}: {len(data)} bytes")


def _bulk(found: list[Registry], fmt: str, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    jobs = [(r, d.position, d.version) for r in found for d in r.job_descriptions]
    with tempfile.TemporaryDirectory(prefix="roles-render-") as tmp:
        target = output if fmt == "docx" else Path(tmp)
        written = []
        with Progress(transient=True) as progress:
            task = progress.add_task("Rendering", total=len(jobs))
            for r, position, version in jobs:
                _warn_disagreements(r, position, version)
                path = target / file_name(r, position, version)
                templates = settings().templates_dir
                path.write_bytes(render_docx(r, position, version, templates_dir=templates))
                written.append(path)
                progress.advance(task)
            if fmt == "pdf":
                progress.add_task("Converting to PDF (LibreOffice)", total=None)
                written = _to_pdf(written, output)
    click.echo(f"{len(written)} {fmt.upper()} files in {output}")


def _to_pdf(files: list[Path], out_dir: Path) -> list[Path]:
    try:
        return docx_to_pdf(files, out_dir)
    except RuntimeError as e:
        raise click.ClickException(str(e)) from None


def _warn_disagreements(r: Registry, position: str, version: int | None) -> None:
    """The document prints its own wording; say where that wording contradicts the registry."""
    description = description_of(r, position, version)
    for value in field_values(r, description):
        if value.agrees is False:
            where = f"{position} v{description.version} {value.ref or value.label or value.field}"
            click.echo(
                f"warning: {where}: the document says {value.text!r}, "
                f"the registry says {', '.join(value.registry)!r}",
                err=True,
            )
