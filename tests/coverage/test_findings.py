"""Each finding of issue 5, as a specification: when it appears, and when it does not."""

import datetime as dt

from roles.coverage import Code, DateRange, Finding, Options, Severity, check
from roles.domain import CEFR, EducationLevel, LanguageSkill, Qualification, Registry, Requirements
from roles.domain import PersonQualifications as Brings

from .factories import away, day, description, holds, person, position, registry, rule

ON = day("2026-07-06")


def findings(r: Registry, code: Code, **options: object) -> list[Finding]:
    settings = {"on": ON, "first": ON, "last": ON, **options}
    return [f for f in check(r, Options(**settings)) if f.code == code]  # type: ignore[arg-type]


def covered(*extra: object) -> list[object]:
    """People holding every position of the tests, present on the check date."""
    return [person(f"h-{pid}", pid) for pid in extra]


# --- no-substitute ------------------------------------------------------------------------


def test_no_substitute_when_no_rule_names_another_position() -> None:
    (f,) = findings(registry([position("a")]), Code.NO_SUBSTITUTE)
    assert (f.position, f.severity) == ("a", Severity.ERROR)


def test_no_substitute_counts_only_rules_without_a_duty_scope() -> None:
    r = registry([position("a", rule("b", duties=["1"])), position("b", "a")])
    assert [f.position for f in findings(r, Code.NO_SUBSTITUTE)] == ["a"]


def test_a_position_with_two_seats_needs_no_other_substitute() -> None:
    assert findings(registry([position("a", "a", seats=2)]), Code.NO_SUBSTITUTE) == []


def test_a_rule_naming_the_position_itself_is_no_substitute_with_one_seat() -> None:
    assert [f.position for f in findings(registry([position("a", "a")]), Code.NO_SUBSTITUTE)] == [
        "a"
    ]


def test_abolished_positions_get_no_findings() -> None:
    r = registry([position("a", abolished="2026-07-01")])
    assert check(r, Options(on=ON, first=ON, last=ON)) == []


def test_a_position_abolished_after_the_check_date_is_still_checked() -> None:
    r = registry([position("a", abolished="2026-08-01")])
    assert [f.position for f in findings(r, Code.NO_SUBSTITUTE)] == ["a"]


# --- abolished-substitute -----------------------------------------------------------------


def test_abolished_substitute_lists_the_abolished_positions_a_rule_names() -> None:
    r = registry(
        [
            position("a", "b", "c", rule("d", duties=["1"])),
            position("b", abolished="2026-01-01"),
            position("c"),
            position("d", abolished="2026-07-06"),
        ],
        descriptions=[description("a", "1")],
    )
    (f,) = findings(r, Code.ABOLISHED_SUBSTITUTE)
    assert (f.position, f.positions, f.severity) == ("a", ["b", "d"], Severity.ERROR)


def test_a_substitute_abolished_only_after_the_check_date_is_fine() -> None:
    r = registry([position("a", "b"), position("b", abolished="2026-07-07")])
    assert findings(r, Code.ABOLISHED_SUBSTITUTE) == []


# --- vacant-chain -------------------------------------------------------------------------


def test_vacant_chain_when_no_reachable_substitute_has_a_holder() -> None:
    r = registry([position("a", "b"), position("b", "c"), position("c")], [person("mari", "a")])
    assert [(f.position, f.positions) for f in findings(r, Code.VACANT_CHAIN)] == [
        ("a", ["b", "c"]),
        ("b", ["c"]),
    ]


def test_a_holder_who_is_away_still_fills_the_chain() -> None:
    # "On" the check date ignores absences: the chain has a holder, just not a present one.
    r = registry(
        [position("a", "b"), position("b", "a")],
        [person("mari", "a"), person("jaan", "b", absences=[away("2026-07-01", "2026-07-31")])],
    )
    assert findings(r, Code.VACANT_CHAIN) == []


