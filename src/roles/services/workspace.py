"""Registries as the use cases read and change them: cached snapshots and checked edits.

Reads: each process keeps the last snapshot of every municipality it has read, with the
revision it was read at (`store.revisions`). Every read checks its snapshot against the
revision committed now, so a change committed by any process (a worker, `roles load`) is seen
by the very next read on every worker:

- `snapshot` (sync handlers): one primary-key lookup on a connection of the thread's own.
- `fresh` (async handlers, the hot reads): every revision in one query (`committed`), made
  once per request and shared with the caller's check; on PostgreSQL concurrent requests
  share the query too (`store.revisions.SharedRevisions`).

A snapshot behind the committed revision catches up through the change log
(`store.change_log`: the deltas after its revision, applied in order, `Snapshot.advance`);
only when the log does not reach back to it is the municipality read whole.

Changes: `edit` locks the municipality's row, applies a change to its domain `Registry`, checks
the result (`_check`: Invalid with paths on any problem), takes the delta from the snapshot
(`change_log.diff`: only the lists the change replaced), writes its rows (only removing a
position with approved history replaces the municipality whole with `store.load`, which
archives it), records the audit entries, bumps the revision and appends the delta to the log,
all in one transaction. The writer's own cache moves on by the same delta at once.
"""

import asyncio
import datetime as dt
import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from roles import domain, store
from roles.registry import canonical
from roles.render import LAYOUTS
from roles.services.callers import KnownCallers
from roles.services.errors import Invalid, not_found
from roles.services.options import Options
from roles.services.snapshot import Snapshot
from roles.store import change_log, changes, loading, revisions
from roles.store import tables as t
from roles.store.audit import Change, record
from roles.store.revisions import Committed as Committed  # the faces take it from here

T = TypeVar("T")


@dataclass
class Edit(Generic[T]):
    """What a change made: the registry to store, the result to answer, the audit entries."""

    registry: domain.Registry
    result: T
    changes: list[Change]


