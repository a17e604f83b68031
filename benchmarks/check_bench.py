"""Checking an edit: the whole `domain.check` against `Checker.revise` (issue 16).

    python benchmarks/check_bench.py [--positions 10000] [--repeat 20] [--smoke]

One municipality from benchmarks/synth.py; for each kind of edit the API and the pages make
(an entity replaced, the rest shared), the median CPU time of the whole check of the edited
registry and of revising a Checker of the registry before, side by side with their ratio, and
whether both found the same problems. `--smoke` runs a tiny scale in a few seconds.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

from roles.domain import (
    Absence,
    AbsenceKind,
    Checker,
    Clause,
    Position,
    Registry,
    check,
)

replace = msgspec.structs.replace
Edit = Callable[[Registry, random.Random], Registry]


def _at(items: list, i: int, new: object) -> list:  # type: ignore[type-arg]
    out = list(items)
    out[i] = new
    return out


def retitle_position(r: Registry, rng: random.Random) -> Registry:
    i = rng.randrange(len(r.positions))
    return replace(r, positions=_at(r.positions, i, replace(r.positions[i], title="uus nimetus")))


def add_absence(r: Registry, rng: random.Random) -> Registry:
    i = rng.randrange(len(r.people))
    h = r.people[i]
    day = dt.date(2030, 1, 1) + dt.timedelta(days=rng.randrange(300))
    absence = Absence(start=day, end=day + dt.timedelta(days=3), kind=AbsenceKind.SICK)
    return replace(r, people=_at(r.people, i, replace(h, absences=[*h.absences, absence])))


def save_draft(r: Registry, rng: random.Random) -> Registry:
    i = rng.randrange(len(r.job_descriptions))
    d = r.job_descriptions[i]
    sections = list(d.sections)
    if sections:
        first = sections[0]
        sections[0] = replace(first, clauses=[*first.clauses, Clause(ref="9.9", text="Uus.")])
    return replace(r, job_descriptions=_at(r.job_descriptions, i, replace(d, sections=sections)))


def change_substitutes(r: Registry, rng: random.Random) -> Registry:
    i = rng.randrange(len(r.positions))
    p = r.positions[i]
    return replace(r, positions=_at(r.positions, i, replace(p, substitutes=p.substitutes[:1])))


def add_position(r: Registry, rng: random.Random) -> Registry:
    p = Position(id=f"uus-{rng.randrange(10**9)}", title="uus", unit=r.units[0].id)
    return replace(r, positions=[*r.positions, p])


def remove_position(r: Registry, rng: random.Random) -> Registry:
    """A position removed: what named it now names nothing (problems both checks must find)."""
    i = rng.randrange(len(r.positions))
    return replace(r, positions=r.positions[:i] + r.positions[i + 1 :])


EDITS: list[tuple[str, Edit]] = [
    ("retitle a position", retitle_position),
    ("add an absence", add_absence),
    ("save a draft clause", save_draft),
    ("change substitutes", change_substitutes),
    ("add a position", add_position),
    ("remove a position", remove_position),
]


def _ms(f: Callable[[], object]) -> tuple[float, object]:
    """CPU milliseconds (the work is single-threaded; wall time on a shared machine is not)."""
    began = time.process_time()
    out = f()
    return (time.process_time() - began) * 1000, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="a tiny scale, a few seconds")
    args = parser.parse_args(argv)
    if args.smoke:
        args.positions, args.repeat = 200, 3
    registry = next(
        synth.generate(
            municipalities=1, positions=args.positions, people=round(args.positions * 1.2)
        )
    )
    rng = random.Random(1)
    build_ms, checker = _ms(lambda: Checker(registry))
    assert isinstance(checker, Checker)
    first_ms, _ = _ms(lambda: checker.revise(registry))  # makes the dependency index, once
    print(
        f"{args.positions} positions, {len(registry.people)} people, "
        f"{len(registry.job_descriptions)} job descriptions"
    )
    print(f"building a Checker (the whole check): {build_ms:8.1f} ms")
    print(f"first revision (makes its dependency index): {first_ms:8.1f} ms\n")
    print(f"{'edit':24} {'whole ms':>10} {'revise ms':>10} {'ratio':>8}  same")
    all_same = True
    for name, edit in EDITS:
        whole: list[float] = []
        revise: list[float] = []
        same = True
        for _ in range(args.repeat):
            after = edit(registry, rng)
            w, expected = _ms(lambda after=after: check(after))  # type: ignore[misc]
            r, revised = _ms(lambda after=after: checker.revise(after))  # type: ignore[misc]
            whole.append(w)
            revise.append(r)
            same &= isinstance(revised, Checker) and revised.problems == expected
        a, b = statistics.median(whole), statistics.median(revise)
        print(f"{name:24} {a:10.1f} {b:10.2f} {a / b:7.0f}×  {'yes' if same else 'NO'}")
        all_same &= same
    return 0 if all_same else 1


if __name__ == "__main__":
    raise SystemExit(main())
