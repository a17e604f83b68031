"""A live server on a free loopback port, over a seeded temporary SQLite database, and
Playwright driving Debian's Chromium (no `playwright install`: see the launch arguments)."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher
from litestar import Litestar

from roles import store
from roles.services import auth

from ..conftest import make_app
from . import seed

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "pages"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SECRET = "pages-test-secret-pages-test-secret"


@pytest.fixture(autouse=True, scope="session")
def _fast_hashes() -> Iterator[None]:
    saved = auth.hasher
    auth.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth.hasher = saved


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    def __init__(self, url: str, database_url: str) -> None:
        self.url = url
        self.database_url = database_url


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, _fast_hashes: None
) -> Iterator[LiveServer]:
    """One server per test session (per xdist worker): the journeys build on each other's
    data only where a test says so; each test uses its own municipality objects."""
    path = tmp_path_factory.mktemp("pages") / "roles.db"
    url = f"sqlite:///{path}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with serving(make_app(url, SECRET)) as base:
        yield LiveServer(base, url)


@contextmanager
def serving(app: Litestar) -> Iterator[str]:
    """`app` under uvicorn on a free loopback port, in a thread, while the block runs; yields
    its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