class Workspace:
    """The engine, the session factory, this process's snapshot cache and the options the
    services run with."""

    def __init__(self, engine: Engine, options: Options | None = None) -> None:
        self.engine = engine
        self.options = options or Options()
        self.sessions = store.sessions(engine)
        self.layouts = frozenset(LAYOUTS)
        self._cache: dict[str, Snapshot] = {}
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._lock = threading.Lock()  # guards replacing a cached snapshot by a newer one
        self._revisions = revisions.Reader(engine)
        self.callers = KnownCallers()
        self._shared = (
            revisions.SharedRevisions(engine.url) if engine.dialect.name == "postgresql" else None
        )

    # --- reads ---------------------------------------------------------------------------

    def snapshot(self, municipality: str) -> Snapshot | None:
        """The municipality's registry as committed now, or None when it does not exist."""
        return self._current(municipality, self._revisions.read(municipality))

    async def committed(self) -> Committed:
        """Every revision as committed now, in one read: on PostgreSQL shared by the requests
        that arrive while the previous read runs. A request reads it once (the API's
        `committed` dependency) for its caller (`services.callers`) and its snapshot."""
        if self._shared is None:
            return self._revisions.committed()
        return await self._shared.read()

    async def fresh(
        self, municipality: str, committed: Committed | None = None
    ) -> Snapshot | None:
        """`snapshot` for async handlers, by `committed` (read now when not given)."""
        if committed is None:
            committed = await self.committed()
        revision = committed.municipalities.get(municipality)
        cached = self._cache.get(municipality)
        if revision is not None and cached is not None and cached.revision == revision:
            return cached
        # Catching up, or reading whole (seconds for a big registry), never on the event
        # loop: the other requests go on, and the server's supervisor sees a live worker.
        return await asyncio.to_thread(self._current, municipality, revision)

    def _current(self, municipality: str, revision: int | None) -> Snapshot | None:
        if revision is None:
            self._cache.pop(municipality, None)
            return None
        cached = self._cache.get(municipality)
        if cached is not None and cached.revision == revision:
            return cached
        if cached is not None and cached.revision < revision:
            caught = self._catch_up(municipality, cached, revision)
            if caught is not None:
                return caught
        return self._reload(municipality)

    def _catch_up(self, municipality: str, cached: Snapshot, revision: int) -> Snapshot | None:
        """`cached` moved on to `revision` by the change log; None when the log does not hold
        every change in between (pruned, or a whole replacement came between)."""
        with self.engine.connect() as connection:  # one SELECT: no ORM session needed
            snap = _advanced(connection, cached, revision)
        if snap is None:
            return None
        with self._lock:  # a reader that got further first keeps its snapshot
            kept = self._cache.get(municipality)
            if kept is None or kept.revision < snap.revision:
                self._cache[municipality] = snap
        return snap

    def require(self, municipality: str) -> Snapshot:
        snap = self.snapshot(municipality)
        if snap is None:
            raise not_found("municipality", municipality)
        return snap

    def _reload(self, municipality: str) -> Snapshot | None:
        # The revision read before and after the registry: equal means no write came between.
        for _ in range(10):
            with self.sessions() as session:
                before = revisions.current(session.connection(), municipality)
                registry = store.read_registry(session, municipality)
                after = revisions.current(session.connection(), municipality)
            if before is None or registry is None or after is None:
                return None
            if before == after:
                snap = Snapshot(after, registry)
                self._cache[municipality] = snap
                # A big registry is millions of objects that live long: keep them out of the
                # cyclic collector's full passes (which otherwise stall requests for ~0.5 s).
                gc.freeze()
                return snap
        raise RuntimeError(f"{municipality}: registry kept changing while being read")

    def all(self) -> Iterator[Snapshot]:
        with self.engine.connect() as connection:
            ids = list(connection.execute(sa.select(t.Municipality.id).order_by(t.Municipality.id)))
        for (mid,) in ids:
            snap = self.snapshot(mid)
            if snap is not None:
                yield snap

    def names(self, municipalities: Collection[str]) -> dict[str, str]:
        """Municipality names by id (for menus), in one query: right on every worker even
        just after a rename elsewhere; ids that do not exist are left out."""
        if not municipalities:
            return {}
        table = t.Municipality
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(table.id, table.name).where(table.id.in_(list(municipalities)))
            )
            return {mid: name for mid, name in rows}

    def cached(self) -> list[str]:
        """The municipalities this process has snapshots of (no database read)."""
        return sorted(self._cache)

    def close(self) -> None:
        self._revisions.close()
        self.engine.dispose()

    async def aclose(self) -> None:
        if self._shared is not None:
            await self._shared.close()
        self.close()

    # --- changes ---------------------------------------------------------------------------

    def edit(
        self,
        municipality: str,
        actor: str,
        change: Callable[[Snapshot], Edit[T]],
    ) -> T:
        """Apply `change` to the municipality's registry under its lock; see the module doc."""
        with self._locks[municipality], self.sessions() as session, session.begin():
            revision = revisions.lock(session, municipality)  # before anything is read
            if revision is None:
                raise not_found("municipality", municipality)
            cached = self._cache.get(municipality)
            if cached is not None and cached.revision != revision:
                cached = _advanced(session, cached, revision)  # another worker wrote
            if cached is None:
                registry = store.read_registry(session, municipality)
                assert registry is not None
                cached = Snapshot(revision, registry)
            edit = change(cached)
            checked = self._check(cached, edit)
            delta = change_log.diff(cached.registry, edit.registry)
            _keep_history(cached, delta)
            whole = changes.needs_whole_load(cached.versions, delta)
            if whole:
                loading.load(session, canonical(edit.registry), source="api")
            else:
                changes.write_changes(session, edit.registry, delta)
                changes.write_descriptions(session, municipality, delta)
            record(session, actor, municipality, edit.changes, dt.datetime.now(dt.UTC))
            revision = revisions.bump(session, municipality)
            if not whole:
                change_log.append(session, municipality, revision, delta)
        if whole:
            self._cache.pop(municipality, None)
        else:
            following = cached.advance(revision, delta)
            following.keep_checker(checked)
            self._cache[municipality] = following
        return edit.result

    def _check(self, before: Snapshot, edit: "Edit[Any]") -> domain.Checker:
        """Invalid with every problem of the changed registry — the problems and paths of the
        whole `domain.check`, found by rechecking only what the change can affect
        (`Snapshot.check_change`)."""
        checked = before.check_change(edit.registry, self.layouts)
        if checked.problems:
            raise Invalid(checked.problems)
        return checked

    def load(self, registry: domain.Registry, actor: str, change: Change) -> store.LoadResult:
        """Store a municipality's whole registry, new or in place of the one there is, as a
        file load does (approved history carried over or archived), with `change` audited.
        RegistryError when it conflicts with what is stored."""
        problems = domain.check(registry, self.layouts)
        if problems:
            raise Invalid(problems)
        municipality = registry.municipality.id
        with self._locks[municipality], self.sessions() as session, session.begin():
            revisions.lock(session, municipality)  # None: a new one (nothing to lock yet)
            result = loading.load(session, canonical(registry), source=actor)
            if isinstance(change.after, dict):  # what the load changed, beside what it was
                change = msgspec.structs.replace(
                    change, after={**change.after, "changed": result.changed}
                )
            record(session, actor, municipality, [change], dt.datetime.now(dt.UTC))
        self._cache.pop(municipality, None)
        return result

    def create_municipality(self, registry: domain.Registry, actor: str) -> None:
        problems = domain.check(registry, self.layouts)
        if problems:
            raise Invalid(problems)
        with self.sessions() as session, session.begin():
            if session.get(t.Municipality, registry.municipality.id) is not None:
                raise Invalid(
                    [domain.Problem("id", f"municipality {registry.municipality.id!r} exists")]
                )
            loading.load(session, registry, source="api")
            record(
                session,
                actor,
                registry.municipality.id,
                [Change("municipality", registry.municipality.id, "create", None, registry)],
                dt.datetime.now(dt.UTC),
            )

    def delete_municipality(self, municipality: str, actor: str, before: Any) -> None:
        with self._locks[municipality], self.sessions() as session, session.begin():
            if session.get(t.Municipality, municipality) is None:
                raise not_found("municipality", municipality)
            for model in (t.JobDescription, t.Person, t.Position, t.Unit, t.Agency):
                session.execute(sa.delete(model).where(model.municipality_id == municipality))
            session.execute(sa.delete(t.Municipality).where(t.Municipality.id == municipality))
            change_log.forget(session, municipality)
            record(
                session,
                actor,
                municipality,
                [Change("municipality", municipality, "delete", before, None)],
                dt.datetime.now(dt.UTC),
            )
        self._cache.pop(municipality, None)


def _advanced(db: Session | Connection, cached: Snapshot, revision: int) -> Snapshot | None:
    """`cached` moved on to `revision` by the deltas of the change log, or None when the log
    does not hold every one of them."""
    if cached.revision > revision:
        return None
    deltas = change_log.after(db, cached.id, cached.revision, revision)
    if deltas is None:
        return None
    snap = cached
    for delta in deltas:
        snap = snap.advance(snap.revision + 1, delta)
    return snap


def _keep_history(before: Snapshot, delta: change_log.Delta) -> None:
    """Approved and superseded versions are never deleted (only drafts go)."""
    for position, version in delta.removed_descriptions:
        d = before.version(position, version)
        if d is not None and d.status is not domain.JobDescriptionStatus.DRAFT:
            raise Invalid(
                [domain.Problem("status", "approved and superseded versions are never deleted")]
            )
