"""What a registry must satisfy beyond its schema: references, trees, dates, seats, codes.

The rules come in two shapes, so that a change can be checked by only the rules it can affect
(`checker.Checker`):

- *own* rules: the problems of one entity, given look-ups of what exists (`Lookup`): its values
  (`values`), the references out of it, its dates in order. Paths are relative to the entity
  ("substitutes[0].position"); the checker puts "positions[3]." in front.
- *group* rules: problems that arise between entities sharing something — an id, a personal
  code, a cycle, a position's seats, a position's versions. Each is attributed to one entity
  (the second holder of an id, the first unit of a cycle in file order, …).

Every problem has a stable `code` and `params` for `messages.describe`; `message` stays English.
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, Protocol

from roles.domain import personal_code, values
from roles.domain.model import (
    Absence,
    Agency,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    Person,
    Position,
    Unit,
    duty_refs,
)
from roles.domain.problem import Problem
from roles.domain.versions import current_description


def problem(path: str, code: str, message: str, **params: object) -> Problem:
    return Problem(path, message, code, {k: str(v) for k, v in params.items()})


class Lookup(Protocol):
    """What own rules may ask about the rest of the registry (and nothing else, so that the
    checker knows what a change can affect)."""

    @property
    def layouts(self) -> Collection[str] | None: ...
    @property
    def records_from(self) -> dt.date: ...

    def agency(self, id_: str) -> bool: ...
    def units(self, id_: str) -> Sequence[Unit]: ...
    def positions(self, id_: str) -> Sequence[Position]: ...
    def descriptions(self, position: str) -> Sequence[JobDescription]: ...


def _title(look: Lookup, position: str) -> str:
    found = look.positions(position)
    return found[0].title if found else position


# --- own rules -------------------------------------------------------------------------------


def own_municipality(m: Municipality, look: Lookup) -> list[Problem]:
    out = values.struct(m, "")
    if look.layouts is not None and m.layout and m.layout not in look.layouts:
        out.append(_unknown_layout("layout", m.layout, look.layouts))
    return out


def own_agency(a: Agency, look: Lookup) -> list[Problem]:
    return values.struct(a, "")


def own_unit(u: Unit, look: Lookup) -> list[Problem]:
    out = values.struct(u, "")
    if not look.agency(u.agency):
        message = f"unknown agency {u.agency!r}"
        out.append(_unknown("agency", u.agency, "ref.unknown-agency", message))
    if u.parent is not None and not look.units(u.parent):
        out.append(_unknown("parent", u.parent, "ref.unknown-unit", f"unknown unit {u.parent!r}"))
    return out


def own_position(p: Position, look: Lookup) -> list[Problem]:
    out = values.struct(p, "")
    if not look.units(p.unit):
        out.append(_unknown("unit", p.unit, "ref.unknown-unit", f"unknown unit {p.unit!r}"))
    if p.reports_to is not None:
        if p.reports_to == p.id:
            out.append(
                problem(
                    "reports_to",
                    "position.reports-to-itself",
                    "a position cannot report to itself",
                    position=p.title,
                )
            )
        elif not look.positions(p.reports_to):
            out.append(_unknown_position("reports_to", p.reports_to))
    out.extend(_rules(p, look))
    for j, other in enumerate(p.substitutes_for):
        if not look.positions(other):
            out.append(_unknown_position(f"substitutes_for[{j}]", other))
    return out


def _rules(p: Position, look: Lookup) -> Iterator[Problem]:
    plain_seen: set[str] = set()
    first_if_needed: int | None = None
    for j, rule in enumerate(p.substitutes):
        at = f"substitutes[{j}]"
        if not look.positions(rule.position):
            yield _unknown_position(f"{at}.position", rule.position)
            continue
        if rule.if_needed:
            first_if_needed = j if first_if_needed is None else first_if_needed
        elif first_if_needed is not None:
            yield problem(
                f"substitutes[{first_if_needed}].if_needed",
                "rule.if-needed-first",
                f"an if_needed rule comes before the plain rule substitutes[{j}]; "
                "write plain rules first",
                rule=first_if_needed + 1,
                plain=j + 1,
                substitute=_title(look, rule.position),
            )
        if rule.duties is None:
            if rule.position in plain_seen:
                yield problem(
                    f"{at}.position",
                    "rule.named-twice",
                    f"position {rule.position!r} is named twice",
                    substitute=_title(look, rule.position),
                )
            plain_seen.add(rule.position)
            continue
        if not rule.duties:
            yield problem(
                f"{at}.duties",
                "rule.empty-scope",
                "an empty duty scope covers nothing; leave it out",
            )
            continue
        description = current_description(list(look.descriptions(p.id)), p.id)
        if description is None:
            yield problem(
                f"{at}.duties",
                "rule.scope-without-description",
                f"position {p.id!r} has no job description whose duties this scope could name",
                position=p.title,
            )
            continue
        known = set(duty_refs(description))
        for k, ref in enumerate(rule.duties):
            if ref not in known:
                yield problem(
                    f"{at}.duties[{k}]",
                    "rule.unknown-duty",
                    f"duty {ref!r} is not in version {description.version} of "
                    f"{p.id!r}'s job description",
                    value=ref,
                    version=description.version,
                    position=p.title,
                )


def own_person(h: Person, look: Lookup) -> list[Problem]:
    out = values.struct(h, "")
    if h.personal_code is not None:
        wrong = personal_code.issue(h.personal_code)
        if wrong is not None:
            code, message, params = wrong
            out.append(problem("personal_code", code, message, **params))
    for j, a in enumerate(h.assignments):
        at = f"assignments[{j}]"
        if a.end is not None and a.end < a.start:
            out.append(_backwards(f"{at}.to", "assignment.ends-before-start", a.start, a.end))
            continue
        found = look.positions(a.position)
        if not found:
            out.append(_unknown_position(f"{at}.position", a.position))
            continue
        position = found[0] if len(found) == 1 else None  # an ambiguous id: reported as such
        if (
            position is not None
            and position.abolished is not None
            and (a.end is None or a.end >= position.abolished)
        ):
            out.append(
                problem(
                    f"{at}.to",
                    "assignment.after-abolished",
                    f"position {a.position!r} is abolished from {position.abolished}; "
                    "the assignment must end before that",
                    position=position.title,
                    abolished=position.abolished.isoformat(),
                )
            )
    for j, absence in enumerate(h.absences):
        if absence.end < absence.start:
            out.append(
                _backwards(
                    f"absences[{j}].to", "absence.ends-before-start", absence.start, absence.end
                )
            )
    out.extend(_overlaps(h.absences))
    return out


def _overlaps(absences: list[Absence]) -> Iterator[Problem]:
    """Absences of one person that share a day: each reported at the later one in the file,
    naming the earlier."""
    spans = sorted(
        (a.start, a.end, j) for j, a in enumerate(absences) if a.end >= a.start
    )  # backwards ones are reported as such
    found: dict[int, int] = {}  # later index → the earlier one it overlaps
    reach: tuple[dt.date, int] | None = None  # the furthest end so far, and whose
    for start, end, j in spans:
        if reach is not None and start <= reach[0]:
            first, later = sorted((reach[1], j))
            found.setdefault(later, first)
        if reach is None or end > reach[0]:
            reach = (end, j)
    for later in sorted(found):
        first = found[later]
        a, b = absences[later], absences[first]
        yield problem(
            f"absences[{later}]",
            "absence.overlap",
            f"overlaps absences[{first}] ({b.start} – {b.end}); one person is away once a day",
            start=a.start.isoformat(),
            end=a.end.isoformat(),
            other_start=b.start.isoformat(),
            other_end=b.end.isoformat(),
        )


def own_description(d: JobDescription, look: Lookup) -> list[Problem]:
    out = values.struct(d, "")
    if not look.positions(d.position):
        out.append(_unknown_position("position", d.position))
        return out
    if look.layouts is not None and d.layout is not None and d.layout not in look.layouts:
        out.append(_unknown_layout("layout", d.layout, look.layouts))
    approval = d.approval
    if approval is not None and approval.date is not None:
        if approval.date < look.records_from:
            out.append(
                problem(
                    "approval.date",
                    "approval.before-records",
                    f"approved on {approval.date}, before the municipality's records begin "
                    f"({look.records_from})",
                    date=approval.date.isoformat(),
                    records_from=look.records_from.isoformat(),
                )
            )
        if d.in_force_from is not None and d.in_force_from < approval.date:
            out.append(
                problem(
                    "in_force_from",
                    "approval.in-force-before-approval",
                    f"takes effect ({d.in_force_from}) before it is approved ({approval.date})",
                    in_force_from=d.in_force_from.isoformat(),
                    date=approval.date.isoformat(),
                )
            )
    return out


def _unknown(path: str, value: str, code: str, message: str) -> Problem:
    return problem(path, code, message, value=value)


def _unknown_position(path: str, value: str) -> Problem:
    return problem(path, "ref.unknown-position", f"unknown position {value!r}", value=value)


def _unknown_layout(path: str, value: str, known: Collection[str]) -> Problem:
    names = ", ".join(sorted(known))
    return problem(
        path,
        "ref.unknown-layout",
        f"unknown layout {value!r}; known: {names}",
        value=value,
        known=names,
    )


def _backwards(path: str, code: str, start: dt.date, end: dt.date) -> Problem:
    return problem(
        path,
        code,
        f"ends ({end}) before it starts ({start})",
        start=start.isoformat(),
        end=end.isoformat(),
    )


# --- group rules -----------------------------------------------------------------------------
# Each returns (entity, problem) pairs; the problem's path is relative to the entity. Where a
# message names another entity's place in the file, it is made when the places are known
# (`Deferred`), so that it stays right when entities before it come or go.

PathOf = Callable[[Any], str]  # an entity → its path in the file: "people[3]"


class Deferred:
    """A problem whose message names where another entity is in the file."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[PathOf], Problem]) -> None:
        self.make = make


