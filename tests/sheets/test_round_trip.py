"""Export → read → export: the same registry and the same bytes, for every seed and language."""

import datetime as dt
import io
import zipfile

import msgspec
import openpyxl
import pytest

from roles import registry, sheets
from roles.domain import Absence, AbsenceKind, Assignment, Person
from roles.domain.changes import changes

from .workbooks import SEED_NAMES, seed


@pytest.mark.parametrize("language", ["et", "en"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_export_read_export_is_identical(name: str, language: str) -> None:
    original = seed(name)
    first = sheets.export(original, language)
    again = sheets.read(first, original)
    assert changes(original, again) == []
    assert registry.canonical(again) == registry.canonical(original)
    assert sheets.export(again, language) == first


def test_the_same_registry_gives_the_same_bytes_whatever_the_clock() -> None:
    a = sheets.export(seed())
    b = sheets.export(seed())
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_awkward_text_survives_the_round_trip() -> None:
    """Text that looks like a formula, quotes, tags and Estonian letters stay text."""
    base = seed()
    awkward = [
        '=HYPERLINK("http://x","klõps")',
        "+372 5555 5555",
        "<b>Šaržeerija</b> & „Õunapuu“",
        "-1",
        "@kasutaja",
    ]
    people = list(base.people) + [
        Person(
            id=f"awkward-{i}",
            name=name,
            assignments=[
                Assignment(
                    position="voru-tss-eakad",
                    start=dt.date(2010 + i, 1, 1),
                    end=dt.date(2010 + i, 12, 31),
                )
            ],
            absences=[
                Absence(start=dt.date(2011, 1, 1), end=dt.date(2011, 1, 2), kind=AbsenceKind.TRIP)
            ],
        )
        for i, name in enumerate(awkward)
    ]
    awkward_registry = msgspec.structs.replace(base, people=people)
    data = sheets.export(awkward_registry)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    names = {row[1] for row in workbook["Töötajad"].iter_rows(min_row=2, values_only=True)}
    assert set(awkward) <= names
    assert all(cell.data_type != "f" for row in workbook["Töötajad"].iter_rows() for cell in row)
    again = sheets.read(data, awkward_registry)
    assert changes(awkward_registry, again) == []
    assert sheets.export(again) == data


def test_a_template_has_headings_and_drop_downs_but_no_rows() -> None:
    data = sheets.template(seed(), "en")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Positions", "People", "Absences", "Lists"]
    assert workbook["Lists"].sheet_state == "hidden"
    positions = workbook["Positions"]
    assert [c.value for c in positions[1]] == [
        "ID",
        "Title",
        "Unit",
        "Service type",
        "Anti-corruption official",
        "Seats",
        "Reports to",
        "Abolished from",
    ]
    assert positions.max_row == 1
    assert positions.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv for dv in positions.data_validations.dataValidation}
    assert lists["C2"].type == "list" and "Lists" in lists["C2"].formula1
    assert lists["F2"].type == "whole"
    assert lists["H2"].type == "date"
    # A template read back changes nothing: its sheets are empty, so MERGE adds nothing.
    again = sheets.read(data, seed(), mode=sheets.Mode.MERGE)
    assert changes(seed(), again) == []


def test_dates_are_real_dates_in_the_language_s_format() -> None:
    for language, shown in (("et", "DD.MM.YYYY"), ("en", "YYYY-MM-DD")):
        workbook = openpyxl.load_workbook(io.BytesIO(sheets.export(seed(), language)))
        ws = workbook.worksheets[2]
        cell = ws["B2"]
        assert cell.is_date and cell.number_format == shown
        assert ws.column_dimensions["A"].width >= len("Juhan Näidis (voru-p02)")


@pytest.mark.parametrize("seed", [3, 4])
def test_a_synthetic_municipality_round_trips(seed: int) -> None:
    """Unit trees, hundreds of people, absences the registry allows to overlap: all come back."""
    from benchmarks.synth import generate

    original = next(generate(municipalities=1, positions=120, people=150, seed=seed))
    first = sheets.export(original)
    again = sheets.read(first, original)
    assert changes(original, again) == []
    assert sheets.export(again) == first
