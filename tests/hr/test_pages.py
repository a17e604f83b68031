"""The HR pages without a browser: Excel export, preview and apply (with the revision caught
when it moved), errors by sheet, row and column in the page's language, the staff
establishment page and its downloads, mail settings and calendar feeds from one's own page."""

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from litestar.testing import TestClient

from roles import store

from ..conftest import make_app
from ..pages import seed
from ..pages.conftest import SECRET, _fast_hashes  # noqa: F401  (the fixture)
from ..pages.test_server_side import csrf_of, login
from ..sheets.workbooks import edited


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'roles.db'}"
    engine = store.create(url)
    store.upgrade(engine)
    seed.populate(engine)
    engine.dispose()
    with TestClient(make_app(url, SECRET)) as c:
        yield c


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_excel_preview_then_apply_and_errors_by_cell(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get("/m/tamme/sheets")
    assert page.status_code == 200 and "Exceli tabelid" in page.text
    exported = client.get("/m/tamme/sheets/export-et.xlsx")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/vnd.openxmlformats")

    def rename(wb: openpyxl.Workbook) -> None:
        wb["Puudumised"].append(["tamme-p2", dt.date(2031, 5, 4), dt.date(2031, 5, 8), "koolitus"])

    data = edited(exported.content, rename)
    csrf = csrf_of(page.text)
    shown = client.post(
        "/m/tamme/sheets",
        data={"_csrf": csrf, "op": "preview", "mode": "merge"},
        files={"file": ("t.xlsx", data)},
    )
    assert shown.status_code == 200, re.findall(r"<td>.*?</td>", shown.text)
    assert "Puudumine lisandub" in shown.text and "04.05.2031" in shown.text
    form = {
        "_csrf": csrf,
        "op": "apply",
        "mode": "merge",
        "revision": _hidden(shown.text, "revision"),
        "workbook": _hidden(shown.text, "workbook"),
    }
    done = client.post("/m/tamme/sheets", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    people = client.get("/api/municipalities/tamme/people/tamme-p2")
    assert "2031-05-04" in people.text
    # The same confirm again: the revision moved on, the page says so and shows it anew.
    again = client.post("/m/tamme/sheets", data=form)
    assert again.status_code == 200, re.findall(r"<td>.*?</td>", again.text)
    assert "muutusid pärast eelvaadet" in again.text

    def broken(wb: openpyxl.Workbook) -> None:
        wb["Ametikohad"]["F2"] = "kaks"

    bad = client.post(
        "/m/tamme/sheets?lang=en",
        data={"_csrf": csrf, "op": "preview"},
        files={"file": ("t.xlsx", edited(exported.content, broken))},
    )
    assert bad.status_code == 422
    assert "Ametikohad!F2" in bad.text and "nothing was saved" in bad.text


def test_the_establishment_page_lists_and_renders(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get("/m/tamme/establishment")
    assert page.status_code == 200 and "Teenistuskohtade koosseis" in page.text
    link = re.search(r'href="(/m/tamme/establishment/[^"]+\.docx\?on=[^"]+)"', page.text)
    assert link, page.text
    got = client.get(link.group(1).replace("&amp;", "&"))
    assert got.status_code == 200
    text = "\n".join(
        c.text
        for t in docx.Document(io.BytesIO(got.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert "osakonna juhataja" in text
    book = client.get(link.group(1).replace(".docx", ".xlsx"))
    assert book.status_code == 200
    assert client.get("/m/tamme/establishment/nope.docx").status_code == 404


def test_mail_settings_and_a_feed_from_ones_own_page(client: TestClient[Any]) -> None:
    login(client, "employee")
    page = client.get("/me/subscriptions")
    assert page.status_code == 200
    csrf = csrf_of(page.text)
    bad = client.post(
        "/me/subscriptions/mail", data={"_csrf": csrf, "email": "not-an-address", "language": "et"}
    )
    assert bad.status_code == 422
    saved = client.post(
        "/me/subscriptions/mail",
        data={"_csrf": csrf, "email": "mari@tamme.ee", "language": "en"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get("/me/subscriptions")
    assert 'value="mari@tamme.ee"' in page.text and 'name="digests" checked' not in page.text
    made = client.post(
        "/me/subscriptions/feeds", data={"_csrf": csrf, "feed": "person:tamme/tamme-p2"}
    )
    assert made.status_code == 200
    url = re.search(r"<code>(http[^<]+\.ics)</code>", made.text)
    assert url
    path = "/" + url.group(1).split("//", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    feed_id = re.search(r"/me/subscriptions/feeds/(\d+)/revoke", made.text)
    assert feed_id
    gone = client.post(
        f"/me/subscriptions/feeds/{feed_id.group(1)}/revoke",
        data={"_csrf": csrf},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert client.get(path).status_code == 404
