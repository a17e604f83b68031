"""Malformed registry files: each is refused with the file, the path inside it and what is
wrong (exit status 2), and the database is left exactly as it was."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from click.testing import CliRunner

from roles import registry, store
from roles.cli import main
from roles.domain import personal_code

from .conftest import FIXTURES

Raw = dict[str, Any]


def base() -> Raw:
    """The example registry as plain data (dates as strings), ready to be broken."""
    return yaml.load((FIXTURES / "example.yaml").read_bytes(), Loader=registry._Loader)


def position(raw: Raw, pid: str) -> Raw:
    return next(p for p in raw["positions"] if p["id"] == pid)


def setter(path: str, value: Any) -> Callable[[Raw], None]:
    """Set raw[a][0][b] = value for a path 'a.0.b'."""

    def apply(raw: Raw) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return apply


def add_person(**person: Any) -> Callable[[Raw], None]:
    return lambda raw: raw["people"].append({"id": "p-0002", "name": "Juhan Näidis", **person})


def unit_cycle(raw: Raw) -> None:
    raw["units"].append({"id": "voru-a", "agency": "voru-lv", "name": "A", "parent": "voru-b"})
    raw["units"].append({"id": "voru-b", "agency": "voru-lv", "name": "B", "parent": "voru-a"})


def reports_cycle(raw: Raw) -> None:
    position(raw, "voru-juh-asetaitja")["reports_to"] = "voru-sts"


def if_needed_first(raw: Raw) -> None:
    position(raw, "voru-sts")["substitutes"] = [
        {"position": "voru-tss-eakad", "if_needed": True},
        {"position": "voru-juh-asetaitja"},
    ]


def second_version(status: str, version: int) -> Callable[[Raw], None]:
    def apply(raw: Raw) -> None:
        jd = copy.deepcopy(raw["job_descriptions"][0])
        jd.update(status=status, version=version)
        raw["job_descriptions"].append(jd)

    return apply


def draft_older_than_approved(raw: Raw) -> None:
    second_version("draft", 1)(raw)
    raw["job_descriptions"][0]["version"] = 2


VALID_CODE = personal_code.make(__import__("datetime").date(1980, 1, 8), 571)
BAD_CHECK_DIGIT = VALID_CODE[:10] + str((int(VALID_CODE[10]) + 1) % 10)

# (case, change, path inside the file, words the message must contain)
CASES: list[tuple[str, Callable[[Raw], None], str, str]] = [
    ("wrong format tag", setter("format", "roles-registry/2"), "format", "unsupported format"),
    ("missing format", lambda r: r.pop("format"), "format", "missing key 'format'"),
    ("unknown top-level key", setter("colour", "blue"), "", "unknown field `colour`"),
    ("unknown position key", setter("positions.0.colour", "x"), "positions[0]", "unknown field"),
    ("wrong type", setter("positions.0.seats", "two"), "positions[0].seats", "Expected `int`"),
    ("zero seats", setter("positions.0.seats", 0), "positions[0].seats", ">= 1"),
    ("bad id", setter("positions.0.id", "Voru STS"), "positions[0].id", "matching regex"),
    ("bad kind", setter("municipality.kind", "city"), "municipality.kind", "Invalid enum"),
    ("bad service", setter("positions.0.service", "contract"), "positions[0].service", "enum"),
    ("missing title", lambda r: r["positions"][0].pop("title"), "positions[0]", "`title`"),
    (
        "bad date",
        setter("people.0.assignments.0.from", "2024-02-30"),
        "people[0].assignments[0].from",
        "Invalid RFC3339 encoded date",
    ),
    (
        "assignment ends before start",
        setter("people.0.assignments.0.to", "2024-01-01"),
        "people[0].assignments[0].to",
        "before it starts",
    ),
    (
        "absence ends before start",
        setter("people.0.absences.0.to", "2026-06-01"),
        "people[0].absences[0].to",
        "before it starts",
    ),
    (
        "bad absence kind",
        setter("people.0.absences.0.kind", "party"),
        "people[0].absences[0].kind",
        "enum",
    ),
    (
        "duplicate position id",
        lambda r: r["positions"].append(copy.deepcopy(r["positions"][0])),
        "positions[3].id",
        "duplicate id 'voru-sts'",
    ),
    (
        "id shared by a unit and a position",
        setter("positions.1.id", "voru-sotsiaal"),
        "positions[1].id",
        "already used at units[0].id",
    ),
    (
        "unknown substitute",
        setter("positions.0.substitutes.1.position", "voru-nobody"),
        "positions[0].substitutes[1].position",
        "unknown position 'voru-nobody'",
    ),
    ("unknown unit", setter("positions.0.unit", "voru-x"), "positions[0].unit", "unknown unit"),
    ("unknown agency", setter("units.0.agency", "voru-x"), "units[0].agency", "unknown agency"),
    ("unknown parent unit", setter("units.0.parent", "voru-x"), "units[0].parent", "unknown unit"),
    ("unit parent cycle", unit_cycle, "units[1].parent", "units form a cycle"),
    (
        "unknown reports_to",
        setter("positions.0.reports_to", "voru-x"),
        "positions[0].reports_to",
        "unknown position",
    ),
    (
        "reports_to itself",
        setter("positions.0.reports_to", "voru-sts"),
        "positions[0].reports_to",
        "itself",
    ),
    ("reporting cycle", reports_cycle, "positions[0].reports_to", "reporting lines form a cycle"),
    (
        "if_needed before plain rule",
        if_needed_first,
        "positions[0].substitutes[0].if_needed",
        "before the plain rule substitutes[1]",
    ),
    (
        "duty scope names a missing duty",
        setter("positions.0.substitutes.1.duties", ["2.2", "9.9"]),
        "positions[0].substitutes[1].duties[1]",
        "duty '9.9' is not in version 1",
    ),
    (
        "empty duty scope",
        setter("positions.0.substitutes.1.duties", []),
        "positions[0].substitutes[1].duties",
        "empty duty scope",
    ),
    (
        "unknown substitutes_for",
        setter("positions.1.substitutes_for", ["voru-x"]),
        "positions[1].substitutes_for[0]",
        "unknown position",
    ),
    (
        "invalid personal code",
        setter("people.0.personal_code", BAD_CHECK_DIGIT),
        "people[0].personal_code",
        "check digit",
    ),
    (
        "personal code with no date",
        setter("people.0.personal_code", "38013320000"),
        "people[0].personal_code",
        "no valid birth date",
    ),
    (
        "more holders than seats",
        add_person(
            assignments=[
                {"position": "voru-juh-asetaitja", "from": "2024-01-01"},
                {"position": "voru-juh-asetaitja", "from": "2025-01-01"},
            ]
        ),
        "people[1].assignments[1]",
        "more holders than that on 2025-01-01",
    ),
    (
        "assignment to unknown position",
        setter("people.0.assignments.0.position", "voru-x"),
        "people[0].assignments[0].position",
        "unknown position",
    ),
    (
        "assignment outlives abolished position",
        setter("positions.0.abolished", "2025-01-01"),
        "people[0].assignments[0].to",
        "abolished from 2025-01-01",
    ),
    (
        "job description of unknown position",
        setter("job_descriptions.0.position", "voru-x"),
        "job_descriptions[0].position",
        "unknown position",
    ),
    (
        "duplicate version",
        second_version("draft", 1),
        "job_descriptions[1].version",
        "appears twice",
    ),
    (
        "two approved versions",
        second_version("approved", 2),
        "job_descriptions[1].status",
        "more than one approved",
    ),
    (
        "draft older than approved",
        draft_older_than_approved,
        "job_descriptions[1].version",
        "older than the approved",
    ),
    (
        "unknown status",
        setter("job_descriptions.0.status", "final"),
        "job_descriptions[0].status",
        "enum",
    ),
    (
        "nested clause wrong type",
        setter("job_descriptions.0.sections.1.clauses.0.clauses.0.text", 5),
        "job_descriptions[0].sections[1].clauses[0].clauses[0].text",
        "Expected `str`",
    ),
]


def write(tmp_path: Path, raw: Raw, suffix: str) -> Path:
    path = tmp_path / f"bad{suffix}"
    if suffix == ".json":
        path.write_bytes(msgspec.json.encode(raw))
    else:
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    return path


def snapshot(url: str) -> bytes:
    engine = store.create(url)
    with store.sessions(engine)() as session:
        found = store.read_registry(session, "voru")
    engine.dispose()
    assert found is not None
    return registry.encode(found, "x.json")


@pytest.fixture
def loaded(use_database: str) -> str:
    result = CliRunner().invoke(main, ["load", str(FIXTURES / "example.yaml")])
    assert result.exit_code == 0, result.output
    return use_database


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize(("case", "change", "path", "words"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_refused_precisely(
    case: str, change: Callable[[Raw], None], path: str, words: str, suffix: str, tmp_path: Path
) -> None:
    raw = base()
    change(raw)
    bad = write(tmp_path, raw, suffix)
    with pytest.raises(registry.RegistryError) as caught:
        registry.read(bad)
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert any(p == path and words in m for p, m in problems), problems
    assert str(bad) in str(caught.value)


@pytest.mark.parametrize(
    ("case", "change", "path", "words"),
    [CASES[0], CASES[4], CASES[16], CASES[24], CASES[30]],
    ids=[CASES[i][0] for i in (0, 4, 16, 24, 30)],
)
def test_load_command_refuses_and_leaves_database_unchanged(
    loaded: str, case: str, change: Callable[[Raw], None], path: str, words: str, tmp_path: Path
) -> None:
    before = snapshot(loaded)
    raw = base()
    raw["municipality"]["name"] = "Changed before the error"
    change(raw)
    bad = write(tmp_path, raw, ".yaml")
    result = CliRunner().invoke(main, ["load", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: {path}: " in result.output and words in result.output
    assert "Traceback" not in result.output
    assert snapshot(loaded) == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format: roles-registry/1\nmunicipality: [unclosed\n", "not valid YAML"),
        ("format: roles-registry/1\nformat: roles-registry/1\n", "key 'format' appears twice"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_unparseable_yaml_is_refused(tmp_path: Path, text: str, words: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    with pytest.raises(registry.RegistryError, match=words):
        registry.read(bad)


def test_invalid_json_and_unknown_suffix_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"format": ')
    with pytest.raises(registry.RegistryError, match="not valid JSON"):
        registry.read(tmp_path / "bad.json")
    (tmp_path / "x.txt").write_text("format: roles-registry/1")
    with pytest.raises(registry.RegistryError, match="unknown file type"):
        registry.read(tmp_path / "x.txt")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    raw = base()
    raw["positions"][0]["unit"] = "voru-x"
    raw["units"][0]["agency"] = "voru-y"
    with pytest.raises(registry.RegistryError) as caught:
        registry.read(write(tmp_path, raw, ".yaml"))
    assert {p.path for p in caught.value.problems} >= {"positions[0].unit", "units[0].agency"}
