"""Helpers: the seed registries, and workbooks edited the way a person edits them in Excel."""

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from roles import registry, sheets
from roles.domain import Registry

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_NAMES = ("voru", "viljandi", "kohtla-jarve", "viimsi")


@cache
def seed(name: str = "voru") -> Registry:
    return registry.read(SEEDS / f"{name}.yaml")


def edited(data: bytes, change: Callable[[Workbook], object]) -> bytes:
    """`data` opened in openpyxl, changed, and saved again (as Excel would save it)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def exported(name: str = "voru", language: str = "et") -> bytes:
    return sheets.export(seed(name), language)


def row_of(workbook: Workbook, sheet: str, first_cell: str) -> int:
    """The row whose first cell is `first_cell`."""
    ws = workbook[sheet]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == first_cell)
