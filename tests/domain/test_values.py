"""Nothing out of range gets in (issue 14: 9, 12): `check` holds every value of a registry to
its bounds — dates, characters, lengths, clause numbers, depth, counts — with precise paths,
so every entrance (API, pages, files, import) refuses the same things."""

import datetime as dt

import msgspec
import pytest

from roles.domain import (
    Absence,
    Approval,
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Section,
    SectionKind,
    check,
    limits,
)
from tests.coverage.factories import away, description, person, position, registry

replace = msgspec.structs.replace


def found(r: object) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in check(r)]  # type: ignore[arg-type]


def with_description(d: JobDescription) -> list[tuple[str, str]]:
    return found(registry([position("a")], descriptions=[d]))


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2026-12-01", "9999-12-31", [("people[0].absences[0].to", "date.range")]),
        ("1899-12-31", "1900-01-02", [("people[0].absences[0].from", "date.range")]),
        ("1900-01-01", "2100-12-31", []),  # the edges are in
        ("2026-07-10", "2026-07-01", [("people[0].absences[0].to", "absence.ends-before-start")]),
    ],
)
def test_absence_dates(first: str, last: str, expected: list[tuple[str, str]]) -> None:
    assert (
        found(registry([position("a")], [person("x", "a", absences=[away(first, last)])]))
        == expected
    )


def test_overlapping_absences_of_one_person_are_refused_at_the_later_one() -> None:
    absences = [
        away("2026-07-01", "2026-07-21"),
        away("2026-08-01"),
        away("2026-07-21", "2026-07-25"),
    ]
    problems = check(registry([position("a")], [person("x", "a", absences=absences)]))
    assert [(p.path, p.code) for p in problems] == [("people[0].absences[2]", "absence.overlap")]
    assert problems[0].params["other_start"] == "2026-07-01"
    adjacent = [away("2026-07-01", "2026-07-21"), away("2026-07-22", "2026-07-25")]
    assert found(registry([position("a")], [person("x", "a", absences=adjacent)])) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\x00b", "text.control"),
        ("a\x85b", "text.control"),  # C1
        ("a\uffffb", "text.noncharacter"),
        ("a\ufdd0b", "text.noncharacter"),
        ("a\U0010fffeb", "text.noncharacter"),
        ("a\ud800b", "text.surrogate"),
        ("ametnik\u202etsinem", "text.invisible"),  # right-to-left override
        ("a\u200bb", "text.invisible"),  # zero-width space
        ("a\u200fb", "text.invisible"),  # right-to-left mark
        ("a\u2066b\u2069", "text.invisible"),  # an isolate
        ("a\u2028b", "text.invisible"),  # Unicode's line separator
        ("\ufeffa", "text.invisible"),
        ("a\nb", "text.line-break"),
        ("a\tb", "text.control"),
        ("", "text.blank"),
        ("   ", "text.blank"),
        ("x" * 201, "text.too-long"),
    ],
)
def test_one_line_texts(text: str, code: str) -> None:
    r = registry([replace(position("a"), title=text)])
    assert found(r) == [("positions[0].title", code)]


def test_clause_text_may_hold_lines_and_tabs_but_not_other_controls() -> None:
    ok = Clause(ref="1", text="esimene rida\n\tteine rida")
    bad = Clause(ref="2", text="rida\x0bteine")
    d = replace(
        description("a", "1"), sections=[Section(kind=SectionKind.DUTIES, clauses=[ok, bad])]
    )
    assert with_description(d) == [
        ("job_descriptions[0].sections[0].clauses[1].text", "text.control")
    ]


def test_a_clause_with_a_direction_override_is_refused_and_named() -> None:
    hidden = Clause(ref="1", text="Kooskõlastab\n\u202eeerge\u202c lepingud")
    d = replace(
        description("a", "1"), sections=[Section(kind=SectionKind.DUTIES, clauses=[hidden])]
    )
    problems = check(registry([position("a")], descriptions=[d]))
    assert [(p.path, p.code, p.params) for p in problems] == [
        (
            "job_descriptions[0].sections[0].clauses[0].text",
            "text.invisible",
            {"char": "U+202E", "name": "RIGHT-TO-LEFT OVERRIDE", "at": "14"},
        )
    ]


