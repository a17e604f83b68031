"""Excel and the staff establishment over the API: preview, import with the revision (412 when
it moved), errors by cell (422), downloads; who may."""

import io

import docx
import openpyxl

from ..api.conftest import Api
from ..sheets.workbooks import edited

XLSX = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def test_sheets_preview_import_and_the_revision(api: Api) -> None:
    hr = api.as_("hr")
    got = hr.get("/api/municipalities/tamme/sheets/export.xlsx")
    assert got.status_code == 200
    assert (
        api.as_("employee").get("/api/municipalities/tamme/sheets/export.xlsx").status_code == 404
    )
    data = edited(
        got.content,
        lambda wb: wb["Puudumised"].append(["tamme-p3", "2031-01-05", "2031-01-06", "koolitus"]),
    )
    shown = hr.post("/api/municipalities/tamme/sheets/preview", content=data, headers=XLSX)
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert [c["entity"] for c in body["changes"]] == ["absence"]
    done = hr.post(
        f"/api/municipalities/tamme/sheets/import?revision={body['revision']}",
        content=data,
        headers=XLSX,
    )
    assert done.status_code == 200, done.text
    again = hr.post(
        f"/api/municipalities/tamme/sheets/import?revision={body['revision']}",
        content=data,
        headers=XLSX,
    )
    assert again.status_code == 412
    broken = edited(got.content, lambda wb: wb["Ametikohad"].__setitem__("F2", "kaks"))
    bad = hr.post(
        "/api/municipalities/tamme/sheets/preview?language=en", content=broken, headers=XLSX
    )
    assert bad.status_code == 422
    assert "Ametikohad!F2" in [p["path"] for p in bad.json()["extra"]], bad.text


def test_establishment_listing_and_documents(api: Api) -> None:
    hr = api.as_("hr")
    listed = hr.get("/api/municipalities/tamme/establishments")
    assert listed.status_code == 200 and listed.json()
    agency = listed.json()[0]["agency"]
    got = hr.get(f"/api/municipalities/tamme/establishments/{agency}.docx?on=2026-06-01")
    assert got.status_code == 200
    docx.Document(io.BytesIO(got.content))
    book = hr.get(f"/api/municipalities/tamme/establishments/{agency}.xlsx")
    assert book.status_code == 200
    openpyxl.load_workbook(io.BytesIO(book.content))
    assert hr.get(f"/api/municipalities/tamme/establishments/{agency}.pdf").status_code == 422
    assert hr.get(f"/api/municipalities/tamme/establishments/{agency}.docx?on=x").status_code == 422
