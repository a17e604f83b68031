"""Clause-level comparison of two job descriptions: added, removed, changed, moved.

Pure: works on domain values only. Clauses are flattened in document order (nested ones
included) and matched in three passes:
1. equal text (normalised: case, spacing, Unicode form) pairs clauses; of those pairs, the ones
   outside the longest run kept in the same order, or now in another kind of section, are
   *moved*; the rest are unchanged and not reported;
2. of what is left, clauses with the same section kind and the same numbering (`ref`), or
   failing that similar enough text, are *changed*;
3. whatever is still left over was *removed* (only in the first) or *added* (only in the second).
"""

import difflib
import unicodedata
from bisect import bisect_left
from enum import StrEnum

import msgspec

from roles.domain.model import Clause, JobDescription, SectionKind

__all__ = ["ChangeKind", "ClauseAt", "ClauseChange", "DiffSummary", "diff", "normalise"]

SIMILAR = 0.6  # SequenceMatcher ratio above which two unmatched clauses count as one changed


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


class ClauseAt(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A clause where it stands in one document."""

    index: int  # position in document order among all clauses (0-based)
    section: SectionKind
    section_title: str | None = None
    ref: str | None = None
    depth: int = 0  # 0 = top-level clause of its section
    text: str
    result: str | None = None
    library: str | None = None


class ClauseChange(msgspec.Struct, kw_only=True, omit_defaults=True):
    kind: ChangeKind
    before: ClauseAt | None = None  # None for added
    after: ClauseAt | None = None  # None for removed
    similarity: float | None = None  # for changed: how alike the texts are, 0..1


class DiffSummary(msgspec.Struct, kw_only=True):
    added: int
    removed: int
    changed: int
    moved: int
    unchanged: int


def normalise(text: str) -> str:
    """Text as compared and searched: NFC, casefolded, whitespace collapsed.

    Estonian letters stay distinct (õ is not o); only case and spacing are ignored.
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def flatten(description: JobDescription) -> list[ClauseAt]:
    out: list[ClauseAt] = []

    def walk(clauses: list[Clause], kind: SectionKind, title: str | None, depth: int) -> None:
        for c in clauses:
            out.append(
                ClauseAt(
                    index=len(out),
                    section=kind,
                    section_title=title,
                    ref=c.ref,
                    depth=depth,
                    text=c.text,
                    result=c.result,
                    library=c.library,
                )
            )
            walk(c.clauses, kind, title, depth + 1)

    for s in description.sections:
        walk(s.clauses, s.kind, s.title, 0)
    return out


def _key(c: ClauseAt) -> tuple[str, str]:
    return normalise(c.text), normalise(c.result or "")


def diff(a: JobDescription, b: JobDescription) -> tuple[list[ClauseChange], DiffSummary]:
    """What changed from `a` to `b`, in `b`'s document order (removed ones where they stood)."""
    left, right = flatten(a), flatten(b)
    # Pass 1: equal text.
    waiting: dict[tuple[str, str], list[int]] = {}
    for c in right:
        waiting.setdefault(_key(c), []).append(c.index)
    pairs: list[tuple[int, int]] = []
    for c in left:
        queue = waiting.get(_key(c))
        if queue:
            pairs.append((c.index, queue.pop(0)))
    kept = set(_longest_increasing([j for _, j in pairs]))
    changes: list[ClauseChange] = []
    unchanged = 0
    for i, j in pairs:
        before, after = left[i], right[j]
        if j in kept and before.section is after.section:
            unchanged += 1
        else:
            changes.append(ClauseChange(kind=ChangeKind.MOVED, before=before, after=after))
    matched_left = {i for i, _ in pairs}
    matched_right = {j for _, j in pairs}
    rest_left = [c for c in left if c.index not in matched_left]
    rest_right = [c for c in right if c.index not in matched_right]
    # Pass 2: same numbering in the same kind of section, then similar text.
    by_ref: dict[tuple[SectionKind, str], ClauseAt] = {
        (c.section, c.ref): c for c in reversed(rest_right) if c.ref is not None
    }
    paired: list[tuple[ClauseAt, ClauseAt]] = []
    for c in rest_left:
        other = by_ref.pop((c.section, c.ref), None) if c.ref is not None else None
        if other is not None:
            paired.append((c, other))
    used_left = {x.index for x, _ in paired}
    used_right = {y.index for _, y in paired}
    candidates = sorted(
        (
            (difflib.SequenceMatcher(None, _key(x)[0], _key(y)[0]).ratio(), x.index, y.index)
            for x in rest_left
            if x.index not in used_left
            for y in rest_right
            if y.index not in used_right
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for ratio, i, j in candidates:
        if ratio < SIMILAR:
            break
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        paired.append((left[i], right[j]))
    for x, y in paired:
        ratio = difflib.SequenceMatcher(None, normalise(x.text), normalise(y.text)).ratio()
        changes.append(
            ClauseChange(kind=ChangeKind.CHANGED, before=x, after=y, similarity=round(ratio, 3))
        )
    # Pass 3: the rest.
    used_left = {x.index for x, _ in paired}
    used_right = {y.index for _, y in paired}
    changes += [
        ClauseChange(kind=ChangeKind.REMOVED, before=c)
        for c in rest_left
        if c.index not in used_left
    ]
    changes += [
        ClauseChange(kind=ChangeKind.ADDED, after=c)
        for c in rest_right
        if c.index not in used_right
    ]
    changes.sort(key=_order)
    count = {k: sum(1 for c in changes if c.kind is k) for k in ChangeKind}
    summary = DiffSummary(
        added=count[ChangeKind.ADDED],
        removed=count[ChangeKind.REMOVED],
        changed=count[ChangeKind.CHANGED],
        moved=count[ChangeKind.MOVED],
        unchanged=unchanged,
    )
    return changes, summary


def _order(c: ClauseChange) -> tuple[float, int]:
    if c.after is not None:
        return (c.after.index, 1)
    assert c.before is not None
    return (c.before.index - 0.5, 0)  # a removed clause sorts just before its old neighbour


def _longest_increasing(values: list[int]) -> list[int]:
    """The values of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []  # tails[k] = index into values of the smallest tail of length k+1
    previous: list[int] = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left([values[t] for t in tails], v)
        if k > 0:
            previous[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        out.append(values[i])
        i = previous[i]
    return out[::-1]
