"""Excel workbooks HR can fill in: positions, people with their assignments, absences.

Public API (pure: bytes in, bytes or a registry out; no files, no settings):

- `export(registry, language="et") -> bytes`: the municipality's workbook: sheets Ametikohad,
  Töötajad and Puudumised (Positions, People, Absences in English) with a frozen header row,
  dates as dates, drop-downs for units, positions, people, service types, yes/no and absence
  kinds (their values on a hidden sheet Loendid / Lists), date and number checks. Deterministic:
  the same registry gives the same bytes.
- `template(registry, language="et") -> bytes`: the same workbook with empty data sheets.
- `read(data, registry, *, mode=Mode.REPLACE, limits=Limits()) -> Registry`: the registry the
  workbook makes of `registry`, checked whole (the registry checks included), or `SheetError`
  with every problem, each naming its sheet, row and column (`Puudumised!C7`) in Estonian and
  English. Nothing is half-read: any problem and no registry comes back.
- `preview(data, registry, ...) -> Preview`: `read`, plus the list of what would change
  (`roles.domain.changes`), for a page or `--dry-run` to show before anything is written.
- `establishment_xlsx(registry, establishment, language="et") -> bytes`: the staff
  establishment as a sheet (see `roles.domain.establishment`).
- `open_workbook(data, read_only=...)`: the one function through which every workbook is opened:
  put archive checks (zip bombs) in front of it.

Sheets are found by name and columns by heading in either language, columns in any order; a
sheet or optional column left out leaves that part of the registry as it is. References are
written "name (id)"; a bare id, or a name that only one thing has, is understood too. Export
then read gives the same registry, and exporting that gives the same bytes.
"""

from __future__ import annotations

import msgspec

from roles.domain import Registry
from roles.domain.changes import Change, changes
from roles.sheets._apply import Mode, apply
from roles.sheets._establishment import establishment_xlsx
from roles.sheets._export import export as _export
from roles.sheets._import import Limits, read_tables
from roles.sheets._problems import SheetError, SheetProblem
from roles.sheets._workbook import UnreadableWorkbook, open_workbook

__all__ = [
    "Limits",
    "Mode",
    "Preview",
    "SheetError",
    "SheetProblem",
    "UnreadableWorkbook",
    "establishment_xlsx",
    "export",
    "open_workbook",
    "preview",
    "read",
    "template",
]

LANGUAGES = ("et", "en")


def export(registry: Registry, language: str = "et") -> bytes:
    """The registry's positions, people and absences as an .xlsx workbook."""
    return _export(registry, _language(language))


def template(registry: Registry, language: str = "et") -> bytes:
    """An empty workbook to fill in, with the municipality's drop-downs."""
    return _export(registry, _language(language), empty=True)


def read(
    data: bytes, registry: Registry, *, mode: Mode = Mode.REPLACE, limits: Limits | None = None
) -> Registry:
    """The registry `data` makes of `registry`; raises SheetError (nothing taken)."""
    return apply(read_tables(data, limits or Limits()), registry, mode)


class Preview(msgspec.Struct, frozen=True):
    registry: Registry  # what would be stored
    changes: list[Change]  # what differs from the registry given


def preview(
    data: bytes, registry: Registry, *, mode: Mode = Mode.REPLACE, limits: Limits | None = None
) -> Preview:
    """What reading `data` would change; raises SheetError like `read`."""
    result = read(data, registry, mode=mode, limits=limits)
    return Preview(result, changes(registry, result))


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use et or en")
    return language
