"""`roles check`, `roles who-acts` and `roles calendar` on registry files."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from roles.cli.coverage_cmds import calendar_cmd, check_cmd, who_acts_cmd
from roles.registry import write

from .factories import away, person, position, registry

VACATION = away("2026-07-01", "2026-07-10")


@pytest.fixture
def registry_file(tmp_path: Path) -> str:
    """a ← b covers a during Mari's vacation; c is vacant with no substitute."""
    r = registry(
        [position("a", "b"), position("b", "a"), position("c")],
        [person("mari", "a", absences=[VACATION]), person("jaan", "b")],
    )
    path = tmp_path / "linn.yaml"
    write(r, path)
    return str(path)


@pytest.fixture
def covered_file(tmp_path: Path) -> str:
    """Everyone covered, only warnings: a and b substitute only for each other."""
    r = registry(
        [position("a", "b"), position("b", "a")],
        [person("mari", "a", absences=[VACATION]), person("jaan", "b")],
    )
    path = tmp_path / "kaetud.json"
    write(r, path)
    return str(path)


def run(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))  # type: ignore[arg-type]


def test_check_json_lists_findings_sorted_by_code_then_position(registry_file: str) -> None:
    result = run(check_cmd, registry_file, "--on", "2026-07-05", "--format", "json")
    findings = json.loads(result.output)["findings"]
    keys = [(f["code"], f["position"]) for f in findings]
    assert keys == sorted(keys)
    assert ("no-substitute", "c") in keys and ("closed-loop", "a") in keys
    assert {"code", "severity", "position", "message_et", "message_en"} <= set(findings[0])


def test_check_exits_1_when_an_error_finding_exists(registry_file: str) -> None:
    assert run(check_cmd, registry_file, "--on", "2026-07-05").exit_code == 1


def test_check_exits_0_when_only_warnings_are_found(covered_file: str) -> None:
    result = run(check_cmd, covered_file, "--on", "2026-07-05", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {f["severity"] for f in json.loads(result.output)["findings"]} == {"warning"}


def test_check_exits_2_for_a_file_that_is_not_a_registry(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: roles-registry/1\nmunicipality: {id: x}\n")
    assert run(check_cmd, str(bad)).exit_code == 2


def test_check_exits_2_for_from_without_to(registry_file: str) -> None:
    assert run(check_cmd, registry_file, "--from", "2026-07-01").exit_code == 2


def test_check_uncovered_looks_at_the_given_range(registry_file: str) -> None:
    result = run(
        check_cmd,
        registry_file,
        "--on",
        "2026-07-05",
        "--from",
        "2026-07-08",
        "--to",
        "2026-07-09",
        "--format",
        "json",
    )
    uncovered = [f for f in json.loads(result.output)["findings"] if f["code"] == "uncovered"]
    assert [(f["position"], f["ranges"]) for f in uncovered] == [
        ("c", [{"from": "2026-07-08", "to": "2026-07-09"}])
    ]


def test_check_text_is_estonian_and_grouped_under_the_unit(registry_file: str) -> None:
    result = run(check_cmd, registry_file, "--on", "2026-07-05")
    lines = result.output.splitlines()
    assert lines[0] == "Näidislinn · sotsiaalosakond"
    assert any(
        line.startswith("  [viga] no-substitute c: Ametikohal c pole asendajat") for line in lines
    )
    assert lines[-1].startswith("Kokku ")


def test_check_text_in_english_on_request(registry_file: str) -> None:
    result = run(check_cmd, registry_file, "--on", "2026-07-05", "--language", "en")
    assert "  [error] no-substitute c: Position c has no substitute" in result.output


def test_who_acts_json_names_the_substitute_and_the_path(registry_file: str) -> None:
    result = run(who_acts_cmd, registry_file, "a", "--on", "2026-07-05", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "position": "a",
        "date": "2026-07-05",
        "status": "substitute",
        "person": "jaan",
        "via": "b",
        "depth": 1,
    }


def test_who_acts_for_a_present_holder_gives_the_position_itself_at_depth_0(
    registry_file: str,
) -> None:
    result = run(who_acts_cmd, registry_file, "a", "--on", "2026-07-11", "--format", "json")
    answer = json.loads(result.output)
    assert (answer["status"], answer["person"], answer["via"], answer["depth"]) == (
        "present",
        "mari",
        "a",
        0,
    )


def test_who_acts_exits_0_even_when_nobody_acts(registry_file: str) -> None:
    result = run(who_acts_cmd, registry_file, "c", "--on", "2026-07-05")
    assert result.exit_code == 0
    assert result.output.strip() == "05.07.2026 ametikohal c: keegi ei asenda."


def test_who_acts_exits_2_for_an_unknown_position(registry_file: str) -> None:
    assert run(who_acts_cmd, registry_file, "x").exit_code == 2


def test_calendar_json_has_every_position_and_day(registry_file: str) -> None:
    result = run(calendar_cmd, registry_file, "--from", "2026-07-10", "--to", "2026-07-11")
    who = json.loads(result.output)["who_acts"]
    assert sorted(who) == [f"{p} 2026-07-{d}" for p in ("a", "b", "c") for d in ("10", "11")]
    assert who["a 2026-07-10"] == {"status": "substitute", "person": "jaan", "via": "b", "depth": 1}
    assert who["a 2026-07-11"]["status"] == "present"
    assert who["c 2026-07-11"] == {
        "status": "uncovered",
        "person": None,
        "via": None,
        "depth": None,
    }


def test_calendar_html_is_a_self_contained_page_with_the_findings(registry_file: str) -> None:
    result = run(
        calendar_cmd,
        registry_file,
        "--from",
        "2026-07-01",
        "--to",
        "2026-07-31",
        "--format",
        "html",
    )
    html = result.output
    assert html.startswith("<!DOCTYPE html>") and '<html lang="et">' in html
    assert "<link" not in html and "src=" not in html  # nothing loaded from elsewhere
    assert 'tabindex="0"' in html and "asendab Isik jaan (ametikoht b, sügavus 1)" in html
    assert "no-substitute" in html  # the findings beside the map


def test_calendar_text_draws_one_line_per_position(registry_file: str) -> None:
    result = run(
        calendar_cmd,
        registry_file,
        "--from",
        "2026-07-09",
        "--to",
        "2026-07-12",
        "--format",
        "text",
    )
    assert result.output.splitlines()[1:] == ["a ▒▒██", "b ████", "c ····"]


def test_calendar_exits_2_for_an_unknown_unit(registry_file: str) -> None:
    result = run(
        calendar_cmd, registry_file, "--unit", "x", "--from", "2026-07-01", "--to", "2026-07-02"
    )
    assert result.exit_code == 2
