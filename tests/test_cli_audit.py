"""The command line is in the audit log like the pages: `roles load` and
`roles import-document --load` record who loaded what, as the system actor "cli"."""

from pathlib import Path

import msgspec
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from roles import store
from roles.cli import main
from roles.store import tables as t

from .conftest import FIXTURES

EXAMPLE = FIXTURES / "example.yaml"


def _entries(url: str) -> list[tuple[str, str | None, str, str, str, object]]:
    engine = store.create(url)
    with engine.connect() as c:
        rows = c.execute(
            sa.select(
                t.AuditEntry.actor,
                t.AuditEntry.municipality_id,
                t.AuditEntry.entity_kind,
                t.AuditEntry.entity_id,
                t.AuditEntry.action,
                t.AuditEntry.after,
            ).order_by(t.AuditEntry.id)
        ).all()
    engine.dispose()
    return [(*row[:5], msgspec.json.decode(row[5]) if row[5] else None) for row in rows]


def test_roles_load_writes_an_audit_entry_per_municipality(use_database: str) -> None:
    result = CliRunner().invoke(main, ["load", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    [entry] = _entries(use_database)
    actor, municipality, kind, entity, action, after = entry
    assert (actor, municipality, kind, entity, action) == (
        "cli",
        "voru",
        "municipality",
        "voru",
        "load",
    )
    assert isinstance(after, dict)
    assert after["source"] == str(EXAMPLE) and after["replaced"] is False
    again = CliRunner().invoke(main, ["load", str(EXAMPLE)])
    assert again.exit_code == 0, again.output
    entries = _entries(use_database)
    assert len(entries) == 2 and entries[1][5]["replaced"] is True  # type: ignore[index]


def test_a_refused_load_writes_no_audit_entry(use_database: str, tmp_path: Path) -> None:
    broken = tmp_path / "voru.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("voru-sts", "Voru STS!"))
    result = CliRunner().invoke(main, ["load", str(broken)])
    assert result.exit_code == 2
    assert _entries(use_database) == []


def test_import_document_load_writes_an_audit_entry(use_database: str, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["load", str(EXAMPLE)]).exit_code == 0
    document = tmp_path / "ametijuhend.txt"
    document.write_text(
        "AMETIJUHEND\nAmetikoht: raamatupidaja\nStruktuuriüksus: Võru Linnavalitsus\n"
        "1. Üldsätted\n1.1. Raamatupidaja allub linnasekretärile.\n"
        "2. Tööülesanded\n2.1. Peab raamatupidamist.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["import-document", str(document), "--municipality", "voru", "--load"]
    )
    assert result.exit_code == 0, result.output
    entries = _entries(use_database)
    actor, municipality, kind, entity, action, after = entries[-1]
    assert (actor, municipality, kind, entity, action) == (
        "cli",
        "voru",
        "municipality",
        "voru",
        "import",
    )
    assert after["files"] == ["ametijuhend.txt"]
    # What the import changed (issue 14): the imported position and its job description.
    assert after["changed"]["positions"]["added"] == ["voru-linnasekretar", "voru-raamatupidaja"]
    assert after["changed"]["job_descriptions"] == {"added": ["voru-raamatupidaja v1"]}


def test_a_setting_that_cannot_work_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROLES_PDF_TIMEOUT", "abc")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "ROLES_PDF_TIMEOUT='abc': expected a number" in result.output
    assert "Traceback" not in result.output
