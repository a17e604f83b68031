"""A change checked by only what it can affect finds exactly what the whole check finds.

Random sequences of edits — adding, removing, changing and moving positions, units, agencies,
people, assignments, absences, substitution rules and job descriptions, valid and invalid, the
way the API and the pages make them (entities replaced, the rest shared) — and after every step
`Checker.revise` must give the very problems, in the same order with the same paths, that
`check` gives for the whole registry.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles.domain import (
    FORMAT,
    Absence,
    Agency,
    Approval,
    Assignment,
    Checker,
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    MunicipalityKind,
    Person,
    Position,
    Registry,
    Section,
    SectionKind,
    SubstitutionRule,
    Unit,
    check,
    limits,
    personal_code,
)

replace = msgspec.structs.replace
Edit = Callable[[Registry], Registry]

KINDS = ["agencies", "units", "positions", "people", "job_descriptions"]
POSITIONS = [f"p{i}" for i in range(6)]
UNITS = ["u0", "u1", "u2"]
AGENCIES = ["a0", "a1"]
PEOPLE = ["h0", "h1", "h2", "h3"]
# Ids drawn for references and renames: mostly existing ones, some unknown, some of another
# kind (an id shared across kinds is an error too).
ANY_ID = st.sampled_from([*POSITIONS, *UNITS, *AGENCIES, *PEOPLE, "m", "nowhere"])
NEAR = st.sampled_from(["p0", "p1", "p2"])  # the positions that exist at first: cycles form
CODES = [personal_code.make(dt.date(1980, 1, 1), n) for n in (1, 2)] + ["38001010000"]
DAYS = st.sampled_from(
    [
        limits.MIN_DATE,
        dt.date(1989, 12, 31),
        dt.date(2024, 1, 1),
        dt.date(2024, 6, 1),
        dt.date(2024, 6, 10),
        dt.date(2025, 1, 1),
        limits.MAX_DATE,
        dt.date(1899, 12, 31),
        dt.date(9999, 12, 31),
    ]
)
TEXTS = st.sampled_from(["ülesanne", "", "  ", "a\x00b", "x" * 6000, "rida\nteine", "\uffff"])
REFS = st.sampled_from(["1", "2.1", "2.2", "3)", "abc!", None])


def base() -> Registry:
    def duties(*refs: str) -> list[Section]:
        clauses = [Clause(ref=r, text=f"ülesanne {r}") for r in refs]
        return [Section(kind=SectionKind.DUTIES, title="Ülesanded", clauses=clauses)]

    return Registry(
        format=FORMAT,
        municipality=Municipality(id="m", name="Näidislinn", kind=MunicipalityKind.TOWN),
        agencies=[Agency(id="a0", name="Linnavalitsus")],
        units=[
            Unit(id="u0", agency="a0", name="osakond"),
            Unit(id="u1", agency="a0", name="teenistus", parent="u0"),
        ],
        positions=[
            Position(id="p0", title="juhataja", unit="u0"),
            Position(
                id="p1",
                title="spetsialist",
                unit="u1",
                seats=2,
                reports_to="p0",
                substitutes=[
                    SubstitutionRule(position="p1"),
                    SubstitutionRule(position="p2", duties=["2.1"]),
                    SubstitutionRule(position="p0", if_needed=True),
                ],
            ),
            Position(
                id="p2",
                title="nõunik",
                unit="u1",
                reports_to="p0",
                substitutes=[SubstitutionRule(position="p1")],
                substitutes_for=["p1"],
            ),
        ],
        people=[
            Person(
                id="h0",
                name="Mari",
                personal_code=CODES[0],
                assignments=[Assignment(position="p0", start=dt.date(2024, 1, 1))],
                absences=[Absence(start=dt.date(2024, 6, 1), end=dt.date(2024, 6, 10))],
            ),
            Person(
                id="h1",
                name="Jaan",
                assignments=[Assignment(position="p1", start=dt.date(2024, 1, 1))],
            ),
        ],
        job_descriptions=[
            JobDescription(
                position="p1",
                version=1,
                status=JobDescriptionStatus.APPROVED,
                approval=Approval(by="linnapea", date=dt.date(2024, 1, 1)),
                sections=duties("2.1", "2.2"),
            ),
            JobDescription(
                position="p1", version=2, status=JobDescriptionStatus.DRAFT, sections=duties("2.1")
            ),
        ],
    )


# --- edits: each draws what it changes and returns the changed registry -----------------------


def _pick(data: st.DataObject, items: list[Any]) -> int | None:
    return data.draw(st.integers(0, len(items) - 1)) if items else None


def _with(r: Registry, kind: str, items: list[Any]) -> Registry:
    return replace(r, **{kind: items})


def _replace_at(r: Registry, kind: str, i: int, new: Any) -> Registry:
    items = list(getattr(r, kind))
    items[i] = new
    return _with(r, kind, items)


def remove(data: st.DataObject, r: Registry) -> Registry:
    kind = data.draw(st.sampled_from(KINDS))
    items = list(getattr(r, kind))
    i = _pick(data, items)
    if i is None:
        return r
    del items[i]
    return _with(r, kind, items)


def move(data: st.DataObject, r: Registry) -> Registry:
    """An entity moved in its list (as canonical ordering does), unchanged."""
    kind = data.draw(st.sampled_from(["units", "positions", "people", "job_descriptions"]))
    items = list(getattr(r, kind))
    i = _pick(data, items)
    if i is None:
        return r
    e = items.pop(i)
    items.insert(data.draw(st.integers(0, len(items))), e)
    return _with(r, kind, items)


def duplicate_object(data: st.DataObject, r: Registry) -> Registry:
    """The very same object twice in a list (code may do that)."""
    items = list(r.positions)
    i = _pick(data, items)
    return r if i is None else _with(r, "positions", [*items, items[i]])


def add_position(data: st.DataObject, r: Registry) -> Registry:
    p = Position(
        id=data.draw(st.sampled_from([*POSITIONS, "u0"])),
        title=data.draw(st.sampled_from(["uus", "", "x" * 300])),
        unit=data.draw(st.sampled_from([*UNITS, "nowhere"])),
        seats=data.draw(st.integers(0, 2)),
    )
    return _with(r, "positions", [*r.positions, p])


def change_position(data: st.DataObject, r: Registry) -> Registry:
    i = _pick(data, r.positions)
    if i is None:
        return r
    p = r.positions[i]
    field = data.draw(
        st.sampled_from(
            ["unit", "reports_to", "seats", "abolished", "substitutes", "substitutes_for", "id"]
        )
    )
    if field == "unit":
        p = replace(p, unit=data.draw(ANY_ID))
    elif field == "reports_to":
        p = replace(p, reports_to=data.draw(st.none() | NEAR | ANY_ID))
    elif field == "seats":
        p = replace(p, seats=data.draw(st.integers(0, 3)))
    elif field == "abolished":
        p = replace(p, abolished=data.draw(st.none() | DAYS))
    elif field == "substitutes":
        rule = st.builds(
            SubstitutionRule,
            position=ANY_ID,
            if_needed=st.booleans(),
            duties=st.none() | st.lists(st.sampled_from(["2.1", "2.2", "9"]), max_size=2),
        )
        p = replace(p, substitutes=data.draw(st.lists(rule, max_size=3)))
    elif field == "substitutes_for":
        p = replace(p, substitutes_for=data.draw(st.lists(ANY_ID, max_size=2)))
    else:
        p = replace(p, id=data.draw(ANY_ID))
    return _replace_at(r, "positions", i, p)


def add_unit(data: st.DataObject, r: Registry) -> Registry:
    u = Unit(
        id=data.draw(st.sampled_from([*UNITS, "p0"])),
        agency=data.draw(st.sampled_from([*AGENCIES, "nowhere"])),
        name="uus",
        parent=data.draw(st.none() | st.sampled_from([*UNITS, "nowhere"])),
    )
    return _with(r, "units", [*r.units, u])


def change_unit(data: st.DataObject, r: Registry) -> Registry:
    i = _pick(data, r.units)
    if i is None:
        return r
    u = r.units[i]
    field = data.draw(st.sampled_from(["parent", "agency", "id", "name"]))
    if field == "parent":
        u = replace(u, parent=data.draw(st.none() | st.sampled_from(["u0", "u1", "u1", "nowhere"])))
    elif field == "agency":
        u = replace(u, agency=data.draw(st.sampled_from([*AGENCIES, "nowhere"])))
    elif field == "id":
        u = replace(u, id=data.draw(st.sampled_from([*UNITS, "p1", "m"])))
    else:
        u = replace(u, name=data.draw(TEXTS))
    return _replace_at(r, "units", i, u)


def reroute(data: st.DataObject, r: Registry) -> Registry:
    """A reporting line or a unit's parent pointed at another that exists: cycles form."""
    kind, field = data.draw(st.sampled_from([("positions", "reports_to"), ("units", "parent")]))
    items = getattr(r, kind)
    i, j = _pick(data, items), _pick(data, items)
    if i is None or j is None:
        return r
    return _replace_at(r, kind, i, replace(items[i], **{field: items[j].id}))