def test_zero_width_joiners_and_soft_hyphens_stay_allowed() -> None:
    title = "tugi\u00adisik \U0001f469\u200d\U0001f4bb ja\u200cta"
    assert found(registry([replace(position("a"), title=title)])) == []


def test_a_ten_thousand_character_approver_is_refused() -> None:
    d = replace(description("a", "1"), approval=Approval(by="x" * 10_000, date=dt.date(2024, 1, 1)))
    problems = check(registry([position("a")], descriptions=[d]))
    assert [(p.path, p.code, p.params) for p in problems] == [
        ("job_descriptions[0].approval.by", "text.too-long", {"length": "10000", "limit": "200"})
    ]


@pytest.mark.parametrize("ref", ["abc!", "1..2", "2.2.", "", "x" * 41, "1 2"])
def test_malformed_clause_numbers(ref: str) -> None:
    d = description("a", ref)
    assert ("job_descriptions[0].sections[0].clauses[0].ref", "ref.malformed") in with_description(
        d
    )


@pytest.mark.parametrize("ref", ["1", "2.2.1", "3)", "a)", "(b)", "IV", "5¹", "§ 3", "9.4.1"])
def test_well_formed_clause_numbers(ref: str) -> None:
    assert with_description(description("a", ref)) == []


def test_clause_nesting_stops_at_the_editor_s_depth() -> None:
    def nested(levels: int) -> Clause:
        clause = Clause(ref="1", text="sügav")
        for _ in range(levels - 1):
            clause = Clause(ref="1", text="sügav", clauses=[clause])
        return clause

    def d(levels: int) -> JobDescription:
        return replace(
            description("a", "1"),
            sections=[Section(kind=SectionKind.DUTIES, clauses=[nested(levels)])],
        )

    assert with_description(d(limits.MAX_CLAUSE_DEPTH)) == []
    deep = ".clauses[0]" * (limits.MAX_CLAUSE_DEPTH - 1)
    assert with_description(d(limits.MAX_CLAUSE_DEPTH + 1)) == [
        (f"job_descriptions[0].sections[0].clauses[0]{deep}.clauses", "clause.too-deep")
    ]
    assert len(with_description(d(1000))) == 1  # iterative: no recursion limit, one problem


def test_counts_per_list_and_per_registry() -> None:
    days = [
        Absence(
            start=dt.date(2000, 1, 1) + dt.timedelta(days=2 * n),
            end=dt.date(2000, 1, 1) + dt.timedelta(days=2 * n),
        )
        for n in range(5001)
    ]
    assert found(registry([position("a")], [replace(person("x", "a"), absences=days)])) == [
        ("people[0].absences", "count.too-many")
    ]


def test_numbers_and_ids_built_in_code_are_held_to_the_schema_s_bounds() -> None:
    r = registry([replace(position("a"), seats=0), replace(position("b"), id="B b")])
    assert found(r) == [("positions[0].seats", "number.range"), ("positions[1].id", "id.malformed")]


def test_a_top_level_clause_is_checked_once() -> None:
    d = replace(
        description("a", "1"),
        sections=[Section(kind=SectionKind.DUTIES, clauses=[Clause(ref="abc!", text="x")])],
    )
    assert with_description(d) == [
        ("job_descriptions[0].sections[0].clauses[0].ref", "ref.malformed")
    ]


def test_an_approval_before_the_records_begin_and_an_early_in_force_date() -> None:
    d = replace(
        description("a", "1"),
        approval=Approval(by="linnapea", date=dt.date(1985, 1, 1)),
        status=JobDescriptionStatus.APPROVED,
    )
    assert with_description(d) == [("job_descriptions[0].approval.date", "approval.before-records")]
    d = replace(
        d,
        approval=Approval(by="linnapea", date=dt.date(2024, 1, 1)),
        in_force_from=dt.date(2023, 1, 1),
    )
    assert with_description(d) == [
        ("job_descriptions[0].in_force_from", "approval.in-force-before-approval")
    ]


def test_every_problem_check_makes_has_a_code() -> None:
    r = registry(
        [replace(position("a", "nowhere"), title="\x00", reports_to="a")],
        [person("x", "b", absences=[away("2026-01-02", "2026-01-01")])],
    )
    problems = check(r)
    assert len(problems) >= 4 and all(p.code for p in problems)