Found = tuple[Any, Problem | Deferred]


def duplicate_ids(occurrences: Sequence[Any], id_: str) -> list[Found]:
    """`occurrences`: the entities bearing one id, in file order (municipality first)."""
    first = occurrences[0]

    def make(path_of: PathOf) -> Problem:
        at = f"{path_of(first)}.id"
        return problem(
            "id",
            "id.duplicate",
            f"duplicate id {id_!r}, already used at {at}",
            value=id_,
            first=_name_of(first),
        )

    return [(e, Deferred(make)) for e in occurrences[1:]]


def _name_of(entity: Any) -> str:
    return str(getattr(entity, "title", None) or getattr(entity, "name", None) or entity.id)


def duplicate_codes(holders: Sequence[Person], code: str) -> list[Found]:
    """`holders`: people with one valid personal code, in file order."""
    first = holders[0]

    def make(path_of: PathOf) -> Problem:
        return problem(
            "personal_code",
            "person.code-taken",
            f"personal code already belongs to {path_of(first)} ({first.id})",
            value=code,
            other=first.name,
        )

    return [(h, Deferred(make)) for h in holders[1:]]


def cycle(members: Sequence[Any], field: str, code: str, what: str) -> Found:
    """A cycle of units (parent) or positions (reports_to), `members` in the cycle's order
    starting with the one first in the file, where it is reported."""
    ids = [m.id for m in members] + [members[0].id]
    names = [_name_of(m) for m in members] + [_name_of(members[0])]
    return (
        members[0],
        problem(field, code, f"{what} form a cycle: " + " → ".join(ids), cycle=" → ".join(names)),
    )


