"""A dict that a new revision can change without copying the old one whole.

`Checker.revise` keeps every look-up of the revision it came from intact (a refused edit goes
back to it), so each revision used to copy every dict it wrote to: on a registry of 10 000
positions that was several dicts of 10 000–40 000 entries per edit, for a change of one entry.
`fork(d)` instead answers a `Layered` mapping: `d` as a base that nobody changes any more,
under a top dict of this revision's own writes (a removed key is a tombstone there). Forking a
`Layered` again shares the same base and copies only the small top; once the top has grown to
an eighth of the base, the fork flattens it into a new plain dict (amortised: one whole copy
per many edits, instead of one per edit).
"""

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

SMALL = 64  # dicts up to this size are simply copied: a layer would only slow their reads
SLACK = 32  # a top may hold this many entries, plus an eighth of the base, before flattening

_GONE: Any = object()  # a tombstone in the top: removed in this layer
_MISSING: Any = object()


class Layered(MutableMapping[K, V]):
    """`base` (shared, never written) overlaid by `top` (this mapping's own writes)."""

    __slots__ = ("_base", "_len", "_top")

    def __init__(self, base: Mapping[K, V], top: dict[K, V], length: int) -> None:
        self._base = base
        self._top = top
        self._len = length

    def __getitem__(self, key: K) -> V:
        found = self._top.get(key, _MISSING)
        if found is _MISSING:
            return self._base[key]
        if found is _GONE:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def get(self, key: K, default: Any = None) -> Any:
        found = self._top.get(key, _MISSING)
        if found is _MISSING:
            return self._base.get(key, default)
        return default if found is _GONE else found

    def __contains__(self, key: object) -> bool:
        found = self._top.get(key, _MISSING)  # type: ignore[arg-type]
        if found is _MISSING:
            return key in self._base
        return found is not _GONE

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self:
            self._len += 1
        self._top[key] = value

    def __delitem__(self, key: K) -> None:
        if key not in self:
            raise KeyError(key)
        self._len -= 1
        if key in self._base:
            self._top[key] = _GONE
        else:
            del self._top[key]

    def pop(self, key: K, default: Any = _MISSING) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        del self[key]
        return found

    def setdefault(self, key: K, default: Any = None) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            self[key] = found = default
        return found

    def __iter__(self) -> Iterator[K]:
        top = self._top
        for key in self._base:
            if key not in top:
                yield key
        for key, value in top.items():
            if value is not _GONE:
                yield key

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._len > 0

    def flat(self) -> dict[K, V]:
        """A plain dict of the same entries."""
        out = dict(self._base)
        for key, value in self._top.items():
            if value is _GONE:
                del out[key]
            else:
                out[key] = value
        return out


def fork(d: Mapping[K, V]) -> MutableMapping[K, V]:
    """A mapping with `d`'s entries that may be written without changing `d`."""
    if isinstance(d, Layered):
        if len(d._top) > SLACK + len(d._base) // 8:
            return Layered(d.flat(), {}, d._len)
        return Layered(d._base, dict(d._top), d._len)
    if len(d) <= SMALL:
        return dict(d)
    return Layered(d, {}, len(d))
