"""What a registry must satisfy beyond its schema: references, trees, dates, seats, codes.

`check` returns every problem it finds, each with the path inside the registry file
(`positions[3].substitutes[0].position`) and a message saying what is wrong, so a person can
fix a whole file in one pass.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator

import msgspec

from roles.domain import personal_code
from roles.domain.model import (
    FORMAT,
    JobDescriptionStatus,
    Registry,
    current_description,
    duty_refs,
)


class Problem(msgspec.Struct, frozen=True):
    path: str  # inside the file: "positions[3].substitutes[0].position"; "" = the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def check(registry: Registry, layouts: Collection[str] | None = None) -> list[Problem]:
    """Every problem of a decoded registry; empty when it may be stored.

    `layouts` names the document layouts that exist; None skips that check.
    """
    if registry.format != FORMAT:
        return [Problem("format", f"unsupported format {registry.format!r}; expected {FORMAT!r}")]
    return [
        *_unique_ids(registry),
        *_organisation(registry, layouts),
        *_positions(registry),
        *_people(registry),
        *_descriptions(registry, layouts),
    ]


def _unique_ids(r: Registry) -> Iterator[Problem]:
    # Ids are unique within the whole file, across kinds, so a reference is never ambiguous.
    seen: dict[str, str] = {r.municipality.id: "municipality.id"}
    kinds = (
        ("agencies", [a.id for a in r.agencies]),
        ("units", [u.id for u in r.units]),
        ("positions", [p.id for p in r.positions]),
        ("people", [p.id for p in r.people]),
    )
    for name, ids in kinds:
        for i, id_ in enumerate(ids):
            path = f"{name}[{i}].id"
            if id_ in seen:
                yield Problem(path, f"duplicate id {id_!r}, already used at {seen[id_]}")
            else:
                seen[id_] = path


def _organisation(r: Registry, layouts: Collection[str] | None) -> Iterator[Problem]:
    if layouts is not None and r.municipality.layout and r.municipality.layout not in layouts:
        yield Problem("municipality.layout", _unknown("layout", r.municipality.layout, layouts))
    agencies = {a.id for a in r.agencies}
    units = {u.id: u for u in r.units}
    for i, unit in enumerate(r.units):
        if unit.agency not in agencies:
            yield Problem(f"units[{i}].agency", f"unknown agency {unit.agency!r}")
        if unit.parent is not None and unit.parent not in units:
            yield Problem(f"units[{i}].parent", f"unknown unit {unit.parent!r}")
    index = {u.id: i for i, u in enumerate(r.units)}
    for cycle in _cycles({u.id: u.parent for u in r.units}):
        first = min(cycle, key=index.__getitem__)
        yield Problem(f"units[{index[first]}].parent", "units form a cycle: " + " → ".join(cycle))


def _positions(r: Registry) -> Iterator[Problem]:
    units = {u.id for u in r.units}
    positions = {p.id: p for p in r.positions}
    descriptions = r.job_descriptions
    for i, p in enumerate(r.positions):
        at = f"positions[{i}]"
        if p.unit not in units:
            yield Problem(f"{at}.unit", f"unknown unit {p.unit!r}")
        if p.reports_to is not None:
            if p.reports_to == p.id:
                yield Problem(f"{at}.reports_to", "a position cannot report to itself")
            elif p.reports_to not in positions:
                yield Problem(f"{at}.reports_to", f"unknown position {p.reports_to!r}")
        plain_seen: set[str] = set()
        first_if_needed: int | None = None
        for j, rule in enumerate(p.substitutes):
            rat = f"{at}.substitutes[{j}]"
            if rule.position not in positions:
                yield Problem(f"{rat}.position", f"unknown position {rule.position!r}")
                continue
            if rule.if_needed:
                first_if_needed = j if first_if_needed is None else first_if_needed
            elif first_if_needed is not None:
                yield Problem(
                    f"{at}.substitutes[{first_if_needed}].if_needed",
                    f"an if_needed rule comes before the plain rule substitutes[{j}]; "
                    "write plain rules first",
                )
            if rule.duties is None:
                if rule.position in plain_seen:
                    yield Problem(f"{rat}.position", f"position {rule.position!r} is named twice")
                plain_seen.add(rule.position)
                continue
            if not rule.duties:
                yield Problem(f"{rat}.duties", "an empty duty scope covers nothing; leave it out")
                continue
            description = current_description(descriptions, p.id)
            if description is None:
                yield Problem(
                    f"{rat}.duties",
                    f"position {p.id!r} has no job description whose duties this scope could name",
                )
                continue
            known = set(duty_refs(description))
            for k, ref in enumerate(rule.duties):
                if ref not in known:
                    yield Problem(
                        f"{rat}.duties[{k}]",
                        f"duty {ref!r} is not in version {description.version} of "
                        f"{p.id!r}'s job description",
                    )
        for j, other in enumerate(p.substitutes_for):
            if other not in positions:
                yield Problem(f"{at}.substitutes_for[{j}]", f"unknown position {other!r}")
    index = {p.id: i for i, p in enumerate(r.positions)}
    chain = {p.id: p.reports_to for p in r.positions if p.reports_to != p.id}
    for cycle in _cycles(chain):
        first = min(cycle, key=index.__getitem__)
        yield Problem(
            f"positions[{index[first]}].reports_to",
            "reporting lines form a cycle: " + " → ".join(cycle),
        )


def _people(r: Registry) -> Iterator[Problem]:
    positions = {p.id: p for p in r.positions}
    codes: dict[str, str] = {}
    spans: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    for i, person in enumerate(r.people):
        at = f"people[{i}]"
        if person.personal_code is not None:
            wrong = personal_code.problem(person.personal_code)
            if wrong:
                yield Problem(f"{at}.personal_code", wrong)
            elif person.personal_code in codes:
                yield Problem(
                    f"{at}.personal_code",
                    f"personal code already belongs to {codes[person.personal_code]}",
                )
            else:
                codes[person.personal_code] = f"people[{i}] ({person.id})"
        for j, a in enumerate(person.assignments):
            aat = f"{at}.assignments[{j}]"
            if a.end is not None and a.end < a.start:
                yield Problem(f"{aat}.to", f"ends ({a.end}) before it starts ({a.start})")
                continue
            position = positions.get(a.position)
            if position is None:
                yield Problem(f"{aat}.position", f"unknown position {a.position!r}")
                continue
            if position.abolished is not None and (a.end is None or a.end >= position.abolished):
                yield Problem(
                    f"{aat}.to",
                    f"position {a.position!r} is abolished from {position.abolished}; "
                    "the assignment must end before that",
                )
            spans[a.position].append((a.start, a.end, f"{aat}"))
        for j, absence in enumerate(person.absences):
            if absence.end < absence.start:
                yield Problem(
                    f"{at}.absences[{j}].to",
                    f"ends ({absence.end}) before it starts ({absence.start})",
                )
    for position_id, holding in spans.items():
        seats = positions[position_id].seats
        day, path = _first_overfull_day(holding, seats)
        if day is not None:
            yield Problem(
                path,
                f"position {position_id!r} has {seats} seat(s) but more holders than that on {day}",
            )


def _descriptions(r: Registry, layouts: Collection[str] | None) -> Iterator[Problem]:
    positions = {p.id for p in r.positions}
    versions: Counter[tuple[str, int]] = Counter()
    by_position: dict[str, list[tuple[int, JobDescriptionStatus, int]]] = defaultdict(list)
    for i, d in enumerate(r.job_descriptions):
        at = f"job_descriptions[{i}]"
        if d.position not in positions:
            yield Problem(f"{at}.position", f"unknown position {d.position!r}")
            continue
        versions[(d.position, d.version)] += 1
        if versions[(d.position, d.version)] > 1:
            yield Problem(f"{at}.version", f"version {d.version} of {d.position!r} appears twice")
        if layouts is not None and d.layout is not None and d.layout not in layouts:
            yield Problem(f"{at}.layout", _unknown("layout", d.layout, layouts))
        by_position[d.position].append((d.version, d.status, i))
    for position, items in by_position.items():
        approved = [(v, i) for v, s, i in items if s is JobDescriptionStatus.APPROVED]
        drafts = [(v, i) for v, s, i in items if s is JobDescriptionStatus.DRAFT]
        for _, i in approved[1:]:
            yield Problem(
                f"job_descriptions[{i}].status",
                f"{position!r} has more than one approved version; older ones are superseded",
            )
        for _, i in drafts[1:]:
            yield Problem(f"job_descriptions[{i}].status", f"{position!r} has more than one draft")
        if approved:
            newest_approved = max(v for v, _ in approved)
            for v, s, i in items:
                if s is JobDescriptionStatus.SUPERSEDED and v > newest_approved:
                    yield Problem(
                        f"job_descriptions[{i}].version",
                        f"superseded version {v} is newer than approved version {newest_approved}",
                    )
                if s is JobDescriptionStatus.DRAFT and v < newest_approved:
                    yield Problem(
                        f"job_descriptions[{i}].version",
                        f"draft version {v} is older than the approved version {newest_approved}",
                    )


def _first_overfull_day(
    spans: list[tuple[dt.date, dt.date | None, str]], seats: int
) -> tuple[dt.date | None, str]:
    """The first day on which more assignments than seats are active (a sweep over starts/ends)."""
    events: list[tuple[dt.date, int, str]] = []
    for start, end, path in spans:
        events.append((start, 1, path))
        if end is not None:
            events.append((end + dt.timedelta(days=1), -1, path))
    events.sort(key=lambda e: (e[0], e[1]))  # ends before starts on the same day
    active = 0
    for day, delta, path in events:
        active += delta
        if active > seats:
            return day, path
    return None, ""


def _cycles(parent: dict[str, str | None]) -> list[list[str]]:
    """Cycles in a graph where each node has at most one parent, each reported once."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles: list[list[str]] = []
    for start in parent:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            cycles.append([*cycle, node])
        for n in walk:
            state[n] = 2
    return cycles


def _unknown(what: str, value: str, known: Collection[str]) -> str:
    return f"unknown {what} {value!r}; known: {', '.join(sorted(known))}"
