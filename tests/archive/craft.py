"""ZIP archives byte by byte, so tests can make the ones no honest writer makes: lying sizes,
overlapping entries, bytes between entries, names zipfile would never write."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Raw:
    name: bytes
    packed: bytes  # the entry's data as stored in the archive
    content: bytes  # what it unpacks to (for the defaults below)
    method: int = 8
    flags: int = 0x800  # UTF-8 names
    crc: int | None = None  # default: of `content`
    size: int | None = None  # declared unpacked size; default: len(content)
    packed_size: int | None = None  # declared packed size; default: len(packed)
    external: int = 0
    local_name: bytes | None = None  # the local header's name; default: `name`
    extra: bytes = b""
    offset: int | None = None  # where the directory says the local header is
    descriptor: bool = False  # sizes and CRC after the data (flag bit 3)
    fields: dict[str, int] = field(default_factory=dict)

    def declared(self) -> tuple[int, int, int]:
        crc = zlib.crc32(self.content) if self.crc is None else self.crc
        size = len(self.content) if self.size is None else self.size
        packed = len(self.packed) if self.packed_size is None else self.packed_size
        return crc, packed, size


def deflate(data: bytes, level: int = 9) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def entry(
    path: str | bytes, content: bytes = b"", *, stored: bool = False, **changes: object
) -> Raw:
    raw_name = path.encode() if isinstance(path, str) else path
    packed = content if stored else deflate(content)
    made = Raw(raw_name, packed, content, method=0 if stored else 8)
    return replace(made, **changes)  # type: ignore[arg-type]


def build(
    entries: list[Raw],
    *,
    prefix: bytes = b"",
    between: bytes = b"",
    before_directory: bytes = b"",
    comment: bytes = b"",
    count: int | None = None,
    disk: int = 0,
) -> bytes:
    out = bytearray(prefix)
    offsets = []
    for index, e in enumerate(entries):
        if index:
            out += between
        offsets.append(len(out))
        crc, packed, size = e.declared()
        flags = e.flags | (0x8 if e.descriptor else 0)
        local_name = e.name if e.local_name is None else e.local_name
        head = (0, 0, 0) if e.descriptor else (crc, packed, size)
        out += struct.pack(
            "<4sHHHHHLLLHH",
            b"PK\x03\x04",
            20,
            flags,
            e.method,
            0,
            0x21,
            *head,
            len(local_name),
            len(e.extra),
        )
        out += local_name + e.extra + e.packed
        if e.descriptor:
            out += struct.pack("<4sLLL", b"PK\x07\x08", crc, packed, size)
    out += before_directory
    directory = len(out)
    for e, offset in zip(entries, offsets, strict=True):
        crc, packed, size = e.declared()
        flags = e.flags | (0x8 if e.descriptor else 0)
        out += struct.pack(
            "<4sHHHHHHLLLHHHHHLL",
            b"PK\x01\x02",
            0x314,
            20,
            flags,
            e.method,
            0,
            0x21,
            crc,
            packed,
            size,
            len(e.name),
            len(e.extra),
            0,
            0,
            0,
            e.external,
            offset if e.offset is None else e.offset,
        )
        out += e.name + e.extra
    size_cd = len(out) - directory
    n = len(entries) if count is None else count
    out += struct.pack(
        "<4sHHHHLLH", b"PK\x05\x06", disk, disk, n, n, size_cd, directory, len(comment)
    )
    return bytes(out + comment)
