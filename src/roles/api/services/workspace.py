"""Registries as the API reads and writes them: cached snapshots and validated edits.

Reads: each process keeps the last snapshot of every municipality it has read, keyed by the
municipality's revision (`municipalities.loaded_at`, moved forward by every write and every
load). Every read validates its snapshot against the revision committed now, so a write
committed by any process (a worker, `roles load`) is seen by the very next read on every worker:

- `snapshot` (sync handlers): one primary-key lookup on a connection of the thread's own
  (SQLite: ~3 µs; PostgreSQL: one round trip, ~60 µs on loopback).
- `fresh` (async handlers, the hot reads): on PostgreSQL the round trip is shared. One query
  reads every municipality's revision; a request waits for the first query *sent after it
  arrived* (never one already in flight, which may predate a commit the client has seen), so
  under load one round trip answers every request that came in while the previous one ran.
  On SQLite the lookup is cheaper than any sharing and is made directly.

Writes: `edit` locks the municipality's row, applies a change to its domain `Registry`, runs
`domain.check` on the result (422 with paths on any problem), writes the rows that differ
(`loading.write_changes` and the job-description rows; only removing a position with approved
history replaces the municipality whole with `store.load`, which archives it), records the
audit entries and moves the revision on, all in one transaction. The writer's own cache takes
the new registry at once; other workers read it anew at their next request.
"""

import asyncio
import datetime as dt
import gc
import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from roles import coverage, domain, store
from roles.api.errors import Invalid, not_found
from roles.registry import canonical
from roles.store import loading
from roles.store import tables as t

T = TypeVar("T")

encoder = msgspec.json.Encoder()


