"""The whole check of an archive: layout, names, declared sizes, then every entry unpacked in
bounded chunks (nothing kept but nested archives) to prove its real size and checksum."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import msgspec

from roles.archive import _layout
from roles.archive._errors import ArchiveRefused, Refusal
from roles.archive._limits import Limits
from roles.archive._names import check_name, same_name_key

_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 256 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_S_IFMT, _S_IFLNK = 0o170000, 0o120000
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
_AES = 99
_RESOURCES = {
    Refusal.TOO_MANY_ENTRIES,
    Refusal.ENTRY_TOO_LARGE,
    Refusal.TOTAL_TOO_LARGE,
    Refusal.RATIO,
    Refusal.SIZE_MISMATCH,
    Refusal.NESTED_TOO_DEEP,
}


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    size: int  # unpacked, proven
    packed: int
    method: str  # "stored" | "deflated"
    directory: bool
    nested: Inventory | None = None  # the entry is itself an archive, checked the same way


class Inventory(msgspec.Struct, frozen=True, kw_only=True):
    entries: tuple[Entry, ...]
    unpacked: int  # this level's entries unpacked (nested archives' contents not counted twice)


@dataclass
class _Budget:
    entries: int
    bytes: int


def inspect(data: bytes, limits: Limits) -> Inventory:
    """Checks an archive whole; raises ArchiveRefused at the first problem."""
    if len(data) > limits.max_archive_bytes:
        raise ArchiveRefused(Refusal.TOO_LARGE, size=len(data), limit=limits.max_archive_bytes)
    budget = _Budget(limits.max_entries, limits.max_total_bytes)
    return _inspect(bytes(data), limits, budget, depth=0, prefix="")


def _inspect(data: bytes, limits: Limits, budget: _Budget, depth: int, prefix: str) -> Inventory:
    try:
        directory = _layout.find_directory(data, budget.entries)
    except ArchiveRefused as refused:
        if refused.code is Refusal.TOO_MANY_ENTRIES:
            raise ArchiveRefused(Refusal.TOO_MANY_ENTRIES, limit=limits.max_entries) from None
        raise
    budget.entries -= directory.count
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise ArchiveRefused(Refusal.DIRECTORY) from None
    if len(infos) != directory.count:
        raise ArchiveRefused(Refusal.DIRECTORY)
    seen: dict[str, str] = {}
    extents: list[tuple[_layout.Extent, str]] = []
    declared = 0
    for info in infos:
        where = prefix + info.orig_filename
        _check_entry_header(info, where, limits)
        key = same_name_key(info.orig_filename)
        if key in seen:
            raise ArchiveRefused(Refusal.NAME_DUPLICATE, entry=where)
        seen[key] = info.orig_filename
        declared += info.file_size
        if declared > budget.bytes:
            raise ArchiveRefused(Refusal.TOTAL_TOO_LARGE, limit=limits.max_total_bytes)
        extents.append((_layout.extent(data, info, where, directory), where))
    _layout.check_tiling(extents, directory)
    budget.bytes -= declared
    entries = [
        _unpack(data, info, found, where, limits, budget, depth)
        for info, (found, where) in zip(infos, extents, strict=True)
    ]
    return Inventory(entries=tuple(entries), unpacked=declared)


def _check_entry_header(info: zipfile.ZipInfo, where: str, limits: Limits) -> None:
    check_name(info.orig_filename, where, limits.max_name_chars)
    if info.flag_bits & _layout.FLAG_ENCRYPTED or info.compress_type == _AES:
        raise ArchiveRefused(Refusal.ENCRYPTED, entry=where)
    if info.compress_type not in _METHODS:
        raise ArchiveRefused(Refusal.COMPRESSION, entry=where, method=info.compress_type)
    if (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
        raise ArchiveRefused(Refusal.SYMLINK, entry=where)
    if info.file_size > limits.max_entry_bytes:
        raise ArchiveRefused(
            Refusal.ENTRY_TOO_LARGE, entry=where, size=info.file_size, limit=limits.max_entry_bytes
        )
    packed = max(info.compress_size, 1)
    if info.file_size >= limits.ratio_from_bytes and info.file_size > limits.max_ratio * packed:
        ratio = info.file_size // packed
        raise ArchiveRefused(Refusal.RATIO, entry=where, ratio=ratio, limit=limits.max_ratio)
    if info.is_dir() and info.file_size:
        raise ArchiveRefused(Refusal.SIZE_MISMATCH, entry=where, declared=0)


def _unpack(
    data: bytes,
    info: zipfile.ZipInfo,
    found: _layout.Extent,
    where: str,
    limits: Limits,
    budget: _Budget,
    depth: int,
) -> Entry:
    packed = memoryview(data)[found.data_start : found.data_end]
    head = bytearray()  # the first bytes, and all of them when the entry is an archive itself
    is_archive: bool | None = None
    produced, crc = 0, 0
    for chunk in _chunks(packed, info, where):
        produced += len(chunk)
        if produced > info.file_size:
            raise ArchiveRefused(Refusal.SIZE_MISMATCH, entry=where, declared=info.file_size)
        crc = zlib.crc32(chunk, crc)
        if is_archive is not False:
            head += chunk
            if is_archive is None and len(head) >= 4:
                is_archive = bytes(head[:4]) in _ZIP_MAGIC
    if produced != info.file_size:
        raise ArchiveRefused(Refusal.SIZE_MISMATCH, entry=where, declared=info.file_size)
    if crc != info.CRC:
        raise ArchiveRefused(Refusal.CHECKSUM, entry=where)
    nested = None
    if is_archive:
        if depth + 1 > limits.max_depth:
            raise ArchiveRefused(Refusal.NESTED_TOO_DEEP, entry=where, limit=limits.max_depth)
        try:
            nested = _inspect(bytes(head), limits, budget, depth + 1, where + " › ")
        except ArchiveRefused as refused:
            # Inside, only what costs memory or time refuses the whole: a nested archive
            # that is merely broken (a DOCX with a changed byte in a signed container) is
            # data like any other, and whoever opens it checks it at that entrance.
            if refused.code not in _RESOURCES:
                nested = None
            else:
                raise
    return Entry(
        name=info.orig_filename,
        size=info.file_size,
        packed=info.compress_size,
        method=_METHODS[info.compress_type],
        directory=info.is_dir(),
        nested=nested,
    )


def _chunks(packed: memoryview, info: zipfile.ZipInfo, where: str) -> Iterator[bytes]:
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return _Inflater(packed, where)
    return (bytes(packed[i : i + _OUT_CHUNK]) for i in range(0, len(packed), _OUT_CHUNK))


class _Inflater:
    """Raw deflate in bounded steps: never more than _OUT_CHUNK bytes at a time, and the
    stream must end exactly where the entry's packed data ends."""

    def __init__(self, packed: memoryview, where: str) -> None:
        self.packed, self.where = packed, where

    def __iter__(self) -> _Inflater:
        self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self.position = 0
        return self

    def __next__(self) -> bytes:
        inflater = self.inflater
        while not inflater.eof:
            if inflater.unconsumed_tail:
                source: bytes | memoryview = inflater.unconsumed_tail
            elif self.position < len(self.packed):
                source = self.packed[self.position : self.position + _IN_CHUNK]
                self.position += len(source)
            else:
                source = b""
            try:
                out = inflater.decompress(source, _OUT_CHUNK)
            except zlib.error:
                raise ArchiveRefused(Refusal.CORRUPT, entry=self.where) from None
            if out:
                return out
            if not source:  # input used up and nothing more comes: the stream is cut short
                raise ArchiveRefused(Refusal.CORRUPT, entry=self.where)
        if inflater.unused_data or inflater.unconsumed_tail or self.position < len(self.packed):
            raise ArchiveRefused(Refusal.CORRUPT, entry=self.where)
        raise StopIteration
