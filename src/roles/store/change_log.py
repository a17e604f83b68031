"""The change log: every row-level change of a municipality's registry, by the revision it made.

A write stores its `Delta` (the entities it added, changed or removed, whole, msgpack) in
`change_log` in the same transaction that bumps the revision, so a reader that sees revision R
also sees every entry up to R. A worker holding revision r catches up by applying the entries
r+1…R to its registry (`apply`), in order; `after` answers None when they do not all exist —
pruned (`KEEP` per municipality), or skipped by a whole replacement (`store.load`, a file
load, a municipality made anew), which bumps the revision without an entry — and the worker
then reads the municipality whole.

Registries here are canonical (`registry.canonical`: entities by id, a person's assignments
and absences by date), as `store.read_registry` reads them back; `diff` and `apply` keep them
so with binary searches, never a sort of the whole registry: applying the entries to revision
r gives exactly what a whole read at R gives (tests/test_change_log.py).
"""

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache
from itertools import compress, count
from operator import is_not
from typing import Any, TypeVar, cast

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from roles import domain
from roles.store.change_log_tables import ChangeLogEntry

KEEP = 1000  # entries kept per municipality: a worker further behind reads it whole
KINDS = ("agencies", "units", "positions", "people")  # Registry attributes keyed by id

DescriptionKey = tuple[str, int]
E = TypeVar("E")


