"""What an archive may hold, per use. Callers pass one of the presets, or their own."""

from __future__ import annotations

import msgspec

MiB = 1024 * 1024


class Limits(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every count and size covers nested archives too (one shared budget), so an archive of
    archives cannot multiply its way past them."""

    max_archive_bytes: int  # the archive itself, as received
    max_entries: int  # entries, nested archives' entries included
    max_entry_bytes: int  # one entry unpacked
    max_total_bytes: int  # everything unpacked, nested archives' contents included
    max_ratio: int = 100  # unpacked : packed, for entries of at least `ratio_from_bytes`
    ratio_from_bytes: int = 1 * MiB  # smaller entries may compress as well as they like
    max_depth: int = 1  # archives inside archives: 0 none, 1 one level, …
    max_name_chars: int = 255  # an entry's whole path


# ASiC-E containers (.asice/.bdoc): a job description's DOCX (depth 1, its embedded objects
# depth 2), its PDF, the manifest and one file per signature.
CONTAINER = Limits(
    max_archive_bytes=20 * MiB,
    max_entries=500,  # libdigidocpp's time grows with the square of the entries: 0.15 s here
    max_entry_bytes=20 * MiB,
    max_total_bytes=64 * MiB,
    max_depth=2,
)

# DOCX and ODT documents given to the importer: XML parts, images, embedded objects (depth 1).
DOCUMENT = Limits(
    max_archive_bytes=20 * MiB,
    max_entries=2000,
    max_entry_bytes=16 * MiB,
    max_total_bytes=48 * MiB,
    max_depth=1,
)

# XLSX workbooks: sheet XML is large and repetitive, so a higher ratio is normal.
SPREADSHEET = Limits(
    max_archive_bytes=20 * MiB,
    max_entries=5000,
    max_entry_bytes=48 * MiB,
    max_total_bytes=96 * MiB,
    max_ratio=200,
    max_depth=1,
)
