"""One exception for every refusal: a code, the values it names, and the words for people."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

Param = str | int


class Refusal(StrEnum):
    NOT_ZIP = "not-zip"
    TOO_LARGE = "too-large"
    TOO_MANY_ENTRIES = "too-many-entries"
    ENTRY_TOO_LARGE = "entry-too-large"
    TOTAL_TOO_LARGE = "total-too-large"
    RATIO = "ratio"
    SIZE_MISMATCH = "size-mismatch"
    CHECKSUM = "checksum"
    CORRUPT = "corrupt"
    TRUNCATED = "truncated"
    MULTI_DISK = "multi-disk"
    DIRECTORY = "directory"
    GARBAGE = "garbage"
    OVERLAP = "overlap"
    LOCAL_HEADER = "local-header"
    ENCRYPTED = "encrypted"
    COMPRESSION = "compression"
    SYMLINK = "symlink"
    NESTED_TOO_DEEP = "nested-too-deep"
    NAME_EMPTY = "name-empty"
    NAME_TOO_LONG = "name-too-long"
    NAME_CONTROL = "name-control"
    NAME_BACKSLASH = "name-backslash"
    NAME_ABSOLUTE = "name-absolute"
    NAME_TRAVERSAL = "name-traversal"
    NAME_SEGMENT = "name-segment"
    NAME_DUPLICATE = "name-duplicate"


# (Estonian, English); {entry} is the entry's path, nested archives joined with " › ".
MESSAGES: dict[Refusal, tuple[str, str]] = {
    Refusal.NOT_ZIP: (
        "Fail ei ole ZIP-arhiiv (ega ASiC-E konteiner, DOCX, ODT ega XLSX).",
        "The file is not a ZIP archive (nor an ASiC-E container, DOCX, ODT or XLSX).",
    ),
    Refusal.TOO_LARGE: (
        "Fail on liiga suur: {size} baiti, lubatud on kuni {limit}.",
        "The file is too large: {size} bytes, at most {limit} are accepted.",
    ),
    Refusal.TOO_MANY_ENTRIES: (
        "Arhiivis on liiga palju faile: lubatud on kuni {limit}.",
        "The archive holds too many entries: at most {limit} are accepted.",
    ),
    Refusal.ENTRY_TOO_LARGE: (
        "„{entry}“ on lahtipakituna liiga suur: {size} baiti, lubatud on kuni {limit}.",
        "“{entry}” is too large unpacked: {size} bytes, at most {limit} are accepted.",
    ),
    Refusal.TOTAL_TOO_LARGE: (
        "Arhiivi sisu on lahtipakituna liiga suur: üle {limit} baidi.",
        "The archive is too large unpacked: more than {limit} bytes.",
    ),
    Refusal.RATIO: (
        "„{entry}“ on kahtlaselt tugevalt kokku pakitud ({ratio}:1, lubatud on kuni {limit}:1).",
        "“{entry}” is suspiciously highly compressed ({ratio}:1, at most {limit}:1 is accepted).",
    ),
    Refusal.SIZE_MISMATCH: (
        "„{entry}“ ei ole nii suur, kui arhiiv väidab ({declared} baiti).",
        "“{entry}” is not the size the archive declares ({declared} bytes).",
    ),
    Refusal.CHECKSUM: (
        "„{entry}“ on rikutud: kontrollsumma ei klapi.",
        "“{entry}” is damaged: its checksum does not match.",
    ),
    Refusal.CORRUPT: (
        "„{entry}“ on rikutud ja seda ei saa lahti pakkida.",
        "“{entry}” is damaged and cannot be unpacked.",
    ),
    Refusal.TRUNCATED: (
        "Arhiiv on poolik: osa sellest on puudu.",
        "The archive is truncated: part of it is missing.",
    ),
    Refusal.MULTI_DISK: (
        "Mitmeks osaks jagatud arhiive ei võeta vastu.",
        "Archives split into several parts are not accepted.",
    ),
    Refusal.DIRECTORY: (
        "Arhiivi sisukord on rikutud.",
        "The archive's table of contents is damaged.",
    ),
    Refusal.GARBAGE: (
        "Arhiivis on baidikohal {offset} andmeid, mis ei kuulu ühegi faili juurde.",
        "The archive holds data at byte {offset} that belongs to no entry.",
    ),
    Refusal.OVERLAP: (
        "Arhiivi kirjed kattuvad: „{entry}“ asub osaliselt teise kirje peal.",
        "The archive's entries overlap: “{entry}” lies partly on top of another entry.",
    ),
    Refusal.LOCAL_HEADER: (
        "„{entry}“ on arhiivis kirjeldatud kahel vastuolulisel viisil.",
        "“{entry}” is described in two contradicting ways inside the archive.",
    ),
    Refusal.ENCRYPTED: (
        "„{entry}“ on krüpteeritud; krüpteeritud faile ei võeta vastu.",
        "“{entry}” is encrypted; encrypted entries are not accepted.",
    ),
    Refusal.COMPRESSION: (
        "„{entry}“ on pakitud viisil, mida ei toetata (meetod {method}).",
        "“{entry}” is compressed with an unsupported method ({method}).",
    ),
    Refusal.SYMLINK: (
        "„{entry}“ on viit (symbolic link); viitu ei võeta vastu.",
        "“{entry}” is a symbolic link; links are not accepted.",
    ),
    Refusal.NESTED_TOO_DEEP: (
        "„{entry}“ on arhiiv arhiivis liiga sügaval: lubatud on {limit} taset.",
        "“{entry}” is an archive nested too deep: at most {limit} levels are accepted.",
    ),
    Refusal.NAME_EMPTY: (
        "Arhiivis on nimeta kirje.",
        "The archive holds an entry without a name.",
    ),
    Refusal.NAME_TOO_LONG: (
        "Nimi „{entry}“ on liiga pikk: lubatud on kuni {limit} märki.",
        "The name “{entry}” is too long: at most {limit} characters are accepted.",
    ),
    Refusal.NAME_CONTROL: (
        "Nimes „{entry}“ on juht- või nähtamatuid märke.",
        "The name “{entry}” contains control or invisible characters.",
    ),
    Refusal.NAME_BACKSLASH: (
        "Nimes „{entry}“ on kurakaldkriips (\\); kaustu eraldab kaldkriips (/).",
        "The name “{entry}” contains a backslash (\\); folders are separated by a slash (/).",
    ),
    Refusal.NAME_ABSOLUTE: (
        "Nimi „{entry}“ on absoluutne tee; lubatud on ainult arhiivisisesed nimed.",
        "The name “{entry}” is an absolute path; only names inside the archive are accepted.",
    ),
    Refusal.NAME_TRAVERSAL: (
        "Nimi „{entry}“ viitab arhiivist välja („..“).",
        "The name “{entry}” points outside the archive (“..”).",
    ),
    Refusal.NAME_SEGMENT: (
        "Nimes „{entry}“ on tühi osa või „.“.",
        "The name “{entry}” has an empty or “.” segment.",
    ),
    Refusal.NAME_DUPLICATE: (
        "Nimi „{entry}“ on arhiivis mitu korda (ka suur- ja väiketähti eristamata).",
        "The name “{entry}” occurs more than once (letter case aside).",
    ),
}

_MAX_SHOWN = 120


def printable(name: str) -> str:
    """A name as it can be shown: invisible characters as \\uXXXX, long names shortened."""
    shown = "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"} else c
        for c in name
    )
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 1] + "…"


class ArchiveRefused(ValueError):
    """An archive did not pass the checks; nothing of it should be used.

    `code` says which check, `params` the values it names (`entry` is the entry's path, nested
    archives joined with " › "); `message_et` / `message_en` say it to people."""

    def __init__(self, code: Refusal, **params: Param) -> None:
        self.code = code
        self.params = dict(params)
        shown = {k: printable(v) if isinstance(v, str) else v for k, v in params.items()}
        et, en = MESSAGES[code]
        self.message_et = et.format(**shown)
        self.message_en = en.format(**shown)
        super().__init__(self.message_en)

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en

    def __reduce__(self) -> tuple[object, ...]:  # crosses process boundaries (sign worker)
        return (_rebuild, (str(self.code), self.params))


def _rebuild(code: str, params: dict[str, Param]) -> ArchiveRefused:
    return ArchiveRefused(Refusal(code), **params)
