"""Dates as Estonian documents and pages write them; one place for the forms and month names."""

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

MONTHS: Final = (
    "jaanuar", "veebruar", "märts", "aprill", "mai", "juuni",
    "juuli", "august", "september", "oktoober", "november", "detsember",
)  # fmt: skip
MONTH_NUMBERS: Final = {name: number for number, name in enumerate(MONTHS, start=1)}


def numeric(day: dt.date) -> str:
    """25.01.2024: the usual form in Estonian documents."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def long(day: dt.date) -> str:
    """9. mai 2022. a: the long form, as Kohtla-Järve writes it ("aastal")."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}. a"


def shown(day: dt.date, language: str) -> str:
    """A date for people: 24.11.2026 in Estonian, ISO 2026-11-24 otherwise."""
    return numeric(day) if language == "et" else day.isoformat()


ESTONIA: Final = ZoneInfo("Europe/Tallinn")  # the day of an approval is the day in Estonia


def estonian_day(moment: dt.datetime) -> dt.date:
    """The date in Estonia at `moment` (an aware datetime)."""
    return moment.astimezone(ESTONIA).date()
