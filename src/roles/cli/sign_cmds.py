"""`roles verify` and `roles seal`: signed ASiC-E containers from the command line."""

import mimetypes
import sys
from pathlib import Path

import click
import msgspec

from roles import sign
from roles.config import ConfigError, configure_signing, seals, settings

_STATUS = {
    "valid": ("KEHTIV", "VALID"),
    "valid-with-warnings": ("KEHTIV, HOIATUSTEGA", "VALID WITH WARNINGS"),
    "indeterminate": ("MÄÄRAMATA", "INDETERMINATE"),
    "invalid": ("KEHTETU", "INVALID"),
}
_WORDS = {
    "container": ("konteiner", "container"),
    "file": ("fail", "file"),
    "covered": ("kaetud allkirjadega", "covered by"),
    "uncovered": ("ükski allkiri ei kata", "covered by no signature"),
    "changed": ("MUUDETUD", "CHANGED"),
    "signature": ("allkiri", "signature"),
    "signer": ("allkirjastaja", "signer"),
    "code": ("kood", "code"),
    "role": ("roll", "role"),
    "time": ("aeg", "time"),
    "level": ("tase", "level"),
    "profile": ("profiil", "profile"),
}


def report_text(report: sign.Report, lang: str = "et") -> str:
    """The report as people read it: per signature its status, signer, code, roles, time and
    level; every file of the container and the signatures covering it; problems in `lang`."""
    i = 0 if lang == "et" else 1

    def w(key: str) -> str:
        return _WORDS[key][i]

    lines = [f"{w('container')}: {_STATUS[report.status][i]}"]
    lines += [f"  ! {p.message(lang)}" for p in report.problems]
    intact = {f.name: f.intact for f in report.data_files}
    for f in report.files:
        state = "" if intact.get(f.name, True) else f" {w('changed')}"
        cover = f"{w('covered')} {', '.join(f.signed_by)}" if f.signed_by else w("uncovered")
        if f.kind in ("mimetype", "manifest", "signature"):
            cover = f.kind
        lines.append(f"{w('file')} {f.name} ({f.size} B){state}: {cover}")
    for s in report.signatures:
        code = s.personal_code or s.registry_code or "?"
        when = f"{s.signing_time:%Y-%m-%d %H:%M:%S} UTC" if s.signing_time else "?"
        level = (s.level_et if i == 0 else s.level_en) or "?"
        lines.append(f"{w('signature')} {s.id}: {_STATUS[s.status][i]}")
        lines.append(f"  {w('signer')}: {s.signer or '?'}; {w('code')}: {code}")
        if s.roles:
            lines.append(f"  {w('role')}: {' / '.join(s.roles)}")
        lines.append(f"  {w('time')}: {when}; {w('level')}: {level}; {w('profile')}: {s.profile}")
        lines += [f"  ! {p.message(lang)}" for p in s.problems]
    return "\n".join(lines)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["et", "en"]), default="et", show_default=True)
def verify(file: Path, output: str, lang: str) -> None:
    """Verify the signatures of an ASiC-E container (.asice): per signature its status (valid,
    valid with warnings, indeterminate, invalid), signer, code, role, time and level; every
    file and the signatures covering it; the problems found.

    Exit status: 0 valid (with warnings too), 1 not valid, 2 unreadable.
    """
    configure_signing(settings())
    try:
        report = sign.verify(file.read_bytes())
    except OSError as error:
        click.echo(f"cannot read {file}: {error}", err=True)
        sys.exit(2)
    except sign.ContainerError as error:
        message = error.message_et if lang == "et" else error.message_en
        click.echo(f"{file}: {message}", err=True)
        sys.exit(2)
    click.echo(
        msgspec.json.encode(report).decode() if output == "json" else report_text(report, lang)
    )
    sys.exit(0 if report.valid else 1)


def _seal(owner: str | None, p12: Path | None, password: str | None) -> sign.Seal:
    if (owner is None) == (p12 is None):
        raise click.UsageError("name the seal: --owner ID (from ROLES_SEALS_DIR) or --p12 FILE")
    if p12 is not None:
        if password is None:
            password = click.prompt("PKCS#12 password", hide_input=True, default="")
        return sign.Seal.from_p12(p12, password or "", p12.stem)
    try:
        found = seals(settings())
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    if owner not in found:
        known = ", ".join(sorted(found)) or "none: set ROLES_SEALS_DIR"
        raise click.UsageError(f"no seal of {owner!r} in ROLES_SEALS_DIR (seals: {known})")
    return found[owner]


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
@click.option("--owner", help="The agency or municipality id whose seal (ROLES_SEALS_DIR).")
@click.option(
    "--p12",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A PKCS#12 seal file instead (its password from ROLES_SEAL_PASSWORD or asked).",
)
@click.option("--password", envvar="ROLES_SEAL_PASSWORD", hidden=True)
def seal(
    files: tuple[Path, ...],
    output: Path,
    owner: str | None,
    p12: Path | None,
    password: str | None,
) -> None:
    """Put FILES in an ASiC-E container sealed with one owner's e-seal (--owner ID, from
    ROLES_SEALS_DIR) or a PKCS#12 file (--p12). One .asice file given alone gets a further
    seal instead. The result is verified; an invalid one is not written."""
    config = settings()
    configure_signing(config)
    try:
        chosen = _seal(owner, p12, password)
        if len(files) == 1 and files[0].suffix.lower() in {".asice", ".bdoc"}:
            payload: bytes | list[tuple[str, bytes, str]] = files[0].read_bytes()
        else:
            payload = [
                (
                    f.name,
                    f.read_bytes(),
                    mimetype_of(f),
                )
                for f in files
            ]
        output.write_bytes(sign.seal(payload, chosen))
    except (sign.SigningError, sign.ContainerError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"sealed {output} with the seal of {chosen.organisation} ({chosen.owner})")


def mimetype_of(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
