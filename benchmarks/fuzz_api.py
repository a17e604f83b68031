"""Fuzz the HTTP API from its OpenAPI document with schemathesis.

Seeds a database (the registry files in seeds/), adds an HR user for every seeded municipality,
starts `roles.server:create_app` under uvicorn on loopback and runs `schemathesis run` against
/schema/openapi.json with that user's bearer token. Reports 0 server errors and 0 responses
breaking the documented schema, or fails.

    .venv/bin/python benchmarks/fuzz_api.py                    # SQLite, ≥ 5 000 requests
    .venv/bin/python benchmarks/fuzz_api.py --database postgresql+psycopg://postgres@127.0.0.1/x
    .venv/bin/python benchmarks/fuzz_api.py --examples 10      # a quick run

tests/api/test_fuzz.py runs the same with a small count.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


def seed(database_url: str) -> str:
    """Load seeds/ and add an HR user of every municipality; answers its token."""
    from roles import registry, store
    from roles.services import accounts
    from roles.services.access import Role

    engine = store.create(database_url)
    store.upgrade(engine)
    files = sorted(p for p in (ROOT / "seeds").glob("*.y*ml"))
    registries = [(str(p), registry.read(p)) for p in files]
    with store.sessions(engine)() as session:
        store.load_all(session, registries)
    with store.sessions(engine)() as session, session.begin():
        user = accounts.UserIn(
            name="fuzz-hr",
            password="fuzz-password-1",
            role=Role.HR,
            municipalities=[r.municipality.id for _, r in registries],
        )
        accounts.add_user(session, user, "fuzz")
        token = accounts.create_token(session, "fuzz-hr", actor="fuzz").token
    engine.dispose()
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ROLES_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "roles.server:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def fuzz(
    database_url: str,
    examples: int,
    seed_value: int | None = None,
    phases: str = "examples,coverage,fuzzing",
) -> dict[str, int]:
    """Run schemathesis; answers counts: requests, failures (server errors, schema breaks)."""
    token = seed(database_url)
    port = free_port()
    server = serve(database_url, port)
    try:
        with tempfile.TemporaryDirectory() as reports:
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"http://127.0.0.1:{port}/schema/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                str(examples),
                "--phases",
                phases,
                "--workers",
                "2",
                "--suppress-health-check",
                "all",
                "--report",
                "ndjson",
                "--report-dir",
                reports,
                *(["--seed", str(seed_value)] if seed_value is not None else []),
            ]
            # In the report folder: schemathesis keeps a cache (.schemathesis/) in its cwd.
            done = subprocess.run(command, capture_output=True, text=True, cwd=reports, check=False)
            counts = _count(Path(reports))
            counts["exit_code"] = done.returncode
            log = Path(tempfile.gettempdir()) / "roles-fuzz-last.txt"
            log.write_text(done.stdout + done.stderr)
            if done.returncode != 0:
                print(f"schemathesis found problems; its output: {log}", file=sys.stderr)
            return counts
    finally:
        server.terminate()
        server.wait(10)


def _count(reports: Path) -> dict[str, int]:
    requests = failures = server_errors = 0
    for file in reports.glob("*.ndjson"):
        for line in file.read_text().splitlines():
            event = json.loads(line)
            requests += line.count('"response":')
            failures += line.count('"failure_info":') if "failure_info" in line else 0
            server_errors += line.count('"status_code": 5') + line.count('"status_code":5')
            del event
    return {"requests": requests, "failures": failures, "server_errors": server_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--examples", type=int, default=40, help="cases per operation")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--smoke", action="store_true", help="one case per operation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/fuzz.db"
        started = time.monotonic()
        if args.smoke:
            counts = fuzz(url, 1, 1, phases="fuzzing")
        else:
            counts = fuzz(url, args.examples, args.seed)
        elapsed = time.monotonic() - started
    print(json.dumps(counts | {"seconds": round(elapsed, 1)}))
    if counts["exit_code"] != 0 or counts["server_errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
