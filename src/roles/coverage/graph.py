"""Strongly connected components of the substitution graph, iteratively (no recursion limit)."""

from collections.abc import Mapping, Sequence


def components(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Tarjan's algorithm over `edges` (node → successors); every node in exactly one component.

    Successors that are not keys of `edges` are ignored.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work[-1]
            successors = edges[node]
            if i < len(successors):
                work[-1] = (node, i + 1)
                nxt = successors[i]
                if nxt not in edges:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def closed_sets(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Components of two or more nodes with no edge leaving them, each sorted."""
    out = []
    for component in components(edges):
        if len(component) < 2:
            continue
        members = set(component)
        if all(nxt in members for node in component for nxt in edges[node] if nxt in edges):
            out.append(sorted(component))
    return out
