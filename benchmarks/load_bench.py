"""Load and export a synthetic national-scale registry on SQLite and PostgreSQL.

    python benchmarks/load_bench.py [--scale 1.0] [--postgres URL | --no-postgres]

Generates (untimed) one JSON registry file per municipality with benchmarks/synth.py — at full
scale 80 municipalities, 100 000 positions with job descriptions, 120 000 people and a year of
absences — then times `roles load` over all of them in one transaction and the export of every
municipality, printing rows/s and peak memory. Goal: the whole load under 60 s on SQLite on a
2-core machine, peak memory under 2 GiB.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

import synth

from roles import registry, store
from roles.config import settings

GOAL_SECONDS = 60.0
GOAL_PEAK_MIB = 2048.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_files(folder: Path, scale: float) -> list[Path]:
    files = []
    for r in synth.generate(
        municipalities=max(1, round(80 * scale)),
        positions=int(100_000 * scale),
        people=int(120_000 * scale),
    ):
        path = folder / f"{r.municipality.id}.json"
        registry.write(r, path)
        files.append(path)
    return files


def postgres_database(admin_url: str, name: str = "roles_bench") -> str:
    """A database of the benchmark's own on the server, made afresh."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run(url: str, files: list[Path], out: Path) -> None:
    engine = store.create(url)
    store.upgrade(engine)
    engine.dispose()
    os.environ["ROLES_DATABASE_URL"] = url
    settings.cache_clear()
    from roles.cli.registry_cmds import load_files

    started = time.perf_counter()
    results = load_files(files)
    load_s = time.perf_counter() - started
    rows = sum(r.rows for r in results)
    engine = store.create(url)
    started = time.perf_counter()
    exported = 0
    with store.sessions(engine)() as session:
        for mid in store.municipality_ids(session):
            found = store.read_registry(session, mid)
            assert found is not None
            target = out / f"{mid}.json"
            registry.write(found, target)
            exported += target.stat().st_size
    export_s = time.perf_counter() - started
    engine.dispose()
    name = sa.make_url(url).get_backend_name()
    print(f"{name:10} load   {load_s:7.1f} s  {rows / load_s:10,.0f} rows/s  ({rows:,} rows)")
    mib = exported / 2**20
    print(f"{name:10} export {export_s:7.1f} s  {rows / export_s:10,.0f} rows/s  ({mib:,.0f} MiB)")
    print(f"{name:10} peak memory so far {peak_mib():,.0f} MiB")
    if name == "sqlite":
        verdict = "meets" if load_s < GOAL_SECONDS else "misses"
        ratio = load_s / GOAL_SECONDS
        print(f"{name:10} load {verdict} the goal of {GOAL_SECONDS:.0f} s ({ratio:.2f}× of it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of national scale")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="a tiny registry, SQLite only")
    args = parser.parse_args()
    if args.smoke:
        args.scale, args.no_postgres = 0.002, True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        (root / "out").mkdir()
        started = time.perf_counter()
        files = write_files(root / "in", scale=args.scale)
        size = sum(f.stat().st_size for f in files)
        print(
            f"generated {len(files)} files, {size / 2**20:,.0f} MiB "
            f"in {time.perf_counter() - started:.1f} s (not timed below)"
        )
        run(f"sqlite:///{root / 'bench.db'}", files, root / "out")
        if not args.no_postgres:
            run(postgres_database(args.postgres), files, root / "out")
    peak = peak_mib()
    verdict = "meets" if peak < GOAL_PEAK_MIB else "misses"
    print(f"peak memory {peak:,.0f} MiB: {verdict} the goal of {GOAL_PEAK_MIB:,.0f} MiB")


if __name__ == "__main__":
    main()