def add_agency(data: st.DataObject, r: Registry) -> Registry:
    a = Agency(id=data.draw(st.sampled_from([*AGENCIES, "u0"])), name="amet")
    return _with(r, "agencies", [*r.agencies, a])


def add_person(data: st.DataObject, r: Registry) -> Registry:
    h = Person(
        id=data.draw(st.sampled_from([*PEOPLE, "p2"])),
        name="Uus",
        personal_code=data.draw(st.none() | st.sampled_from(CODES)),
    )
    return _with(r, "people", [*r.people, h])


def change_person(data: st.DataObject, r: Registry) -> Registry:
    i = _pick(data, r.people)
    if i is None:
        return r
    h = r.people[i]
    field = data.draw(st.sampled_from(["assignments", "absences", "personal_code", "name"]))
    if field == "assignments":
        assignment = st.builds(
            Assignment,
            position=st.sampled_from([*POSITIONS, "nowhere"]),
            start=DAYS,
            end=st.none() | DAYS,
        )
        h = replace(h, assignments=data.draw(st.lists(assignment, max_size=3)))
    elif field == "absences":
        absence = st.builds(Absence, start=DAYS, end=DAYS)
        h = replace(h, absences=data.draw(st.lists(absence, max_size=3)))
    elif field == "personal_code":
        h = replace(h, personal_code=data.draw(st.none() | st.sampled_from(CODES)))
    else:
        h = replace(h, name=data.draw(TEXTS))
    return _replace_at(r, "people", i, h)


