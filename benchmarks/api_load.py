"""Load test of the API's reads against a bare Litestar route, on SQLite and PostgreSQL.

A registry of 10 000 positions (benchmarks/synth.py) is loaded; uvicorn (uvloop, httptools)
serves `roles.api.app:create_app` plus two bare routes returning the very same bytes from
memory; wrk on loopback measures, in the same run:

- GET one position and GET one job-description version through the API (bearer token, the
  caller's access checked, the snapshot validated against the database on every request);
- the bare routes.

Then, with two workers, a write must be visible to the very next read on every worker: a
position is changed 200 times and each change read back at once over a fresh connection.

    .venv/bin/python benchmarks/api_load.py [--positions 10000] [--seconds 5] [--connections 32]
        [--backends sqlite,postgres] [--workers 1]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get(
    "ROLES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# --- the app under test: the API plus bare routes -------------------------------------------


def app_factory() -> Any:
    """`create_app()` with /bare/position and /bare/description answering fixed bytes."""
    from litestar import MediaType, Response, get

    from roles.api.app import create_app

    bare = json.loads(Path(os.environ["ROLES_BENCH_BARE"]).read_text())
    position = bare["position"].encode()
    description = bare["description"].encode()

    @get("/bare/position", sync_to_thread=False, include_in_schema=False)
    def bare_position() -> Response[bytes]:
        return Response(position, media_type=MediaType.JSON)

    @get("/bare/description", sync_to_thread=False, include_in_schema=False)
    def bare_description() -> Response[bytes]:
        return Response(description, media_type=MediaType.JSON)

    return create_app(extra_handlers=[bare_position, bare_description])


# --- set-up ---------------------------------------------------------------------------------


def prepare(url: str, positions: int) -> tuple[str, str, str, str]:
    """Load the synthetic registry and an HR user; answers (token, municipality, position, v)."""
    sys.path.insert(0, str(HERE))
    import synth

    from roles import domain, store
    from roles.api import schemas
    from roles.api.access import Role
    from roles.api.services import accounts

    engine = store.create(url)
    store.upgrade(engine)
    registry = next(
        iter(synth.generate(municipalities=1, positions=positions, people=positions, seed=1))
    )
    with store.sessions(engine)() as session:
        store.load_all(session, [("synth", registry)])
    mid = registry.municipality.id
    with store.sessions(engine)() as session, session.begin():
        accounts.add_user(
            session,
            schemas.UserIn(
                name="bench", password="bench-password", role=Role.HR, municipalities=[mid]
            ),
            "bench",
        )
        token = accounts.create_token(session, "bench").token
    engine.dispose()
    described = [
        d for d in registry.job_descriptions if d.status is domain.JobDescriptionStatus.APPROVED
    ]
    d = described[len(described) // 2]
    return token, mid, d.position, str(d.version)


def serve(url: str, port: int, workers: int, bare: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ROLES_DATABASE_URL": url, "ROLES_BENCH_BARE": str(bare)}
    command = [
        sys.executable, "-m", "uvicorn", "api_load:app_factory", "--factory",
        "--app-dir", str(HERE), "--port", str(port), "--workers", str(workers),
        "--loop", "uvloop", "--http", "httptools", "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def wrk(url: str, seconds: int, connections: int, token: str | None) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "rps": rps,
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def stale_check(base: str, token: str, mid: str, position: str, rounds: int) -> int:
    """Change a position and read it back at once over a fresh connection; answers misses."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/municipalities/{mid}/positions/{position}"
    stale = 0
    with httpx.Client(headers=headers, timeout=60) as writer:
        for i in range(rounds):
            got = writer.get(url)
            body = got.json() | {"title": f"bench title {i}"}
            done = writer.put(url, json=body, headers={"If-Match": got.headers["etag"]})
            done.raise_for_status()
            for _ in range(2):  # two fresh connections: with two workers, likely both
                with httpx.Client(headers=headers, timeout=120) as reader:
                    if reader.get(url).json()["title"] != body["title"]:
                        stale += 1
    return stale


def run(backend: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'bench.db'}"
    else:
        import sqlalchemy as sa

        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text('DROP DATABASE IF EXISTS "roles_bench"'))
            c.execute(sa.text('CREATE DATABASE "roles_bench"'))
        admin.dispose()
        url = sa.make_url(PG_ADMIN).set(database="roles_bench").render_as_string(False)
    started = time.monotonic()
    token, mid, position, version = prepare(url, args.positions)
    loaded = time.monotonic() - started
    bare = tmp / f"bare-{backend}.json"
    bare.write_text(json.dumps({"position": "{}", "description": "{}"}))
    port = 8800 + (backend == "postgres")
    api_position = f"/api/municipalities/{mid}/positions/{position}"
    api_description = f"/api/municipalities/{mid}/positions/{position}/versions/{version}"
    headers = {"Authorization": f"Bearer {token}"}
    # The bare routes answer the API's own bytes.
    server = serve(url, port, 1, bare)
    try:
        base = f"http://127.0.0.1:{port}"
        first = time.monotonic()
        position_bytes = httpx.get(base + api_position, headers=headers, timeout=120).text
        cold = time.monotonic() - first
        description_bytes = httpx.get(base + api_description, headers=headers).text
    finally:
        server.terminate()
        server.wait(10)
    bare.write_text(json.dumps({"position": position_bytes, "description": description_bytes}))
    result: dict[str, Any] = {"backend": backend, "load_s": round(loaded, 1)}
    server = serve(url, port, args.workers, bare)
    try:
        base = f"http://127.0.0.1:{port}"
        for path in (api_position, api_description):  # warm every worker's cache
            for _ in range(4 * args.workers):
                httpx.get(base + path, headers=headers, timeout=120)
        assert httpx.get(base + "/bare/position").text == position_bytes
        result["cold_first_read_s"] = round(cold, 2)
        for name, path, auth in (
            ("bare position", "/bare/position", None),
            ("api position", api_position, token),
            ("bare description", "/bare/description", None),
            ("api description", api_description, token),
        ):
            result[name] = wrk(base + path, args.seconds, args.connections, auth)
    finally:
        server.terminate()
        server.wait(10)
    server = serve(url, port, 2, bare)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(8):
            httpx.get(base + api_position, headers=headers, timeout=120)
        result["stale_reads_2_workers"] = stale_check(base, token, mid, position, args.rounds)
        result["stale_rounds"] = args.rounds
    finally:
        server.terminate()
        server.wait(10)
    for kind in ("position", "description"):
        api, bare_ = result[f"api {kind}"], result[f"bare {kind}"]
        result[f"{kind} ratio"] = round(api["rps"] / bare_["rps"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            result = run(backend, args, Path(tmp))
            print(f"== {backend}: {args.positions} positions, {args.workers} worker(s), "
                  f"{args.connections} connections, {args.seconds} s each")  # fmt: skip
            for key, value in result.items():
                if isinstance(value, dict):
                    print(
                        f"  {key:18} {value['rps']:>9.0f} req/s   p50 {value['p50_ms']:.2f} ms"
                        f"   p99 {value['p99_ms']:.2f} ms   non-2xx {value['errors']:.0f}"
                    )
                else:
                    print(f"  {key:18} {value}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
