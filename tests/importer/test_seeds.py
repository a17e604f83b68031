"""Importing the five real job descriptions gives what the hand-made seed registries hold."""

from collections import Counter
from pathlib import Path

import pytest

from roles import registry as registry_file
from roles.domain import ClauseField, JobDescription, Position, Registry, walk_clauses
from roles.importer import Outcome, import_document
from roles.importer.markup import normalise
from tests.conftest import ORIGINALS

SHARED = ORIGINALS
SEEDS = Path(__file__).parents[2] / "seeds"
CASES = [  # (document, seed registry, the seed's position id, municipality)
    ("000_b84d608ddfdf034f.txt", "voru.yaml", "voru-sts", "voru"),
    ("001_f4670d383cf38d46.txt", "voru.yaml", "voru-juhtumikorraldaja", "voru"),
    ("002_8134c814bab138d5.txt", "viljandi.yaml", "viljandi-spetsialist", "viljandi"),
    ("003_bf3b2d55eb40352a.txt", "kohtla-jarve.yaml", "kj-peaspetsialist", "kohtla-jarve"),
    ("004_ed5ac4f9cf7b1261.txt", "viimsi.yaml", None, "viimsi"),
]


def _seed(name: str) -> Registry:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is not written yet")
    return registry_file.read(path)


def _description(r: Registry, position: str | None) -> JobDescription:
    if position is None:
        return r.job_descriptions[0]
    return next(d for d in r.job_descriptions if d.position == position)


def _texts(d: JobDescription) -> Counter[str]:
    return Counter(normalise(c.text) for s in d.sections for c in walk_clauses(s.clauses))


def _imported(document: str, municipality: str) -> tuple[Outcome, JobDescription, Position]:
    outcome = import_document(SHARED / document, municipality)
    r = outcome.registry
    position = next(p for p in r.positions if p.id == outcome.position)
    return outcome, _description(r, outcome.position), position


@pytest.mark.parametrize(("document", "seed", "position", "municipality"), CASES)
def test_clauses_match_the_seed_with_precision_and_recall_at_least_95(
    document: str, seed: str, position: str | None, municipality: str
) -> None:
    expected = _texts(_description(_seed(seed), position))
    _, description, _ = _imported(document, municipality)
    got = _texts(description)
    common = sum((expected & got).values())
    precision, recall = common / sum(got.values()), common / sum(expected.values())
    assert (precision, recall) >= (0.95, 0.95), (
        f"precision {precision:.3f} recall {recall:.3f}\n"
        f"missing: {list((expected - got).elements())}\nextra: {list((got - expected).elements())}"
    )


@pytest.mark.parametrize(("document", "seed", "position", "municipality"), CASES)
def test_every_header_field_is_found(
    document: str, seed: str, position: str | None, municipality: str
) -> None:
    def fields(d: JobDescription) -> set[tuple[ClauseField, str]]:
        return {
            (c.field, normalise(c.text))
            for s in d.sections
            for c in walk_clauses(s.clauses)
            if c.field is not None
        }

    expected = fields(_description(_seed(seed), position))
    _, description, _ = _imported(document, municipality)
    assert expected <= fields(description)


def _rule_titles(r: Registry, p: Position) -> set[tuple[str, bool, bool]]:
    titles = {q.id: q.title for q in r.positions}
    return {
        (titles[rule.position].casefold(), rule.if_needed, rule.scoped) for rule in p.substitutes
    }


@pytest.mark.parametrize(("document", "seed", "position", "municipality"), CASES)
def test_every_substitution_rule_is_found_naming_positions_by_title(
    document: str, seed: str, position: str | None, municipality: str
) -> None:
    seed_registry = _seed(seed)
    described = _description(seed_registry, position).position
    seed_position = next(p for p in seed_registry.positions if p.id == described)
    outcome, _, imported = _imported(document, municipality)
    r = outcome.registry
    assert _rule_titles(seed_registry, seed_position) == _rule_titles(r, imported)
    seed_titles = {q.id: q.title.casefold() for q in seed_registry.positions}
    titles = {q.id: q.title.casefold() for q in r.positions}
    assert {seed_titles[i] for i in seed_position.substitutes_for} == {
        titles[i] for i in imported.substitutes_for
    }
    assert imported.reports_to is not None or seed_position.reports_to is None


@pytest.mark.parametrize(("document", "seed", "position", "municipality"), CASES)
def test_every_line_of_the_input_is_accounted_for(
    document: str, seed: str, position: str | None, municipality: str
) -> None:
    outcome, _, _ = _imported(document, municipality)
    text = (SHARED / document).read_text(encoding="utf-8")
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    placed = {p.line: p for p in outcome.accounting.placements()}
    assert [n for n in numbers if n not in placed] == []
    assert [p for p in placed.values() if p.where == "not placed"] == []


def test_a_scoped_substitution_names_the_duties_of_an_existing_description() -> None:
    existing = _seed("voru.yaml")
    outcome = import_document(SHARED / CASES[1][0], "voru", existing)
    toimetulek = next(p for p in outcome.registry.positions if p.id == "voru-tss-toimetulek")
    assert [(r.position, r.duties) for r in toimetulek.substitutes] == [
        ("voru-juhtumikorraldaja", ["2.1", "2.2", "2.3"])
    ]
    assert outcome.created == []