def test_vacant_chain_looks_no_deeper_than_depth() -> None:
    chain = [position("a", "b"), position("b", "c"), position("c", "d"), position("d")]
    r = registry(chain, [person("dora", "d")])
    assert findings(r, Code.VACANT_CHAIN, depth=3) == []
    assert [f.position for f in findings(r, Code.VACANT_CHAIN, depth=2)] == ["a"]


def test_vacant_chain_ignores_the_position_itself() -> None:
    r = registry([position("a", "a", "b", seats=2), position("b")], [person("mari", "a")])
    assert [f.position for f in findings(r, Code.VACANT_CHAIN)] == ["a"]


def test_an_ended_assignment_leaves_the_chain_vacant() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [person("jaan", holds("b", "2020-01-01", "2026-07-05"))],
    )
    assert [f.position for f in findings(r, Code.VACANT_CHAIN)] == ["a"]


# --- uncovered ----------------------------------------------------------------------------


def test_uncovered_merges_the_days_nobody_acts_into_ranges() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [
            person("mari", "a", absences=[away("2026-07-02", "2026-07-05"), away("2026-07-09")]),
            person("jaan", "b", absences=[away("2026-07-04", "2026-07-10")]),
        ],
    )
    found = findings(r, Code.UNCOVERED, first=day("2026-07-01"), last=day("2026-07-31"))
    (f,) = [f for f in found if f.position == "a"]
    assert f.ranges == [
        DateRange(day("2026-07-04"), day("2026-07-05")),
        DateRange(day("2026-07-09"), day("2026-07-09")),
    ]
    assert f.severity is Severity.ERROR


def test_uncovered_stops_at_the_day_a_position_is_abolished() -> None:
    r = registry(
        [position("a", abolished="2026-07-10")],
        [person("mari", holds("a", "2020-01-01", "2026-07-09"), absences=[away("2026-07-08")])],
    )
    (f,) = findings(r, Code.UNCOVERED, first=day("2026-07-01"), last=day("2026-07-31"))
    assert f.ranges == [DateRange(day("2026-07-08"), day("2026-07-08"))]


def test_a_vacancy_is_uncovered_for_the_whole_range_without_substitutes() -> None:
    r = registry([position("a")])
    (f,) = findings(r, Code.UNCOVERED, first=day("2026-07-01"), last=day("2026-07-31"))
    assert f.ranges == [DateRange(day("2026-07-01"), day("2026-07-31"))]


def test_a_covered_range_gives_no_uncovered_finding() -> None:
    r = registry([position("a", "b"), position("b")], [person("jaan", "b")])
    assert findings(r, Code.UNCOVERED, last=day("2026-12-31")) == []


# --- closed-loop --------------------------------------------------------------------------


def test_closed_loop_gives_every_member_a_finding_listing_the_sorted_set() -> None:
    r = registry([position("c", "b"), position("b", "a"), position("a", "c")])
    found = findings(r, Code.CLOSED_LOOP)
    assert [f.position for f in found] == ["a", "b", "c"]
    assert all(f.positions == ["a", "b", "c"] and f.severity is Severity.WARNING for f in found)


def test_a_loop_with_a_rule_leading_out_is_not_closed() -> None:
    r = registry([position("a", "b"), position("b", "a", rule("c", if_needed=True)), position("c")])
    assert findings(r, Code.CLOSED_LOOP) == []


def test_a_scoped_rule_does_not_open_a_loop() -> None:
    r = registry(
        [position("a", "b"), position("b", "a", rule("c", duties=["1"])), position("c")],
        descriptions=[description("b", "1")],
    )
    assert [f.position for f in findings(r, Code.CLOSED_LOOP)] == ["a", "b"]


def test_a_position_naming_only_itself_is_no_loop() -> None:
    assert findings(registry([position("a", "a", seats=2)]), Code.CLOSED_LOOP) == []


def test_a_rule_into_an_abolished_position_does_not_open_a_loop() -> None:
    r = registry(
        [position("a", "b"), position("b", "a", "c"), position("c", abolished="2026-01-01")]
    )
    assert [f.position for f in findings(r, Code.CLOSED_LOOP)] == ["a", "b"]


