"""Document downloads and coverage endpoints, scoped by access."""

import shutil

import pytest

from .conftest import Api

M = "/api/municipalities"
V = f"{M}/tamme/positions/tamme-spets/versions"


def test_docx_download(api: Api) -> None:
    r = api.as_("employee").get(f"{V}/1/document.docx")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="tamme-spets-v1.docx"' in r.headers["content-disposition"]
    assert r.content[:2] == b"PK"
    assert api.as_("hr-kase").get(f"{V}/1/document.docx").status_code == 404


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_download(api: Api) -> None:
    r = api.as_("hr").get(f"{V}/1/document.pdf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content[:4] == b"%PDF"


def test_who_acts_and_calendar(api: Api) -> None:
    hr = api.as_("hr")
    base = f"{M}/tamme/coverage"
    r = hr.get(f"{base}/who-acts", params={"position": "tamme-spets", "day": "2026-07-02"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "status": "substitute",
        "person": "tamme-p1",
        "via": "tamme-juht",
        "depth": 1,
    }
    assert hr.get(f"{base}/who-acts", params={"position": "kase-spets"}).status_code == 404
    assert (
        api.as_("employee").get(f"{base}/who-acts", params={"position": "tamme-haldur"}).status_code
        == 404
    )
    cal = hr.get(f"{base}/calendar", params={"from": "2026-07-01", "to": "2026-07-31"}).json()
    assert {c["position"] for c in cal} == {
        "tamme-juht",
        "tamme-spets",
        "tamme-haldur",
        "tamme-vaba",
    }
    mine = api.as_("manager").get(f"{base}/calendar", params={"from": "2026-07-01"}).json()
    assert {c["position"] for c in mine} == {"tamme-juht", "tamme-spets", "tamme-vaba"}
    r = hr.get(f"{base}/calendar", params={"from": "2026-07-01", "to": "2026-06-01"})
    assert r.status_code == 422
    findings = hr.get(f"{base}/findings", params={"from": "2026-07-01", "to": "2026-07-31"})
    assert findings.status_code == 200, findings.text
    assert all(f["position"].startswith("tamme-") for f in findings.json())
