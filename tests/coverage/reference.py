"""Who acts, written line by line from registry-format.md, with no index and no cleverness.

The engine must agree with this on every registry; it is slow on purpose-free grounds only.
"""

import datetime as dt

from roles.domain import Registry


def present_holders(registry: Registry, position: str, day: dt.date) -> list[str]:
    """Holders present on the day: the earliest assignment first, then by person id."""
    found = next(p for p in registry.positions if p.id == position)
    if found.abolished is not None and day >= found.abolished:
        return []  # abolished positions count as absent
    holders = [
        (a.start, person.id)
        for person in registry.people
        if not person.absent_on(day)
        for a in person.assignments
        if a.position == position and a.active_on(day)  # ended assignments count as absent
    ]
    return [person for _, person in sorted(holders)]


def who_acts(
    registry: Registry, position: str, day: dt.date, depth: int = 3
) -> tuple[str, str | None, str | None, int | None]:
    """(status, person, via, depth), as in `roles who-acts`."""
    own = present_holders(registry, position, day)
    if own:
        return "present", own[0], position, 0
    rules = {p.id: p.substitutes for p in registry.positions}
    visited = {position}
    frontier = [position]
    for level in range(1, depth + 1):
        following = []
        for current in frontier:
            for rule in rules[current]:
                if rule.duties is not None:
                    continue  # scoped rules do not act for the whole position
                if rule.position == current:  # another present holder of it
                    others = present_holders(registry, current, day)
                    if others:
                        return "substitute", others[0], current, level
                    continue
                if rule.position in visited:
                    continue
                visited.add(rule.position)
                holders = present_holders(registry, rule.position, day)
                if holders:
                    return "substitute", holders[0], rule.position, level
                following.append(rule.position)
        frontier = following
    return "uncovered", None, None, None