# --- scope-gap ----------------------------------------------------------------------------


def test_scope_gap_lists_top_level_duties_no_scope_covers_in_document_order() -> None:
    r = registry(
        [
            position("a", rule("b", duties=["2"]), rule("c", duties=["4"])),
            position("b"),
            position("c"),
        ],
        descriptions=[description("a", "3", "1", "2", "4")],
    )
    (f,) = findings(r, Code.SCOPE_GAP)
    assert (f.position, f.duties, f.severity) == ("a", ["3", "1"], Severity.ERROR)


def test_no_scope_gap_when_an_unscoped_rule_exists() -> None:
    r = registry(
        [position("a", rule("b", duties=["1"]), "c"), position("b"), position("c")],
        descriptions=[description("a", "1", "2")],
    )
    assert findings(r, Code.SCOPE_GAP) == []


def test_scope_gap_reads_the_approved_description_not_a_draft() -> None:
    from roles.domain import JobDescriptionStatus

    r = registry(
        [position("a", rule("b", duties=["1"])), position("b")],
        descriptions=[
            description("a", "1"),
            description("a", "1", "2", status=JobDescriptionStatus.DRAFT, version=2),
        ],
    )
    assert findings(r, Code.SCOPE_GAP) == []


# --- overloaded-substitute ----------------------------------------------------------------


def test_overloaded_substitute_when_first_substitute_of_more_than_max_load() -> None:
    covering = [position(f"p{i}", "s", "x") for i in range(4)]
    r = registry([*covering, position("s"), position("x"), position("q", "x", "s")])
    (f,) = findings(r, Code.OVERLOADED_SUBSTITUTE)
    assert (f.position, f.positions, f.severity) == (
        "s",
        ["p0", "p1", "p2", "p3"],
        Severity.WARNING,
    )


def test_max_load_is_an_option() -> None:
    r = registry([position("a", "s"), position("b", "s"), position("s")])
    assert findings(r, Code.OVERLOADED_SUBSTITUTE) == []
    assert [f.position for f in findings(r, Code.OVERLOADED_SUBSTITUTE, max_load=1)] == ["s"]


def test_the_first_substitute_skips_rules_naming_the_position_itself() -> None:
    r = registry([position(f"p{i}", f"p{i}", "s", seats=2) for i in range(4)] + [position("s")])
    assert [f.position for f in findings(r, Code.OVERLOADED_SUBSTITUTE)] == ["s"]


# --- unqualified-substitute ---------------------------------------------------------------


def _needs(**kw: object) -> Requirements:
    return Requirements(**kw)  # type: ignore[arg-type]


def test_unqualified_when_the_substitute_position_requires_a_lower_language_level() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        descriptions=[
            description(
                "a", requirements=_needs(languages=[LanguageSkill(language="et", level=CEFR.C1)])
            ),
            description(
                "b", requirements=_needs(languages=[LanguageSkill(language="et", level=CEFR.B2)])
            ),
        ],
    )
    (f,) = findings(r, Code.UNQUALIFIED_SUBSTITUTE)
    assert f.position == "a" and f.severity is Severity.WARNING
    assert [(u.kind, u.required, u.found, u.who) for u in f.requirements or []] == [
        ("language", "et C1", "et B2", "b")
    ]


def test_unqualified_for_a_missing_licence_and_lower_education() -> None:
    higher = Qualification(education=EducationLevel.HIGHER)
    r = registry(
        [position("a", "b"), position("b")],
        descriptions=[
            description("a", requirements=_needs(alternatives=[higher], licences=["B"])),
            description(
                "b",
                requirements=_needs(
                    alternatives=[Qualification(education=EducationLevel.SECONDARY)]
                ),
            ),
        ],
    )
    (f,) = findings(r, Code.UNQUALIFIED_SUBSTITUTE)
    assert sorted(u.kind for u in f.requirements or []) == ["education", "licence"]


