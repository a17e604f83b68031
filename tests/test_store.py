"""The database holds registries exactly: what is loaded reads back the same, reloads replace
a municipality whole in one transaction, and approved history is never lost."""

from pathlib import Path
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from roles import domain, registry, store
from roles.cli import main
from roles.registry import RegistryError
from roles.store import tables as t

from .conftest import FIXTURES

EXAMPLE = FIXTURES / "example.yaml"


def example() -> domain.Registry:
    return registry.read(EXAMPLE)


def load(engine: Engine, *registries: domain.Registry) -> list[store.LoadResult]:
    with store.sessions(engine)() as session:
        return store.load_all(session, ((f"r{i}.yaml", r) for i, r in enumerate(registries)))


def read(engine: Engine, municipality: str = "voru") -> domain.Registry | None:
    with store.sessions(engine)() as session:
        return store.read_registry(session, municipality)


def with_descriptions(r: domain.Registry, *descriptions: domain.JobDescription) -> domain.Registry:
    return msgspec.structs.replace(r, job_descriptions=list(descriptions))


def test_migrations_give_exactly_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), t.Base.metadata)
    assert diff == []


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = store.create(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as c:
        assert c.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_loaded_registry_reads_back_equal_in_canonical_order(engine: Engine) -> None:
    load(engine, example())
    assert read(engine) == registry.canonical(example())


def test_reading_an_absent_municipality_gives_none(engine: Engine) -> None:
    assert read(engine, "nowhere") is None


def test_reload_replaces_the_municipality_whole(engine: Engine) -> None:
    load(engine, example())
    smaller = msgspec.structs.replace(example(), people=[])
    [result] = load(engine, smaller)
    assert result.replaced
    stored = read(engine)
    assert stored is not None and stored.people == []
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(t.Assignment)).scalar() == 0


def test_reload_keeps_an_approved_version_the_file_left_out(engine: Engine) -> None:
    original = example()
    load(engine, original)
    [approved] = original.job_descriptions
    newer = msgspec.structs.replace(approved, version=2, title="Uus versioon")
    [result] = load(engine, with_descriptions(original, newer))
    assert result.carried == ["voru-sts v1"]
    stored = read(engine)
    assert stored is not None
    statuses = {(d.version, d.status) for d in stored.job_descriptions}
    assert statuses == {
        (1, domain.JobDescriptionStatus.SUPERSEDED),
        (2, domain.JobDescriptionStatus.APPROVED),
    }


def test_reload_refuses_to_change_an_approved_version(engine: Engine) -> None:
    original = example()
    load(engine, original)
    [approved] = original.job_descriptions
    changed = msgspec.structs.replace(approved, title="Vaikselt muudetud")
    with pytest.raises(RegistryError, match="may not change"):
        load(engine, with_descriptions(original, changed))
    assert read(engine) == registry.canonical(original)


def test_reload_archives_approved_versions_of_a_removed_position(engine: Engine) -> None:
    original = example()
    load(engine, original)
    without = msgspec.structs.replace(
        original,
        positions=[
            msgspec.structs.replace(p, substitutes=[])
            for p in original.positions
            if p.id != "voru-sts"
        ],
        people=[],
        job_descriptions=[],
    )
    [result] = load(engine, without)
    assert result.archived == ["voru-sts v1"]
    with engine.connect() as c:
        row = c.execute(sa.select(t.ArchivedJobDescription)).one()
    assert (
        msgspec.json.decode(row.document, type=domain.JobDescription)
        == original.job_descriptions[0]
    )
    assert msgspec.json.decode(row.position, type=domain.Position).id == "voru-sts"


def test_ids_of_another_municipality_cannot_be_taken(engine: Engine) -> None:
    load(engine, example())
    other = msgspec.structs.replace(
        example(),
        municipality=domain.Municipality(
            id="muu", name="Muu vald", kind=domain.MunicipalityKind.RURAL
        ),
    )
    with pytest.raises(RegistryError, match="belongs to municipality 'voru'"):
        load(engine, other)


def test_several_files_load_all_or_nothing(engine: Engine) -> None:
    good = example()
    clash = msgspec.structs.replace(good)  # the same municipality twice in one load
    with pytest.raises(RegistryError, match="also in"):
        load(engine, good, clash)
    assert read(engine) is None


def test_a_load_killed_halfway_leaves_nothing_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(engine, example())
    before = read(engine)
    real_execute = sa.orm.Session.execute
    inserts = 0

    def failing_execute(self: sa.orm.Session, statement: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal inserts
        if isinstance(statement, sa.Insert):
            inserts += 1
            if inserts == 4:  # after the municipality, agencies and units went in
                raise RuntimeError("power cut")
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(sa.orm.Session, "execute", failing_execute)
    changed = msgspec.structs.replace(example(), people=[])
    with pytest.raises(RuntimeError, match="power cut"):
        load(engine, changed)
    monkeypatch.undo()
    assert inserts == 4
    assert read(engine) == before


def test_export_load_export_is_byte_identical(use_database: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for suffix in (".yaml", ".json"):
        assert runner.invoke(main, ["load", str(EXAMPLE)]).exit_code == 0
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        assert runner.invoke(main, ["export", "voru", "-o", str(first)]).exit_code == 0
        assert runner.invoke(main, ["load", str(first)]).exit_code == 0
        assert runner.invoke(main, ["export", "voru", "-o", str(second)]).exit_code == 0
        assert first.read_bytes() == second.read_bytes()
        assert registry.read(first) == registry.canonical(example())


def test_export_of_an_unknown_municipality_is_a_clear_error(
    use_database: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["export", "nowhere", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "no municipality 'nowhere'" in result.output


def test_db_upgrade_command_migrates(use_database: str) -> None:
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_every_command_has_help() -> None:
    for command in main.commands:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output


def test_every_seed_goes_through_the_database_unchanged(use_database: str, tmp_path: Path) -> None:
    from .conftest import SEEDS

    seeds = sorted(SEEDS.glob("*.yaml"))
    runner = CliRunner()
    result = runner.invoke(main, ["load", *map(str, seeds)])
    assert result.exit_code == 0, result.output
    for seed in seeds:
        original = registry.read(seed)
        first = tmp_path / f"first-{seed.name}"
        second = tmp_path / f"second-{seed.name}"
        mid = original.municipality.id
        assert runner.invoke(main, ["export", mid, "-o", str(first)]).exit_code == 0
        assert registry.read(first) == registry.canonical(original)
        assert runner.invoke(main, ["load", str(first)]).exit_code == 0
        assert runner.invoke(main, ["export", mid, "-o", str(second)]).exit_code == 0
        assert first.read_bytes() == second.read_bytes()


def test_audit_log_and_acknowledgements_refuse_updates_and_deletes(engine: Engine) -> None:
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    with engine.begin() as c:
        c.execute(
            sa.insert(t.AuditEntry).values(
                at=now, actor="hr", entity_kind="position", entity_id="x", action="update"
            )
        )
        c.execute(
            sa.insert(t.Acknowledgement).values(
                municipality_id="voru",
                person_id="p",
                position_id="x",
                version=1,
                document_hash="0" * 64,
                at=now,
                method="session",
            )
        )
    for statement in (
        sa.update(t.AuditEntry).values(actor="someone else"),
        sa.delete(t.AuditEntry),
        sa.update(t.Acknowledgement).values(version=2),
        sa.delete(t.Acknowledgement),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as c:
            c.execute(statement)
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(t.AuditEntry)).scalar() == 1
