"""`roles serve`: migrates, seeds an empty database from seeds/, and serves HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from roles import store
from roles.cli.registry_cmds import seed_if_empty

from .conftest import FIXTURES, SEEDS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_empty_database_is_seeded_once(
    use_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "voru.yaml").write_bytes((FIXTURES / "example.yaml").read_bytes())
    monkeypatch.setenv("ROLES_SEEDS_DIR", str(seeds))
    from roles.config import settings

    settings.cache_clear()
    assert [r.municipality for r in seed_if_empty()] == ["voru"]
    assert seed_if_empty() == []  # not again: the database is no longer empty
    engine = store.create(use_database)
    with store.sessions(engine)() as session:
        assert store.municipality_ids(session) == ["voru"]
    engine.dispose()


def test_serve_starts_on_sqlite_with_the_seeds_loaded(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "ROLES_DATA_DIR": str(tmp_path),
        "ROLES_PORT": str(port),
        "ROLES_ADMIN_PASSWORD": "first-start-secret",
    }
    env.pop("ROLES_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "roles.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"server did not start:\n{server.stdout.read() if server.stdout else ''}"
                    )
                time.sleep(0.2)
        assert response.status_code == 200
        login = httpx.post(
            f"http://127.0.0.1:{port}/api/auth/login",
            json={"name": "admin", "password": "first-start-secret"},
        )
        assert login.status_code in (200, 201), login.text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    seeded = {path.stem for path in SEEDS.glob("*.yaml")}
    assert seeded, "seeds/ holds registry files"
    for municipality in seeded:
        assert f"seeded {municipality}" in output
    assert (tmp_path / "roles.db").exists()
    assert "created user 'admin'" in output
