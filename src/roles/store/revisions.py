"""A municipality's revision: one integer (`municipalities.revision`) that every committed
change of its registry moves on by one, in `bump` alone; a worker's cached snapshot is current
exactly while its revision equals the committed one.

A new municipality starts at `first()`, the microseconds since the epoch: above every revision
an earlier municipality of the same id can have reached (one per write), so a snapshot cached
before a municipality was deleted can never pass for the one created after it.

Reads all run one statement (`SQL`): inside a transaction (`current`), on a connection of the
thread's own for the per-request check (`Reader`, the cheapest read there is), and for every
municipality at once, shared by concurrent requests on PostgreSQL (`SharedRevisions`).

The accounts' revision (`accounts_revision`, moved on by the database's own triggers, migration
0012) comes with every municipality's in `Committed`, one query per request: it tells a worker
whether the callers it knows are still who they were (`services.callers`).
"""

import asyncio
import datetime as dt
import threading
from typing import Any, NamedTuple

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

SQL = "SELECT revision FROM municipalities WHERE id = {mark}"
# Every municipality's revision and, under the id NULL (no municipality has it), the accounts'.
ALL_SQL = (
    "SELECT id, revision FROM municipalities UNION ALL SELECT NULL, revision FROM accounts_revision"
)
LOCK_SQL = "UPDATE municipalities SET revision = revision WHERE id = {mark} RETURNING revision"
BUMP_SQL = "UPDATE municipalities SET revision = revision + 1 WHERE id = {mark} RETURNING revision"


def _sql(dialect: sa.Dialect, sql: str = SQL) -> str:
    return sql.format(mark="?" if dialect.paramstyle == "qmark" else "%s")


def first() -> int:
    """The revision of a municipality stored for the first time."""
    return int(dt.datetime.now(dt.UTC).timestamp() * 1_000_000)


def current(connection: Connection, municipality: str) -> int | None:
    """The revision as this transaction sees it; None when the municipality is not stored."""
    value = connection.exec_driver_sql(_sql(connection.dialect), (municipality,)).scalar()
    return None if value is None else int(value)


def lock(session: Session, municipality: str) -> int | None:
    """Take the municipality's row lock (SQLite: the write lock) before anything is read, and
    answer its revision; None when it is not stored."""
    return _returning(session, LOCK_SQL, municipality)


def bump(session: Session, municipality: str) -> int:
    """Move the revision on, in the session's transaction: the one way it ever changes."""
    found = _returning(session, BUMP_SQL, municipality)
    assert found is not None, f"bump of a municipality not stored: {municipality!r}"
    return found


def _returning(session: Session, sql: str, municipality: str) -> int | None:
    # One statement on the driver (both backends have RETURNING): no ORM round of its own,
    # and no second statement to read back what it wrote.
    connection = session.connection()
    value = connection.exec_driver_sql(_sql(connection.dialect, sql), (municipality,)).scalar()
    return None if value is None else int(value)


class Committed(NamedTuple):
    """Every revision as committed at one moment."""

    municipalities: dict[str, int]
    accounts: int | None  # None: a database without the accounts' revision (never cached)


def _committed(rows: list[Any]) -> Committed:
    municipalities, accounts = {}, None
    for id_, revision in rows:
        if id_ is None:
            accounts = int(revision)
        else:
            municipalities[id_] = int(revision)
    return Committed(municipalities, accounts)


class Reader:
    """`current` for the per-request check, through a DB-API connection of each thread's own
    in autocommit: one primary-key lookup (SQLite tens of µs; PostgreSQL one round trip)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sql = _sql(engine.dialect)
        self._local = threading.local()
        self._raw: list[Any] = []  # every thread's own connection, closed by `close`

    def read(self, municipality: str) -> int | None:
        rows = self._rows(self._sql, (municipality,))
        return int(rows[0][0]) if rows else None

    def committed(self) -> Committed:
        """Every revision at once (`ALL_SQL`)."""
        return _committed(self._rows(ALL_SQL, ()))

    def _rows(self, sql: str, parameters: tuple[str, ...]) -> list[Any]:
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
            cursor.execute(sql, parameters)
            return list(cursor.fetchall())
        except Exception:
            self._local.raw = None
            raw.close()
            raise
        finally:
            cursor.close()

    def close(self) -> None:
        for raw in self._raw:
            raw.close()
        self._raw.clear()


class SharedRevisions:
    """Every municipality's revision as committed now, read by one PostgreSQL query that every
    request waiting at the time shares. A request waits for the first query *sent after it
    arrived* (never one already in flight, which may predate a commit the client has seen), so
    under load one round trip answers every request that came in while the previous one ran.
    Lives on one event loop."""

    SQL = ALL_SQL

    def __init__(self, url: sa.URL) -> None:
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connection: Any = None  # psycopg.AsyncConnection, autocommit
        self._next: asyncio.Task[Committed] | None = None  # not sent yet: joinable
        self._last: asyncio.Task[Committed] | None = None  # sent, maybe still running

    async def read(self) -> Committed:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a test client): start afresh
            self._loop, self._connection, self._next, self._last = loop, None, None, None
        batch = self._next
        if batch is None:
            batch = self._next = loop.create_task(self._query_after(self._last))
        return await asyncio.shield(batch)  # one caller leaving must not cancel the others

    async def _query_after(self, previous: "asyncio.Task[Any] | None") -> Committed:
        if previous is not None:
            await asyncio.wait([previous])
        # From here on, requests arriving join a later query: this one may be sent any moment.
        self._last, self._next = self._next, None
        try:
            return await self._query()
        except Exception:  # a broken connection: one retry on a new one
            await self.close()
            return await self._query()

    async def _query(self) -> Committed:
        if self._connection is None:
            self._connection = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        cursor = await self._connection.execute(self.SQL)
        return _committed(await cursor.fetchall())

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()
