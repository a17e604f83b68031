"""Load test of the API's reads against a bare Litestar route, on SQLite and PostgreSQL.

A registry of 10 000 positions (benchmarks/synth.py) is loaded; uvicorn (uvloop, httptools)
serves `roles.server:create_app` plus two bare routes returning the very same bytes from
memory; wrk on loopback measures, in the same run and alternating (the median of `--repeat`):

- GET one position and GET one job-description version through the API (bearer token, the
  caller's access checked, the snapshot validated against the database on every request);
- the bare routes; the ratio against the goal (>= 50 % of the bare route, p99 < 10 ms).

Then writes: the median `PUT` of a position through the API (row-level, with domain.check of
the whole registry) next to what a write cost before (the municipality replaced whole with
`store.load`). Last, with two workers, a write must be visible to the very next read on every
worker: a position is changed `--rounds` times and each change read back at once over fresh
connections.

    .venv/bin/python benchmarks/api_load.py [--positions 10000] [--seconds 5] [--connections 32]
        [--backends sqlite,postgres] [--workers 1] [--rounds 20] [--repeat 3]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
GOAL = 0.5  # database-backed reads at >= 50 % of the bare route's requests/s ...
P99_MS = 10.0  # ... with p99 under 10 ms
PG_ADMIN = os.environ.get(
    "ROLES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# --- the app under test: the API plus bare routes -------------------------------------------


def app_factory() -> Any:
    """`create_app()` with /bare/position and /bare/description answering fixed bytes."""
    from litestar import MediaType, Response, get

    from roles.server import create_app

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
    from roles.services import accounts
    from roles.services.access import Role

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
            accounts.UserIn(
                name="bench", password="bench-password", role=Role.HR, municipalities=[mid]
            ),
            "bench",
        )
        token = accounts.create_token(session, "bench", actor="bench").token
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


def stale_check(base: str, token: str, mid: str, position: str, rounds: int) -> dict[str, Any]:
    """Change a position and read it back at once over fresh connections; answers the misses
    and how long the first read after a write took (a worker other than the writer's reads
    the registry anew)."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/municipalities/{mid}/positions/{position}"
    stale, reads = 0, []
    with httpx.Client(headers=headers, timeout=60) as writer:
        for i in range(rounds):
            got = writer.get(url)
            body = got.json() | {"title": f"bench title {i}"}
            done = writer.put(url, json=body, headers={"If-Match": got.headers["etag"]})
            done.raise_for_status()
            for _ in range(2):  # two fresh connections: with two workers, likely both
                with httpx.Client(headers=headers, timeout=120) as reader:
                    started = time.perf_counter()
                    if reader.get(url).json()["title"] != body["title"]:
                        stale += 1
                    reads.append(time.perf_counter() - started)
    return {"stale": stale, "slowest_read_ms": round(max(reads, default=0) * 1000, 1)}


def write_latency(base: str, token: str, mid: str, position: str, n: int = 10) -> float:
    """Median ms of `PUT` one position (a title change) through the API."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/municipalities/{mid}/positions/{position}"
    times = []
    with httpx.Client(headers=headers, timeout=120) as client:
        for i in range(n):
            got = client.get(url)
            body = got.json() | {"title": f"write {i}"}
            started = time.perf_counter()
            client.put(url, json=body, headers={"If-Match": got.headers["etag"]}).raise_for_status()
            times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def whole_replace_ms(url: str, mid: str) -> float:
    """What every structural write cost before row-level writes: replacing the municipality
    whole with `store.load` (one title changed), in one transaction."""
    import msgspec

    from roles import store

    engine = store.create(url)
    with store.sessions(engine)() as session:
        registry = store.read_registry(session, mid)
    assert registry is not None
    first = msgspec.structs.replace(registry.positions[0], title="whole replace")
    changed = msgspec.structs.replace(registry, positions=[first, *registry.positions[1:]])
    with store.sessions(engine)() as session:
        started = time.perf_counter()
        with session.begin():
            store.load(session, changed, source="bench")
        took = time.perf_counter() - started
    engine.dispose()
    return round(took * 1000, 1)


def compare(base: str, api: str, bare: str, args: argparse.Namespace, token: str) -> Any:
    """wrk on the API path and the bare path, alternating `--repeat` times (the machine's load
    drifts); answers the median run of each."""
    runs: dict[str, list[dict[str, float]]] = {"api": [], "bare": []}
    for _ in range(args.repeat):
        runs["bare"].append(wrk(base + bare, args.seconds, args.connections, None))
        runs["api"].append(wrk(base + api, args.seconds, args.connections, token))
    return {k: sorted(v, key=lambda r: r["rps"])[len(v) // 2] for k, v in runs.items()}


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
        for kind, path in (("position", api_position), ("description", api_description)):
            measured = compare(base, path, f"/bare/{kind}", args, token)
            result[f"bare {kind}"] = measured["bare"]
            result[f"api {kind}"] = measured["api"]
            ratio = measured["api"]["rps"] / measured["bare"]["rps"]
            met = (
                ratio >= GOAL
                and measured["api"]["p99_ms"] < P99_MS
                and not measured["api"]["errors"]
            )
            result[f"{kind} ratio"] = f"{ratio:.2f} (goal >= {GOAL}, p99 < {P99_MS:.0f} ms): " + (
                "met" if met else "NOT met"
            )
        result["write PUT position ms"] = write_latency(base, token, mid, position)
    finally:
        server.terminate()
        server.wait(10)
    result["whole replace ms (old write)"] = whole_replace_ms(url, mid)
    server = serve(url, port, 2, bare)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(8):
            httpx.get(base + api_position, headers=headers, timeout=120)
        check = stale_check(base, token, mid, position, args.rounds)
        result["stale reads, 2 workers"] = (
            f"{check['stale']} of {2 * args.rounds} reads after {args.rounds} writes"
            + (" (none)" if not check["stale"] else " NOT fresh")
        )
        result["slowest first read after a write ms"] = check["slowest_read_ms"]
    finally:
        server.terminate()
        server.wait(10)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20, help="stale-read check rounds")
    parser.add_argument("--repeat", type=int, default=3, help="alternating wrk runs per route")
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
                        f"  {key:36} {value['rps']:>9.0f} req/s   p50 {value['p50_ms']:.2f} ms"
                        f"   p99 {value['p99_ms']:.2f} ms   non-2xx {value['errors']:.0f}"
                    )
                else:
                    print(f"  {key:36} {value}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
