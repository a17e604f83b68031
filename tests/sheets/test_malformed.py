"""Malformed workbooks: each is refused whole, with problems naming sheet, row and column in
Estonian and English; no registry comes back (nothing half-read)."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from openpyxl.workbook.workbook import Workbook

from roles import sheets
from roles.sheets import Limits, SheetError

from .workbooks import edited, exported, row_of, seed


@dataclass(frozen=True)
class Case:
    change: Callable[[Workbook], object]
    path: str  # where the problem must be reported
    code: str
    limits: Limits | None = None


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], object]:
    def change(wb: Workbook) -> None:
        wb[sheet][cell] = value

    return change


def _delete_title_column(wb: Workbook) -> None:
    wb["Ametikohad"].delete_cols(2)


def _duplicate_id(wb: Workbook) -> None:
    ws = wb["Ametikohad"]
    ws["A3"] = ws["A2"].value


def _formula(wb: Workbook) -> None:
    wb["Ametikohad"]["F2"] = "=1+1"


def _merged(wb: Workbook) -> None:
    wb["Töötajad"].merge_cells("A3:B3")


def _huge(wb: Workbook) -> None:
    ws = wb["Puudumised"]
    for r in range(2, 62):
        ws.cell(r, 1, "Mari Maasikas (voru-p01)")
        ws.cell(r, 2, dt.date(2027, 1, 1) + dt.timedelta(days=2 * r))
        ws.cell(r, 3, dt.date(2027, 1, 1) + dt.timedelta(days=2 * r))
        ws.cell(r, 4, "puhkus")


def _hidden_row(wb: Workbook) -> None:
    wb["Töötajad"].row_dimensions[4].hidden = True


def _extra_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet("Märkmed")
    ws["B2"] = "Mari läheb juulis puhkusele"


def _hidden_sheet(wb: Workbook) -> None:
    wb["Puudumised"].sheet_state = "hidden"


def _overlap(wb: Workbook) -> None:
    ws = wb["Puudumised"]
    row = row_of(wb, "Puudumised", "Mari Maasikas (voru-p01)")
    ws.append([ws.cell(row, c).value for c in range(1, 5)])


def _third_holder(wb: Workbook) -> None:
    ws = wb["Töötajad"]
    ws.append(
        [
            "voru-p99",
            "Uus Inimene",
            None,
            "sotsiaalteenuste spetsialist (voru-sts)",
            dt.date(2025, 1, 1),
            None,
        ]
    )


def _wide(wb: Workbook) -> None:
    wb["Töötajad"]["AZ5"] = "märkus"


def _duplicate_column(wb: Workbook) -> None:
    wb["Puudumised"]["E1"] = "Liik"


def _bad_code(wb: Workbook) -> None:
    wb["Töötajad"][f"C{row_of(wb, 'Töötajad', 'voru-p01')}"] = "48403122158"


def _removed_with_description(wb: Workbook) -> None:
    wb["Ametikohad"].delete_rows(row_of(wb, "Ametikohad", "voru-sts"))


def _second_name(wb: Workbook) -> None:
    wb["Töötajad"].append(
        [
            "voru-p01",
            "Mari Teine",
            "48403122159",
            "osakonna juhataja (voru-juhataja)",
            dt.date(2025, 1, 1),
        ]
    )


def _p01(column: str) -> Callable[[Workbook], object]:
    def change(wb: Workbook) -> None:
        wb["Puudumised"][f"{column}{row_of(wb, 'Puudumised', 'Mari Maasikas (voru-p01)')}"] = {
            "B": "homme",
            "C": dt.date(2026, 6, 1),
            "D": "puhkepäev",
        }[column]

    return change


# Rows in the Võru export: Ametikohad 2 = voru-juhataja; Töötajad 2 = voru-p02 (Juhan Näidis),
# 5 = voru-p01 (Mari Maasikas); Puudumised 6 = Mari's vacation.
CASES = {
    "missing heading": Case(_delete_title_column, "Ametikohad!1:1", "missing-column"),
    "renamed heading": Case(
        _set("Ametikohad", "B1", "Ametinimetus"), "Ametikohad!B1", "unknown-column"
    ),
    "duplicate heading": Case(_duplicate_column, "Puudumised!E1", "duplicate-column"),
    "unknown unit": Case(
        _set("Ametikohad", "C2", "haridusosakond"), "Ametikohad!C2", "unknown-reference"
    ),
    "unknown position": Case(
        _set("Töötajad", "D2", "koristaja"), "Töötajad!D2", "unknown-reference"
    ),
    "unknown person": Case(
        _set("Puudumised", "A2", "Keegi Tundmatu"), "Puudumised!A2", "unknown-reference"
    ),
    "renamed reference": Case(
        _set("Töötajad", "D2", "koristaja (voru-sts)"), "Töötajad!D2", "name-mismatch"
    ),
    "impossible date": Case(_set("Töötajad", "E2", "31.02.2024"), "Töötajad!E2", "bad-date"),
    "text in a date cell": Case(_p01("B"), "Puudumised!B6", "bad-date"),
    "date out of range": Case(
        _set("Töötajad", "E2", dt.date(1850, 1, 1)), "Töötajad!E2", "date-range"
    ),
    "date with a time": Case(
        _set("Töötajad", "E2", dt.datetime(2024, 1, 1, 9, 30)), "Töötajad!E2", "wrong-type"
    ),
    "true/false in a date cell": Case(_set("Töötajad", "F2", True), "Töötajad!F2", "wrong-type"),
    "ends before it starts": Case(_p01("C"), "Puudumised!C6", "ends-before-start"),
    "assignment ends before it starts": Case(
        _set("Töötajad", "F2", dt.date(2020, 1, 1)), "Töötajad!F2", "ends-before-start"
    ),
    "duplicate id": Case(_duplicate_id, "Ametikohad!A3", "duplicate-id"),
    "id of a unit": Case(_set("Ametikohad", "A2", "voru-sotsiaal"), "Ametikohad!A2", "id-in-use"),
    "id not a slug": Case(_set("Ametikohad", "A2", "Võru Juhataja"), "Ametikohad!A2", "bad-id"),
    "formula": Case(_formula, "Ametikohad!F2", "formula"),
    "formula for a person": Case(_set("Puudumised", "A2", "=A3"), "Puudumised!A2", "formula"),
    "formula for an id": Case(_set("Töötajad", "A2", "=B2"), "Töötajad!A2", "formula"),
    "bad id of a person": Case(_set("Töötajad", "A2", "Juhan!"), "Töötajad!A2", "bad-id"),
    "error value": Case(_set("Ametikohad", "B2", "#N/A"), "Ametikohad!B2", "error-value"),
    "merged cells": Case(_merged, "Töötajad!A3", "merged-cells"),
    "huge sheet": Case(_huge, "Puudumised!A52", "too-large", Limits(rows=50)),
    "data beyond the columns": Case(_wide, "Töötajad!AZ5", "too-large", Limits(columns=10)),
    "hidden row": Case(_hidden_row, "Töötajad!A4", "hidden-row"),
    "extra sheet": Case(_extra_sheet, "Märkmed!B2", "extra-sheet"),
    "hidden sheet": Case(_hidden_sheet, "Puudumised", "hidden-sheet"),
    "text for a number": Case(_set("Ametikohad", "F2", "kaks"), "Ametikohad!F2", "wrong-type"),
    "fraction for a number": Case(_set("Ametikohad", "F2", 1.5), "Ametikohad!F2", "wrong-type"),
    "zero seats": Case(_set("Ametikohad", "F2", 0), "Ametikohad!F2", "out-of-range"),
    "number for a name": Case(_set("Töötajad", "B2", 3.25), "Töötajad!B2", "wrong-type"),
    "empty required cell": Case(_set("Töötajad", "B2", None), "Töötajad!B2", "required"),
    "blank required cell": Case(_set("Puudumised", "D2", "   "), "Puudumised!D2", "required"),
    "unknown absence kind": Case(_p01("D"), "Puudumised!D6", "unknown-value"),
    "unknown service type": Case(
        _set("Ametikohad", "D2", "lepinguline"), "Ametikohad!D2", "unknown-value"
    ),
    "line break in a title": Case(
        _set("Ametikohad", "B2", "osakonna\njuhataja"), "Ametikohad!B2", "control-character"
    ),
    "too long": Case(_set("Ametikohad", "B2", "x" * 301), "Ametikohad!B2", "too-long"),
    "absence entered twice": Case(_overlap, "Puudumised!B11", "overlap"),
    "more holders than seats": Case(_third_holder, "Töötajad!D10", "registry"),
    "invalid personal code": Case(_bad_code, "Töötajad!C5", "registry"),
    "position with a description deleted": Case(
        _removed_with_description, "Ametikohad", "removed-in-use"
    ),
    "person's name differs between rows": Case(_second_name, "Töötajad!B10", "inconsistent-person"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_workbook_is_refused_naming_the_place(name: str) -> None:
    case = CASES[name]
    data = edited(exported(), case.change)
    with pytest.raises(SheetError) as caught:
        sheets.read(data, seed(), limits=case.limits)
    problems = caught.value.problems
    assert (case.path, case.code) in [(p.path, p.code) for p in problems], [
        (p.path, p.code, p.message_en) for p in problems
    ]
    for p in problems:
        assert p.message_et and p.message_en
        assert p.message_et != p.message_en, p  # really translated
        et, en = p.problem("et"), p.problem("en")
        assert et.path == en.path == p.path


def test_every_problem_of_a_workbook_is_reported_at_once() -> None:
    def change(wb: Workbook) -> None:
        wb["Ametikohad"]["C2"] = "haridusosakond"
        wb["Töötajad"]["E2"] = "eile"
        wb["Puudumised"]["D2"] = "puhkepäev"

    with pytest.raises(SheetError) as caught:
        sheets.read(edited(exported(), change), seed())
    paths = {p.path for p in caught.value.problems}
    assert {"Töötajad!E2", "Puudumised!D2"} <= paths


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a workbook at all",
        b"PK\x03\x04broken zip",
        (seed().municipality.name * 50).encode(),
    ],
)
def test_what_is_not_a_workbook_is_one_clear_problem(data: bytes) -> None:
    with pytest.raises(SheetError) as caught:
        sheets.read(data, seed())
    [problem] = caught.value.problems
    assert problem.code == "not-a-workbook"
    assert ".xlsx" in problem.message_et and ".xlsx" in problem.message_en


def _rewritten(data: bytes, old: bytes, new: bytes) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info).replace(old, new))
    return out.getvalue()


def _huge_date(wb: Workbook) -> None:
    cell = wb["Puudumised"]["B2"]
    cell.value, cell.number_format = 10**30, "yyyy-mm-dd"


def test_sheet_xml_openpyxl_cannot_read_is_one_clear_problem() -> None:
    """U+FFFF is not XML: openpyxl meets it only while the rows stream past."""
    marked = edited(exported(), _set("Ametikohad", "B2", "MARK"))
    with pytest.raises(SheetError) as caught:
        sheets.read(_rewritten(marked, b"MARK", "a\uffff".encode()), seed())
    [problem] = caught.value.problems
    assert problem.code == "not-a-workbook"


def test_a_date_serial_no_calendar_holds_is_named_in_its_cell() -> None:
    """openpyxl only warns of it (an OverflowError inside) and keeps the number."""
    with pytest.raises(SheetError) as caught:
        sheets.read(edited(exported(), _huge_date), seed())
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("Puudumised", 2, 2)]


def test_a_word_document_is_not_a_workbook() -> None:
    from roles import render

    data = render.render_docx(seed(), "voru-sts", templates_dir=_templates())
    with pytest.raises(SheetError) as caught:
        sheets.read(data, seed())
    assert [p.code for p in caught.value.problems] == ["not-a-workbook"]


def test_a_workbook_without_known_sheets_is_refused() -> None:
    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(SheetError) as caught:
        sheets.read(out.getvalue(), seed())
    assert [p.code for p in caught.value.problems] == ["no-sheets"]


def test_renamed_sheets_with_data_are_each_refused() -> None:
    def change(wb: Workbook) -> None:
        for ws in wb.worksheets:
            ws.title = f"Leht {ws.title}"

    with pytest.raises(SheetError) as caught:
        sheets.read(edited(exported(), change), seed())
    assert [p.path for p in caught.value.problems] == [
        "'Leht Ametikohad'!A1",
        "'Leht Töötajad'!A1",
        "'Leht Puudumised'!A1",
        "'Leht Loendid'!A1",
    ]


def test_an_ambiguous_title_asks_for_the_id() -> None:
    kj = seed("kohtla-jarve")
    data = sheets.export(kj)

    def change(wb: Workbook) -> None:
        row = row_of(wb, "Töötajad", "kj-p01")
        wb["Töötajad"][f"D{row}"] = "sotsiaaltöö peaspetsialist"

    with pytest.raises(SheetError) as caught:
        sheets.read(edited(data, change), kj)
    [problem] = caught.value.problems
    assert problem.code == "ambiguous"
    assert "kj-peaspetsialist-2" in problem.message_en


def test_registry_problems_read_in_estonian() -> None:
    with pytest.raises(SheetError) as caught:
        sheets.read(edited(exported(), _third_holder), seed())
    [problem] = caught.value.problems
    assert "kohta" in problem.message_et and "seat" in problem.message_en


def _templates():  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "templates"
