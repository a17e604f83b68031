"""Filled-in workbooks: what they add, change and remove, and the preview of it."""

import datetime as dt
import io

import openpyxl
from openpyxl.workbook.workbook import Workbook

from roles import sheets
from roles.domain import AbsenceKind, ServiceType
from roles.domain.changes import ChangeKind, Entity, changes, counts
from roles.sheets import Mode

from .workbooks import edited, exported, row_of, seed


def _person(registry, pid):  # type: ignore[no-untyped-def]
    return next(p for p in registry.people if p.id == pid)


def test_a_filled_template_adds_without_removing() -> None:
    def fill(wb: Workbook) -> None:
        positions, people, absences = wb["Ametikohad"], wb["Töötajad"], wb["Puudumised"]
        positions.append(
            [
                "voru-noorsootootaja",
                "noorsootöötaja",
                "sotsiaaltööosakond (voru-sotsiaal)",
                "töötaja",
                "ei",
                1,
                "osakonna juhataja (voru-juhataja)",
                None,
            ]
        )
        people.append(
            [
                "voru-p20",
                "Uku Uustulnuk",
                "38001010009",
                "voru-noorsootootaja",
                dt.date(2026, 9, 1),
                None,
            ]
        )
        absences.append(["Uku Uustulnuk", dt.date(2026, 12, 21), dt.date(2026, 12, 31), "puhkus"])
        absences.append(["Mari Maasikas (voru-p01)", "01.12.2026", "2026-12-05", "koolitus"])

    data = edited(sheets.template(seed()), fill)
    preview = sheets.preview(data, seed(), mode=Mode.MERGE)
    result = preview.registry
    assert len(result.positions) == len(seed().positions) + 1
    assert len(result.people) == len(seed().people) + 1
    new = next(p for p in result.positions if p.id == "voru-noorsootootaja")
    assert new.service is ServiceType.EMPLOYEE and new.reports_to == "voru-juhataja"
    uku = _person(result, "voru-p20")
    assert [a.position for a in uku.assignments] == ["voru-noorsootootaja"]
    assert [(a.start, a.kind) for a in uku.absences] == [
        (dt.date(2026, 12, 21), AbsenceKind.VACATION)
    ]
    mari = _person(result, "voru-p01")
    assert len(mari.absences) == 2  # her vacation stays, the training is added
    assert counts(preview.changes) == {
        Entity.POSITION: {ChangeKind.ADDED: 1},
        Entity.PERSON: {ChangeKind.ADDED: 1},
        Entity.ASSIGNMENT: {ChangeKind.ADDED: 1},
        Entity.ABSENCE: {ChangeKind.ADDED: 2},
    }
    lines = [c.message("et") for c in preview.changes]
    assert "Ametikoht lisandub: noorsootöötaja (voru-noorsootootaja)" in lines
    assert "Puudumine lisandub: Mari Maasikas, koolitus 01.12.2026–05.12.2026" in lines


def test_an_edited_export_replaces_and_the_preview_says_what_changes() -> None:
    def edit(wb: Workbook) -> None:
        positions = wb["Ametikohad"]
        positions[f"F{row_of(wb, 'Ametikohad', 'voru-sts')}"] = 3
        people = wb["Töötajad"]
        people[f"F{row_of(wb, 'Töötajad', 'voru-p01')}"] = dt.date(2026, 12, 31)
        absences = wb["Puudumised"]
        absences.delete_rows(row_of(wb, "Puudumised", "Malle Mudel (voru-p06)"))
        row = row_of(wb, "Puudumised", "Mari Maasikas (voru-p01)")
        absences[f"C{row}"] = dt.date(2026, 7, 24)

    result = sheets.preview(edited(exported(), edit), seed())
    found = {(c.entity, c.kind, c.key): c for c in result.changes}
    assert found[(Entity.POSITION, ChangeKind.CHANGED, "voru-sts")].fields == ["seats"]
    assert (Entity.ASSIGNMENT, ChangeKind.CHANGED, "voru-p01/voru-sts/2019-03-01") in found
    moved = [c for c in result.changes if c.entity is Entity.ABSENCE]
    assert [(c.kind, c.name, c.fields) for c in moved] == [
        (ChangeKind.REMOVED, "Malle Mudel", []),
        (ChangeKind.CHANGED, "Mari Maasikas", ["to"]),
    ]
    assert next(p for p in result.registry.positions if p.id == "voru-sts").seats == 3
    # what no sheet holds stays: substitution rules, qualifications, sample flags
    sts = next(p for p in result.registry.positions if p.id == "voru-sts")
    assert sts.substitutes == next(p for p in seed().positions if p.id == "voru-sts").substitutes
    assert _person(result.registry, "voru-p01").qualifications is not None
    assert _person(result.registry, "voru-p01").sample


