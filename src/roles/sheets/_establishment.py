"""The staff establishment as one sheet: the act, then per unit its posts, with totals.

For reading and printing (A4, fitted to the page width, the column headings repeated on every
page), not for importing back: the registry file carries establishments.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties

from roles.domain import Establishment, Registry, ServiceType, dates
from roles.sheets._workbook import put, save

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_UNIT_FILL = PatternFill("solid", fgColor="F2F4F7")
_LINE = Side(style="thin", color="5B6B80")
_WORDS = {
    "sheet": ("Koosseis", "Establishment"),
    "title": ("Teenistuskohtade koosseis", "Staff establishment"),
    "approved": ("Kinnitatud", "Approved by"),
    "draft": ("Kinnitamata eelnõu", "Draft, not approved"),
    "in_force": ("Kehtib alates", "In force from"),
    "version": ("Versioon", "Version"),
    "published": ("Avaldatud", "Published"),
    "no": ("Nr", "No."),
    "post": ("Teenistuskoha nimetus", "Post"),
    "count": ("Kohtade arv", "Posts"),
    "service": ("Teenistuse liik", "Service type"),
    "anti": ("Ametiisik (KVS)", "Anti-corruption official"),
    "unit_total": ("Üksuses kokku", "Unit total"),
    "total": ("Kokku", "Total"),
    "official": ("ametnik", "official"),
    "employee": ("töötaja", "employee"),
    "yes": ("jah", "yes"),
}


def establishment_xlsx(
    registry: Registry, establishment: Establishment, language: str = "et"
) -> bytes:
    """One version of an agency's staff establishment as an .xlsx workbook."""

    def w(key: str) -> str:
        et, en = _WORDS[key]
        return et if language == "et" else en

    agencies = {a.id: a.name for a in registry.agencies}
    agency = agencies.get(establishment.agency, establishment.agency)
    workbook = Workbook()
    ws = workbook.worksheets[0]
    ws.title = w("sheet")
    workbook.properties.title = f"{agency}: {w('title').lower()}, {w('version').lower()} " + str(
        establishment.version
    )
    workbook.properties.language = "et-EE" if language == "et" else "en"
    put(ws["A1"], agency).font = _BOLD
    put(ws["A2"], w("title")).font = _TITLE
    act = establishment.act
    info = [
        f"{w('approved')}: {act.line(language)}" if act else w("draft"),
        f"{w('in_force')} {dates.shown(establishment.in_force, language)}; "
        f"{w('version').lower()} {establishment.version}",
    ]
    if act and act.published:
        info.append(f"{w('published')}: {act.published}")
    row = 3
    for line in info:
        put(ws.cell(row=row, column=1), line)
        row += 1
    row += 1
    head = row
    for column, key in enumerate(("no", "post", "count", "service", "anti"), start=1):
        cell = put(ws.cell(row=head, column=column), w(key))
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.border = Border(bottom=_LINE)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    row = head + 1
    number = 0
    for unit in establishment.units:
        title = put(ws.cell(row=row, column=2), unit.name)
        title.font = _BOLD
        for column in range(1, 6):
            ws.cell(row=row, column=column).fill = _UNIT_FILL
        row += 1
        for post in unit.posts:
            number += 1
            put(ws.cell(row=row, column=1), number)
            put(ws.cell(row=row, column=2), post.title).alignment = Alignment(wrap_text=True)
            put(ws.cell(row=row, column=3), post.count)
            official = post.service is ServiceType.OFFICIAL
            put(ws.cell(row=row, column=4), w("official" if official else "employee"))
            put(ws.cell(row=row, column=5), w("yes") if post.anti_corruption_official else None)
            row += 1
        put(ws.cell(row=row, column=2), w("unit_total")).alignment = Alignment(horizontal="right")
        put(ws.cell(row=row, column=3), sum(p.count for p in unit.posts)).font = _BOLD
        row += 1
    total = put(ws.cell(row=row, column=2), w("total"))
    total.font = _BOLD
    total.alignment = Alignment(horizontal="right")
    sum_cell = put(ws.cell(row=row, column=3), establishment.total)
    sum_cell.font = _BOLD
    for column in range(1, 6):
        ws.cell(row=row, column=column).border = Border(top=_LINE)
    for letter, width in zip("ABCDE", (6, 50, 12, 16, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{head + 1}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return save(workbook)
