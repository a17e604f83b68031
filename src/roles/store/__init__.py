"""Storage: SQLAlchemy models, Alembic migrations, loading and reading whole registries."""

from roles.store.db import create, sessions
from roles.store.loading import LoadResult, load, load_all
from roles.store.migrate import upgrade
from roles.store.reading import municipality_ids, read_registry

__all__ = [
    "LoadResult",
    "create",
    "load",
    "load_all",
    "municipality_ids",
    "read_registry",
    "sessions",
    "upgrade",
]