class Delta(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """What one change wrote: entities whole as they are now (upserts), ids of those that went.
    `added` names the upserted entities that are new (the writer inserts rather than updates)."""

    municipality: domain.Municipality | None = None
    agencies: list[domain.Agency] = []
    units: list[domain.Unit] = []
    positions: list[domain.Position] = []
    people: list[domain.Person] = []
    job_descriptions: list[domain.JobDescription] = []
    removed: dict[str, list[str]] = {}  # kind (a `KINDS` name) → ids
    removed_descriptions: list[DescriptionKey] = []
    added: dict[str, list[str]] = {}  # kind → ids of upserts that did not exist before
    # The staff establishment's versions, whole, when they changed (few and small).
    establishments: list[domain.Establishment] | None = None

    def empty(self) -> bool:
        return self == Delta()


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(Delta)


def _by_id(e: Any) -> str:
    return e.id  # type: ignore[no-any-return]


def _by_key(d: domain.JobDescription) -> DescriptionKey:
    return (d.position, d.version)


def canonical_person(p: domain.Person) -> domain.Person:
    """A person with assignments and absences in the order the database reads them back
    (the very object when they are in that order already)."""
    assignments = sorted(p.assignments, key=lambda a: (a.start, a.position, a.end or a.start))
    absences = sorted(p.absences, key=lambda a: (a.start, a.end, a.kind))
    if assignments == p.assignments and absences == p.absences:
        return p
    return msgspec.structs.replace(p, assignments=assignments, absences=absences)


def diff(old: domain.Registry, new: domain.Registry) -> Delta:
    """What differs from `old` (canonical) to `new` (any order). Lists `new` shares with `old`
    are skipped, and entities it shares are compared by identity first, so a change of one
    entity costs a pass over its own list only."""
    delta = Delta()
    if new.municipality is not old.municipality and new.municipality != old.municipality:
        delta.municipality = new.municipality
    for kind in KINDS:
        before: list[Any] = getattr(old, kind)
        after: list[Any] = getattr(new, kind)
        if after is before:
            continue
        upserts, added, removed = _differ(before, after, _by_id)
        if kind == "people":
            upserts = [canonical_person(p) for p in upserts]
        setattr(delta, kind, upserts)
        if added:
            delta.added[kind] = added
        if removed:
            delta.removed[kind] = removed
    if new.job_descriptions is not old.job_descriptions:
        upserts, _, gone = _differ(old.job_descriptions, new.job_descriptions, _by_key)
        delta.job_descriptions = upserts
        delta.removed_descriptions = gone
    if new.establishments is not old.establishments and new.establishments != old.establishments:
        delta.establishments = new.establishments
    return delta


def _differ(
    old: Sequence[E], new: Sequence[E], key: Callable[[E], Any]
) -> tuple[list[E], list[Any], list[Any]]:
    # The common prefix and suffix (by identity) are what an edit kept in place; only the
    # middle is compared by key.
    n = min(len(old), len(new))
    # The first place from each end where the lists differ, found at C speed (a loop in
    # Python over 10 000 positions was a tenth of a write).
    first = next(compress(count(), map(is_not, old, new)), n)
    if first == len(old) == len(new):
        return [], [], []
    last = next(compress(count(), map(is_not, reversed(old), reversed(new))), n)
    last = min(last, n - first)
    before = {key(e): e for e in old[first : len(old) - last]}
    seen = set()
    upserts, added = [], []
    for e in new[first : len(new) - last]:
        k = key(e)
        seen.add(k)
        was = before.get(k)
        if was is None:
            upserts.append(e)
            added.append(k)
        elif was is not e and was != e:
            upserts.append(e)
    removed = [k for k in before if k not in seen]
    return upserts, added, removed


def apply(registry: domain.Registry, delta: Delta) -> domain.Registry:
    """`registry` (canonical) with the change made, canonical still."""
    changes: dict[str, Any] = {}
    if delta.municipality is not None:
        changes["municipality"] = delta.municipality
    for kind in KINDS:
        upserts: list[Any] = getattr(delta, kind)
        removed = delta.removed.get(kind, [])
        if upserts or removed:
            changes[kind] = _merge(getattr(registry, kind), upserts, removed, _by_id)
    if delta.job_descriptions or delta.removed_descriptions:
        changes["job_descriptions"] = _merge(
            registry.job_descriptions,
            delta.job_descriptions,
            [tuple(k) for k in delta.removed_descriptions],
            _by_key,
        )
    if delta.establishments is not None:
        changes["establishments"] = delta.establishments
    return msgspec.structs.replace(registry, **changes) if changes else registry


def _merge(
    items: list[E], upserts: Sequence[E], removed: Sequence[Any], key: Callable[[E], Any]
) -> list[E]:
    out = list(items)
    for k in removed:
        i = bisect_left(out, k, key=key)
        if i < len(out) and key(out[i]) == k:
            del out[i]
    for e in upserts:
        k = key(e)
        i = bisect_left(out, k, key=key)
        if i < len(out) and key(out[i]) == k:
            out[i] = e
        else:
            out.insert(i, e)
    return out


# --- the table ---------------------------------------------------------------------------------


def append(session: Session, municipality: str, revision: int, delta: Delta) -> None:
    """Store the change that made `revision`, in the caller's transaction, and prune entries
    older than `KEEP` revisions."""
    connection = session.connection()
    connection.execute(
        _statements().insert,
        {"municipality_id": municipality, "revision": revision, "delta": _encoder.encode(delta)},
    )
    # One range on the primary key: nothing to do but at the far end.
    connection.execute(_statements().prune, {"_m": municipality, "_upto": revision - KEEP})


def after(
    db: Session | Connection, municipality: str, since: int, until: int
) -> list[Delta] | None:
    """The changes that made revisions since+1 … until, in order; None when the log does not
    hold every one of them (the caller reads the municipality whole)."""
    if until - since > KEEP or until <= since:
        return None
    connection = db.connection() if isinstance(db, Session) else db
    found = connection.execute(
        _statements().after, {"_m": municipality, "_since": since, "_until": until}
    ).all()
    if [r for r, _ in found] != list(range(since + 1, until + 1)):
        return None
    return [_decoder.decode(data) for _, data in found]


class _Statements:
    """Made once (`_statements`): a statement built anew per write costs more than running
    it, and both run on every write and every catch-up."""

    def __init__(self) -> None:
        log = cast(sa.Table, ChangeLogEntry.__table__)
        m, revision = log.c.municipality_id, log.c.revision
        self.insert = sa.insert(log)
        self.prune = sa.delete(log).where(
            m == sa.bindparam("_m"), revision <= sa.bindparam("_upto")
        )
        self.after = (
            sa.select(revision, log.c.delta)
            .where(
                m == sa.bindparam("_m"),
                revision > sa.bindparam("_since"),
                revision <= sa.bindparam("_until"),
            )
            .order_by(revision)
        )


@cache
def _statements() -> _Statements:
    return _Statements()


def forget(session: Session, municipality: str) -> None:
    """Remove a municipality's entries (it is deleted)."""
    log = ChangeLogEntry
    session.execute(sa.delete(log).where(log.municipality_id == municipality))
