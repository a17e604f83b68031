"""ASiC-E containers (ETSI EN 319 162-1) as ZIP files: `mimetype` first and stored, a manifest,
the data files, and one META-INF/signatures*.xml per signature."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from roles import archive

ASICE_MIMETYPE = "application/vnd.etsi.asic-e+zip"
MANIFEST_PATH = "META-INF/manifest.xml"
SIGNATURE_PATH = re.compile(r"META-INF/.*signatures.*\.xml")


_MESSAGES = {
    "mimetype": (
        "Esimene fail ei ole „mimetype“ või see on pakitud: see ei ole ASiC-E konteiner.",
        "the first entry is not an uncompressed 'mimetype': not an ASiC-E container",
    ),
    "mimetype-wrong": (
        "Fail „mimetype“ ei ütle „application/vnd.etsi.asic-e+zip“: see ei ole ASiC-E konteiner.",
        "not an ASiC-E container (wrong mimetype)",
    ),
    "manifest-missing": ("Konteineris puudub META-INF/manifest.xml.", "no META-INF/manifest.xml"),
    "manifest-invalid": (
        "META-INF/manifest.xml ei ole korrektne XML.",
        "META-INF/manifest.xml is not XML",
    ),
    "no-data-files": (
        "Konteineris ei ole ühtegi andmefaili.",
        "the container holds no data files",
    ),
    "data-file-name": (
        "Andmefaili nimi „{name}“ ei sobi.",
        "unusable data file name: {name!r}",
    ),
    "library": (
        "libdigidocpp ei saa konteinerit avada: {detail}",
        "libdigidocpp cannot open the container: {detail}",
    ),
}


class ContainerError(ValueError):
    """The bytes are not a readable ASiC-E container. `code` says which check (an archive
    refusal's code, or one of this module's), `message_et` / `message_en` say it to people."""

    def __init__(self, code: str, message_et: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message_et, self.message_en = code, message_et, message_en

    @classmethod
    def of(cls, code: str, **params: str) -> ContainerError:
        et, en = _MESSAGES[code]
        return cls(code, et.format(**params), en.format(**params))

    @classmethod
    def refused(cls, refusal: archive.ArchiveRefused) -> ContainerError:
        return cls(str(refusal.code), refusal.message_et, refusal.message_en)

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en

    def __reduce__(self) -> tuple[object, ...]:
        return (ContainerError, (self.code, self.message_et, self.message_en))


@dataclass(frozen=True)
class DataFile:
    name: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Container:
    data_files: list[DataFile]
    signatures: dict[str, bytes] = field(default_factory=dict)  # path -> XAdES document
    other_meta: list[str] = field(default_factory=list)  # files in META-INF without a standard name
    entries: list[tuple[str, int]] = field(default_factory=list)  # every file: name, size

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
        raise ContainerError.of("data-file-name", name=name)


def make_container(files: list[tuple[str, bytes, str]]) -> bytes:
    """An unsigned ASiC-E container holding the files, given as (name, content, mimetype)."""
    if not files:
        raise ContainerError.of("no-data-files")
    names = [name for name, _, _ in files]
    if len(set(names)) != len(names):
        raise ContainerError(
            "duplicate",
            "Andmefailide nimed peavad olema erinevad.",
            "data file names must be unique",
        )
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
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(manifest, parser=parser)
    except etree.XMLSyntaxError:
        raise ContainerError.of("manifest-invalid") from None
    if root.getroottree().docinfo.internalDTD is not None or b"<!DOCTYPE" in manifest:
        raise ContainerError.of("manifest-invalid")
    return {
        entry.get(f"{{{ns}}}full-path", ""): entry.get(f"{{{ns}}}media-type", "")
        for entry in root.iter(f"{{{ns}}}file-entry")
    }


def check_container(data: bytes) -> archive.CheckedArchive:
    """The container opened after every archive check (roles.archive, CONTAINER limits) and
    the ASiC-E basics (`mimetype` first, stored and right; a manifest); ContainerError else."""
    try:
        checked = archive.open_checked(data, archive.CONTAINER)
    except archive.ArchiveRefused as refused:
        raise ContainerError.refused(refused) from None
    infos = checked.infolist()
    if not infos or infos[0].filename != "mimetype" or infos[0].compress_type != zipfile.ZIP_STORED:
        raise ContainerError.of("mimetype")
    if checked.read("mimetype").strip() != ASICE_MIMETYPE.encode():
        raise ContainerError.of("mimetype-wrong")
    if MANIFEST_PATH not in checked.namelist():
        raise ContainerError.of("manifest-missing")
    return checked


def read_container(data: bytes) -> Container:
    """The data files and signature documents of a container; ContainerError if unreadable."""
    with check_container(data) as checked:
        types = _manifest_types(checked.read(MANIFEST_PATH))
        infos = checked.infolist()
        data_files = [
            DataFile(info.filename, checked.read(info), types.get(info.filename, ""))
            for info in infos[1:]
            if not info.filename.startswith("META-INF/") and not info.is_dir()
        ]
        signatures = {
            i.filename: checked.read(i) for i in infos if SIGNATURE_PATH.fullmatch(i.filename)
        }
        others = [
            i.filename
            for i in infos[1:]
            if i.filename.startswith("META-INF/")
            and not i.is_dir()
            and i.filename != MANIFEST_PATH
            and not SIGNATURE_PATH.fullmatch(i.filename)
        ]
        entries = [(i.filename, i.file_size) for i in infos if not i.is_dir()]
    if not data_files:
        raise ContainerError.of("no-data-files")
    return Container(data_files, signatures, others, entries)
