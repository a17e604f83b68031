"""Registries as the use cases read and change them: cached snapshots and checked edits.

Reads: each process keeps the last snapshot of every municipality it has read, with the
revision it was read at (`store.revisions`). Every read checks its snapshot against the
revision committed now, so a change committed by any process (a worker, `roles load`) is seen
by the very next read on every worker:

- `snapshot` (sync handlers): one primary-key lookup on a connection of the thread's own.
- `fresh` (async handlers, the hot reads): on PostgreSQL concurrent requests share one query
  of every municipality's revision (`store.revisions.SharedRevisions`); on SQLite the lookup
  is cheaper than any sharing and is made directly.

Changes: `edit` locks the municipality's row, applies a change to its domain `Registry`, runs
`domain.check` on the result (Invalid with paths on any problem), writes the rows that differ
(only removing a position with approved history replaces the municipality whole with
`store.load`, which archives it), records the audit entries and bumps the revision, all in one
transaction. The writer's own cache takes the new registry at once; other workers read it anew
at their next request.
"""

import datetime as dt
import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from roles import domain, store
from roles.registry import canonical
from roles.render import LAYOUTS
from roles.services.errors import Invalid, not_found
from roles.services.options import Options
from roles.services.snapshot import Snapshot
from roles.store import changes, loading, revisions
from roles.store import tables as t
from roles.store.audit import Change, record

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
        self._revisions = revisions.Reader(engine)
        self._shared = (
            revisions.SharedRevisions(engine.url) if engine.dialect.name == "postgresql" else None
        )

    # --- reads ---------------------------------------------------------------------------

    def snapshot(self, municipality: str) -> Snapshot | None:
        """The municipality's registry as committed now, or None when it does not exist."""
        return self._current(municipality, self._revisions.read(municipality))

    async def fresh(self, municipality: str) -> Snapshot | None:
        """`snapshot` for async handlers: on PostgreSQL, concurrent requests share the query."""
        if self._shared is None:
            return self.snapshot(municipality)
        return self._current(municipality, (await self._shared.read()).get(municipality))

    def _current(self, municipality: str, revision: int | None) -> Snapshot | None:
        if revision is None:
            self._cache.pop(municipality, None)
            return None
        cached = self._cache.get(municipality)
        if cached is not None and cached.revision == revision:
            return cached
        return self._reload(municipality)

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
            if cached is None or cached.revision != revision:
                registry = store.read_registry(session, municipality)
                assert registry is not None
                cached = Snapshot(revision, registry)
            edit = change(cached)
            problems = domain.check(edit.registry, self.layouts)
            if problems:
                raise Invalid(problems)
            # Canonical order: what every other worker reads back from the database.
            old, new = cached.registry, canonical(edit.registry)
            whole = changes.needs_whole_load(old, new)
            if whole:
                loading.load(session, new, source="api")
            else:
                _keep_history(old, new)
                changes.write_changes(session, old, new)
                changes.write_descriptions(session, municipality, old, new)
            record(session, actor, municipality, edit.changes, dt.datetime.now(dt.UTC))
            revision = revisions.bump(session, municipality)
        if whole:
            self._cache.pop(municipality, None)
        else:
            self._cache[municipality] = Snapshot(revision, new)
        return edit.result

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
            record(
                session,
                actor,
                municipality,
                [Change("municipality", municipality, "delete", before, None)],
                dt.datetime.now(dt.UTC),
            )
        self._cache.pop(municipality, None)


def _keep_history(old: domain.Registry, new: domain.Registry) -> None:
    """Approved and superseded versions are never deleted (only drafts go)."""
    kept = {(d.position, d.version) for d in new.job_descriptions}
    for d in old.job_descriptions:
        if (
            d.position,
            d.version,
        ) not in kept and d.status is not domain.JobDescriptionStatus.DRAFT:
            raise Invalid(
                [domain.Problem("status", "approved and superseded versions are never deleted")]
            )
