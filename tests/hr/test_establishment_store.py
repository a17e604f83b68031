"""Staff establishments survive the database: load → store → export gives the file back,
edits through the workspace keep them, and the registry checks include theirs."""

from pathlib import Path

import msgspec
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles import domain, registry, store
from roles.cli import main
from roles.services.workspace import Edit, Workspace

from ..establishment.test_establishment import YAML


def example() -> domain.Registry:
    return registry.decode(YAML.encode(), "x.yaml")


def test_establishments_load_and_read_back(engine: Engine) -> None:
    r = example()
    assert r.establishments
    with store.sessions(engine)() as session:
        store.load_all(session, [("x.yaml", r)])
    with store.sessions(engine)() as session:
        again = store.read_registry(session, "linn")
    assert again == registry.canonical(r)


def test_roles_load_then_export_is_lossless(use_database: str, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_bytes(registry.encode(example(), "in.yaml"))
    runner = CliRunner()
    result = runner.invoke(main, ["load", str(source)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.yaml"
    result = runner.invoke(main, ["export", "linn", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == source.read_bytes()
    assert registry.read(out).establishments == example().establishments


def test_an_edit_keeps_and_changes_establishments(engine: Engine) -> None:
    with store.sessions(engine)() as session:
        store.load_all(session, [("x.yaml", example())])
    ws = Workspace(engine)
    try:

        def drop_draft(snap):  # type: ignore[no-untyped-def]
            kept = [e for e in snap.registry.establishments if e.act is not None]
            return Edit(msgspec.structs.replace(snap.registry, establishments=kept), None, [])

        ws.edit("linn", "test", drop_draft)

        def rename(snap):  # type: ignore[no-untyped-def]
            unit = msgspec.structs.replace(snap.registry.units[0], name="Sotsiaalosakond")
            return Edit(msgspec.structs.replace(snap.registry, units=[unit]), None, [])

        ws.edit("linn", "test", rename)
    finally:
        ws.close()
    with store.sessions(engine)() as session:
        stored = store.read_registry(session, "linn")
    assert stored is not None
    assert [e.version for e in stored.establishments] == [1, 2]


def test_the_registry_checks_include_the_establishment_checks() -> None:
    r = example()
    broken = msgspec.structs.replace(
        r, establishments=[msgspec.structs.replace(r.establishments[0], agency="nowhere")]
    )
    problems = domain.check(broken)
    assert any(p.path.startswith("establishments[0]") for p in problems), problems
