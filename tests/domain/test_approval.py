"""The approval rule (issue 13), as specifications: what a version needs to be approved, and
which version is in force on a day when one takes effect later than its approval."""

import datetime as dt

import msgspec
import pytest

from roles.domain import (
    Approval,
    Clause,
    JobDescription,
    JobDescriptionStatus,
    Municipality,
    MunicipalityKind,
    Section,
    SectionKind,
    current_description,
    in_force,
)
from roles.domain.approval import approval_problems

replace = msgspec.structs.replace
TODAY = dt.date(2026, 11, 24)
TOWN = Municipality(id="voru", name="Võru linn", kind=MunicipalityKind.TOWN)


def complete() -> JobDescription:
    return JobDescription(
        position="voru-sts",
        version=2,
        status=JobDescriptionStatus.DRAFT,
        title="Sotsiaalteenuste spetsialisti ametijuhend",
        approval=Approval(by="Võru linnapea", date=dt.date(2026, 11, 20), directive="20.1-1/29"),
        sections=[
            Section(
                kind=SectionKind.DUTIES,
                title="Teenistuskohustused",
                clauses=[
                    Clause(ref="2.1", text="Abivajajate nõustamine."),
                    Clause(
                        ref="2.2",
                        text="Toetuste menetlemine:",
                        clauses=[
                            Clause(ref="2.2.1", text="taotluste vastuvõtmine;"),
                        ],
                    ),
                ],
            )
        ],
    )


def codes(d: JobDescription, municipality: Municipality = TOWN) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in approval_problems(d, municipality, TODAY)]


def test_a_complete_version_may_be_approved() -> None:
    assert codes(complete()) == []


def test_an_empty_draft_lacks_everything_approval_needs() -> None:
    empty = JobDescription(position="voru-sts", version=2, status=JobDescriptionStatus.DRAFT)
    assert codes(empty) == [
        ("title", "approval.no-title"),
        ("sections", "approval.no-duties"),
        ("approval.by", "approval.no-approver"),
        ("approval.directive", "approval.no-directive"),
        ("approval.date", "approval.no-date"),
    ]


@pytest.mark.parametrize("title", [None, "", "   "])
def test_a_title_is_needed(title: str | None) -> None:
    assert codes(replace(complete(), title=title)) == [("title", "approval.no-title")]


def test_a_duty_is_needed_not_just_other_sections() -> None:
    rights = Section(kind=SectionKind.RIGHTS, clauses=[Clause(ref="3.1", text="Õigus.")])
    assert codes(replace(complete(), sections=[rights])) == [("sections", "approval.no-duties")]


def test_an_approval_date_before_the_records_begin_is_refused() -> None:
    d = replace(complete(), approval=replace(complete().approval, date=dt.date(1899, 1, 1)))
    assert ("approval.date", "approval.before-records") in codes(d)
    assert ("approval.date", "date.range") in codes(d)  # and out of any registry's range
    d = replace(complete(), approval=replace(complete().approval, date=dt.date(1989, 12, 31)))
    assert codes(d) == [("approval.date", "approval.before-records")]


def test_a_municipality_says_where_its_records_begin() -> None:
    merged = replace(TOWN, records_from=dt.date(2017, 10, 24))  # the 2017 reform
    d = replace(complete(), approval=replace(complete().approval, date=dt.date(2015, 1, 1)))
    assert codes(d, merged) == [("approval.date", "approval.before-records")]
    assert codes(d) == []


def test_an_approval_in_the_future_is_refused_and_points_to_in_force_from() -> None:
    d = replace(complete(), approval=replace(complete().approval, date=dt.date(2030, 1, 1)))
    [problem] = approval_problems(d, TOWN, TODAY)
    assert (problem.path, problem.code) == ("approval.date", "approval.in-future")
    assert "in_force_from" in problem.message
    assert problem.params == {"date": "2030-01-01", "today": "2026-11-24"}


def test_a_version_may_take_effect_later_but_not_before_it_is_approved() -> None:
    assert codes(replace(complete(), in_force_from=dt.date(2027, 1, 1))) == []
    early = replace(complete(), in_force_from=dt.date(2026, 1, 1))
    assert codes(early) == [("in_force_from", "approval.in-force-before-approval")]


@pytest.mark.parametrize("by", ["", "  ", "x" * 10_000])
def test_the_approver_is_named_within_bounds(by: str) -> None:
    d = replace(complete(), approval=replace(complete().approval, by=by))
    expected = "text.too-long" if by.strip() else "approval.no-approver"
    assert ("approval.by", expected) in codes(d)


def test_a_directive_is_needed() -> None:
    d = replace(complete(), approval=replace(complete().approval, directive=None))
    assert codes(d) == [("approval.directive", "approval.no-directive")]


def test_clause_numbers_must_be_well_formed_and_clauses_not_empty() -> None:
    clauses = [
        Clause(ref="abc!", text="Ülesanne."),
        Clause(ref="2.2", text=" ", clauses=[Clause(ref="2.2.1", text="")]),
    ]
    d = replace(complete(), sections=[replace(complete().sections[0], clauses=clauses)])
    assert codes(d) == [
        ("sections[0].clauses[0].ref", "ref.malformed"),
        ("sections[0].clauses[1].text", "text.blank"),
        ("sections[0].clauses[1].clauses[0].text", "text.blank"),
    ]


def test_paths_can_start_where_the_caller_keeps_the_version() -> None:
    d = replace(complete(), title=None)
    [problem] = approval_problems(d, TOWN, TODAY, at="job_descriptions[3]")
    assert problem.path == "job_descriptions[3].title"


# --- which version is in force ---------------------------------------------------------------


def versions() -> list[JobDescription]:
    v1 = replace(
        complete(),
        version=1,
        status=JobDescriptionStatus.SUPERSEDED,
        approval=Approval(by="linnapea", date=dt.date(2024, 1, 25)),
    )
    v2 = replace(
        complete(),
        status=JobDescriptionStatus.APPROVED,
        in_force_from=dt.date(2027, 1, 1),
    )
    v3 = replace(complete(), version=3, status=JobDescriptionStatus.DRAFT, approval=None)
    return [v1, v2, v3]


def test_a_version_approved_to_take_effect_later_is_not_in_force_before_that_day() -> None:
    assert in_force(versions(), "voru-sts", TODAY).version == 1  # type: ignore[union-attr]
    assert in_force(versions(), "voru-sts", dt.date(2026, 12, 31)).version == 1  # type: ignore[union-attr]
    assert in_force(versions(), "voru-sts", dt.date(2027, 1, 1)).version == 2  # type: ignore[union-attr]


def test_nothing_is_in_force_before_the_first_version_takes_effect() -> None:
    assert in_force(versions(), "voru-sts", dt.date(2020, 1, 1)) is None
    assert in_force(versions(), "other", TODAY) is None


def test_the_current_description_on_a_day_is_the_one_in_force() -> None:
    assert current_description(versions(), "voru-sts", TODAY).version == 1  # type: ignore[union-attr]
    assert current_description(versions(), "voru-sts", dt.date(2027, 2, 1)).version == 2  # type: ignore[union-attr]
    # Without a day, as before: the approved version, else the newest draft.
    assert current_description(versions(), "voru-sts").version == 2  # type: ignore[union-attr]
    only_draft = versions()[2:]
    assert current_description(only_draft, "voru-sts", TODAY).version == 3  # type: ignore[union-attr]
