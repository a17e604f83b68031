"""Ids people never type: made from the name they did type ("Sotsiaalosakond" →
`tamme-sotsiaalosakond`), unique among the ids already taken."""

import re
import unicodedata
from collections.abc import Container

from roles.services.snapshot import Snapshot

_LETTERS = str.maketrans({"õ": "o", "ä": "a", "ö": "o", "ü": "u", "š": "s", "ž": "z"})


def new_id(prefix: str, name: str, taken: Container[str]) -> str:
    """`prefix-name-as-slug`, with -2, -3… when taken; at most 80 characters."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "x"
    base = f"{prefix}-{slug}" if prefix else slug
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


def taken(snap: Snapshot) -> set[str]:
    """Every id of the municipality: a new one of any kind must differ from all of them (one
    registry file holds them side by side)."""
    return {snap.id, *snap.agencies, *snap.units, *snap.positions, *snap.people}
