"""What the read path's speed-ups must never cost: every read answers what is committed now.

Two app instances share one database (as two workers or two servers do); each keeps its own
snapshot cache. A write through one, or a `roles load` from the command line, is seen by the
very next read through the other. On PostgreSQL the hot reads share one revision query among
concurrent requests; a request never takes the answer of a query sent before it arrived.
"""

import asyncio
from pathlib import Path
from typing import Any

import msgspec
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles import registry, store
from roles.cli import main
from roles.services.workspace import Workspace
from roles.store.revisions import Committed, SharedRevisions

from ..aio import run_apart
from .conftest import Api, Client
from .factories import populate

POSITION = "/api/municipalities/tamme/positions/tamme-spets"
VERSIONS = f"{POSITION}/versions"
PEOPLE = "/api/municipalities/tamme/people"


def _retitle(client: Client, title: str) -> None:
    r = client.update(POSITION, lambda body: body | {"title": title})
    assert r.status_code == 200, r.text


def test_a_write_on_one_instance_is_read_at_once_on_the_other(two: tuple[Api, Api]) -> None:
    a, b = (api.as_("hr") for api in two)
    for i in range(5):
        assert b.get(POSITION).status_code == 200  # b's cache holds the current revision
        _retitle(a, f"pealkiri {i}")
        assert b.get(POSITION).json()["title"] == f"pealkiri {i}"  # async route
        listed = b.get("/api/municipalities/tamme/positions").json()["items"]  # sync route
        assert {p["id"]: p["title"] for p in listed}["tamme-spets"] == f"pealkiri {i}"
        _retitle(b, f"tagasi {i}")  # and the other way round
        assert a.get(POSITION).json()["title"] == f"tagasi {i}"


def test_job_description_and_person_writes_are_read_at_once(two: tuple[Api, Api]) -> None:
    a, b = (api.as_("hr") for api in two)
    assert b.get(f"{VERSIONS}/1").status_code == 200
    assert b.get(f"{VERSIONS}/2").status_code == 404
    assert a.post(VERSIONS).status_code == 201  # a draft, version 2
    assert b.get(f"{VERSIONS}/2").json()["status"] == "draft"
    r = a.update(f"{VERSIONS}/2", lambda d: d | {"sections": d["sections"][:1]})
    assert r.status_code == 200, r.text
    assert len(b.get(f"{VERSIONS}/2").json()["sections"]) == 1

    before = b.get(f"{PEOPLE}/tamme-p1/absences").json()
    absence = {"from": "2031-03-01", "to": "2031-03-14", "kind": "vacation"}
    assert a.post(f"{PEOPLE}/tamme-p1/absences", json=absence).status_code == 201
    assert b.get(f"{PEOPLE}/tamme-p1/absences").json() == [*before, absence]
    r = a.update(f"{PEOPLE}/tamme-p1", lambda p: p | {"name": "Uus Nimi"})
    assert r.status_code == 200, r.text
    assert b.get(f"{PEOPLE}/tamme-p1").json()["name"] == "Uus Nimi"


def test_roles_load_is_read_at_once(
    two: tuple[Api, Api], use_database: str, tmp_path: Path
) -> None:
    _, b = (api.as_("hr") for api in two)
    assert b.get(POSITION).json()["title"] != "laaditud pealkiri"
    engine = store.create(use_database)
    with store.sessions(engine)() as session:
        current = store.read_registry(session, "tamme")
    engine.dispose()
    assert current is not None
    changed = msgspec.structs.replace(
        current,
        positions=[
            msgspec.structs.replace(p, title="laaditud pealkiri") if p.id == "tamme-spets" else p
            for p in current.positions
        ],
    )
    path = tmp_path / "tamme.yaml"
    registry.write(changed, path)
    result = CliRunner().invoke(main, ["load", str(path)])
    assert result.exit_code == 0, result.output
    assert b.get(POSITION).json()["title"] == "laaditud pealkiri"


def test_if_none_match_is_answered_304_while_current(two: tuple[Api, Api]) -> None:
    a, b = (api.as_("hr") for api in two)
    for url in (POSITION, f"{VERSIONS}/1"):
        first = b.get(url)
        tag = first.headers["etag"]
        again = b.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == tag
    _retitle(a, "muudetud")
    changed = b.get(POSITION, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert changed.json()["title"] == "muudetud"


def test_reads_agree_with_the_database_after_row_level_writes(
    two: tuple[Api, Api], engine: Engine
) -> None:
    """The writer's own cache (updated in place) equals what a fresh read of the database
    gives: same entities, same order (assignment and absence numbers are positions in lists)."""
    a, _ = two
    hr = a.as_("hr")
    absence = {"from": "2019-01-01", "to": "2019-01-02", "kind": "sick"}
    assert hr.post(f"{PEOPLE}/tamme-p1/absences", json=absence).status_code == 201
    assignment = {"position": "tamme-vaba", "from": "2001-01-01"}
    assert hr.post(f"{PEOPLE}/tamme-p2/assignments", json=assignment).status_code == 201
    r = hr.update(POSITION, lambda p: p | {"substitutes": [], "seats": 2})
    assert r.status_code == 200, r.text
    person = {"id": "tamme-p9", "name": "Aadu Alt", "assignments": [], "absences": []}
    assert hr.post(PEOPLE, json=person).status_code == 201
    unit = {"id": "tamme-uus", "agency": "tamme-vv", "name": "uus osakond"}
    assert hr.post("/api/municipalities/tamme/units", json=unit).status_code == 201
    ws: Workspace = a.client.app.state.workspace
    cached = ws.snapshot("tamme")
    assert cached is not None
    with store.sessions(engine)() as session:
        stored = store.read_registry(session, "tamme")
    assert cached.registry == stored
    assert cached.registry == registry.canonical(cached.registry)


def test_a_shared_revision_query_never_answers_a_later_request(
    engine: Engine, database_url: str
) -> None:
    """A request arriving while a revision query is in flight waits for the next one; requests
    arriving before that one is sent share it. (PostgreSQL: SQLite needs no sharing.)"""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads the revision directly")
    populate(engine)
    shared = SharedRevisions(engine.url)
    sent: list[Any] = []
    release, answered = asyncio.Event(), asyncio.Event()
    real = shared._query

    async def slow_query() -> Committed:
        sent.append(None)
        answer = await real()
        if len(sent) == 1:
            answered.set()
            await release.wait()  # the first query is held in flight, its answer read
        return answer

    shared._query = slow_query  # type: ignore[method-assign]

    async def scenario() -> tuple[Committed, ...]:
        first = asyncio.create_task(shared.read())
        await answered.wait()  # the first query has answered (and is held), however slow
        with engine.begin() as c:  # a write commits after the first query, before the next
            c.exec_driver_sql("UPDATE municipalities SET revision = revision + 1")
        second = asyncio.create_task(shared.read())
        third = asyncio.create_task(shared.read())
        await asyncio.sleep(0.01)
        release.set()
        answers = await asyncio.gather(first, second, third)
        await shared.close()
        return tuple(answers)

    old, new, joined = run_apart(scenario)
    # the second request did not take the first answer
    assert new.municipalities["tamme"] != old.municipalities["tamme"]
    assert joined == new  # the third shared the second's query
    assert len(sent) == 2
