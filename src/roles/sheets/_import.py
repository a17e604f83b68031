"""Reading a workbook into a new registry: whole, or not at all.

Three steps, each collecting every problem it finds before giving up:
1. a streaming pass (read-only) measures every sheet, so an oversized workbook is refused
   before it is built in memory;
2. the sheets are found by name (Estonian or English), their headings matched to columns in any
   order, and every cell read as its column's kind (`_cells`); merged cells, hidden rows and
   columns, formulas and unknown sheets or headings are errors, never skipped;
3. the rows are applied to the registry (`_apply`), and the registry checks run over the result;
   their problems are traced back to the sheet, row and column that caused them.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from roles.sheets import _layout as L
from roles.sheets._cells import CellError, value
from roles.sheets._layout import Column, Sheet
from roles.sheets._problems import SheetError, SheetProblem
from roles.sheets._workbook import UnreadableWorkbook, open_workbook


@dataclass(frozen=True)
class Limits:
    """How large a workbook may be; beyond, it is refused before it is built in memory."""

    rows: int = 20_000  # data rows per sheet
    columns: int = 40  # columns that may hold anything
    cells: int = 400_000  # cells in the whole workbook
    sheets: int = 20


@dataclass
class Cell:
    value: Any
    column: int  # 1-based


@dataclass
class Row:
    """One data row: the cells of the columns the sheet has, by registry key."""

    sheet: str  # as the workbook spells it
    number: int
    cells: dict[str, Cell]

    def get(self, key: str) -> Any:
        cell = self.cells.get(key)
        return cell.value if cell else None

    def has(self, key: str) -> bool:
        return key in self.cells


@dataclass
class Table:
    """A data sheet as read: which columns it has and its rows."""

    spec: Sheet
    name: str
    columns: dict[str, int]  # registry key → column number
    rows: list[Row] = field(default_factory=list)


def problem(
    code: str,
    et: str,
    en: str,
    sheet: str | None = None,
    row: int | None = None,
    column: int | None = None,
) -> SheetProblem:
    return SheetProblem(
        code=code, message_et=et, message_en=en, sheet=sheet, row=row, column=column
    )


def read_tables(data: bytes, limits: Limits) -> dict[str, Table]:
    """The data sheets of a workbook, by sheet key; raises SheetError."""
    problems = list(_measure(data, limits))
    if problems:
        raise SheetError(problems)
    try:
        workbook = open_workbook(data, read_only=False)
    except UnreadableWorkbook as e:  # pragma: no cover - the streaming pass opened it already
        raise SheetError([_unreadable(e)]) from None
    try:
        tables, problems = _tables(workbook)
    finally:
        workbook.close()
    if problems:
        raise SheetError(problems)
    if not tables:
        names = ", ".join(f"{s.et} / {s.en}" for s in L.DATA_SHEETS)
        raise SheetError(
            [
                problem(
                    "no-sheets",
                    f"töövihikus pole ühtki tuntud lehte ({names})",
                    f"the workbook has none of the known sheets ({names})",
                )
            ]
        )
    return tables


def _unreadable(e: Exception) -> SheetProblem:
    return problem(
        "not-a-workbook",
        f"see pole loetav Exceli töövihik (.xlsx); salvesta see Excelis .xlsx-failina ({e})",
        f"this is not a readable Excel workbook (.xlsx); save it from Excel as .xlsx ({e})",
    )


# --- 1. measuring -------------------------------------------------------------------------


def _measure(data: bytes, limits: Limits) -> Iterator[SheetProblem]:
    try:
        workbook = open_workbook(data, read_only=True)
    except UnreadableWorkbook as e:
        yield _unreadable(e)
        return
    try:
        with warnings.catch_warnings():
            # openpyxl warns of a date serial no calendar holds and keeps the number: the
            # cell's own check then names it
            warnings.simplefilter("ignore")
            yield from _count(workbook, limits)
    except Exception as e:  # untrusted bytes: a read-only workbook parses its sheets only now
        # (U+FFFF in a cell is an XML error)
        yield _unreadable(UnreadableWorkbook(f"{type(e).__name__}: {e}"))
    finally:
        workbook.close()


def _count(workbook: Workbook, limits: Limits) -> Iterator[SheetProblem]:
    """Problems of size, found row by row while the sheets stream past."""
    sheets = workbook.worksheets
    if len(sheets) > limits.sheets:
        yield problem(
            "too-large",
            f"töövihikus on {len(sheets)} lehte, lubatud {limits.sheets}",
            f"the workbook has {len(sheets)} sheets, at most {limits.sheets}",
        )
        return
    cells = 0
    for ws in sheets:
        ws.reset_dimensions()  # trust the rows, not the sheet's own claim of its size
        for number, row in enumerate(ws.iter_rows(), start=1):
            real = [c for c in row if getattr(c, "row", None) is not None]
            if not real:
                continue
            cells += len(real)
            if number > limits.rows + 1:
                yield problem(
                    "too-large",
                    f"lehel on üle {limits.rows} andmerea; jaga andmed mitmeks failiks",
                    f"the sheet has more than {limits.rows} data rows; split the data",
                    ws.title,
                    number,
                    real[0].column,
                )
                break
            wide = [c for c in real if (c.column or 0) > limits.columns and c.value is not None]
            if wide:
                yield problem(
                    "too-large",
                    f"andmed on kaugemal kui {limits.columns}. veerg",
                    f"data lies beyond column {limits.columns}",
                    ws.title,
                    number,
                    wide[0].column,
                )
                break
            if cells > limits.cells:
                yield problem(
                    "too-large",
                    f"töövihikus on üle {limits.cells} lahtri",
                    f"the workbook has more than {limits.cells} cells",
                    ws.title,
                    number,
                    1,
                )
                return


# --- 2. sheets, headings, cells -----------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_SHEETS = {_fold(name): s for s in (*L.DATA_SHEETS, L.LISTS) for name in (s.et, s.en)}


def _tables(workbook: Workbook) -> tuple[dict[str, Table], list[SheetProblem]]:
    tables: dict[str, Table] = {}
    problems: list[SheetProblem] = []
    for ws in workbook.worksheets:
        spec = _SHEETS.get(_fold(ws.title))
        if spec is L.LISTS:
            continue  # the drop-downs' values: written by export, never read
        if spec is None:
            first = next(_content(ws), None)
            if first is not None:
                known = ", ".join(s.et for s in L.DATA_SHEETS)
                known_en = ", ".join(s.en for s in L.DATA_SHEETS)
                problems.append(
                    problem(
                        "extra-sheet",
                        f"tundmatu leht „{ws.title}“ andmetega; lubatud lehed: {known}",
                        f"unknown sheet “{ws.title}” holds data; the sheets are: {known_en}",
                        ws.title,
                        *first,
                    )
                )
            continue
        if spec.key in tables:
            problems.append(
                problem(
                    "duplicate-sheet",
                    f"leht „{spec.et}“ on töövihikus kaks korda",
                    f"the sheet “{spec.en}” appears twice",
                    ws.title,
                )
            )
            continue
        if ws.sheet_state != "visible":
            problems.append(
                problem(
                    "hidden-sheet",
                    "leht on peidetud; too see nähtavale või kustuta",
                    "the sheet is hidden; unhide or delete it",
                    ws.title,
                )
            )
            continue
        table, found = _table(ws, spec)
        problems += found
        if table is not None:
            tables[spec.key] = table
    return tables, problems


def _content(ws: Worksheet) -> Iterator[tuple[int, int]]:
    """(row, column) of every cell that holds something, row by row."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and not (
                isinstance(cell.value, str) and not cell.value.strip()
            ):
                yield cell.row, cell.column


