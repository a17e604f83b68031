"""A forked mapping behaves as a copy of the dict it came from: writes to it never show in the
original, and it answers every read a plain dict with the same writes answers — through any
number of forks, and across the flattening of a layer that grew large."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from roles.domain import layered

KEYS = st.integers(0, 150)  # past SMALL and SLACK: layers form, grow and flatten
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), KEYS, st.integers()),
        st.tuples(st.just("del"), KEYS, st.none()),
        st.tuples(st.just("pop"), KEYS, st.none()),
        st.tuples(st.just("setdefault"), KEYS, st.integers()),
        st.tuples(st.just("fork"), st.none(), st.none()),
    ),
    max_size=400,
)


def _do(d: Any, op: str, key: Any, value: Any) -> Any:
    if op == "set":
        d[key] = value
        return None
    if op == "del":
        if key in d:
            del d[key]
            return True
        return False
    if op == "pop":
        return d.pop(key, "none")
    return d.setdefault(key, value)


@given(start=st.dictionaries(KEYS, st.integers(), max_size=120), ops=OPS)
def test_a_fork_answers_as_a_dict_with_the_same_writes_and_leaves_its_origin_alone(
    start: dict[int, int], ops: list[tuple[str, Any, Any]]
) -> None:
    model = dict(start)
    mapping = layered.fork(start)
    earlier: list[tuple[Any, dict[int, int]]] = [(start, dict(start))]
    for op, key, value in ops:
        if op == "fork":
            earlier.append((mapping, dict(model)))
            mapping = layered.fork(mapping)
            continue
        assert _do(mapping, op, key, value) == _do(model, op, key, value)
        assert len(mapping) == len(model)
        assert bool(mapping) == bool(model)
    assert dict(mapping.items()) == model
    assert sorted(mapping) == sorted(model)
    for key in range(151):
        assert (key in mapping) == (key in model)
        assert mapping.get(key) == model.get(key)
    for origin, then in earlier:  # every mapping forked from kept what it had
        assert dict(origin.items()) == then
        assert len(origin) == len(then)


def test_a_missing_key_is_a_key_error_as_in_a_dict() -> None:
    mapping = layered.fork({n: n for n in range(100)})
    del mapping[5]
    for call in (lambda: mapping[5], lambda: mapping.pop(5), lambda: mapping.__delitem__(5)):
        try:
            call()
        except KeyError:
            continue
        raise AssertionError("no KeyError")
