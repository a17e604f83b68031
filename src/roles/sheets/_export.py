"""Writing the sheets: positions, people with their assignments, absences, and the drop-downs.

Rows come in an order people read (positions by unit in tree order, then title; people by name,
in Estonian alphabetical order), which is also a fixed order: the same registry always gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from roles.domain import Registry
from roles.domain.establishment import estonian_key
from roles.sheets import _layout as L
from roles.sheets._layout import Kind, Sheet
from roles.sheets._workbook import put, save

MAX_ROWS = 20_000  # data rows a sheet may have; drop-downs and date checks reach this far
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="5B6B80"))
# Excel's serial numbers of 1900-01-01 and 2100-12-31: the dates a date cell accepts.
_FIRST_SERIAL, _LAST_SERIAL = 1, 73415


def unit_order(registry: Registry) -> dict[str, int]:
    """Units in tree order (parents before children, siblings by name): unit id → rank."""
    ids = {u.id for u in registry.units}
    children: dict[str | None, list[str]] = defaultdict(list)
    for u in sorted(registry.units, key=lambda u: (estonian_key(u.name), u.id)):
        children[u.parent if u.parent in ids else None].append(u.id)
    order: dict[str, int] = {}
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        if unit not in order:
            order[unit] = len(order)
            stack.extend(reversed(children[unit]))
    for u in registry.units:  # units on a cycle (the registry check refuses those) go last
        order.setdefault(u.id, len(order))
    return order


def export(registry: Registry, language: str = "et", *, empty: bool = False) -> bytes:
    """The workbook of a registry; `empty` leaves the data sheets blank (a template)."""
    workbook = Workbook()
    for default in list(workbook.worksheets):  # the empty sheet a new workbook has
        workbook.remove(default)
    workbook.properties.title = _title(registry, language)
    workbook.properties.language = "et-EE" if language == "et" else "en"
    lists = _lists(registry, language)
    rows = (
        {s.key: [] for s in L.DATA_SHEETS}
        if empty
        else {
            L.POSITIONS.key: _position_rows(registry, language),
            L.PEOPLE.key: _people_rows(registry, language),
            L.ABSENCES.key: _absence_rows(registry, language),
        }
    )
    for sheet in L.DATA_SHEETS:
        _data_sheet(workbook, sheet, rows[sheet.key], language, lists)
    _lists_sheet(workbook, lists, language)
    return save(workbook)


def _title(registry: Registry, language: str) -> str:
    what = "ametikohad, töötajad, puudumised" if language == "et" else "positions, people, absences"
    return f"{registry.municipality.name}: {what}"


# --- rows ---------------------------------------------------------------------------------

Row = list[Any]


def _position_rows(registry: Registry, language: str) -> list[Row]:
    units = {u.id: u for u in registry.units}
    order = unit_order(registry)
    titles = {p.id: p for p in registry.positions}
    rows: list[Row] = []
    for p in sorted(
        registry.positions,
        key=lambda p: (order.get(p.unit, len(order)), estonian_key(p.title), p.id),
    ):
        unit = units.get(p.unit)
        boss = titles.get(p.reports_to) if p.reports_to else None
        rows.append(
            [
                p.id,
                p.title,
                L.reference(unit.name, unit.id) if unit else p.unit,
                L.word(L.SERVICE_WORDS[p.service], language),
                L.word(L.BOOL_WORDS[p.anti_corruption_official], language),
                p.seats,
                L.reference(boss.title, boss.id) if boss else p.reports_to,
                p.abolished,
            ]
        )
    return rows


def people_order(registry: Registry) -> list[str]:
    return [p.id for p in sorted(registry.people, key=lambda p: (estonian_key(p.name), p.id))]


def _people_rows(registry: Registry, language: str) -> list[Row]:
    people = {p.id: p for p in registry.people}
    titles = {p.id: p.title for p in registry.positions}
    rows: list[Row] = []
    for pid in people_order(registry):
        person = people[pid]
        first = [person.id, person.name, person.personal_code]
        assignments = sorted(person.assignments, key=lambda a: (a.start, a.position))
        if not assignments:
            rows.append([*first, None, None, None])
        for a in assignments:
            position = (
                L.reference(titles[a.position], a.position)
                if a.position in titles
                else (a.position)
            )
            rows.append([*first, position, a.start, a.end])
    return rows


def _absence_rows(registry: Registry, language: str) -> list[Row]:
    people = {p.id: p for p in registry.people}
    rows: list[Row] = []
    for pid in people_order(registry):
        person = people[pid]
        for a in sorted(person.absences, key=lambda a: (a.start, a.end, a.kind)):
            rows.append(
                [
                    L.reference(person.name, person.id),
                    a.start,
                    a.end,
                    L.word(L.ABSENCE_WORDS[a.kind], language),
                ]
            )
    return rows


# --- sheets -------------------------------------------------------------------------------


class Lists:
    """The drop-downs' values, one column each on the hidden lists sheet."""

    def __init__(self, columns: dict[Kind, list[str]]) -> None:
        self.columns = columns
        self.letters = {kind: get_column_letter(i) for i, kind in enumerate(columns, start=1)}


_LIST_HEADINGS = {
    Kind.UNIT: ("Struktuuriüksused", "Units"),
    Kind.POSITION: ("Ametikohad", "Positions"),
    Kind.PERSON: ("Isikud", "People"),
    Kind.SERVICE: ("Teenistuse liigid", "Service types"),
    Kind.BOOL: ("Jah/ei", "Yes/no"),
    Kind.ABSENCE: ("Puudumise liigid", "Absence kinds"),
}


