"""One cell's value as the column's kind wants it, or what is wrong with it (both languages).

Strings are trimmed; an empty cell is None. Nothing is guessed: a number where a date belongs
is an error (it may be a date Excel did not recognise, or not), text dates are taken only in
the two unambiguous forms 31.12.2026 and 2026-12-31.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from roles.domain import AbsenceKind, ServiceType, dates
from roles.sheets import _layout as L
from roles.sheets._layout import Column, Kind

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ET_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class CellError(Exception):
    """What is wrong with a cell: a code and the message in Estonian and English."""

    def __init__(self, code: str, et: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.et = et
        self.en = en


def _found(value: Any) -> tuple[str, str]:
    """What a cell holds, in words, for messages."""
    if isinstance(value, bool):
        return ("tõeväärtus", "a true/false value")
    if isinstance(value, dt.datetime | dt.date):
        return ("kuupäev", "a date")
    if isinstance(value, dt.time | dt.timedelta):
        return ("kellaaeg", "a time")
    if isinstance(value, int | float):
        return (f"arv {value}", f"the number {value}")
    return (f"„{value}“", f"“{value}”")


def _wrong(value: Any, et: str, en: str) -> CellError:
    found_et, found_en = _found(value)
    return CellError(
        "wrong-type",
        f"oodati {et}, lahtris on {found_et}",
        f"expected {en}, the cell holds {found_en}",
    )


def _words(mapping: dict[Any, tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code, (et, en) in mapping.items():
        for word in (et, en, str(code.value) if hasattr(code, "value") else str(code)):
            out[word.casefold()] = code
    return out


_SERVICES: dict[str, ServiceType] = _words(L.SERVICE_WORDS)
_ABSENCES: dict[str, AbsenceKind] = _words(L.ABSENCE_WORDS)
_BOOLS: dict[str, bool] = {
    **{w.casefold(): value for value, pair in L.BOOL_WORDS.items() for w in pair},
    "true": True,
    "false": False,
}


def value(raw: Any, data_type: str, column: Column) -> Any:
    """The cell's value for `column`, None when empty; raises CellError."""
    if data_type == "f":
        raise CellError(
            "formula",
            "valemeid ei loeta: kirjuta lahtrisse väärtus (kopeeri ja kleebi väärtusena)",
            "formulas are not read: put the value in the cell (copy, then paste as values)",
        )
    if data_type == "e":
        raise CellError("error-value", f"lahtris on viga {raw}", f"the cell holds the error {raw}")
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    if raw is None:
        return None
    kind = column.kind
    if kind is Kind.DATE:
        return _date(raw)
    if kind is Kind.INT:
        return _int(raw)
    if kind is Kind.BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.casefold() in _BOOLS:
            return _BOOLS[raw.casefold()]
        raise _unknown(raw, ["jah", "ei"], ["yes", "no"])
    if kind is Kind.SERVICE:
        if isinstance(raw, str) and raw.casefold() in _SERVICES:
            return _SERVICES[raw.casefold()]
        raise _unknown(raw, ["ametnik", "töötaja"], ["official", "employee"])
    if kind is Kind.ABSENCE:
        if isinstance(raw, str) and raw.casefold() in _ABSENCES:
            return _ABSENCES[raw.casefold()]
        raise _unknown(
            raw, [w[0] for w in L.ABSENCE_WORDS.values()], [w[1] for w in L.ABSENCE_WORDS.values()]
        )
    # The rest are text: whole numbers are taken as their digits (an ID 112, a personal code).
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _wrong(raw, "teksti", "text")
    if kind is Kind.CODE:
        if not raw.isdigit():
            raise CellError(
                "wrong-type",
                f"isikukood koosneb numbritest, lahtris on „{raw}“",
                f"a personal code is digits, the cell holds “{raw}”",
            )
        return raw
    if _CONTROL.search(raw):
        raise CellError(
            "control-character",
            "lahtris on reavahetus või juhtmärk; kirjuta kõik ühele reale",
            "the cell holds a line break or a control character; write it on one line",
        )
    if len(raw) > column.max_length:
        raise CellError(
            "too-long",
            f"liiga pikk: {len(raw)} märki, lubatud {column.max_length}",
            f"too long: {len(raw)} characters, at most {column.max_length}",
        )
    if kind is Kind.ID and not _SLUG.match(raw):
        raise CellError(
            "bad-id",
            f"ID „{raw}“ võib koosneda vaid väiketähtedest a–z, numbritest ja sidekriipsudest "
            "ning algab tähe või numbriga",
            f"ID “{raw}” may hold only lower-case letters a–z, digits and hyphens, and starts "
            "with a letter or digit",
        )
    return raw


def _unknown(raw: Any, et: list[str], en: list[str]) -> CellError:
    found_et, found_en = _found(raw)
    return CellError(
        "unknown-value",
        f"tundmatu väärtus {found_et}; vali: {', '.join(et)}",
        f"unknown value {found_en}; choose: {', '.join(en)}",
    )


def _int(raw: Any) -> int:
    number: int | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif (isinstance(raw, float) and raw.is_integer()) or (isinstance(raw, str) and raw.isdigit()):
        number = int(raw)
    if number is None:
        raise _wrong(raw, "täisarvu", "a whole number")
    if not 1 <= number <= 10_000:
        raise CellError(
            "out-of-range",
            f"arv peab olema 1–10000, lahtris on {number}",
            f"the number must be 1–10000, the cell holds {number}",
        )
    return number


def _date(raw: Any) -> dt.date:
    day: dt.date | None = None
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            raise CellError(
                "wrong-type",
                "lahtris on kuupäev koos kellaajaga; kirjuta ainult kuupäev",
                "the cell holds a date with a time; write the date only",
            )
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str):
        day = _text_date(raw)
        if day is None:
            raise CellError(
                "bad-date",
                f"„{raw}“ pole kuupäev; kirjuta kuupäev kujul 31.12.2026",
                f"“{raw}” is not a date; write a date as 2026-12-31 or 31.12.2026",
            )
    if day is None:
        raise _wrong(raw, "kuupäeva", "a date")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellError(
            "date-range",
            f"kuupäev {dates.numeric(day)} pole vahemikus 1900–2100",
            f"the date {day.isoformat()} is not within 1900–2100",
        )
    return day


def _text_date(text: str) -> dt.date | None:
    match = _ET_DATE.match(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    else:
        match = _ISO_DATE.match(text)
        if match:
            parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None