def description(data: st.DataObject, r: Registry) -> Registry:
    """A version added, or one changed (status, number, clauses, approval, in-force date)."""
    items = list(r.job_descriptions)
    i = _pick(data, items)
    if i is None or data.draw(st.booleans()):
        d = JobDescription(
            position=data.draw(st.sampled_from([*POSITIONS, "nowhere"])),
            version=data.draw(st.integers(1, 3)),
            status=data.draw(st.sampled_from(list(JobDescriptionStatus))),
        )
        items.append(d)
        i = len(items) - 1
    d = items[i]
    field = data.draw(
        st.sampled_from(["status", "version", "clauses", "approval", "in_force_from", "deep"])
    )
    if field == "status":
        d = replace(d, status=data.draw(st.sampled_from(list(JobDescriptionStatus))))
    elif field == "version":
        d = replace(d, version=data.draw(st.integers(0, 3)))
    elif field == "clauses":
        clause = st.builds(Clause, ref=REFS, text=TEXTS)
        section = st.builds(
            Section,
            kind=st.sampled_from([SectionKind.DUTIES, SectionKind.RIGHTS]),
            clauses=st.lists(clause, max_size=3),
        )
        d = replace(d, sections=data.draw(st.lists(section, max_size=2)))
    elif field == "approval":
        d = replace(d, approval=Approval(by=data.draw(TEXTS), date=data.draw(st.none() | DAYS)))
    elif field == "in_force_from":
        d = replace(d, in_force_from=data.draw(st.none() | DAYS))
    else:
        clause = Clause(ref="1", text="sügav")
        for _ in range(data.draw(st.integers(4, 7))):
            clause = Clause(ref="1", text="sügav", clauses=[clause])
        d = replace(d, sections=[Section(kind=SectionKind.DUTIES, clauses=[clause])])
    items[i] = d
    return _with(r, "job_descriptions", items)


def municipality(data: st.DataObject, r: Registry) -> Registry:
    m = r.municipality
    field = data.draw(st.sampled_from(["records_from", "id", "layout", "name"]))
    if field == "records_from":
        m = replace(m, records_from=data.draw(st.none() | DAYS))
    elif field == "id":
        m = replace(m, id=data.draw(st.sampled_from(["m", "p0", "u1"])))
    elif field == "layout":
        m = replace(m, layout=data.draw(st.sampled_from([None, "voru", "nowhere"])))
    else:
        m = replace(m, name=data.draw(TEXTS))
    return replace(r, municipality=m)


def unchanged_copy(data: st.DataObject, r: Registry) -> Registry:
    """Equal entities that are new objects (a registry read back from the database)."""
    kind = data.draw(st.sampled_from(["positions", "people", "job_descriptions"]))
    return _with(r, kind, [replace(e) for e in getattr(r, kind)])


EDITS: list[Callable[[st.DataObject, Registry], Registry]] = [
    remove,
    move,
    duplicate_object,
    add_position,
    change_position,
    change_position,
    add_unit,
    change_unit,
    reroute,
    add_agency,
    add_person,
    change_person,
    change_person,
    description,
    description,
    municipality,
    unchanged_copy,
]


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_a_revised_checker_finds_what_the_whole_check_finds_after_every_edit(
    data: st.DataObject,
) -> None:
    registry = base()
    checker = Checker(registry, layouts=["voru"])
    assert checker.problems == check(registry, ["voru"]) == []
    for _ in range(data.draw(st.integers(1, 12))):
        edit = data.draw(st.sampled_from(EDITS))
        registry = edit(data, registry)
        checker = checker.revise(registry)
        assert checker.problems == check(registry, ["voru"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_refused_edit_leaves_the_checker_it_came_from_as_it_was(data: st.DataObject) -> None:
    """Like the workspace: an edit with problems is refused and the next starts from before."""
    registry = base()
    checker = Checker(registry)
    for _ in range(data.draw(st.integers(1, 10))):
        edited = data.draw(st.sampled_from(EDITS))(data, registry)
        revised = checker.revise(edited)
        assert revised.problems == check(edited)
        if revised.problems:
            assert checker.problems == check(registry) == []  # the old one is untouched
        else:
            registry, checker = edited, revised


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_trusting_checker_of_a_valid_registry_revises_like_a_whole_one(
    data: st.DataObject,
) -> None:
    """The workspace's way: a registry read back from the database is trusted, edits revised."""
    registry = base()
    checker = Checker.trusting(registry)
    for _ in range(data.draw(st.integers(1, 10))):
        edited = data.draw(st.sampled_from(EDITS))(data, registry)
        revised = checker.revise(edited)
        assert revised.problems == check(edited)
        if not revised.problems:
            registry, checker = edited, revised
