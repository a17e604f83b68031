"""Coverage at national scale, and the same analyses done with networkx, in one run.

    python benchmarks/coverage_bench.py [--municipalities 80 --positions 100000 --people 120000]

Prints seconds (one core, this process) and peak traced memory for
1. the national findings (every finding of issue 5, `uncovered` over the whole year included),
2. the calendar of one municipality of 1 500 positions over 365 days (who acts, every position
   and day; then its JSON and HTML forms),
and the networkx versions: closed loops and chain reachability for the nation (components,
depth-limited reachability), and the calendar as a breadth-first search per position and day.
networkx's `simple_cycles` is never used: it takes minutes on graphs like these.
"""

import argparse
import datetime as dt
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec
import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))
import synth

from roles.coverage import Coverage, CoverageIndex, DayRange, Options, check
from roles.coverage.graph import closed_sets
from roles.coverage.heatmap import page
from roles.domain import Registry
from roles.services.coverage import PositionCalendar

T = TypeVar("T")
YEAR = DayRange(dt.date(synth.YEAR, 1, 1), dt.date(synth.YEAR, 12, 31))
ON = dt.date(synth.YEAR, 1, 1)


def timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:<52} {seconds:8.3f} s")
    return result, seconds


def peak_mib(work: Callable[[], object]) -> float:
    """Peak memory allocated while `work` runs (traced; a separate, slower run)."""
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


# --- ours ---------------------------------------------------------------------------------


def national_findings(registries: list[Registry]) -> int:
    options = Options(on=ON, first=YEAR.first, last=YEAR.last)
    return sum(len(check(r, options)) for r in registries)


def our_graph_analyses(registries: list[Registry]) -> tuple[int, int]:
    """Closed loops (components) and positions whose chain reaches no holder (reachability)."""
    loops = vacant = 0
    for r in registries:
        index = CoverageIndex(r)
        live = {p.id for p in r.positions if p.exists_on(ON)}
        edges = {pid: [n for n in index.substitutes[pid] if n in live] for pid in live}
        loops += len(closed_sets(edges))
        for pid in live:
            if index.substitutes[pid] and not any(
                index.holders_on(n, ON) for n, _ in index.chain(pid)
            ):
                vacant += 1
    return loops, vacant


def our_calendar(r: Registry) -> int:
    coverage = Coverage(CoverageIndex(r), YEAR)
    return sum(len(coverage.segments(p.id)) for p in r.positions if coverage.exists(p.id))


def calendar_outputs(r: Registry) -> tuple[int, int]:
    coverage = Coverage(CoverageIndex(r), YEAR)
    rows = [(p, coverage.segments(p.id)) for p in r.positions if coverage.exists(p.id)]
    dates = [d.isoformat() for d in YEAR.days()]
    who = {}
    for p, segments in rows:
        for s in segments:
            start = (s.first - YEAR.first).days
            for i in range(start, start + (s.last - s.first).days + 1):
                who[f"{p.id} {dates[i]}"] = s.acting
    data = msgspec.json.encode({"who_acts": who})
    findings = check(r, Options(on=YEAR.first, first=YEAR.first, last=YEAR.last))
    html = page("calendar", rows, YEAR, findings, {p.id: p.name for p in r.people})
    return len(data), len(html)


def calendar_runs(r: Registry) -> int:
    """The API's compact calendar (`?form=runs`, runs of days per position), as JSON bytes."""
    coverage = Coverage(CoverageIndex(r), YEAR)
    runs = [
        PositionCalendar(position=p.id, segments=coverage.segments(p.id))
        for p in r.positions
        if coverage.exists(p.id)
    ]
    return len(msgspec.json.encode(runs))


# --- networkx -----------------------------------------------------------------------------


def _graph(r: Registry) -> "nx.DiGraph[str]":
    graph: nx.DiGraph[str] = nx.DiGraph()
    live = [p for p in r.positions if p.exists_on(ON)]
    ids = {p.id for p in live}
    graph.add_nodes_from(ids)
    for p in live:
        for rule in p.substitutes:
            if rule.duties is None and rule.position != p.id and rule.position in ids:
                graph.add_edge(p.id, rule.position)
    return graph


def nx_graph_analyses(registries: list[Registry]) -> tuple[int, int]:
    loops = vacant = 0
    for r in registries:
        graph = _graph(r)
        condensed = nx.condensation(graph)
        loops += sum(
            1
            for node, members in condensed.nodes(data="members")
            if len(members) > 1 and condensed.out_degree(node) == 0
        )
        held = {a.position for person in r.people for a in person.assignments if a.active_on(ON)}
        for pid in graph:
            if graph.out_degree(pid) == 0:
                continue
            reach = nx.single_source_shortest_path_length(graph, pid, cutoff=3)
            if not any(n in held for n in reach if n != pid):
                vacant += 1
    return loops, vacant


