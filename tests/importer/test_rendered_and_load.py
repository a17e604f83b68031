"""Importing the DOCX documents rendered from the seeds gives back what the seeds hold, and
`--load` puts imported drafts into the database next to the approved history."""

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from roles import registry as registry_file
from roles import store
from roles.cli import main
from roles.domain import ClauseField, JobDescription, JobDescriptionStatus, walk_clauses
from roles.importer import import_document
from roles.importer.markup import normalise
from roles.render import render_docx

SEEDS = Path(__file__).parents[2] / "seeds"
DOCUMENTS = Path(__file__).parent / "documents"
CASES = [  # (seed registry, position)
    ("voru.yaml", "voru-sts"),
    ("voru.yaml", "voru-juhtumikorraldaja"),
    ("viljandi.yaml", "viljandi-spetsialist"),
    ("kohtla-jarve.yaml", "kj-peaspetsialist"),
    ("viimsi.yaml", "viimsi-srv"),
]


def texts(d: JobDescription) -> Counter[str]:
    return Counter(normalise(c.text) for s in d.sections for c in walk_clauses(s.clauses))


def results(d: JobDescription) -> Counter[str]:
    return Counter(
        normalise(c.result) for s in d.sections for c in walk_clauses(s.clauses) if c.result
    )


def fields(d: JobDescription) -> set[ClauseField]:
    return {c.field for s in d.sections for c in walk_clauses(s.clauses) if c.field}


@pytest.mark.parametrize(("seed", "position"), CASES, ids=[p for _, p in CASES])
def test_a_rendered_seed_imports_back_to_its_clauses(
    seed: str, position: str, tmp_path: Path
) -> None:
    registry = registry_file.read(SEEDS / seed)
    expected = next(d for d in registry.job_descriptions if d.position == position)
    document = tmp_path / f"{position}.docx"
    document.write_bytes(render_docx(registry, position))
    outcome = import_document(document, registry.municipality.id)
    got = next(d for d in outcome.registry.job_descriptions if d.position == outcome.position)
    common = sum((texts(expected) & texts(got)).values())
    precision = common / sum(texts(got).values())
    recall = common / sum(texts(expected).values())
    assert (precision, recall) >= (0.95, 0.95), (
        f"precision {precision:.3f} recall {recall:.3f}\n"
        f"missing: {list((texts(expected) - texts(got)).elements())}\n"
        f"extra: {list((texts(got) - texts(expected)).elements())}"
    )
    assert results(expected) <= results(got)
    assert fields(expected) <= fields(got)
    assert got.status is JobDescriptionStatus.DRAFT


def test_load_flag_adds_drafts_beside_the_stored_registry(use_database: str) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(SEEDS / "voru.yaml")]).exit_code == 0
    result = runner.invoke(
        main,
        ["import-document", str(DOCUMENTS / "duplicated.txt"), "--municipality", "voru", "--load"],
    )
    assert result.exit_code == 0, result.output
    engine = store.create(use_database)
    with store.sessions(engine)() as session:
        stored = store.read_registry(session, "voru")
    engine.dispose()
    assert stored is not None
    before = registry_file.read(SEEDS / "voru.yaml")
    drafts = [d for d in stored.job_descriptions if d.status is JobDescriptionStatus.DRAFT]
    assert any("Noortekeskuse" in c.text for d in drafts for s in d.sections for c in s.clauses)
    approved = {
        (d.position, d.version)
        for d in stored.job_descriptions
        if d.status is JobDescriptionStatus.APPROVED
    }
    assert approved == {
        (d.position, d.version)
        for d in before.job_descriptions
        if d.status is JobDescriptionStatus.APPROVED
    }