def etag_of(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Encoded:
    body: bytes
    etag: str


@dataclass
class Snapshot:
    """One municipality's registry at one revision, with the lookups handlers need."""

    revision: object  # the revision as the database driver gives it (compared, never computed)
    registry: domain.Registry
    agencies: dict[str, domain.Agency] = field(init=False)
    units: dict[str, domain.Unit] = field(init=False)
    positions: dict[str, domain.Position] = field(init=False)
    people: dict[str, domain.Person] = field(init=False)
    versions: dict[str, list[domain.JobDescription]] = field(init=False)  # by version
    holders: dict[str, list[str]] = field(init=False)  # position → people ever assigned
    memo: dict[Any, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        r = self.registry
        self.agencies = {a.id: a for a in r.agencies}
        self.units = {u.id: u for u in r.units}
        self.positions = {p.id: p for p in r.positions}
        self.people = {p.id: p for p in r.people}
        versions: dict[str, list[domain.JobDescription]] = defaultdict(list)
        for d in sorted(r.job_descriptions, key=lambda d: d.version):
            versions[d.position].append(d)
        self.versions = dict(versions)
        holders: dict[str, list[str]] = defaultdict(list)
        for p in r.people:
            for a in p.assignments:
                if p.id not in holders[a.position]:
                    holders[a.position].append(p.id)
        self.holders = dict(holders)

    @property
    def id(self) -> str:
        return self.registry.municipality.id

    def version(self, position: str, number: int) -> domain.JobDescription | None:
        for d in self.versions.get(position, []):
            if d.version == number:
                return d
        return None

    def current(self, position: str) -> domain.JobDescription | None:
        return domain.current_description(self.versions.get(position, []), position)

    def vacant(self, position: str, day: dt.date) -> bool:
        return not any(
            a.position == position and a.active_on(day)
            for pid in self.holders.get(position, [])
            for a in self.people[pid].assignments
        )

    def coverage_index(self) -> coverage.CoverageIndex:
        """The coverage engine's index of this registry, built once per snapshot; the API's
        coverage endpoints and the pages share it."""
        found: coverage.CoverageIndex | None = self.memo.get("coverage-index")
        if found is None:
            found = coverage.CoverageIndex(self.registry)
            self.memo["coverage-index"] = found
        return found

    def encoded(self, key: Any, value: Callable[[], Any]) -> Encoded:
        """A value's JSON bytes and ETag, made once per snapshot and key."""
        found: Encoded | None = self.memo.get(key)
        if found is None:
            body = encoder.encode(value())
            found = Encoded(body, etag_of(body))
            self.memo[key] = found
        return found


class Change(msgspec.Struct, frozen=True):
    """One audit entry: what an edit did to one entity."""

    kind: str  # "position", "job_description", …
    id: str
    action: str  # create | update | delete | approve | draft | discard | …
    before: Any = None
    after: Any = None


@dataclass
class Edit(Generic[T]):
    registry: domain.Registry
    result: T
    changes: list[Change]


def _layouts() -> frozenset[str] | None:
    try:
        from roles.render import LAYOUTS  # type: ignore[attr-defined, unused-ignore]
    except ImportError:  # rendering is optional
        return None
    return frozenset(LAYOUTS)


class SharedRevisions:
    """Every municipality's revision as committed now, read by one PostgreSQL query that every
    request waiting at the time shares (see the module doc). Lives on one event loop."""

    SQL = "SELECT id, loaded_at FROM municipalities"

    def __init__(self, url: sa.URL) -> None:
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connection: Any = None  # psycopg.AsyncConnection, autocommit
        self._next: asyncio.Task[dict[str, object]] | None = None  # not sent yet: joinable
        self._last: asyncio.Task[dict[str, object]] | None = None  # sent, maybe still running

    async def read(self) -> dict[str, object]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a test client): start afresh
            self._loop, self._connection, self._next, self._last = loop, None, None, None
        batch = self._next
        if batch is None:
            batch = self._next = loop.create_task(self._query_after(self._last))
        return await asyncio.shield(batch)  # one caller leaving must not cancel the others

    async def _query_after(self, previous: "asyncio.Task[Any] | None") -> dict[str, object]:
        if previous is not None:
            await asyncio.wait([previous])
        # From here on, requests arriving join a later query: this one may be sent any moment.
        self._last, self._next = self._next, None
        try:
            return await self._query()
        except Exception:  # a broken connection: one retry on a new one
            await self.close()
            return await self._query()

    async def _query(self) -> dict[str, object]:
        import psycopg

        if self._connection is None:
            self._connection = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        cursor = await self._connection.execute(self.SQL)
        return dict(await cursor.fetchall())

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()


class Workspace:
    """The engine, the session factory and this process's snapshot cache."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = store.sessions(engine)
        self.layouts = _layouts()
        self._cache: dict[str, Snapshot] = {}
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._revision = sa.select(t.Municipality.loaded_at).where(
            t.Municipality.id == sa.bindparam("m")
        )
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self._raw_sql = f"SELECT loaded_at FROM municipalities WHERE id = {mark}"
        self._local = threading.local()
        self._raw: list[Any] = []  # every thread's own connection, closed by `close`
        self._shared = SharedRevisions(engine.url) if engine.dialect.name == "postgresql" else None

    # --- reads ---------------------------------------------------------------------------

    def revision(self, connection: Connection, municipality: str) -> dt.datetime | None:
        value = connection.execute(self._revision, {"m": municipality}).scalar()
        return None if value is None else aware(value)

    def token(self, connection: Connection, municipality: str) -> object:
        """The revision as the driver gives it: what snapshots are validated with."""
        return connection.exec_driver_sql(self._raw_sql, (municipality,)).scalar()

    def _fast_token(self, municipality: str) -> object:
        """The same through a DB-API connection of this thread's own, in autocommit: the
        cheapest read there is (the per-request cost of every cached read)."""
        raw: Any = getattr(self._local, "raw", None)
        if raw is None:
            pooled = self.engine.raw_connection()
            raw = pooled.dbapi_connection
            pooled.detach()  # ours for the thread's life, not the pool's
            if self.engine.dialect.name == "postgresql":
                raw.autocommit = True
            self._local.raw = raw
            self._raw.append(raw)
        cursor = raw.cursor()
        try:
            cursor.execute(self._raw_sql, (municipality,))
            row = cursor.fetchone()
        except Exception:
            self._local.raw = None
            raw.close()
            raise
        finally:
            cursor.close()
        return None if row is None else row[0]

    def close(self) -> None:
        for raw in self._raw:
            raw.close()
        self._raw.clear()
        self.engine.dispose()

    def snapshot(self, municipality: str) -> Snapshot | None:
        """The municipality's registry as committed now, or None when it does not exist."""
        token = self._fast_token(municipality)
        if token is None:
            return None
        cached = self._cache.get(municipality)
        if cached is not None and cached.revision == token:
            return cached
        return self._reload(municipality)

    async def fresh(self, municipality: str) -> Snapshot | None:
        """`snapshot` for async handlers: on PostgreSQL, concurrent requests share the query."""
        if self._shared is None:
            return self.snapshot(municipality)
        token = (await self._shared.read()).get(municipality)
        if token is None:
            return None
        cached = self._cache.get(municipality)
        if cached is not None and cached.revision == token:
            return cached
        return self._reload(municipality)

    async def aclose(self) -> None:
        if self._shared is not None:
            await self._shared.close()
        self.close()

    def require(self, municipality: str) -> Snapshot:
        snap = self.snapshot(municipality)
        if snap is None:
            raise not_found("municipality", municipality)
        return snap

    def _reload(self, municipality: str) -> Snapshot | None:
        # The revision read before and after the registry: equal means no write came between.
        for _ in range(10):
            with self.sessions() as session:
                before = self.token(session.connection(), municipality)
                registry = store.read_registry(session, municipality)
                after = self.token(session.connection(), municipality)
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

    # --- writes --------------------------------------------------------------------------

    def edit(
        self,
        municipality: str,
        actor: str,
        change: Callable[[Snapshot], Edit[T]],
    ) -> T:
        """Apply `change` to the municipality's registry under its lock; see the module doc."""
        with self._locks[municipality], self.sessions() as session, session.begin():
            # Take the row lock first (SQLite: the write lock), before reading anything.
            touched = session.execute(
                sa.update(t.Municipality)
                .where(t.Municipality.id == municipality)
                .values(loaded_at=t.Municipality.loaded_at)
            )
            if touched.rowcount == 0:  # type: ignore[attr-defined]
                raise not_found("municipality", municipality)
            revision = self.revision(session.connection(), municipality)
            token = self.token(session.connection(), municipality)
            assert revision is not None
            cached = self._cache.get(municipality)
            if cached is None or cached.revision != token:
                registry = store.read_registry(session, municipality)
                assert registry is not None
                cached = Snapshot(token, registry)
            edit = change(cached)
            problems = domain.check(edit.registry, self.layouts)
            if problems:
                raise Invalid(problems)
            # Canonical order: what every other worker reads back from the database.
            old, new = cached.registry, canonical(edit.registry)
            whole = loading.needs_whole_load(old, new)
            if whole:
                loading.load(session, new, source="api")
            else:
                loading.write_changes(session, old, new)
                _write_descriptions(session, municipality, old, new)
            now = dt.datetime.now(dt.UTC)
            fresh = max(now, revision + dt.timedelta(microseconds=1))
            session.execute(
                sa.update(t.Municipality)
                .where(t.Municipality.id == municipality)
                .values(loaded_at=fresh)
            )
            record(session, actor, municipality, edit.changes, now)
            token = self.token(session.connection(), municipality)
        if whole:
            self._cache.pop(municipality, None)
        else:
            self._cache[municipality] = Snapshot(token, new)
        return edit.result

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


def record(
    session: Session,
    actor: str,
    municipality: str | None,
    changes: Collection[Change],
    at: dt.datetime,
) -> None:
    """Append audit entries (the audit log is never updated or deleted from)."""
    if not changes:
        return
    session.execute(
        sa.insert(t.AuditEntry),
        [
            {
                "at": at,
                "actor": actor,
                "municipality_id": municipality,
                "entity_kind": c.kind,
                "entity_id": c.id,
                "action": c.action,
                "before": None if c.before is None else encoder.encode(c.before).decode(),
                "after": None if c.after is None else encoder.encode(c.after).decode(),
            }
            for c in changes
        ],
    )


def _write_descriptions(
    session: Session, municipality: str, old: domain.Registry, new: domain.Registry
) -> None:
    """Write only the job-description rows that differ."""
    before = {(d.position, d.version): d for d in old.job_descriptions}
    after = {(d.position, d.version): d for d in new.job_descriptions}
    jd = t.JobDescription
    for key in before.keys() - after.keys():
        if before[key].status is not domain.JobDescriptionStatus.DRAFT:
            raise Invalid(
                [domain.Problem("status", "approved and superseded versions are never deleted")]
            )
        session.execute(sa.delete(jd).where(jd.position_id == key[0], jd.version == key[1]))
    for key, d in after.items():
        document = encoder.encode(d).decode()
        if key not in before:
            session.execute(
                sa.insert(jd).values(
                    municipality_id=municipality,
                    position_id=d.position,
                    version=d.version,
                    status=d.status.value,
                    document=document,
                )
            )
        elif before[key] != d:
            session.execute(
                sa.update(jd)
                .where(jd.position_id == key[0], jd.version == key[1])
                .values(status=d.status.value, document=document)
            )


__all__ = [
    "Change",
    "Edit",
    "Encoded",
    "Snapshot",
    "Workspace",
    "aware",
    "etag_of",
    "record",
]
