"""Server time of the pages for a municipality of 1 500 positions (issue 7: goal < 300 ms).

    python benchmarks/pages_bench.py [--positions 1500 --people 1800 --repeat 15]

Loads `synth.generate(municipalities=1, positions=1500, people=1800)` into a temporary SQLite
database, logs in as HR through the login page and times, in-process (the ASGI app, no network):
the position list, a position page (the one with the most versions) and the coverage
dashboard, each the first time (cold: snapshot and coverage findings computed) and then warm
(median and max of --repeat runs). Prints one line per page.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher
from litestar.testing import TestClient
from msgspec.structs import replace

sys.path.insert(0, str(Path(__file__).parent))
import synth

from roles import config, store
from roles.server import create_app
from roles.services import accounts, auth
from roles.services.access import Role

GOAL_MS = 300.0
PASSWORD = "benchmark password"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=1500)
    parser.add_argument("--people", type=int, default=1800)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--smoke", action="store_true", help="a tiny registry, one run each")
    args = parser.parse_args(argv)
    if args.smoke:
        args.positions, args.people, args.repeat = 60, 70, 1
    auth.hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    registry = next(synth.generate(municipalities=1, positions=args.positions, people=args.people))
    mid = registry.municipality.id
    position = max(
        registry.positions,
        key=lambda p: sum(d.position == p.id for d in registry.job_descriptions),
    ).id
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'roles.db'}"
        engine = store.create(url)
        store.upgrade(engine)
        with store.sessions(engine)() as session:
            store.load_all(session, [(mid, registry)])
        with store.sessions(engine)() as session, session.begin():
            accounts.add_user(
                session,
                accounts.UserIn(name="hr", password=PASSWORD, role=Role.HR, municipalities=[mid]),
                "bench",
            )
        engine.dispose()
        settings = replace(
            config.from_environment(),
            database_url=url,
            secret_key="bench-secret-bench-secret",
            secure_cookies=False,
        )
        with TestClient(create_app(settings)) as client:
            form = client.get("/login").text
            token = re.search(r'name="_csrf" value="([^"]+)"', form)
            assert token is not None
            client.post(
                "/login", data={"name": "hr", "password": PASSWORD, "_csrf": token.group(1)}
            )
            assert auth.SESSION_COOKIE in client.cookies, "login failed"
            pages = {
                "position list": f"/m/{mid}/positions",
                "position list, filtered (findings)": f"/m/{mid}/positions?findings=1",
                "position page": f"/m/{mid}/positions/{position}",
                "coverage dashboard (28 days)": f"/m/{mid}/coverage",
                "municipality overview": f"/m/{mid}",
            }
            print(
                f"{len(registry.positions)} positions, {len(registry.people)} people, "
                f"{len(registry.job_descriptions)} job-description versions; SQLite; in-process"
            )
            worst = 0.0
            for name, path in pages.items():
                times = []
                for _ in range(args.repeat + 1):
                    start = time.perf_counter()
                    got = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert got.status_code == 200, (path, got.status_code, got.text[:300])
                    assert got.url.path == path.partition("?")[0], f"redirected to {got.url}"
                cold, warm = times[0], times[1:]
                median = statistics.median(warm)
                worst = max(worst, median)
                print(
                    f"{name:38s} cold {cold:7.1f} ms   warm median {median:6.1f} ms   "
                    f"max {max(warm):6.1f} ms   {len(got.content) / 1024:6.0f} KiB"
                )
            verdict = "meets" if worst < GOAL_MS else "MISSES"
            print(f"goal < {GOAL_MS:.0f} ms (warm median): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
