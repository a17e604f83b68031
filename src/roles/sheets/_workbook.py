"""Opening workbooks (one function, so one place to guard) and saving them byte for byte alike.

openpyxl stamps a saved workbook with the clock twice: the core properties' modified time and
every zip member's time. `save` fixes both, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

# What every saved workbook claims as its creation and change time: no clock in the bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def put(cell: Cell | MergedCell, value: Any) -> Cell:
    """Write a value; a string stays a string ("=1+1" is text, never a formula) and loses the
    control characters XML cannot carry."""
    assert isinstance(cell, Cell), "sheets written here merge no cells"
    if isinstance(value, str):
        cell.value = _CONTROL.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


class UnreadableWorkbook(Exception):
    """Not an .xlsx workbook openpyxl can read; the message says what openpyxl found."""


def open_workbook(data: bytes, *, read_only: bool) -> Workbook:
    """The workbook in `data`, formulas as written (never their cached values).

    Every workbook this package reads is opened here: check archives (size, ratio, member
    count) in front of this one call. `read_only` streams rows without building the sheets in
    memory (no merged cells, hidden rows or column widths then); close such a workbook after
    use. Raises UnreadableWorkbook.
    """
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (extensions, unknown styles): we read values.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), read_only=read_only, data_only=False, keep_links=False
            )
    except Exception as e:  # untrusted bytes: any parser failure means "not a workbook we read"
        raise UnreadableWorkbook(f"{type(e).__name__}: {e}") from None


class _StampedZip(zipfile.ZipFile):
    """A zip that writes every member with one fixed time, whichever way openpyxl adds it."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Worksheets come as temporary files: their bytes, stamped like the rest."""
        with open(filename, "rb") as source:
            self.writestr(str(arcname or filename), source.read(), compress_type, compresslevel)


def save(workbook: Workbook) -> bytes:
    """The workbook's bytes, with fixed times and author."""
    props = workbook.properties
    props.created = props.modified = FIXED_TIME
    props.creator = props.lastModifiedBy = "roles"
    out = io.BytesIO()
    with _StampedZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return out.getvalue()
