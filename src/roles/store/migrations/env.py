"""Alembic environment: runs migrations on the engine `roles.store.migrate` hands over."""

from alembic import context

from roles.store import hr_tables  # noqa: F401  (its tables join Base's metadata)
from roles.store.tables import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        compare_type=True,
    )
    context.run_migrations()
