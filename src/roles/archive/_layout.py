"""The archive's layout read straight from its bytes, before `zipfile` parses anything:
the end records, a count of the central directory, and each entry's local header and extent.

`zipfile` is lenient where an attacker profits: it skips data prepended to the archive,
never looks at gaps between entries, lets two directory records share one local header
(the "overlapping" zip bomb) and trusts the local header's name. Here every byte of the
archive must belong to exactly one entry, the directory or the end records.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass

from roles.archive._errors import ArchiveRefused, Refusal

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP64_EOCD_SIZE = 56
_CENTRAL = b"PK\x01\x02"
_CENTRAL_SIZE = 46
_LOCAL = b"PK\x03\x04"
_LOCAL_SIZE = 30
_DESCRIPTOR = b"PK\x07\x08"
_MAX_COMMENT = 0xFFFF
_ZIP64_EXTRA = 0x0001
FLAG_ENCRYPTED = 0x1
FLAG_DESCRIPTOR = 0x8


@dataclass(frozen=True)
class Directory:
    offset: int  # where the central directory starts: every entry's data ends before it
    size: int
    count: int


def _u16(data: bytes, at: int) -> int:
    value: int = struct.unpack_from("<H", data, at)[0]
    return value


def _u32(data: bytes, at: int) -> int:
    value: int = struct.unpack_from("<L", data, at)[0]
    return value


def _u64(data: bytes, at: int) -> int:
    value: int = struct.unpack_from("<Q", data, at)[0]
    return value


def _end_record(data: bytes) -> int:
    """Where the end-of-central-directory record is: the one whose comment runs exactly to
    the end of the data. A comment holding a second such record makes the archive mean two
    things to two readers (zipfile takes the last): refused."""
    floor = max(0, len(data) - _EOCD_SIZE - _MAX_COMMENT)
    found: list[int] = []
    at = data.rfind(_EOCD, floor)
    while at >= 0 and len(found) < 2:
        if at + _EOCD_SIZE <= len(data) and at + _EOCD_SIZE + _u16(data, at + 20) == len(data):
            found.append(at)
        at = data.rfind(_EOCD, floor, at)
    if not found:
        raise ArchiveRefused(Refusal.NOT_ZIP)
    if len(found) > 1:
        raise ArchiveRefused(Refusal.DIRECTORY)
    return found[0]


def find_directory(data: bytes, max_entries: int) -> Directory:
    """The central directory's place and size, its records counted (refused past
    `max_entries` before any of them is parsed); the end records are checked to sit right
    after it."""
    end = _end_record(data)
    disk, cd_disk, here, total, size, offset = struct.unpack_from("<4xHHHHLL", data, end)
    records_start = end
    locator = end - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        at = _u64(data, locator + 8)
        if at + _ZIP64_EOCD_SIZE > locator or data[at : at + 4] != _ZIP64_EOCD:
            raise ArchiveRefused(Refusal.DIRECTORY)
        if at + 12 + _u64(data, at + 4) != locator:
            raise ArchiveRefused(Refusal.GARBAGE, offset=at + 12 + _u64(data, at + 4))
        disk, cd_disk = _u32(data, at + 16), _u32(data, at + 20)
        here, total = _u64(data, at + 24), _u64(data, at + 32)
        size, offset = _u64(data, at + 40), _u64(data, at + 48)
        records_start = at
    if disk != 0 or cd_disk != 0 or here != total:
        raise ArchiveRefused(Refusal.MULTI_DISK)
    if total > max_entries:
        raise ArchiveRefused(Refusal.TOO_MANY_ENTRIES, limit=max_entries)
    if offset + size > records_start:
        raise ArchiveRefused(Refusal.TRUNCATED)
    if offset + size < records_start:
        raise ArchiveRefused(Refusal.GARBAGE, offset=offset + size)
    count, at = 0, offset
    while at < offset + size:
        if data[at : at + 4] != _CENTRAL or at + _CENTRAL_SIZE > offset + size:
            raise ArchiveRefused(Refusal.DIRECTORY)
        at += _CENTRAL_SIZE + _u16(data, at + 28) + _u16(data, at + 30) + _u16(data, at + 32)
        count += 1
        if count > max_entries:
            raise ArchiveRefused(Refusal.TOO_MANY_ENTRIES, limit=max_entries)
    if at != offset + size or count != total:
        raise ArchiveRefused(Refusal.DIRECTORY)
    return Directory(offset, size, count)


def raw_name(info: zipfile.ZipInfo) -> bytes:
    """The name's bytes as stored: `zipfile` decodes UTF-8 when flagged, else code page 437."""
    return info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")


@dataclass(frozen=True)
class Extent:
    start: int  # the local header
    data_start: int
    data_end: int
    end: int  # after the data descriptor, if any


def _has_zip64_extra(extra: bytes) -> bool:
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        if kind == _ZIP64_EXTRA:
            return True
        at += 4 + length
    return False


def extent(data: bytes, info: zipfile.ZipInfo, where: str, directory: Directory) -> Extent:
    """Where an entry lies, its local header checked against the directory's record."""
    start = info.header_offset
    if start + _LOCAL_SIZE > directory.offset or data[start : start + 4] != _LOCAL:
        raise ArchiveRefused(Refusal.LOCAL_HEADER, entry=where)
    flags, method, crc, packed, unpacked, name_length, extra_length = struct.unpack_from(
        "<2xHH4xLLLHH", data, start + 4
    )
    name_start = start + _LOCAL_SIZE
    data_start = name_start + name_length + extra_length
    data_end = data_start + info.compress_size
    if data_end > directory.offset:
        raise ArchiveRefused(Refusal.OVERLAP, entry=where)
    extra = data[name_start + name_length : data_start]
    if (
        data[name_start : name_start + name_length] != raw_name(info)
        or method != info.compress_type
        or (flags ^ info.flag_bits) & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR)
    ):
        raise ArchiveRefused(Refusal.LOCAL_HEADER, entry=where)
    end = data_end
    if flags & FLAG_DESCRIPTOR:
        if data[end : end + 4] == _DESCRIPTOR:
            end += 4
        wide = _has_zip64_extra(extra)
        fields = "<LQQ" if wide else "<LLL"
        if end + struct.calcsize(fields) > directory.offset:
            raise ArchiveRefused(Refusal.OVERLAP, entry=where)
        crc, packed, unpacked = struct.unpack_from(fields, data, end)
        end += struct.calcsize(fields)
    elif _has_zip64_extra(extra) and 0xFFFFFFFF in (packed, unpacked):
        packed, unpacked = info.compress_size, info.file_size  # sizes live in the extra field
    if (crc, packed, unpacked) != (info.CRC, info.compress_size, info.file_size):
        raise ArchiveRefused(Refusal.LOCAL_HEADER, entry=where)
    return Extent(start, data_start, data_end, end)


def check_tiling(extents: list[tuple[Extent, str]], directory: Directory) -> None:
    """Entries must follow one another from byte 0 to the directory, neither overlapping
    nor leaving bytes between them."""
    at = 0
    for found, where in sorted(extents, key=lambda e: e[0].start):
        if found.start < at:
            raise ArchiveRefused(Refusal.OVERLAP, entry=where)
        if found.start > at:
            raise ArchiveRefused(Refusal.GARBAGE, offset=at)
        at = found.end
    if at != directory.offset:
        raise ArchiveRefused(Refusal.GARBAGE, offset=at)