def _lists(registry: Registry, language: str) -> Lists:
    order = unit_order(registry)
    units = sorted(registry.units, key=lambda u: order[u.id])
    positions = sorted(registry.positions, key=lambda p: (estonian_key(p.title), p.id))
    people = {p.id: p for p in registry.people}
    return Lists(
        {
            Kind.UNIT: [L.reference(u.name, u.id) for u in units],
            Kind.POSITION: [L.reference(p.title, p.id) for p in positions],
            Kind.PERSON: [L.reference(people[i].name, i) for i in people_order(registry)],
            Kind.SERVICE: [L.word(w, language) for w in L.SERVICE_WORDS.values()],
            Kind.BOOL: [L.word(w, language) for w in L.BOOL_WORDS.values()],
            Kind.ABSENCE: [L.word(w, language) for w in L.ABSENCE_WORDS.values()],
        }
    )


def _lists_sheet(workbook: Workbook, lists: Lists, language: str) -> None:
    ws = workbook.create_sheet(L.LISTS.name(language))
    for kind, values in lists.columns.items():
        column = lists.letters[kind]
        put(ws[f"{column}1"], L.word(_LIST_HEADINGS[kind], language))
        for row, value in enumerate(values, start=2):
            put(ws[f"{column}{row}"], value)
        width = max([len(v) for v in values] + [len(_LIST_HEADINGS[kind][0]), 10])
        ws.column_dimensions[column].width = min(width + 2, 70)
    _header(ws, len(lists.columns))
    ws.sheet_state = "hidden"


def _data_sheet(
    workbook: Workbook, sheet: Sheet, rows: Sequence[Row], language: str, lists: Lists
) -> None:
    ws = workbook.create_sheet(sheet.name(language))
    for index, column in enumerate(sheet.columns, start=1):
        put(ws.cell(row=1, column=index), column.heading(language))
    _header(ws, len(sheet.columns))
    ws.freeze_panes = "A2"
    date_format = L.DATE_FORMATS[language]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if value is None:
                continue
            put(cell, value)
            if isinstance(value, dt.date):
                cell.number_format = date_format
    for c, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        if column.kind is Kind.CODE:
            for r in range(2, len(rows) + 2):
                ws[f"{letter}{r}"].number_format = "@"  # digits stay text, not 4,84E+10
        longest = max((_shown_length(row[c - 1]) for row in rows), default=0)
        width = max(column.width, len(column.heading(language)) + 2, longest + 2)
        ws.column_dimensions[letter].width = min(width, 60)
    _validations(ws, sheet, language, lists)


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def _header(ws: Worksheet, count: int) -> None:
    for c in range(1, count + 1):
        cell = ws.cell(row=1, column=c)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(vertical="center")


_PROMPTS = {
    Kind.UNIT: ("Vali struktuuriüksus loendist.", "Pick a unit from the list."),
    Kind.POSITION: (
        "Vali ametikoht loendist või kirjuta uue ametikoha ID.",
        "Pick a position from the list or type a new position's ID.",
    ),
    Kind.PERSON: (
        "Vali isik loendist või kirjuta uue isiku ID.",
        "Pick a person from the list or type a new person's ID.",
    ),
    Kind.SERVICE: ("ametnik või töötaja", "official or employee"),
    Kind.BOOL: ("jah või ei", "yes or no"),
    Kind.ABSENCE: (
        "puhkus, haigusleht, koolitus, lähetus või muu",
        "vacation, sick leave, training, business trip or other",
    ),
    Kind.DATE: ("Kuupäev, nt 01.07.2026", "A date, e.g. 2026-07-01"),
    Kind.INT: ("Täisarv, vähemalt 1", "A whole number, at least 1"),
}
_ERRORS = {
    Kind.DATE: ("Kirjuta kuupäev.", "Type a date."),
    Kind.INT: ("Kirjuta täisarv, vähemalt 1.", "Type a whole number, at least 1."),
}


def _validations(ws: Worksheet, sheet: Sheet, language: str, lists: Lists) -> None:
    lists_sheet = quote_sheetname(L.LISTS.name(language))
    for c, column in enumerate(sheet.columns, start=1):
        kind = column.kind
        letter = get_column_letter(c)
        validation: DataValidation | None = None
        if kind in lists.letters:
            values = lists.columns[kind]
            if not values:
                continue
            source = lists.letters[kind]
            validation = DataValidation(
                type="list",
                formula1=f"{lists_sheet}!${source}$2:${source}${len(values) + 1}",
                allow_blank=True,
                # References may name what the same workbook adds (a new position's ID).
                errorStyle="warning" if kind in (Kind.UNIT, Kind.POSITION, Kind.PERSON) else "stop",
            )
        elif kind is Kind.DATE:
            validation = DataValidation(
                type="date",
                operator="between",
                formula1=str(_FIRST_SERIAL),
                formula2=str(_LAST_SERIAL),
                allow_blank=True,
            )
        elif kind is Kind.INT:
            validation = DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True
            )
        if validation is None:
            continue
        validation.prompt = L.word(_PROMPTS[kind], language)
        validation.showInputMessage = True
        validation.showErrorMessage = True
        if kind in _ERRORS:
            validation.error = L.word(_ERRORS[kind], language)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.add_data_validation(validation)
