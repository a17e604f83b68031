"""The import page: several files or a zip become a review queue kept in the database; one
draft at a time beside its original lines; accept / skip / edit; an existing draft asks first;
hostile uploads answered with a message in the page's language."""

import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from .test_server_side import client, csrf_of, login  # noqa: F401  (the client fixture)

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile" / "archives"

RAAMATUPIDAJA = (
    "Raamatupidaja ametijuhend\n1. Üldsätted\n1.1. Raamatupidaja allub vallavanemale.\n"
    "2. Tööülesanded\n2.1. Peab raamatupidamist.\n2.2. Koostab aruandeid.\n"
)
ARHIVAAR = (
    "Arhivaari ametijuhend\n1. Üldsätted\n1.1. Arhivaar allub vallasekretärile.\n"
    "2. Tööülesanded\n2.1. Korraldab arhiivi.\n"
)


def _upload(c: TestClient[Any], files: list[tuple[str, bytes]]) -> Any:
    page = c.get("/m/tamme/import")
    return c.post(
        "/m/tamme/import",
        data={"_csrf": csrf_of(page.text)},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def _decide(c: TestClient[Any], html: str, op: str) -> Any:
    item = re.search(r'action="/m/tamme/import/(\d+)"', html)
    assert item, "no document to decide"
    return c.post(
        f"/m/tamme/import/{item.group(1)}",
        data={"_csrf": csrf_of(html), "op": op},
        follow_redirects=False,
    )


def test_several_files_become_a_queue_reviewed_one_at_a_time(client: TestClient[Any]) -> None:  # noqa: F811
    login(client, "hr")
    got = _upload(
        client,
        [
            ("raamatupidaja.txt", RAAMATUPIDAJA.encode("cp1257")),
            ("arhivaar.txt", ARHIVAAR.encode()),
            ("tabel.xlsx", b"x"),
        ],
    )
    assert got.status_code == 200, got.text
    assert "tabel.xlsx: seda failitüüpi ei saa importida" in got.text
    assert "Dokument 1 / 2: raamatupidaja.txt" in got.text
    assert "Peab raamatupidamist." in got.text and "punkt" in got.text  # line and its fate
    assert "Traceback" not in got.text and "ImporterError" not in got.text
    # the queue survives a reload
    again = client.get("/m/tamme/import")
    assert "Dokument 1 / 2: raamatupidaja.txt" in again.text
    accepted = _decide(client, again.text, "accept")
    assert accepted.status_code == 303
    assert accepted.headers["location"].endswith("done=import_accepted")
    page = client.get(accepted.headers["location"])
    assert "Mustand salvestati." in page.text
    assert "Dokument 2 / 2: arhivaar.txt" in page.text
    position = client.get("/m/tamme/positions?lang=et")
    assert "raamatupidaja" in position.text.lower()
    edit = _decide(client, page.text, "edit")
    assert edit.status_code == 303 and "/edit?done=imported" in edit.headers["location"]
    assert "Ülevaatamiseks pole dokumente." in client.get("/m/tamme/import").text


def test_an_existing_draft_asks_before_anything_is_written(client: TestClient[Any]) -> None:  # noqa: F811
    login(client, "hr")
    got = _upload(client, [("raamatupidaja.txt", RAAMATUPIDAJA.encode())])
    assert _decide(client, got.text, "accept").status_code == 303
    changed = RAAMATUPIDAJA.replace("aruandeid", "eelarvet").encode()
    got = _upload(client, [("raamatupidaja.txt", changed)])
    assert "on juba mustand (versioon" in got.text
    assert 'value="replace"' in got.text and 'value="keep"' in got.text
    assert 'value="accept"' not in got.text
    # accepting anyway (a stale form) writes nothing
    item = re.search(r'action="/m/tamme/import/(\d+)"', got.text)
    assert item
    stale = client.post(
        f"/m/tamme/import/{item.group(1)}",
        data={"_csrf": csrf_of(got.text), "op": "accept"},
        follow_redirects=False,
    )
    assert stale.headers["location"].endswith("done=import_changed")
    page = client.get("/m/tamme/import")
    assert "eelarvet" in page.text  # still waiting
    replaced = _decide(client, page.text, "replace")
    assert replaced.headers["location"].endswith("done=import_accepted")


def test_hostile_uploads_are_answered_with_a_message(client: TestClient[Any]) -> None:  # noqa: F811
    sys.path.insert(0, str(HOSTILE))
    try:
        from hostile_archives import cases
    finally:
        sys.path.remove(str(HOSTILE))
    bombs = {n: d for n, d, _ in cases() if n in ("bomb-ratio", "traversal")}
    zipped = BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", bytes(300 * 2**20))
    login(client, "hr")
    got = _upload(
        client,
        [("pomm.docx", bombs["bomb-ratio"]), ("nimi.docx", bombs["traversal"]),
         ("kaust.zip", zipped.getvalue())],
    )  # fmt: skip
    assert got.status_code == 200
    assert "pomm.docx: fail ei läbinud kontrolli" in got.text
    assert "kahtlaselt tugevalt kokku pakitud" in got.text
    assert "nimi.docx: fail ei läbinud kontrolli" in got.text
    assert "kaust.zip: fail ei läbinud kontrolli" in got.text
    assert "Ülevaatamiseks pole dokumente." in got.text
    nothing = _upload(client, [])
    assert nothing.status_code == 422 and "Vali fail." in nothing.text
    prose = _upload(client, [("proosa.txt", b"Siin pole ametijuhendit.\n")])
    assert "proosa.txt: ametikoha nimetust ei leitud" in prose.text
    too_big = _upload(client, [("suur.txt", b"x" * (52 * 2**20))])
    assert too_big.status_code == 413 and "liiga suured" in too_big.text