def test_a_desired_language_is_not_a_requirement() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        descriptions=[
            description(
                "a",
                requirements=_needs(
                    languages=[LanguageSkill(language="en", level=CEFR.B2, desired=True)]
                ),
            ),
            description("b", requirements=_needs()),
        ],
    )
    assert findings(r, Code.UNQUALIFIED_SUBSTITUTE) == []


def test_the_acting_persons_recorded_qualifications_are_checked_too() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [
            person(
                "jaan",
                "b",
                qualifications=Brings(languages=[LanguageSkill(language="et", level=CEFR.B1)]),
            )
        ],
        descriptions=[
            description(
                "a", requirements=_needs(languages=[LanguageSkill(language="et", level=CEFR.B2)])
            ),
        ],
    )
    (f,) = findings(r, Code.UNQUALIFIED_SUBSTITUTE)
    assert [(u.whose, u.who, u.found) for u in f.requirements or []] == [
        ("person", "jaan", "et B1")
    ]


def test_nothing_recorded_means_nothing_reported() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [person("jaan", "b")],
        descriptions=[description("a", requirements=_needs(licences=["B"]))],
    )
    assert findings(r, Code.UNQUALIFIED_SUBSTITUTE) == []


# --- one-sided ----------------------------------------------------------------------------


def test_one_sided_when_a_stated_substitutes_for_is_not_in_the_others_rules() -> None:
    r = registry([position("a", substitutes_for=["b"]), position("b")])
    (f,) = findings(r, Code.ONE_SIDED)
    assert (f.position, f.positions, f.severity) == ("a", ["b"], Severity.WARNING)


def test_one_sided_the_reverse_way_when_rules_name_a_position_whose_list_omits_them() -> None:
    r = registry([position("a", substitutes_for=["b"]), position("b", "a"), position("c", "a")])
    (f,) = findings(r, Code.ONE_SIDED)
    assert (f.position, f.positions) == ("a", ["c"])


def test_positions_that_state_no_substitutes_for_are_not_compared() -> None:
    r = registry([position("a"), position("b", "a")])
    assert findings(r, Code.ONE_SIDED) == []


# --- the whole report ---------------------------------------------------------------------


def test_findings_are_sorted_by_code_then_position() -> None:
    r = registry([position("z"), position("m", "k"), position("k", "m")])
    found = check(r, Options(on=ON, first=ON, last=ON))
    assert found == sorted(found, key=lambda f: (f.code, f.position))
    assert {f.code for f in found} >= {Code.NO_SUBSTITUTE, Code.CLOSED_LOOP, Code.UNCOVERED}


def test_every_finding_has_an_estonian_and_an_english_message() -> None:
    r = registry([position("z"), position("m", "k"), position("k", "m")])
    for f in check(r, Options(on=ON, first=ON, last=ON + dt.timedelta(days=3))):
        assert f.message_et and f.message_en and f.message_et != f.message_en


def test_a_header_field_contradicting_the_rules_is_reported() -> None:
    import msgspec

    from roles import registry as registry_file
    from tests.conftest import SEEDS

    seed = registry_file.read(SEEDS / "viljandi.yaml")
    on = dt.date(2026, 6, 1)
    options = Options(on=on, first=on, last=on)
    assert not [f for f in check(seed, options) if f.code is Code.CONTRADICTING_TEXT]
    # The substitute's post is renamed; the approved text ("Kes asendab: laste heaolu
    # spetsialist, …") still names the old one.
    renamed = [
        msgspec.structs.replace(p, title="lastekaitse peaspetsialist")
        if p.id == "viljandi-lh-spetsialist"
        else p
        for p in seed.positions
    ]
    changed = msgspec.structs.replace(seed, positions=renamed)
    [finding] = [f for f in check(changed, options) if f.code is Code.CONTRADICTING_TEXT]
    assert finding.position == "viljandi-spetsialist"
    assert finding.field == "substitutes"
    assert "lastekaitse peaspetsialist" in (finding.registry or [])
    assert "laste heaolu spetsialist" in (finding.text or "")
    assert finding.severity is Severity.WARNING
