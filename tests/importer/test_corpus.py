"""The corpus written for these tests (tests/importer/corpus): clause precision and recall and
the shares of titles, supervisors and substitution rules recovered, over all its documents.

The development part is what the importer was tuned on; the held-out part was written at the
same time and run only at the end, as a check on generality (see corpus.py).
"""

from pathlib import Path

import pytest

from tests.importer import corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def test_the_corpus_is_large_and_varied() -> None:
    cases = corpus.cases("dev") + corpus.cases("heldout")
    assert len(cases) >= 30
    kinds = {case.kind for case in cases}
    assert kinds >= {
        "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-16-be-bom", "cp1257",
        "cp1252", "docx", "doc", "odt", "rtf", "pdf",
    }  # fmt: skip


def test_development_corpus_imports_with_every_share_at_least_95(built: Path) -> None:
    tally = corpus.run("dev", built)
    summary = tally.summary()
    assert tally.junk == [], tally.junk
    assert min(summary.values()) >= 0.95, (summary, tally.failures)


def test_held_out_corpus_imports_with_every_share_at_least_95(built: Path) -> None:
    tally = corpus.run("heldout", built)
    summary = tally.summary()
    assert tally.junk == [], tally.junk
    assert min(summary.values()) >= 0.95, (summary, tally.failures)
