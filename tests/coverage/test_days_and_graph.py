"""The building blocks: day sets as integers, and closed sets of the substitution graph."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from roles.coverage.days import DayRange, runs
from roles.coverage.graph import closed_sets, components

from .factories import day


def test_a_span_is_clipped_to_the_range() -> None:
    july = DayRange(day("2026-07-01"), day("2026-07-31"))
    assert july.span(day("2026-06-20"), day("2026-07-03")) == 0b111
    assert july.span(day("2026-08-01"), None) == 0
    assert july.span(None, None) == july.all


@given(st.sets(st.integers(0, 80)))
def test_runs_are_the_maximal_stretches_of_consecutive_days(days: set[int]) -> None:
    found = list(runs(sum(1 << d for d in days)))
    assert {d for a, b in found for d in range(a, b + 1)} == days
    assert all(b + 1 < c for (_, b), (c, _) in itertools.pairwise(found))


def test_components_group_mutually_reachable_positions() -> None:
    found = components({"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"], "e": []})
    assert sorted(sorted(c) for c in found) == [["a", "b"], ["c", "d"], ["e"]]


def test_only_components_without_an_edge_out_are_closed() -> None:
    assert closed_sets({"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"]}) == [["c", "d"]]


def test_components_handle_a_long_chain_without_recursion() -> None:
    n = 50_000
    edges = {str(i): [str(i + 1)] for i in range(n)} | {str(n): ["0"]}
    assert [len(c) for c in components(edges)] == [n + 1]
