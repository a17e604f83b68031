"""A municipality's revision: one integer, moved on by one per committed change, never reused
by a municipality created again under the same id (store/revisions.py)."""

import msgspec
from sqlalchemy.engine import Engine

from roles import registry, store
from roles.services.access import system
from roles.services.workspace import Edit, Workspace
from roles.store import revisions
from roles.store.audit import Change

from .conftest import FIXTURES

ADMIN = system("test")


def test_every_change_moves_the_revision_on_by_one(engine: Engine) -> None:
    example = registry.read(FIXTURES / "example.yaml")
    with store.sessions(engine)() as session:
        store.load_all(session, [("example", example)])
    ws = Workspace(engine)
    first = ws.require("voru").revision
    ws.edit("voru", "test", lambda snap: Edit(snap.registry, None, []))
    assert ws.require("voru").revision == first + 1
    with store.sessions(engine)() as session:
        store.load_all(session, [("again", example)])  # a reload is a change like any other
        assert revisions.current(session.connection(), "voru") == first + 2
    assert ws.require("voru").revision == first + 2
    ws.close()


def test_a_municipality_made_again_never_takes_an_old_revision(engine: Engine) -> None:
    example = registry.read(FIXTURES / "example.yaml")
    with store.sessions(engine)() as session:
        store.load_all(session, [("example", example)])
    ws = Workspace(engine)
    for _ in range(3):
        ws.edit("voru", "test", lambda snap: Edit(snap.registry, None, []))
    old = ws.require("voru")
    ws.delete_municipality("voru", "test", None)
    assert ws.snapshot("voru") is None
    changed = msgspec.structs.replace(
        example, municipality=msgspec.structs.replace(example.municipality, name="Uus Võru")
    )
    ws.load(changed, "test", Change("municipality", "voru", "load"))
    new = ws.require("voru")
    assert new.revision > old.revision
    assert new.registry.municipality.name == "Uus Võru"
    ws.close()


def test_the_revision_of_a_municipality_not_stored_is_none(engine: Engine) -> None:
    with store.sessions(engine)() as session:
        assert revisions.current(session.connection(), "nowhere") is None
        assert revisions.lock(session, "nowhere") is None
    reader = revisions.Reader(engine)
    assert reader.read("nowhere") is None
    reader.close()
    assert ADMIN.id is None and ADMIN.name == "test"
