"""Lists in pages and in the order asked for."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def page(items: Sequence[T], number: int, per_page: int) -> list[T]:
    start = (number - 1) * per_page
    return list(items[start : start + per_page])


def ordered(items: list[T], sort: str, keys: dict[str, Callable[[T], Any]]) -> list[T]:
    field = sort.removeprefix("-")
    return sorted(items, key=keys[field], reverse=sort.startswith("-"))
