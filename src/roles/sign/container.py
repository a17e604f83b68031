"""ASiC-E containers (ETSI EN 319 162-1) as ZIP files: `mimetype` first and stored, a manifest,
the data files, and one META-INF/signatures*.xml per signature."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

ASICE_MIMETYPE = "application/vnd.etsi.asic-e+zip"
MANIFEST_PATH = "META-INF/manifest.xml"
SIGNATURE_PATH = re.compile(r"META-INF/.*signatures.*\.xml")


class ContainerError(ValueError):
    """The bytes are not a readable ASiC-E container."""


@dataclass(frozen=True)
class DataFile:
    name: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Container:
    data_files: list[DataFile]
    signatures: dict[str, bytes] = field(default_factory=dict)  # path -> XAdES document

    def data_file(self, name: str) -> DataFile | None:
        return next((f for f in self.data_files if f.name == name), None)


def _manifest(files: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<manifest:file-entry manifest:full-path={quoteattr(name)} "
        f"manifest:media-type={quoteattr(mimetype)}/>"
        for name, mimetype in files
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ASICE_MIMETYPE}"/>'
        f"{entries}</manifest:manifest>"
    ).encode()


def _check_name(name: str) -> None:
    # Flat names only: DigiDoc shows them as they are, and libdigidocpp adds files by base name.
    if not name or "/" in name or "\\" in name or name in {".", ".."} or name == "mimetype":
        raise ContainerError(f"unusable data file name: {name!r}")


def make_container(files: list[tuple[str, bytes, str]]) -> bytes:
    """An unsigned ASiC-E container holding the files, given as (name, content, mimetype)."""
    if not files:
        raise ContainerError("a container needs at least one data file")
    names = [name for name, _, _ in files]
    if len(set(names)) != len(names):
        raise ContainerError("data file names must be unique")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ASICE_MIMETYPE, zipfile.ZIP_STORED)
        for name, content, _ in files:
            _check_name(name)
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
        manifest = _manifest([(name, mimetype) for name, _, mimetype in files])
        archive.writestr(MANIFEST_PATH, manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _manifest_types(manifest: bytes) -> dict[str, str]:
    from lxml import etree  # type: ignore[import-untyped]

    ns = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    try:
        root = etree.fromstring(manifest, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        raise ContainerError(f"META-INF/manifest.xml is not XML: {error}") from None
    return {
        entry.get(f"{{{ns}}}full-path", ""): entry.get(f"{{{ns}}}media-type", "")
        for entry in root.iter(f"{{{ns}}}file-entry")
    }


def read_container(data: bytes) -> Container:
    """The data files and signature documents of a container; ContainerError if unreadable."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if not infos or infos[0].filename != "mimetype":
            raise ContainerError("the first entry is not 'mimetype'")
        if infos[0].compress_type != zipfile.ZIP_STORED:
            raise ContainerError("'mimetype' is compressed")
        if archive.read("mimetype").decode().strip() != ASICE_MIMETYPE:
            raise ContainerError("not an ASiC-E container (wrong mimetype)")
        names = archive.namelist()
        if MANIFEST_PATH not in names:
            raise ContainerError("no META-INF/manifest.xml")
        types = _manifest_types(archive.read(MANIFEST_PATH))
        data_files = [
            DataFile(info.filename, archive.read(info), types.get(info.filename, ""))
            for info in infos[1:]
            if not info.filename.startswith("META-INF/") and not info.is_dir()
        ]
        signatures = {n: archive.read(n) for n in names if SIGNATURE_PATH.fullmatch(n)}
    except ContainerError:
        raise
    except (zipfile.BadZipFile, OSError, KeyError, UnicodeDecodeError, ValueError) as error:
        raise ContainerError(f"unreadable container: {error}") from error
    if not data_files:
        raise ContainerError("the container holds no data files")
    return Container(data_files, signatures)
