"""The clause-level diff of two job descriptions (pure)."""

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from roles import domain
from roles.domain.diff import ChangeKind, diff

S = domain.JobDescriptionStatus


def jd(*texts: str, kind: domain.SectionKind = domain.SectionKind.DUTIES) -> domain.JobDescription:
    return domain.JobDescription(
        position="p",
        version=1,
        status=S.DRAFT,
        sections=[
            domain.Section(
                kind=kind,
                clauses=[domain.Clause(ref=f"{i + 1}", text=t) for i, t in enumerate(texts)],
            )
        ],
    )


def kinds(a: domain.JobDescription, b: domain.JobDescription) -> list[str]:
    return [c.kind.value for c in diff(a, b)[0]]


def test_identical_descriptions_have_no_changes() -> None:
    a = jd("Üks.", "Kaks.")
    changes, summary = diff(a, a)
    assert changes == [] and summary.unchanged == 2


def test_case_and_spacing_do_not_count() -> None:
    assert kinds(jd("Nõustab ÕPILASI."), jd("nõustab   õpilasi.")) == []


def test_estonian_letters_are_not_folded_away() -> None:
    assert kinds(jd("Sisestab andmed."), jd("Sisestab ändmed.")) == ["changed"]


def test_added_removed_changed_moved() -> None:
    a = jd("Koostab aruandeid.", "Peab arvestust.", "Nõustab elanikke.", "Kirjutab kirju.")
    b = jd("Kirjutab kirju.", "Koostab aruandeid.", "Peab arvestust täpselt.", "Uus kohustus.")
    assert sorted(kinds(a, b)) == ["added", "changed", "moved", "removed"]


def test_a_clause_in_another_section_moved() -> None:
    a = jd("Koostab aruandeid.")
    b = jd("Koostab aruandeid.", kind=domain.SectionKind.RIGHTS)
    assert kinds(a, b) == ["moved"]


@given(
    st.lists(st.text(alphabet="abcõäöü ", min_size=1, max_size=8).filter(str.strip), max_size=8),
    st.lists(st.text(alphabet="abcõäöü ", min_size=1, max_size=8).filter(str.strip), max_size=8),
)
def test_every_clause_is_accounted_for(left: list[str], right: list[str]) -> None:
    a, b = jd(*left), jd(*right)
    changes, summary = diff(a, b)
    befores = sum(1 for c in changes if c.before is not None) + summary.unchanged
    afters = sum(1 for c in changes if c.after is not None) + summary.unchanged
    assert befores == len(left) and afters == len(right)
    assert all(c.kind in ChangeKind for c in changes)
    msgspec.json.encode(changes)
