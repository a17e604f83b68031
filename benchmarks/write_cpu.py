"""CPU time of one write and of one catch-up, beside the wall clock a loaded machine blurs.

On a registry of 10 000 positions (benchmarks/synth.py, as api_load.py loads it), two
workspaces over one database stand for two workers: the first replaces a position again and
again (`organisation.replace`, what `PUT …/positions/{id}` runs, checks and ETag included);
after each write the second reads the municipality (`views.visible`), catching up through the
change log. Prints the median CPU time of this process (`time.process_time`, every thread) per
write and per catch-up, and the whole-municipality cost each replaces: the first write of a
worker (it builds the incremental checker) and a whole read of the municipality.

    .venv/bin/python benchmarks/write_cpu.py [--positions 10000] [--writes 50]
        [--backends sqlite,postgres] [--profile DIR] [--smoke]

`--profile DIR` also writes cProfile files of the writes and catch-ups there (read them with
`python -m pstats`). `--smoke`: 300 positions, a few writes, SQLite.
"""

import argparse
import cProfile
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import msgspec

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import api_load  # noqa: E402

from roles import store  # noqa: E402
from roles.services import organisation  # noqa: E402
from roles.services.access import Caller, Role  # noqa: E402
from roles.services.views import visible  # noqa: E402
from roles.services.workspace import Workspace  # noqa: E402


def _median_ms(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2] * 1000, 2)


def measure(url: str, positions: int, writes: int, profile: Path | None) -> dict[str, Any]:
    _, mid, position, _ = api_load.prepare(url, positions)
    caller = Caller(id=None, name="bench", role=Role.HR, municipalities=frozenset([mid]))
    writer, reader = Workspace(store.create(url)), Workspace(store.create(url))
    try:
        started = time.process_time()
        visible(reader, caller, mid)
        whole_read = time.process_time() - started
        visible(writer, caller, mid)
        n = 0

        def write() -> None:
            nonlocal n
            n += 1
            snap, _ = visible(writer, caller, mid)
            current = snap.positions[position]
            etag = snap.encoded(("position", position), lambda: current).etag
            item = msgspec.structs.replace(current, title=f"write {n}")
            organisation.replace(writer, caller, mid, "position", position, item, etag)

        def catch_up() -> None:
            snap, _ = visible(reader, caller, mid)
            assert snap.positions[position].title == f"write {n}", "a stale read"

        started = time.process_time()
        write()  # builds the writer's incremental checker, once per process
        first_write = time.process_time() - started
        catch_up()
        spent: dict[str, list[float]] = {"write": [], "catch-up": []}
        steps = (("write", write), ("catch-up", catch_up))
        for _ in range(writes):
            for name, run in steps:
                started = time.process_time()
                run()
                spent[name].append(time.process_time() - started)
        if profile is not None:  # apart from the timed runs: the profiler slows what it sees
            profile.mkdir(parents=True, exist_ok=True)
            profiles = {name: cProfile.Profile(time.process_time) for name, _ in steps}
            for _ in range(10):
                for name, run in steps:
                    profiles[name].runcall(run)
            for name, p in profiles.items():
                p.dump_stats(profile / f"{name}-{url.split(':')[0]}.prof")
    finally:
        writer.close()
        reader.close()
    return {
        "write CPU ms (median)": _median_ms(spent["write"]),
        "catch-up CPU ms (median)": _median_ms(spent["catch-up"]),
        "first write CPU ms (builds the checker)": round(first_write * 1000, 1),
        "whole read CPU ms (what a catch-up spares)": round(whole_read * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--profile", type=Path, help="write cProfile files here")
    parser.add_argument("--smoke", action="store_true", help="a tiny registry, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.positions, args.writes, args.backends = min(args.positions, 300), 5, "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            else:
                url = api_load.fresh_postgres("roles_write_cpu")
            result = measure(url, args.positions, args.writes, args.profile)
            print(f"== {backend}: {args.positions} positions, {args.writes} writes; machine load "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
            for key, value in result.items():
                print(f"  {key:44} {value}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
