"""Who acts for a position on a day: the rules of registry-format.md, one behaviour each."""

from roles.coverage import CoverageIndex, Status, who_acts
from roles.domain import Registry

from .factories import away, day, holds, person, position, registry, rule

JULY = day("2026-07-06")
VACATION = away("2026-07-01", "2026-07-31")


def acts(r: Registry, pid: str = "a", on: str = "2026-07-06") -> tuple[object, ...]:
    a = who_acts(CoverageIndex(r), pid, day(on))
    return a.status, a.person, a.via, a.depth


def test_a_present_holder_acts_for_their_own_position_at_depth_0() -> None:
    r = registry([position("a", "b"), position("b")], [person("mari", "a"), person("jaan", "b")])
    assert acts(r) == (Status.PRESENT, "mari", "a", 0)


def test_the_first_substitute_with_a_present_holder_acts_when_the_holder_is_away() -> None:
    r = registry(
        [position("a", "b", "c"), position("b"), position("c")],
        [person("mari", "a", absences=[VACATION]), person("jaan", "b"), person("kati", "c")],
    )
    assert acts(r) == (Status.SUBSTITUTE, "jaan", "b", 1)


def test_a_substitute_whose_holder_is_also_away_is_skipped_for_the_next_rule() -> None:
    r = registry(
        [position("a", "b", "c"), position("b"), position("c")],
        [
            person("mari", "a", absences=[VACATION]),
            person("jaan", "b", absences=[VACATION]),
            person("kati", "c"),
        ],
    )
    assert acts(r) == (Status.SUBSTITUTE, "kati", "c", 1)


def test_peer_seats_another_present_holder_of_the_same_position_acts_as_holder() -> None:
    r = registry(
        [position("a", "a", seats=2)],
        [person("mari", "a", absences=[VACATION]), person("jaan", "a")],
    )
    assert acts(r) == (Status.PRESENT, "jaan", "a", 0)


def test_with_several_present_holders_the_earliest_assignment_acts() -> None:
    r = registry(
        [position("a", seats=2)],
        [person("aino", holds("a", "2024-05-01")), person("zoe", holds("a", "2021-01-01"))],
    )
    assert acts(r)[1] == "zoe"


def test_holders_who_started_the_same_day_are_taken_by_person_id() -> None:
    r = registry(
        [position("a", seats=2)],
        [person("zoe", holds("a", "2021-01-01")), person("aino", holds("a", "2021-01-01"))],
    )
    assert acts(r)[1] == "aino"


def test_an_if_needed_rule_is_used_only_when_the_plain_rules_before_it_give_nobody() -> None:
    r = registry(
        [position("a", "b", rule("c", if_needed=True)), position("b"), position("c")],
        [person("mari", "a", absences=[VACATION]), person("jaan", "b"), person("kati", "c")],
    )
    assert acts(r)[1] == "jaan"
    r2 = registry(
        r.positions,
        [person("mari", "a", absences=[VACATION]), person("kati", "c")],
    )
    assert acts(r2) == (Status.SUBSTITUTE, "kati", "c", 1)


def test_a_scoped_rule_never_acts_for_the_whole_position() -> None:
    r = registry(
        [position("a", rule("b", duties=["1"])), position("b")],
        [person("mari", "a", absences=[VACATION]), person("jaan", "b")],
    )
    assert acts(r) == (Status.UNCOVERED, None, None, None)


def test_the_chain_is_followed_breadth_first_before_going_deeper() -> None:
    # a → b, c; b → d. With b and c vacant, c (depth 1) is tried before d (depth 2).
    r = registry(
        [position("a", "b", "c"), position("b", "d"), position("c"), position("d")],
        [person("kati", "c"), person("dora", "d")],
    )
    assert acts(r) == (Status.SUBSTITUTE, "kati", "c", 1)


def test_a_substitute_of_a_substitute_acts_at_depth_2() -> None:
    r = registry(
        [position("a", "b"), position("b", "c"), position("c")],
        [person("kati", "c")],
    )
    assert acts(r) == (Status.SUBSTITUTE, "kati", "c", 2)


def test_depth_3_is_the_last_level_searched() -> None:
    chain3 = [position("a", "b"), position("b", "c"), position("c", "d"), position("d")]
    assert acts(registry(chain3, [person("dora", "d")])) == (Status.SUBSTITUTE, "dora", "d", 3)
    chain4 = [*chain3[:3], position("d", "e"), position("e")]
    assert acts(registry(chain4, [person("eve", "e")]))[0] is Status.UNCOVERED


def test_a_position_is_never_visited_twice_so_a_loop_ends_uncovered() -> None:
    r = registry([position("a", "b"), position("b", "a")], [])
    assert acts(r)[0] is Status.UNCOVERED


def test_a_revisited_position_keeps_its_first_depth() -> None:
    # c is named at depth 1 by a and again at depth 2 by b: it acts at depth 1.
    r = registry(
        [position("a", "b", "c"), position("b", "c"), position("c")],
        [person("kati", "c")],
    )
    assert acts(r) == (Status.SUBSTITUTE, "kati", "c", 1)


def test_a_person_holding_two_positions_acts_in_both() -> None:
    r = registry([position("a"), position("b")], [person("mari", "a", "b")])
    assert acts(r, "a")[:2] == (Status.PRESENT, "mari")
    assert acts(r, "b")[:2] == (Status.PRESENT, "mari")


def test_an_ended_assignment_counts_as_absent() -> None:
    r = registry(
        [position("a", "b"), position("b")],
        [person("mari", holds("a", "2020-01-01", "2026-06-30")), person("jaan", "b")],
    )
    assert acts(r, on="2026-06-30")[1] == "mari"
    assert acts(r, on="2026-07-01") == (Status.SUBSTITUTE, "jaan", "b", 1)


def test_an_assignment_that_has_not_started_counts_as_absent() -> None:
    r = registry([position("a")], [person("mari", holds("a", "2026-08-01"))])
    assert acts(r)[0] is Status.UNCOVERED


def test_an_abolished_substitute_position_counts_as_absent() -> None:
    r = registry(
        [position("a", "b", "c"), position("b", abolished="2026-07-01"), position("c")],
        [
            person("mari", "a", absences=[VACATION]),
            person("jaan", holds("b", "2020-01-01", "2026-06-30")),
            person("kati", "c"),
        ],
    )
    assert acts(r) == (Status.SUBSTITUTE, "kati", "c", 1)


def test_a_vacant_position_is_covered_by_its_substitute() -> None:
    r = registry([position("a", "b"), position("b")], [person("jaan", "b")])
    assert acts(r) == (Status.SUBSTITUTE, "jaan", "b", 1)


def test_absences_are_inclusive_of_their_first_and_last_day() -> None:
    r = registry([position("a")], [person("mari", "a", absences=[away("2026-07-06")])])
    assert acts(r, on="2026-07-05")[0] is Status.PRESENT
    assert acts(r, on="2026-07-06")[0] is Status.UNCOVERED
    assert acts(r, on="2026-07-07")[0] is Status.PRESENT
