"""Hostile registry files (tests/fixtures/hostile/registry): each is refused with a clear,
coded problem naming where, within 5 seconds and without memory growing with what the file
pretends to hold (issue 14: 6, 9, 12 and 13)."""

import time
import tracemalloc
from pathlib import Path

import pytest

from roles import registry
from roles.domain import limits

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "registry"
EXAMPLE = Path(__file__).parent / "fixtures" / "example.yaml"
# file → (code of the first problem, its path)
EXPECTED = {
    "alias-bomb.yaml": ("file.alias", "a0"),
    "anchor-only.yaml": ("file.alias", "positions"),
    "merge-key.yaml": ("file.alias", "people[0]"),
    "approver-10000.yaml": ("text.too-long", "job_descriptions[0].approval.by"),
    "bell-in-title.yaml": ("text.control", "positions[0].title"),
    "clauses-200-deep.json": (
        "clause.too-deep",
        "job_descriptions[0].sections[0].clauses[0]" + ".clauses[0]" * 4 + ".clauses",
    ),
    "complex-key.yaml": ("file.key", ""),
    "deep-100000.json": ("file.too-deep", ""),
    "deep-flow.yaml": ("file.too-deep", ""),
    "duplicate-key.json": ("file.duplicate-key", "municipality"),
    "duplicate-key.yaml": ("file.duplicate-key", "positions[1]"),
    "empty.yaml": ("file.not-mapping", ""),
    "far-absence.yaml": ("date.range", "people[0].absences[0].to"),
    "huge-int.json": ("file.number", ""),
    "latin1.yaml": ("file.not-utf8", ""),
    "lone-surrogate.json": ("text.surrogate", "municipality.name"),
    "nan.json": ("file.number", ""),
    "not-json.json": ("file.syntax", ""),
    "nul-in-name.json": ("text.control", "municipality.name"),
    "overlapping-absences.yaml": ("absence.overlap", "people[0].absences[1]"),
    "python-tag.yaml": ("file.tag", "people"),
    "ref-abc.yaml": ("ref.malformed", "job_descriptions[0].sections[0].clauses[0].ref"),
    "two-documents.yaml": ("file.documents", ""),
    "uffff-in-clause.yaml": (
        "text.noncharacter",
        "job_descriptions[0].sections[0].clauses[0].text",
    ),
    "utf16-bom.yaml": ("file.encoding", ""),
    "utf16-no-bom.json": ("file.encoding", ""),
}


def _refused(path: Path, **kwargs: object) -> registry.RegistryError:
    """Refused within 5 s; then once more under tracemalloc, for the memory it took."""
    began = time.perf_counter()
    with pytest.raises(registry.RegistryError) as caught:
        registry.read(path, **kwargs)  # type: ignore[arg-type]
    took = time.perf_counter() - began
    assert took < 5, f"{path.name}: {took:.1f} s"
    tracemalloc.start()
    try:
        with pytest.raises(registry.RegistryError):
            registry.read(path, **kwargs)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, f"{path.name}: {peak / 1e6:.0f} MB"
    return caught.value


def test_the_corpus_is_at_least_fifteen_files_and_all_are_expected() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir())
    assert len(files) >= 15
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_is_refused_clearly_quickly_and_in_bounded_memory(name: str) -> None:
    error = _refused(HOSTILE / name)
    first = error.problems[0]
    assert (first.code, first.path) == EXPECTED[name], error.problems
    assert first.message and str(HOSTILE / name) in str(error)
    assert "Traceback" not in str(error) and "RecursionError" not in str(error)


def _positions(tmp_path: Path, count: int) -> Path:
    rows = "".join(f"  - {{id: p{i}, title: t, unit: o}}\n" for i in range(count))
    path = tmp_path / "many.yaml"
    path.write_text(
        "format: roles-registry/1\nmunicipality: {id: linn, name: N, kind: town}\n"
        f"positions:\n{rows}"
    )
    return path


def test_too_many_positions_are_refused_before_they_are_built(tmp_path: Path) -> None:
    error = _refused(_positions(tmp_path, limits.REGISTRY["positions"] + 1))
    assert [(p.code, p.path) for p in error.problems] == [("count.too-many", "positions")]


def test_a_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    error = _refused(EXAMPLE, file_limits=registry.FileLimits(max_bytes=1000))
    assert error.problems[0].code == "file.too-large"


def test_a_file_of_too_many_values_is_refused(tmp_path: Path) -> None:
    error = _refused(_positions(tmp_path, 300), file_limits=registry.FileLimits(max_nodes=500))
    assert error.problems[0].code == "file.too-many-values"


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert registry.read(path) == registry.read(EXAMPLE)


def test_yaml_reads_as_before_without_anchors(tmp_path: Path) -> None:
    """The event reader gives what PyYAML gave for every plain file: the seeds load alike."""
    import yaml

    for path in sorted((Path(__file__).parents[1] / "seeds").glob("*.yaml")):
        assert registry._yaml(path.read_text(), registry.FileLimits()) == yaml.load(
            path.read_bytes(), Loader=registry._Loader
        )
