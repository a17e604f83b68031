"""Estonian forms the documents print: dates, clause numbers, directive annexes."""

from __future__ import annotations

import datetime as dt

MONTHS = ("jaanuar", "veebruar", "märts", "aprill", "mai", "juuni",
          "juuli", "august", "september", "oktoober", "november", "detsember")  # fmt: skip


def date_numeric(day: dt.date) -> str:
    """25.01.2024: the usual form in Estonian documents."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def date_long(day: dt.date) -> str:
    """9. mai 2022. a: the long form, as Kohtla-Järve writes it ("aastal")."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}. a"


def numbered(ref: str | None, *, dot: bool = True) -> str:
    """A clause number as printed: "2.2.1" → "2.2.1."; "3)" stays "3)"; no number → ""."""
    if not ref:
        return ""
    if dot and ref[-1].isdigit():
        return f"{ref}."
    return ref


def with_annex(annex: str) -> str:
    """The directive's annex in the comitative the approval line needs: "Lisa 2" → "Lisaga 2"."""
    head, _, rest = annex.partition(" ")
    if head.lower() == "lisa" and rest:
        return f"{head}ga {rest}"
    return annex


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
