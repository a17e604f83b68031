"""Safe reading of ZIP archives (ASiC-E containers, DOCX, ODT, XLSX): every archive the
service reads passes `inspect` before anything else touches it.

    from roles import archive

    archive.inspect(data, archive.DOCUMENT)           # raises archive.ArchiveRefused
    with archive.open_checked(data, archive.CONTAINER) as zf:
        zf.read("META-INF/manifest.xml")              # a read-only zipfile.ZipFile

Checked: the archive's size; the number of entries; declared and real sizes of each entry
and of all together (every entry is unpacked in bounded chunks and must end exactly at its
declared size and checksum); the compression ratio; archives inside archives (to a depth,
within one shared budget: inside, only what costs memory or time refuses — a broken nested
archive is data like any other); names (absolute, "..", backslashes, empty
or "." segments, control and invisible characters, too long, duplicates letter case aside);
the layout (every byte belongs to one entry, the directory or the end records: nothing
prepended, between or overlapping, local headers agreeing with the directory); encrypted
entries, symbolic links and compression methods other than stored and deflated.

Built on `zipfile` rather than a PyPI package: the ones there (safezip, safe-unzip, …)
extract to disk, are young, and check neither nested archives nor overlapping entries; the
service reads in memory and hands the bytes on (python-docx, openpyxl, libdigidocpp).
"""

from roles.archive._errors import MESSAGES, ArchiveRefused, Refusal
from roles.archive._inspect import Entry, Inventory, inspect
from roles.archive._limits import CONTAINER, DOCUMENT, SPREADSHEET, Limits
from roles.archive._reader import CheckedArchive, open_checked

__all__ = [
    "CONTAINER",
    "DOCUMENT",
    "MESSAGES",
    "SPREADSHEET",
    "ArchiveRefused",
    "CheckedArchive",
    "Entry",
    "Inventory",
    "Limits",
    "Refusal",
    "inspect",
    "open_checked",
]