def nx_days(r: Registry) -> tuple[int, int]:
    """Who acts by a networkx breadth-first search per position and day: (days, uncovered).

    Positions that exist on the check date, every day of the year they exist.
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    for p in r.positions:
        graph.add_node(p.id)
        for rule in p.substitutes:
            if rule.duties is None and rule.position != p.id:
                graph.add_edge(p.id, rule.position)
    holders: dict[str, list[tuple[dt.date, str, dt.date | None]]] = {}
    for person in r.people:
        for a in person.assignments:
            holders.setdefault(a.position, []).append((a.start, person.id, a.end))
    for v in holders.values():
        v.sort(key=lambda h: (h[0], h[1]))
    people = {p.id: p for p in r.people}
    positions = {p.id: p for p in r.positions}

    def present(pid: str, day: dt.date) -> str | None:
        if not positions[pid].exists_on(day):
            return None
        for start, person, end in holders.get(pid, ()):
            if start <= day and (end is None or day <= end) and not people[person].absent_on(day):
                return person
        return None

    filled = uncovered = 0
    for p in r.positions:
        if not p.exists_on(ON):
            continue
        for day in YEAR.days():
            if not p.exists_on(day):
                continue
            filled += 1
            if present(p.id, day):
                continue
            for depth, layer in enumerate(nx.bfs_layers(graph, p.id)):
                if depth == 0:
                    continue
                if depth > 3:
                    uncovered += 1
                    break
                if any(present(n, day) for n in layer):
                    break
            else:
                uncovered += 1
    return filled, uncovered


def nx_national(registries: list[Registry]) -> tuple[tuple[int, int], int]:
    """The graph analyses and the uncovered days of the year, all with networkx."""
    graph = nx_graph_analyses(registries)
    return graph, sum(nx_days(r)[1] for r in registries)


def our_uncovered_days(registries: list[Registry]) -> int:
    options = Options(on=ON, first=YEAR.first, last=YEAR.last)
    return sum(
        (d.end - d.start).days + 1
        for r in registries
        for f in check(r, options)
        for d in f.ranges or ()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="coverage benchmark")
    parser.add_argument("--municipalities", type=int, default=80)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=120_000)
    parser.add_argument("--calendar-positions", type=int, default=1_500)
    parser.add_argument("--smoke", action="store_true", help="a tiny registry, a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.municipalities, args.positions, args.people = 2, 200, 240
        args.calendar_positions = 60

    print(
        f"synthetic registry: {args.municipalities} municipalities, {args.positions} positions,"
        f" {args.people} people, a year of absences"
    )
    nation, _ = timed(
        "generate (not part of the goal)",
        lambda: list(synth.generate(args.municipalities, args.positions, args.people)),
    )
    print("national findings")
    count, ours = timed(
        "findings, uncovered over 365 days included", lambda: national_findings(nation)
    )
    print(f"  {'findings':<52} {count:8d}")
    print(f"  {'peak memory':<52} {peak_mib(lambda: national_findings(nation)):8.1f} MiB")
    (loops, vacant), graph_ours = timed(
        "closed loops + chain reachability (dicts)", lambda: our_graph_analyses(nation)
    )
    nx_result, graph_nx = timed(
        "closed loops + chain reachability (networkx)", lambda: nx_graph_analyses(nation)
    )
    assert nx_result == (loops, vacant), (nx_result, (loops, vacant))
    print(f"  {'closed loops, vacant chains':<52} {loops:8d} {vacant:8d}")
    print(f"  {'networkx / dicts':<52} {graph_nx / graph_ours:8.1f} ×")
    (_, nx_uncovered), national_nx = timed(
        "the same national analyses, uncovered by per-day BFS (networkx)",
        lambda: nx_national(nation),
    )
    assert nx_uncovered == our_uncovered_days(nation), "networkx and the engine disagree"
    print(f"  {'uncovered position-days (both agree)':<52} {nx_uncovered:8d}")
    print(f"  {'networkx / ours, national findings':<52} {national_nx / ours:8.1f} ×")

    people = round(args.calendar_positions * 1.2)
    (municipality,) = synth.generate(1, args.calendar_positions, people, seed=2)
    print(f"calendar: {len(municipality.positions)} positions × {YEAR.length} days")
    segments, calendar = timed(
        "who acts, every position and day", lambda: our_calendar(municipality)
    )
    print(f"  {'runs of days':<52} {segments:8d}")
    print(f"  {'peak memory':<52} {peak_mib(lambda: our_calendar(municipality)):8.1f} MiB")
    (json_bytes, html_bytes), _ = timed(
        "JSON + HTML page (with findings)", lambda: calendar_outputs(municipality)
    )
    print(f"  {'JSON, HTML size':<52} {json_bytes / 2**20:6.1f} MiB {html_bytes / 2**20:6.1f} MiB")
    runs_bytes = calendar_runs(municipality)
    print(
        f"  {'JSON per day (form=days) vs runs (form=runs)':<52} {json_bytes / 2**20:6.1f} MiB"
        f" {runs_bytes / 2**20:6.2f} MiB   {json_bytes / max(runs_bytes, 1):.0f}× smaller"
    )
    _, calendar_nx = timed("who acts, per-day BFS (networkx)", lambda: nx_days(municipality))
    print(f"  {'networkx / ours':<52} {calendar_nx / calendar:8.1f} ×")

    ok = ours < 5 and calendar < 1 and national_nx / ours >= 10 and calendar_nx / calendar >= 10
    print("goals (findings < 5 s, calendar < 1 s, ≥ 10× networkx):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
