"""An installed `roles` stands on its own: the wheel built from the project carries the
templates and seeds, so outside the checkout it seeds an empty database, serves the login page
and renders a seed's job description.

The wheel and every dependency's wheel are made with pip into a folder of this test's own
(offline: what pip has already, or the package index it is configured with) and installed
from there alone into a new virtual environment outside the checkout."""

import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from docx import Document

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_the_installed_wheel_renders_and_serves_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation",
         "--wheel-dir", wheels, ROOT, cwd=tmp_path)  # fmt: skip
    [wheel] = wheels.glob("roles-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "roles/templates/voru.docx" in names
    assert "roles/templates/pages/login.html" in names
    assert "roles/seeds/voru.yaml" in names
    assert "roles/web/static/site.css" in names

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheels, "roles",
         cwd=tmp_path)  # fmt: skip
    where = _run(python, "-c", "import roles; print(roles.__file__)", cwd=tmp_path)
    assert where.startswith(str(venv)), where  # the installed package, not the checkout

    home = tmp_path / "elsewhere"
    home.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROLES_", "PYTHON"))}
    env |= {
        "ROLES_DATA_DIR": str(home / "var"),
        "ROLES_PORT": str(port),
        "ROLES_ADMIN_PASSWORD": "installed-secret",
    }
    server = subprocess.Popen(
        [venv / "bin" / "roles", "serve"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"no server:\n{server.stdout.read() if server.stdout else ''}")
                time.sleep(0.3)
        assert login.status_code == 200
        assert 'name="password"' in login.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/site.css").status_code == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "seeded voru" in output

    document = home / "voru-sts.docx"
    _run(venv / "bin" / "roles", "render", "--position", "voru-sts", "-o", document,
         cwd=home, env=env)  # fmt: skip
    text = "\n".join(p.text for p in Document(str(document)).paragraphs)
    assert "AMETIJUHEND" in text.upper()
