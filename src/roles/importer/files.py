"""Files as people have them, read into lines: .txt in any of its encodings, .docx, and .doc,
.odt, .rtf (converted to .docx by LibreOffice) and .pdf (text by poppler's pdftotext -layout).

Converters are programs on the machine, named by `Converters` (the caller's settings, never
read from the environment here) and run with a time-out. Every failure is an `ImporterError`
naming the file, never a traceback.
"""

import dataclasses
import io
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from roles import archive
from roles.importer import encoding, source
from roles.importer.errors import ImporterError
from roles.importer.source import Line

TEXT = {".txt", ".text", ".md"}
CONVERTED = {".doc", ".odt", ".rtf"}
SUPPORTED = TEXT | CONVERTED | {".docx", ".pdf"}


@dataclasses.dataclass(frozen=True, slots=True)
class Converters:
    soffice: str = "soffice"  # LibreOffice's program
    profile: Path | None = None  # LibreOffice's user profile folder; a temporary one when None
    pdftotext: str = "pdftotext"
    timeout: float = 60.0  # seconds for one conversion
    max_bytes: int = 20_000_000  # a larger file is refused
    max_lines: int = 20_000  # a document with more lines is refused


def read(
    name: str, data: bytes, converters: Converters | None = None, converted: bytes | None = None
) -> list[Line]:
    """The lines of a file called `name` (its suffix says its type) holding `data`.

    `converted` is the file already converted to .docx (`convert_many`), for .doc/.odt/.rtf."""
    conv = converters or Converters()
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise ImporterError("unsupported", name, suffix=suffix or "?")
    if len(data) > conv.max_bytes:
        raise ImporterError("too_large", name, size=len(data), limit=conv.max_bytes)
    if not data.strip():
        raise ImporterError("empty", name)
    if suffix in TEXT:
        lines = source.read_text(encoding.decode(data, name))
    elif suffix == ".docx":
        lines = source.read_docx(open_docx(data, name))
    elif suffix == ".pdf":
        lines = source.read_text(_pdftotext(data, name, conv))
    else:
        docx_data = converted if converted is not None else _to_docx(data, name, conv)
        lines = source.read_docx(open_docx(docx_data, name))
    if not lines:
        raise ImporterError("empty", name)
    if len(lines) > conv.max_lines:
        raise ImporterError("too_many_lines", name, lines=len(lines), limit=conv.max_lines)
    return lines


def read_path(path: str | Path, converters: Converters | None = None) -> list[Line]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImporterError("not_found", str(path)) from None
    except OSError as e:
        raise ImporterError("damaged", str(path), reason=e.strerror or type(e).__name__) from None
    return read(path.name, data, converters)


def open_docx(data: bytes, name: str = "document.docx") -> Any:
    """The one place a Word file is opened: `roles.archive` checks it first (bombs, names,
    layout), so python-docx only ever unpacks what passed."""
    import zipfile

    import docx  # imported here: text imports need not pay for python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        archive.inspect(data, archive.DOCUMENT)
    except archive.ArchiveRefused as e:
        raise refused(e, name) from None
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ImporterError("damaged", name, reason=type(e).__name__) from None
    except Exception as e:  # lxml and python-docx raise many kinds on broken XML
        raise ImporterError("damaged", name, reason=type(e).__name__) from None


_BROKEN = {
    archive.Refusal.NOT_ZIP,
    archive.Refusal.TRUNCATED,
    archive.Refusal.CORRUPT,
    archive.Refusal.DIRECTORY,
    archive.Refusal.CHECKSUM,
}


def refused(e: archive.ArchiveRefused, name: str) -> ImporterError:
    """An archive's refusal as the importer's error, in both languages: a file that is no
    archive or is broken is "damaged"; one refused for what it holds (a bomb, hostile names)
    says why."""
    if e.code in _BROKEN:
        return ImporterError("damaged", name, reason=str(e.code))
    return ImporterError(
        "refused", name, refusal=str(e.code), et=e.message("et"), en=e.message("en")
    )


def _run(args: list[str], name: str, program: str, timeout: float) -> bytes:
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise ImporterError("converter_missing", name, program=program) from None
    except subprocess.TimeoutExpired:
        raise ImporterError("timeout", name, seconds=int(timeout)) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImporterError(
            "converter_failed", name, program=program, reason=(reason or ["?"])[-1][:200]
        )
    return done.stdout


def _pdftotext(data: bytes, name: str, conv: Converters) -> str:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "in.pdf"
        pdf.write_bytes(data)
        out = _run(
            [conv.pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"],
            name,
            "pdftotext",
            conv.timeout,
        )
    return out.decode("utf-8", "replace")


def convert_many(
    items: list[tuple[str, bytes]], converters: Converters | None = None, chunk: int = 40
) -> dict[str, bytes | ImporterError]:
    """Many .doc/.odt/.rtf files converted to .docx by LibreOffice, `chunk` files a start.

    Starting LibreOffice costs more than converting a file, so a folder is converted in a few
    runs rather than one run a file. Each name maps to its .docx bytes or the error."""
    conv = converters or Converters()
    out: dict[str, bytes | ImporterError] = {}
    for at in range(0, len(items), chunk):
        part = items[at : at + chunk]
        with tempfile.TemporaryDirectory() as folder:
            inputs = []
            for k, (name, data) in enumerate(part):
                path = Path(folder) / f"in{k}{Path(name).suffix.lower()}"
                path.write_bytes(data)
                inputs.append(str(path))
            profile = conv.profile or Path(folder) / "profile"
            label = part[0][0] if len(part) == 1 else f"{len(part)} files"
            try:
                _run(
                    [
                        conv.soffice,
                        f"-env:UserInstallation={profile.resolve().as_uri()}",
                        "--headless",
                        "--convert-to",
                        "docx",
                        "--outdir",
                        folder,
                        *inputs,
                    ],
                    label,
                    "soffice",
                    conv.timeout * (1 + len(part) / 4),
                )
            except ImporterError as e:
                for name, _ in part:
                    out[name] = ImporterError(e.code, name, **e.details)
                continue
            for k, (name, _) in enumerate(part):
                result = Path(folder) / f"in{k}.docx"
                out[name] = (
                    result.read_bytes()
                    if result.exists()
                    else ImporterError(
                        "converter_failed", name, program="soffice", reason="no output"
                    )
                )
    return out


def _to_docx(data: bytes, name: str, conv: Converters) -> bytes:
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        source_file = Path(folder) / f"in{suffix}"
        source_file.write_bytes(data)
        profile = conv.profile or Path(folder) / "profile"
        _run(
            [
                conv.soffice,
                f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                folder,
                str(source_file),
            ],
            name,
            "soffice",
            conv.timeout,
        )
        out = Path(folder) / "in.docx"
        if not out.exists():
            raise ImporterError("converter_failed", name, program="soffice", reason="no output")
        return out.read_bytes()