def overfull(
    position: Position, spans: Sequence[tuple[dt.date, dt.date | None, Person, int]]
) -> list[Found]:
    """More holders than seats on some day: reported at the assignment that makes it so.

    `spans`: the position's assignments (start, end, person, index), people in file order.
    """
    events: list[tuple[dt.date, int, int, Person, int]] = []
    for n, (start, end, person, j) in enumerate(spans):
        events.append((start, 1, n, person, j))
        if end is not None and end < dt.date.max:  # the day after date.max is none
            events.append((end + dt.timedelta(days=1), -1, n, person, j))
    events.sort(key=lambda e: (e[0], e[1], e[2]))  # ends before starts on the same day
    active = 0
    for day, delta, _, person, j in events:
        active += delta
        if active > position.seats:
            return [
                (
                    person,
                    problem(
                        f"assignments[{j}]",
                        "seats.overfull",
                        f"position {position.id!r} has {position.seats} seat(s) but more "
                        f"holders than that on {day}",
                        position=position.title,
                        seats=position.seats,
                        day=day.isoformat(),
                    ),
                )
            ]
    return []


def versions(position: Position, descriptions: Sequence[JobDescription]) -> list[Found]:
    """A position's versions, in file order: numbers unique, one approved, one draft, in order."""
    out: list[Found] = []
    seen: set[int] = set()
    title = position.title
    for d in descriptions:
        if d.version in seen:
            out.append(
                (
                    d,
                    problem(
                        "version",
                        "description.version-twice",
                        f"version {d.version} of {d.position!r} appears twice",
                        version=d.version,
                        position=title,
                    ),
                )
            )
        seen.add(d.version)
    approved = [d for d in descriptions if d.status is JobDescriptionStatus.APPROVED]
    drafts = [d for d in descriptions if d.status is JobDescriptionStatus.DRAFT]
    for d in approved[1:]:
        out.append(
            (
                d,
                problem(
                    "status",
                    "description.approved-twice",
                    f"{d.position!r} has more than one approved version; older ones are superseded",
                    position=title,
                ),
            )
        )
    for d in drafts[1:]:
        out.append(
            (
                d,
                problem(
                    "status",
                    "description.draft-twice",
                    f"{d.position!r} has more than one draft",
                    position=title,
                ),
            )
        )
    if approved:
        newest = max(d.version for d in approved)
        for d in descriptions:
            if d.status is JobDescriptionStatus.SUPERSEDED and d.version > newest:
                out.append(
                    (
                        d,
                        problem(
                            "version",
                            "description.superseded-newer",
                            f"superseded version {d.version} is newer than approved version "
                            f"{newest}",
                            version=d.version,
                            approved=newest,
                            position=title,
                        ),
                    )
                )
            if d.status is JobDescriptionStatus.DRAFT and d.version < newest:
                out.append(
                    (
                        d,
                        problem(
                            "version",
                            "description.draft-older",
                            f"draft version {d.version} is older than the approved version "
                            f"{newest}",
                            version=d.version,
                            approved=newest,
                            position=title,
                        ),
                    )
                )
    return out


def cycles(starts: Iterable[str], parent: Callable[[str], str | None]) -> list[list[str]]:
    """The cycles reached from `starts` in a graph where each node has at most one parent,
    each once, in the cycle's order. Linear: a node is walked once however long the chains."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    found: list[list[str]] = []
    for start in starts:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent(node)
        if node is not None and state[node] == 1:
            found.append(walk[walk.index(node) :])
        for n in walk:
            state[n] = 2
    return found


def format_problem(got: str, expected: str) -> Problem:
    return problem(
        "format",
        "format.unsupported",
        f"unsupported format {got!r}; expected {expected!r}",
        value=got,
        expected=expected,
    )
