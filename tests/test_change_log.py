"""Catching up through the change log gives exactly what a whole read gives.

Worker A edits (random sequences: titles, new and removed positions, people, assignments,
absences, draft versions, the municipality); worker B, holding an older revision, catches up
from the log after every step and must hold the very registry a fresh whole read returns — on
SQLite and PostgreSQL. Whole replacements (`store.load`, removing a position with approved
history) leave a gap in the log, and B reads whole.
"""

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from roles import domain, store
from roles.services.errors import Invalid
from roles.services.snapshot import Snapshot
from roles.services.workspace import Edit, Workspace
from roles.store import change_log
from roles.store.audit import Change
from roles.store.change_log_tables import ChangeLogEntry

from .api.factories import description, populate

M = "tamme"
Op = Callable[[Snapshot], domain.Registry]
replace = msgspec.structs.replace


def _set(registry: domain.Registry, attr: str, items: list[Any]) -> domain.Registry:
    return replace(registry, **{attr: items})


class Nothing(Exception):
    """The step has nothing to work on (no positions or people left)."""


def _pick(items: list[Any], n: int) -> Any:
    if not items:
        raise Nothing
    return items[n % len(items)]


def retitle(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = _pick(s.registry.positions, n)
        new = replace(p, title=f"ametikoht {n}")
        return _set(
            s.registry, "positions", [new if q.id == p.id else q for q in s.registry.positions]
        )

    return op


def add_position(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = domain.Position(id=f"tamme-uus-{n}", title=f"uus {n}", unit="tamme-haldus")
        return _set(s.registry, "positions", [p, *s.registry.positions])  # out of order

    return op


def remove_position(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = _pick(s.registry.positions, n)
        r = _set(s.registry, "positions", [q for q in s.registry.positions if q.id != p.id])
        kept = [d for d in r.job_descriptions if d.position != p.id]
        return _set(r, "job_descriptions", kept)

    return op


def add_person(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        position = _pick(s.registry.positions, n).id
        person = domain.Person(
            id=f"tamme-isik-{n}",
            name=f"Isik {n}",
            assignments=[
                domain.Assignment(position=position, start=dt.date(2024, 1 + n % 12, 1)),
                domain.Assignment(
                    position=position, start=dt.date(2019, 1, 1), end=dt.date(2019, 6, 30)
                ),
            ],
        )
        return _set(s.registry, "people", [*s.registry.people, person])

    return op


def add_absence(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = _pick(s.registry.people, n)
        start = dt.date(2027, 1 + n % 12, 1 + n % 20)
        absence = domain.Absence(
            start=start, end=start + dt.timedelta(days=n % 9), kind=domain.AbsenceKind.VACATION
        )
        new = replace(p, absences=[absence, *p.absences])  # out of order
        return _set(s.registry, "people", [new if q.id == p.id else q for q in s.registry.people])

    return op


def remove_person(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = _pick(s.registry.people, n)
        return _set(s.registry, "people", [q for q in s.registry.people if q.id != p.id])

    return op


def add_draft(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        p = _pick(s.registry.positions, n).id
        number = max((d.version for d in s.versions.get(p, [])), default=0) + 1
        draft = description(p, number, domain.JobDescriptionStatus.DRAFT)
        return _set(s.registry, "job_descriptions", [draft, *s.registry.job_descriptions])

    return op


def drop_draft(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        drafts = [
            d for d in s.registry.job_descriptions if d.status is domain.JobDescriptionStatus.DRAFT
        ]
        if not drafts:
            return s.registry
        gone = drafts[n % len(drafts)]
        kept = [d for d in s.registry.job_descriptions if d is not gone]
        return _set(s.registry, "job_descriptions", kept)

    return op


def rename_municipality(n: int) -> Op:
    def op(s: Snapshot) -> domain.Registry:
        m = replace(s.registry.municipality, name=f"Tamme vald {n}")
        return replace(s.registry, municipality=m)

    return op


OPS = [
    retitle,
    add_position,
    remove_position,
    add_person,
    add_absence,
    remove_person,
    add_draft,
    drop_draft,
    rename_municipality,
]
steps = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(min_value=0, max_value=10_000)),
    min_size=1,
    max_size=12,
)


def _edit(ws: Workspace, op: Op) -> None:
    def change(s: Snapshot) -> Edit[None]:
        return Edit(op(s), None, [Change("municipality", M, "update", None, None)])

    # a change the registry refuses writes nothing; the next step goes on
    with contextlib.suppress(Invalid, Nothing):
        ws.edit(M, "test", change)


def _whole(engine: Engine) -> domain.Registry:
    with store.sessions(engine)() as session:
        found = store.read_registry(session, M)
    assert found is not None
    return found


@pytest.fixture
def workers(engine: Engine) -> Any:
    populate(engine)
    a, b = Workspace(engine), Workspace(engine)
    yield a, b
    a.close()
    b.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_a_worker_catching_up_holds_what_a_whole_read_gives(
    engine: Engine, workers: tuple[Workspace, Workspace], steps: list[tuple[Any, int]]
) -> None:
    a, b = workers
    b.require(M)  # b holds the revision before the steps
    for make, n in steps:
        _edit(a, make(n))
        whole = _whole(engine)
        assert a.require(M).registry == whole  # the writer moved on by the same delta
        caught = b.require(M)
        assert caught.registry == whole
        fresh = Snapshot(caught.revision, whole)
        assert caught.versions == fresh.versions
        assert caught.holders == fresh.holders
        assert caught.positions == fresh.positions and caught.people == fresh.people
    # several steps at once: b, left behind, applies them all in order
    b.require(M)
    for make, n in steps:
        _edit(a, make(n + 1))
    assert b.require(M).registry == _whole(engine)


def test_the_reader_applies_the_log_rather_than_reading_whole(
    workers: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = workers
    before = b.require(M)
    _edit(a, retitle(1))
    monkeypatch.setattr(store, "read_registry", _fail)
    after = b.require(M)
    assert after.revision == before.revision + 1
    assert after.registry.positions != before.registry.positions


def _fail(*_: Any) -> None:
    raise AssertionError("read whole")


def test_a_whole_load_leaves_a_gap_and_the_reader_reads_whole(
    engine: Engine, workers: tuple[Workspace, Workspace]
) -> None:
    a, b = workers
    held = b.require(M)
    registry = replace(_whole(engine), municipality=replace(held.registry.municipality, name="X"))
    with store.sessions(engine)() as session:
        store.load_all(session, [("file", registry)])
    _edit(a, retitle(2))  # logged, but the load before it is not
    with store.sessions(engine)() as session:
        revision = held.revision + 2
        assert change_log.after(session, M, held.revision, revision) is None
    assert b.require(M).registry == _whole(engine)


def test_the_log_is_pruned_and_a_worker_further_behind_reads_whole(
    engine: Engine, workers: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_log, "KEEP", 3)
    a, b = workers
    held = b.require(M)
    for i in range(5):
        _edit(a, retitle(i))
    with store.sessions(engine)() as session:
        assert change_log.after(session, M, held.revision, held.revision + 5) is None
        kept = session.scalars(sa.select(ChangeLogEntry.revision)).all()
    assert sorted(kept) == [held.revision + 3, held.revision + 4, held.revision + 5]
    assert b.require(M).registry == _whole(engine)


def test_a_deleted_municipality_takes_its_log_with_it(
    engine: Engine, workers: tuple[Workspace, Workspace]
) -> None:
    a, _ = workers
    held = a.require(M)
    _edit(a, retitle(3))
    a.delete_municipality(M, "test", None)
    with store.sessions(engine)() as session:
        assert change_log.after(session, M, held.revision, held.revision + 1) is None


def test_a_worker_writing_after_another_catches_up_from_the_log(
    engine: Engine, workers: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = workers
    b.require(M)
    _edit(a, retitle(4))
    monkeypatch.setattr(store, "read_registry", _fail)
    _edit(b, add_absence(5))  # b's edit starts from a's change, applied from the log
    monkeypatch.undo()
    assert a.require(M).registry == b.require(M).registry == _whole(engine)
    assert any(p.title == "ametikoht 4" for p in b.require(M).registry.positions)