def test_removing_a_person_in_replace_mode_removes_them() -> None:
    def edit(wb: Workbook) -> None:
        wb["Töötajad"].delete_rows(row_of(wb, "Töötajad", "voru-p08"))

    result = sheets.preview(edited(exported(), edit), seed())
    assert [(c.entity, c.kind, c.key) for c in result.changes] == [
        (Entity.PERSON, ChangeKind.REMOVED, "voru-p08"),
        (Entity.ASSIGNMENT, ChangeKind.REMOVED, "voru-p08/voru-sts/2026-08-10"),
    ]


def test_sheets_and_columns_left_out_leave_their_part_as_it_is() -> None:
    def edit(wb: Workbook) -> None:
        del wb["Töötajad"]
        del wb["Puudumised"]
        positions = wb["Ametikohad"]
        positions.delete_cols(7, 2)  # no "Vahetu juht", no "Kaotatud alates"
        positions.move_range("A1:F20", cols=2)  # columns in another order: C.. hold them now
        positions.insert_cols(1)  # and an empty first column

    result = sheets.read(edited(exported(), edit), seed())
    assert changes(seed(), result) == []


def test_english_workbook_with_estonian_words_and_bare_ids() -> None:
    def edit(wb: Workbook) -> None:
        people = wb["People"]
        row = row_of(wb, "People", "voru-p08")
        people[f"D{row}"] = "voru-sts"  # a bare id
        people[f"E{row}"] = dt.date(2026, 8, 11)
        absences = wb["Absences"]
        absences.append(["voru-p08", dt.date(2026, 10, 1), dt.date(2026, 10, 2), "lähetus"])
        absences.append(["Siim Simulatsioon", dt.date(2026, 11, 1), dt.date(2026, 11, 2), "sick"])

    result = sheets.read(edited(sheets.export(seed(), "en"), edit), seed())
    siim = _person(result, "voru-p08")
    assert [(a.position, a.start) for a in siim.assignments] == [("voru-sts", dt.date(2026, 8, 11))]
    assert [a.kind for a in siim.absences] == [AbsenceKind.TRIP, AbsenceKind.SICK]


def test_a_renamed_position_is_still_found_by_its_old_reference() -> None:
    def edit(wb: Workbook) -> None:
        row = row_of(wb, "Ametikohad", "voru-juh-asetaitja")
        wb["Ametikohad"][f"B{row}"] = "osakonnajuhataja asetäitja"

    result = sheets.read(edited(exported(), edit), seed())
    [change] = changes(seed(), result)
    assert (change.key, change.fields) == ("voru-juh-asetaitja", ["title"])


def test_a_bare_title_with_parentheses_is_a_title() -> None:
    def edit(wb: Workbook) -> None:
        row = row_of(wb, "Töötajad", "voru-p03")
        wb["Töötajad"][f"D{row}"] = (
            "Sotsiaaltööspetsialist (eakate ja puudega inimeste hoolduse alal)"
        )

    result = sheets.read(edited(exported(), edit), seed())
    assert changes(seed(), result) == []


def test_personal_codes_typed_as_numbers_are_read_as_codes() -> None:
    def edit(wb: Workbook) -> None:
        wb["Töötajad"][f"C{row_of(wb, 'Töötajad', 'voru-p01')}"] = 48403122159

    result = sheets.read(edited(exported(), edit), seed())
    assert _person(result, "voru-p01").personal_code == "48403122159"


def test_hidden_lists_sheet_is_never_read() -> None:
    def edit(wb: Workbook) -> None:
        wb["Loendid"]["A2"] = "=SUM(1,2)"  # a formula there would be an error on a data sheet
        wb["Loendid"]["Z99"] = "whatever"

    assert changes(seed(), sheets.read(edited(exported(), edit), seed())) == []


def test_open_workbook_is_the_one_way_in(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Both passes open the workbook through `open_workbook`: one place to guard."""
    from roles.sheets import _import

    calls: list[bool] = []
    real = _import.open_workbook

    def spy(data: bytes, *, read_only: bool):  # type: ignore[no-untyped-def]
        calls.append(read_only)
        return real(data, read_only=read_only)

    monkeypatch.setattr(_import, "open_workbook", spy)
    sheets.read(exported(), seed())
    assert calls == [True, False]
    workbook = sheets.open_workbook(exported(), read_only=True)
    assert isinstance(workbook, openpyxl.Workbook)
    workbook.close()
    assert io  # the module is used by the helpers too
