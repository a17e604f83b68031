"""Dates as people read them: the Estonian numeric form keeps its width for any year."""

import datetime as dt

import pytest

from roles.domain import dates


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (dt.date(2024, 1, 25), "25.01.2024"),
        (dt.date(1, 1, 1), "01.01.0001"),  # was "01.01.1": a year typed short, shown shorter
        (dt.date(999, 12, 31), "31.12.0999"),
    ],
)
def test_the_numeric_form_is_always_dd_mm_yyyy(day: dt.date, written: str) -> None:
    assert dates.numeric(day) == written
