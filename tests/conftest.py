"""Shared fixtures: a clean database per test, on SQLite and (when reachable) PostgreSQL.

PostgreSQL tests run when the server answers; in CI (CI=true) an unreachable server fails the
run instead of skipping, so the PostgreSQL half can never vanish silently.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import msgspec
import pytest
import sqlalchemy as sa
from litestar import Litestar
from sqlalchemy.engine import Engine

from roles import config, store
from roles.server import create_app
from roles.store.tables import Base

# In CI the property tests draw the same examples every run (derandomize), so a run that
# passes passes again; on a developer's machine they search afresh each time (that search found
# the Vabamorf crash in `importer.morphology`).
hypothesis.settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
# The five real job descriptions: ../shared/seeds beside the clone (CI has it), else the
# byte-for-byte copies kept in tests/fixtures/originals (test_seeds checks they are equal).
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
ORIGINALS = SHARED_SEEDS if SHARED_SEEDS.is_dir() else FIXTURES / "originals"
PG_ADMIN_URL = os.environ.get(
    "ROLES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as c:
            c.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as e:  # any failure to connect means "not reachable"
        return f"{type(e).__name__}: {e}"
    return None


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A database of this test worker's own on the PostgreSQL server, migrated to head."""
    why = _postgres_reachable()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must be reachable in CI: {why}")
        pytest.skip(f"PostgreSQL not reachable: {why}")
    name = f"roles_test_{worker_id}_{os.getpid()}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = store.create(url)
    store.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty, migrated database: each test that uses it runs on both backends."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'roles.db'}"
        engine = store.create(url)
        store.upgrade(engine)
        engine.dispose()
        yield url
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = store.create(url)
    with engine.begin() as c:
        # The accounts' revision is the migration's one row, as on a database in use: kept.
        kept = {"accounts_revision"}
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in kept)
        c.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = store.create(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def use_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the `roles` command's configuration at the test database."""
    from roles.config import settings

    monkeypatch.setenv("ROLES_DATABASE_URL", database_url)
    settings.cache_clear()
    return database_url


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """Settings are cached per process; every test starts from its own environment."""
    from roles.config import settings

    settings.cache_clear()
    yield
    settings.cache_clear()


def make_app(database_url: str, secret: str, **changes: Any) -> Litestar:
    """The service's application on a test database; the other settings from the environment,
    but PDFs from a cold soffice (no LibreOffice started per test app) unless `changes` say."""
    settings = config.from_environment()
    return create_app(
        msgspec.structs.replace(
            settings,
            database_url=database_url,
            secret_key=secret,
            secure_cookies=False,
            **({"pdf_warm": False} | changes),
        )
    )
