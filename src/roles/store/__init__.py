"""Storage: SQLAlchemy tables, Alembic migrations, loading and reading whole registries,
revisions, audit rows and signed documents at rest."""

from roles.store import change_log_tables as change_log_tables  # registers its table
from roles.store import import_tables  # the import queue: its table on the same Base
from roles.store import session_tables as _session_tables  # noqa: F401  (on Base.metadata)
from roles.store import signing_tables as signing_tables  # registers its table on Base
from roles.store.db import aware, create, sessions
from roles.store.loading import LoadResult, load, load_all
from roles.store.migrate import upgrade
from roles.store.reading import municipality_ids, read_registry

__all__ = [
    "LoadResult",
    "aware",
    "create",
    "import_tables",
    "load",
    "load_all",
    "municipality_ids",
    "read_registry",
    "sessions",
    "upgrade",
]
