"""Entry names: what may be in one, and which names count as the same."""

from __future__ import annotations

import re
import unicodedata

from roles.archive._errors import ArchiveRefused, Refusal

_DRIVE = re.compile(r"[A-Za-z]:")
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned code points.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def check_name(name: str, where: str, max_chars: int) -> None:
    """Raises ArchiveRefused when `name` is no plain relative path; `where` is what to show."""
    if not name:
        raise ArchiveRefused(Refusal.NAME_EMPTY)
    if len(name) > max_chars:
        raise ArchiveRefused(Refusal.NAME_TOO_LONG, entry=where, limit=max_chars)
    if any(unicodedata.category(c) in _INVISIBLE for c in name):
        raise ArchiveRefused(Refusal.NAME_CONTROL, entry=where)
    if "\\" in name:
        raise ArchiveRefused(Refusal.NAME_BACKSLASH, entry=where)
    if name.startswith("/") or _DRIVE.match(name):
        raise ArchiveRefused(Refusal.NAME_ABSOLUTE, entry=where)
    segments = (name[:-1] if name.endswith("/") else name).split("/")
    if ".." in segments:
        raise ArchiveRefused(Refusal.NAME_TRAVERSAL, entry=where)
    if any(s in {"", "."} for s in segments):
        raise ArchiveRefused(Refusal.NAME_SEGMENT, entry=where)


def same_name_key(name: str) -> str:
    """Names that a file system or a person would take for one another share a key."""
    return unicodedata.normalize("NFC", name).casefold()
