"""`roles verify` and `roles seal`: signed ASiC-E containers from the command line."""

import mimetypes
import sys
from pathlib import Path

import click
import msgspec

from roles import sign
from roles.config import configure_signing, settings


def _text(report: sign.Report) -> str:
    lines = [f"container: {'VALID' if report.valid else 'INVALID'}"]
    lines += [f"  ! {reason}" for reason in report.reasons]
    for data_file in report.data_files:
        state = "intact" if data_file.intact else "CHANGED"
        lines.append(f"file {data_file.name} ({data_file.mimetype}, {data_file.size} B): {state}")
    for signature in report.signatures:
        who = signature.signer or "?"
        if signature.personal_code:
            who += f" ({signature.personal_code})"
        when = f"{signature.signing_time:%Y-%m-%d %H:%M:%S} UTC" if signature.signing_time else "?"
        lines.append(f"signature {signature.id}: {'valid' if signature.valid else 'INVALID'}")
        lines.append(f"  signer: {who}; time: {when}; profile: {signature.profile}")
        lines += [f"  ! {reason}" for reason in signature.reasons]
    return "\n".join(lines)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def verify(file: Path, output: str) -> None:
    """Verify the signatures of an ASiC-E container (.asice).

    Exit status: 0 valid, 1 invalid, 2 unreadable.
    """
    configure_signing(settings())
    try:
        report = sign.verify(file.read_bytes())
    except (OSError, sign.ContainerError) as error:
        click.echo(f"cannot read {file}: {error}", err=True)
        sys.exit(2)
    click.echo(msgspec.json.encode(report).decode() if output == "json" else _text(report))
    sys.exit(0 if report.valid else 1)


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The container to write (.asice).",
)
def seal(files: tuple[Path, ...], output: Path) -> None:
    """Put FILES in an ASiC-E container sealed with the configured e-seal (ROLES_ESEAL_P12).

    One .asice file given alone gets a further seal instead."""
    config = settings()
    if config.eseal_p12 is None:
        raise click.UsageError(
            "no e-seal configured: set ROLES_ESEAL_P12 (and ROLES_ESEAL_PASSWORD)"
        )
    configure_signing(config)
    try:
        if len(files) == 1 and files[0].suffix.lower() in {".asice", ".bdoc"}:
            payload: bytes | list[tuple[str, bytes, str]] = files[0].read_bytes()
        else:
            payload = [
                (
                    f.name,
                    f.read_bytes(),
                    mimetypes.guess_type(f.name)[0] or "application/octet-stream",
                )
                for f in files
            ]
        seal = sign.Seal.from_p12(config.eseal_p12, config.eseal_password or "")
        output.write_bytes(sign.seal(payload, seal))
    except (sign.SigningError, sign.ContainerError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"sealed {output}")