def _table(ws: Worksheet, spec: Sheet) -> tuple[Table | None, list[SheetProblem]]:
    problems: list[SheetProblem] = []
    name = ws.title
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        problems.append(
            problem(
                "merged-cells",
                f"liidetud lahtrid {merged.coord}: tühista lahtrite liitmine",
                f"merged cells {merged.coord}: unmerge them",
                name,
                merged.min_row,
                merged.min_col,
            )
        )
    headings = {_fold(c.heading(lang)): c for c in spec.columns for lang in ("et", "en")}
    columns: dict[str, int] = {}
    header = next(ws.iter_rows(min_row=1, max_row=1), ())
    for cell in header:
        raw = cell.value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        text = str(raw).strip().rstrip("*:").strip()
        column = headings.get(_fold(text))
        if column is None:
            expected_et = ", ".join(c.et for c in spec.columns)
            expected_en = ", ".join(c.en for c in spec.columns)
            problems.append(
                problem(
                    "unknown-column",
                    f"tundmatu veerg „{text}“; lehe veerud on: {expected_et}",
                    f"unknown column “{text}”; the sheet's columns are: {expected_en}",
                    name,
                    1,
                    cell.column,
                )
            )
        elif column.key in columns:
            problems.append(
                problem(
                    "duplicate-column",
                    f"veerg „{column.et}“ on lehel kaks korda",
                    f"the column “{column.en}” appears twice",
                    name,
                    1,
                    cell.column,
                )
            )
        else:
            columns[column.key] = int(cell.column or 0)
    for column in spec.columns:
        if column.required and column.key not in columns:
            problems.append(
                problem(
                    "missing-column",
                    f"veerg „{column.et}“ puudub (esimeses reas)",
                    f"the column “{column.en}” is missing (from the first row)",
                    name,
                    1,
                )
            )
    if problems:
        return None, problems
    by_number = {number: key for key, number in columns.items()}
    by_key = {c.key: c for c in spec.columns}
    hidden_columns = _hidden_columns(ws)
    table = Table(spec, name, columns)
    for cells in ws.iter_rows(min_row=2):
        filled = [
            c
            for c in cells
            if c.value is not None and not (isinstance(c.value, str) and not c.value.strip())
        ]
        if not filled:
            continue
        number = int(filled[0].row or 0)
        dimension = ws.row_dimensions.get(number)
        if dimension is not None and dimension.hidden:
            problems.append(
                problem(
                    "hidden-row",
                    "rida on peidetud (või filtriga varjatud); too see nähtavale",
                    "the row is hidden (or filtered out); unhide it",
                    name,
                    number,
                    1,
                )
            )
            continue
        row = Row(name, number, {})
        failed: set[str] = set()
        for cell in filled:
            key = by_number.get(cell.column)
            if key is None:
                problems.append(
                    problem(
                        "no-column",
                        "andmed veerus, millel pole pealkirja",
                        "data in a column without a heading",
                        name,
                        number,
                        cell.column,
                    )
                )
                continue
            if cell.column in hidden_columns:
                problems.append(
                    problem(
                        "hidden-column",
                        "veerg on peidetud; too see nähtavale",
                        "the column is hidden; unhide it",
                        name,
                        number,
                        cell.column,
                    )
                )
                continue
            try:
                parsed = value(cell.value, cell.data_type, by_key[key])
            except CellError as e:
                problems.append(problem(e.code, e.et, e.en, name, number, cell.column))
                failed.add(key)
                continue
            if parsed is not None:
                row.cells[key] = Cell(parsed, cell.column)
        for key, column_number in columns.items():
            if by_key[key].required and key not in row.cells and key not in failed:
                problems.append(_required(by_key[key], name, number, column_number))
        table.rows.append(row)
    return table, problems


def _required(column: Column, sheet: str, row: int, number: int) -> SheetProblem:
    return problem(
        "required",
        f"„{column.et}“ on kohustuslik",
        f"“{column.en}” is required",
        sheet,
        row,
        number,
    )


def _hidden_columns(ws: Worksheet) -> set[int]:
    hidden: set[int] = set()
    for dimension in ws.column_dimensions.values():
        if dimension.hidden and dimension.min is not None and dimension.max is not None:
            hidden.update(range(dimension.min, min(dimension.max, 16384) + 1))
    return hidden
