"""Load test of the API against a bare Litestar route, on SQLite and PostgreSQL, 2 workers.

A registry of 10 000 positions (benchmarks/synth.py) is loaded; uvicorn (uvloop, httptools)
serves `roles.server:create_app` with `--workers` processes plus two bare routes returning the
very same bytes from memory. Printed side by side, per backend, in one run:

- reads: wrk on loopback, alternating (the median of `--repeat`), GET one position and GET one
  job-description version through the API (bearer token, the caller's access checked; the
  caller and the snapshot validated against the revisions committed now, one query per
  request) beside the bare routes; the ratio against the goal (>= 0.5 of the bare route,
  p99 < 10 ms);
- writes: p50 and p99 of `PUT` one position (goal p50 <= 30 ms, p99 <= 100 ms), next to what
  a write cost before (the municipality replaced whole with `store.load`);
- another worker's first read after a write (goal <= 20 ms: it applies the change log rather
  than reading the municipality whole), and stale reads over every worker (goal 0): after each
  write, fresh connections read the position until one lands on a worker other than the
  writer's (`/bench/pid` tells which).

    .venv/bin/python benchmarks/api_load.py [--positions 10000] [--seconds 5] [--connections 32]
        [--backends sqlite,postgres] [--workers 2] [--writes 100] [--rounds 20] [--repeat 3]
        [--smoke]

`--smoke`: 300 positions, one short round of each, SQLite (and PostgreSQL when reachable);
tests/test_benchmarks.py runs it so.
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
GOAL = 0.5  # database-backed reads at >= 50 % of the bare route's requests/s ...
P99_MS = 10.0  # ... with p99 under 10 ms
WRITE_P50, WRITE_P99 = 30.0, 100.0  # ms for PUT one position at 10 000 positions
FIRST_READ = 20.0  # ms: another worker's first read after a write
PG_ADMIN = os.environ.get(
    "ROLES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# --- the app under test: the API plus bare routes -------------------------------------------


def app_factory() -> Any:
    """`create_app()` with /bare/position and /bare/description answering fixed bytes."""
    from litestar import MediaType, Response, get

    from roles.server import create_app

    kept: dict[str, bytes] = {}

    def bare(kind: str) -> bytes:  # read at first use: the file is written once the API answered
        if kind not in kept:
            kept[kind] = json.loads(Path(os.environ["ROLES_BENCH_BARE"]).read_text())[kind].encode()
        return kept[kind]

    @get("/bare/position", sync_to_thread=False, include_in_schema=False)
    def bare_position() -> Response[bytes]:
        return Response(bare("position"), media_type=MediaType.JSON)

    @get("/bare/description", sync_to_thread=False, include_in_schema=False)
    def bare_description() -> Response[bytes]:
        return Response(bare("description"), media_type=MediaType.JSON)

    @get("/bench/pid", sync_to_thread=False, include_in_schema=False)
    def pid() -> int:
        return os.getpid()

    return create_app(extra_handlers=[bare_position, bare_description, pid])


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
    env = {
        **os.environ,
        "ROLES_DATABASE_URL": url,
        "ROLES_BENCH_BARE": str(bare),
        "ROLES_PDF_WARM": "0",  # no LibreOffice per worker: this measures the API
    }
    command = [
        sys.executable, "-m", "uvicorn", "api_load:app_factory", "--factory",
        "--app-dir", str(HERE), "--port", str(port), "--workers", str(workers),
        "--loop", "uvloop", "--http", "httptools", "--log-level", "warning", "--no-access-log",
        # A worker reading 10 000 positions whole on a loaded machine answers uvicorn's ping
        # late (the ping thread waits for the GIL): 5 s would have it killed mid-read.
        "--timeout-worker-healthcheck", "60",
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


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def writes(base: str, token: str, mid: str, position: str, n: int) -> dict[str, float]:
    """p50 and p99 ms of `PUT` one position (a title change) through the API, one editor
    saving again and again on one connection."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/municipalities/{mid}/positions/{position}"
    times = []
    with httpx.Client(headers=headers, timeout=120) as client:
        got = client.get(url)
        etag, body = got.headers["etag"], got.json()
        # One write untimed, as the reads are warmed: the worker's first edit builds the
        # municipality's incremental checker (`domain.Checker.trusting`), once per process.
        done = client.put(url, json=body | {"title": "warm"}, headers={"If-Match": etag})
        etag = done.raise_for_status().headers["etag"]
        for i in range(n):
            body = body | {"title": f"write {i}"}
            started = time.perf_counter()
            done = client.put(url, json=body, headers={"If-Match": etag})
            times.append((time.perf_counter() - started) * 1000)
            done.raise_for_status()
            etag = done.headers["etag"]
    return {"p50": round(_percentile(times, 50), 1), "p99": round(_percentile(times, 99), 1)}


