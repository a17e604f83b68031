"""Every problem can be said in Estonian and English (issue 13: the page's language, always):
each code the rules and the file reader produce has both texts, the texts have the params they
need, and no Estonian text holds English words or registry ids."""

import re
from pathlib import Path

import pytest
import yaml

from roles import registry
from roles.domain import Problem
from roles.domain.messages import TEXTS, describe, fields

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "src" / "roles" / "domain").glob("*.py")),
    ROOT / "src/roles/registry.py",
]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "registry"
# Words that give away an English text (and none of them is Estonian).
ENGLISH = {
    "the", "is", "are", "not", "must", "be", "position", "unit", "agency", "allowed", "unknown",
    "duplicate", "invalid", "expected", "line", "value", "field", "file", "error", "missing",
    "duty", "clause", "date", "approval", "draft", "version", "of", "and", "or", "to", "in",
    "at", "key", "text", "seat", "seats", "holder", "person", "registry", "rule", "substitute",
    "title", "directive", "superseded", "approved", "before", "after", "empty", "too", "long",
    "deep", "cycle", "with", "without", "one", "more", "than", "most", "least", "has", "have",
    "id", "code", "there", "this", "that", "here", "write", "give", "name", "say",
}  # fmt: skip
# Quoted strings in the sources shaped like a code ("ref.unknown-unit"), less paths.
CODE = re.compile(
    r'"((?:file|format|schema|text|date|number|ref|id|code|enum|count|clause|'
    r"unit|position|rule|person|assignment|seats|absence|description|approval)"
    r'\.[a-z0-9-]+)"'
)
PATHS = {"approval.by", "approval.date", "approval.directive"}


def codes_in_sources() -> set[str]:
    found = {m for path in SOURCES for m in CODE.findall(path.read_text())}
    return found - PATHS


def test_every_code_the_sources_produce_has_both_texts_and_no_text_is_stale() -> None:
    assert codes_in_sources() == set(TEXTS)
    for code, (et, en) in TEXTS.items():
        assert et.strip() and en.strip() and et != en, code


def test_no_estonian_text_holds_english_words() -> None:
    for code, (et, _) in TEXTS.items():
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", re.sub(r"{\w+}", "", et))}
        assert not words & ENGLISH, (code, words & ENGLISH)


def test_no_estonian_text_names_a_registry_id() -> None:
    ids: set[str] = set()
    for path in (ROOT / "seeds").glob("*.yaml"):
        raw = yaml.safe_load(path.read_text())
        ids |= {raw["municipality"]["id"]}
        for kind in ("agencies", "units", "positions", "people"):
            ids |= {e["id"] for e in raw.get(kind, [])}
    for code, (et, _) in TEXTS.items():
        assert not any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", et) for i in ids), code


def _problems_found() -> list[Problem]:
    """Problems as the reader and the rules really make them: the hostile corpus and the
    malformed cases of tests/test_malformed_registries.py."""
    from tests.test_malformed_registries import CASES, base, write

    found: list[Problem] = []
    for path in sorted(HOSTILE.iterdir()):
        with pytest.raises(registry.RegistryError) as caught:
            registry.read(path)
        found += caught.value.problems
    for suffix in (".yaml", ".json"):
        for _, change, _, _ in CASES:
            raw = base()
            change(raw)
            tmp = Path(f"/tmp/roles-messages-test{suffix}")
            with pytest.raises(registry.RegistryError) as caught:
                registry.read(write(tmp.parent, raw, suffix))
            found += caught.value.problems
    return found


def test_problems_as_made_carry_a_code_with_texts_and_the_params_the_texts_need() -> None:
    found = _problems_found()
    assert len({p.code for p in found}) >= 40
    for p in found:
        assert p.code in TEXTS, p
        missing = fields(p.code) - set(p.params)
        assert not missing, (p, missing)
        for language in ("et", "en"):
            said = describe(p, language)
            assert said and "{" not in said and "?" not in said, (p, said)
            assert not re.search(r"[.\[]", p.path) or p.path not in said


def test_describe_prints_dates_the_language_s_way_and_falls_back_to_the_message() -> None:
    p = Problem(
        "people[0].absences[0].to",
        "…",
        "date.range",
        {"value": "9999-12-31", "min": "1900-01-01", "max": "2100-12-31"},
    )
    assert (
        describe(p, "et")
        == "Kuupäev 31.12.9999 on väljaspool lubatud vahemikku 01.01.1900 … 31.12.2100."
    )
    assert (
        describe(p, "en")
        == "The date 9999-12-31 is outside the allowed range 1900-01-01 … 2100-12-31."
    )
    assert describe(Problem("x", "made elsewhere"), "et") == "made elsewhere"