def first_reads(base: str, token: str, mid: str, position: str, rounds: int) -> dict[str, Any]:
    """After each write (on one worker), fresh connections read the position until one lands
    on another worker: that worker's first read after the write is timed. Every read counts
    for staleness."""
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base}/api/municipalities/{mid}/positions/{position}"
    stale, reads, others = 0, 0, []
    with httpx.Client(headers=headers, timeout=60) as writer:
        writer_pid = writer.get(f"{base}/bench/pid").json()
        for i in range(rounds):
            got = writer.get(url)
            body = got.json() | {"title": f"bench title {i}"}
            writer.put(url, json=body, headers={"If-Match": got.headers["etag"]}).raise_for_status()
            for _ in range(50):
                with httpx.Client(headers=headers, timeout=120) as reader:
                    pid = reader.get(f"{base}/bench/pid").json()  # this connection's worker
                    started = time.perf_counter()
                    title = reader.get(url).json()["title"]
                    took = (time.perf_counter() - started) * 1000
                reads += 1
                stale += title != body["title"]
                if pid != writer_pid:
                    others.append(took)
                    break
    return {
        "stale": stale,
        "reads": reads,
        "p50": round(_percentile(others, 50), 1) if others else None,
        "max": round(max(others), 1) if others else None,
        "measured": len(others),
    }


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


def fresh_postgres(name: str) -> str:
    """The URL of a PostgreSQL database `name`, made anew (empty)."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(PG_ADMIN).set(database=name).render_as_string(False)


def run(backend: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    sqlite = f"sqlite:///{tmp / 'bench.db'}"
    url = sqlite if backend == "sqlite" else fresh_postgres("roles_bench")
    started = time.monotonic()
    token, mid, position, version = prepare(url, args.positions)
    loaded = time.monotonic() - started
    bare = tmp / f"bare-{backend}.json"
    port = 8800 + (backend == "postgres")
    api_position = f"/api/municipalities/{mid}/positions/{position}"
    api_description = f"/api/municipalities/{mid}/positions/{position}/versions/{version}"
    headers = {"Authorization": f"Bearer {token}"}
    result: dict[str, Any] = {"backend": backend, "load_s": round(loaded, 1)}
    server = serve(url, port, args.workers, bare)
    try:
        base = f"http://127.0.0.1:{port}"
        first = time.monotonic()
        position_bytes = httpx.get(base + api_position, headers=headers, timeout=120).text
        result["cold first read s (whole load)"] = round(time.monotonic() - first, 2)
        description_bytes = httpx.get(base + api_description, headers=headers, timeout=120).text
        # The bare routes answer the API's own bytes.
        bare.write_text(json.dumps({"position": position_bytes, "description": description_bytes}))
        for path in (api_position, api_description):  # warm every worker's cache
            for _ in range(4 * args.workers):
                httpx.get(base + path, headers=headers, timeout=120)
        assert httpx.get(base + "/bare/position", timeout=120).text == position_bytes
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
        w = writes(base, token, mid, position, args.writes)
        met = w["p50"] <= WRITE_P50 and w["p99"] <= WRITE_P99
        result["write PUT position ms"] = (
            f"p50 {w['p50']}  p99 {w['p99']} over {args.writes} writes "
            f"(goal p50 <= {WRITE_P50:.0f}, p99 <= {WRITE_P99:.0f}): "
            + ("met" if met else "NOT met")
        )
        if args.workers > 1:
            f = first_reads(base, token, mid, position, args.rounds)
            met = f["max"] is not None and f["p50"] <= FIRST_READ
            result["other worker's first read after a write ms"] = (
                f"p50 {f['p50']}  max {f['max']} over {f['measured']} writes "
                f"(goal <= {FIRST_READ:.0f}): " + ("met" if met else "NOT met")
            )
            result["stale reads"] = (
                f"{f['stale']} of {f['reads']} reads after {args.rounds} writes"
                + (" (goal 0): met" if not f["stale"] else " NOT fresh")
            )
    finally:
        server.terminate()
        server.wait(10)
    result["whole replace ms (old write)"] = whole_replace_ms(url, mid)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, default=100, help="PUTs timed for p50/p99")
    parser.add_argument("--rounds", type=int, default=20, help="writes followed by reads")
    parser.add_argument("--repeat", type=int, default=3, help="alternating wrk runs per route")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--smoke", action="store_true", help="a tiny registry, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.positions, args.seconds, args.repeat = min(args.positions, 100), 1, 1
        args.writes, args.rounds, args.connections = 5, 3, 4
        args.backends = "sqlite"  # PostgreSQL: the full run (and the tests of the semantics)
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            result = run(backend, args, Path(tmp))
            print(f"== {backend}: {args.positions} positions, {args.workers} worker(s), "
                  f"{args.connections} connections, {args.seconds} s each; machine load "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
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
