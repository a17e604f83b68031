"""The draft editor without a browser: sections moved and deleted, every way to qualify edited,
validation beside the fields, clauses added from the clause library."""

from typing import Any

import pytest
from litestar.testing import TestClient

from .forms import fields_of
from .test_server_side import _draft_form, client, login

__all__ = ["client"]  # the fixture, shared with test_server_side

API = "/api/municipalities/tamme/positions/tamme-spets/versions"
LIBRARY_TEXT = "Koostab oma töövaldkonna kohta aruandeid ja esitab need vahetule juhile."


def _post(client: TestClient[Any], url: str, fields: dict[str, str], op: str) -> Any:
    return client.post(url, data={**fields, "op": op}, follow_redirects=False)


def _stored(client: TestClient[Any], url: str) -> dict[str, Any]:
    version = url.removesuffix("/edit").rsplit("/", 1)[1]
    got = client.get(f"{API}/{version}")
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


def test_sections_move_and_delete(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    assert fields["s0-title"] == "Eesmärk" and fields["s1-title"] == "Tööülesanded"
    first = client.get(url).text
    # the first section cannot go up, the last cannot go down
    assert 'value="secup:0" class="secondary" aria-label="Tõsta üles: Osa 1" disabled' in first
    assert 'value="secdown:1" class="secondary" aria-label="Tõsta alla: Osa 2" disabled' in first
    down = _post(client, url, fields, "secdown:0")
    assert down.status_code == 200, down.text
    moved = fields_of(down.text, "editor")
    assert moved["s0-title"] == "Tööülesanded" and moved["s0-orig"] == "1"
    assert moved["s0-c0-text"].startswith("Teenistusülesannetest")
    assert moved["s1-title"] == "Eesmärk" and moved["s1-c0-text"] == fields["s0-c0-text"]
    back = fields_of(_post(client, url, moved, "secup:1").text, "editor")
    assert back | {"_once": ""} == fields | {"_once": ""}  # up undoes down, field for field
    saved = _post(client, url, moved, "save")
    assert saved.status_code == 303, saved.text
    stored = _stored(client, url)
    assert [s["kind"] for s in stored["sections"]] == ["duties", "purpose"]
    assert stored["sections"][0]["clauses"][0]["ref"] == "2.1"
    again = fields_of(client.get(url).text, "editor")
    deleted = _post(client, url, again, "secdel:1")
    assert "Laste heaolu tagamine" not in deleted.text
    after = fields_of(deleted.text, "editor")
    assert "s1-title" not in after
    assert _post(client, url, after, "save").status_code == 303
    assert [s["kind"] for s in _stored(client, url)["sections"]] == ["duties"]


def test_two_ways_to_qualify_and_the_other_requirements(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    assert fields["req-alts"] == "1"  # one empty way to fill in
    two = _post(client, url, fields, "altadd")
    assert two.status_code == 200 and '<fieldset id="req-a1" class="alternative">' in two.text
    added = fields_of(two.text, "editor")
    assert added["req-alts"] == "2"
    filled = {
        **added,
        "req-a0-education": "higher",
        "req-a0-field": "sotsiaaltöö",
        "req-a0-field_preferred": "1",
        "req-a0-studying": "1",
        "req-a1-experience": "5",
        "req-a1-experience_field": "erialane",
        "req-languages": "et C1",
        "req-desired": "en B1, ru B1",
        "req-licences": "B",
        "req-computer": "MS Office\nSTAR",
        "req-knowledge": "sotsiaalhoolekande seadus",
        "req-qualities": "täpsus\nkoostöövalmidus",
    }
    saved = _post(client, url, filled, "save")
    assert saved.status_code == 303, saved.text
    requirements = _stored(client, url)["requirements"]
    assert requirements["alternatives"] == [
        {"education": "higher", "field": "sotsiaaltöö", "field_preferred": True, "studying": True},
        {"experience_years": 5, "experience_field": "erialane"},
    ]
    assert requirements["languages"] == [
        {"language": "et", "level": "C1"},
        {"language": "en", "level": "B1", "desired": True},
        {"language": "ru", "level": "B1", "desired": True},
    ]
    assert requirements["licences"] == ["B"]
    assert requirements["computer_skills"] == ["MS Office", "STAR"]
    assert requirements["knowledge"] == ["sotsiaalhoolekande seadus"]
    assert requirements["personal_qualities"] == ["täpsus", "koostöövalmidus"]
    page = client.get(url)
    shown = fields_of(page.text, "editor")
    fresh = ("etag", "_once")  # a new ETag after saving, a new one-time token per form shown
    assert {k: v for k, v in shown.items() if k not in fresh} == {
        k: v for k, v in filled.items() if k not in fresh
    }  # what was saved is what the form shows again
    assert "Kvalifitseerumise viis 2" in page.text and ">või</p>" in page.text
    # the first way removed: the second stays, with its values
    removed = fields_of(_post(client, url, shown, "altdel:0").text, "editor")
    assert removed["req-alts"] == "1"
    assert removed["req-a0-experience"] == "5" and removed["req-a0-education"] == ""
    assert _post(client, url, removed, "save").status_code == 303
    assert _stored(client, url)["requirements"]["alternatives"] == [
        {"experience_years": 5, "experience_field": "erialane"}
    ]
    # all ways removed and nothing else: no requirements at all
    fresh = fields_of(client.get(url).text, "editor")  # the ETag after that save
    empty = {k: "" for k in fresh if k.startswith("req-")} | {"req-alts": "1"}
    assert _post(client, url, {**fresh, **empty}, "save").status_code == 303
    assert "requirements" not in _stored(client, url)


def test_requirement_messages_beside_the_fields(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    added = fields_of(_post(client, url, fields, "altadd").text, "editor")
    bad = {
        **added,
        "req-a0-studying": "1",  # acquiring … nothing
        "req-a0-field_preferred": "1",  # a preferred field, not named
        "req-a1-experience": "-3",
        "req-languages": "et D1",
        "req-desired": "inglise keel",
    }
    got = _post(client, url, bad, "save")
    assert got.status_code == 422
    for name in (
        "req-a0-education",
        "req-a0-field",
        "req-a1-experience",
        "req-languages",
        "req-desired",
    ):
        assert f'aria-invalid="true" aria-describedby="{name}-error"' in got.text, name
        assert f'<p class="field-error" id="{name}-error">' in got.text, name
        assert f'<a href="#{name}">' in got.text, name  # and listed at the top
    assert "Tundmatu tase: et D1" in got.text
    assert "0 või rohkem" in got.text
    kept = fields_of(got.text, "editor")
    assert kept["req-a1-experience"] == "-3" and kept["req-a0-studying"] == "1"
    words = _post(client, url, {**added, "req-a0-experience": "viis"}, "save")
    assert words.status_code == 422 and 'id="req-a0-experience-error"' in words.text
    forged = _post(client, url, {**added, "req-a0-education": "phd"}, "save")
    assert forged.status_code == 422 and "Vali loendist." in forged.text
    assert "requirements" not in _stored(client, url)  # nothing of it was saved


def test_the_editor_in_english(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, _ = _draft_form(client)
    got = client.get(url + "?lang=en")
    assert got.status_code == 200
    assert "Way to qualify 1" in got.text and "Add a way to qualify" in got.text
    assert ">higher education</option>" in got.text


def test_add_from_the_clause_library(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    assert "s1-library-pick" not in fields  # an empty library offers nothing
    made = client.post(
        "/api/library",
        json={
            "id": "aruandlus",
            "title": "Aruandlus",
            "text": LIBRARY_TEXT,
            "result": "Aruanded on õigel ajal esitatud.",
        },
        headers={"X-CSRF-Token": fields["_csrf"]},
    )
    assert made.status_code == 201, made.text
    page = client.get(url)
    assert '<option value="aruandlus">Aruandlus</option>' in page.text
    fields = fields_of(page.text, "editor")
    assert fields["s1-library-pick"] == "aruandlus"
    added = _post(client, url, fields, "lib:1")
    assert added.status_code == 200, added.text
    assert "teekogust: aruandlus" in added.text
    form = fields_of(added.text, "editor")
    assert form["s1-c3-library"] == "aruandlus"
    assert form["s1-c3-text"] == LIBRARY_TEXT
    assert form["s1-c3-result"] == "Aruanded on õigel ajal esitatud."
    form["s1-c3-ref"] = "2.4"
    saved = _post(client, url, form, "save")
    assert saved.status_code == 303, saved.text
    clause = _stored(client, url)["sections"][1]["clauses"][3]
    assert clause == {
        "ref": "2.4",
        "text": LIBRARY_TEXT,
        "result": "Aruanded on õigel ajal esitatud.",
        "library": "aruandlus",
    }
    # the library knows where its clause is used, and the reference survives a reshaping
    usage = client.get("/api/library/aruandlus/usage").json()
    assert {(u["position"], u["up_to_date"]) for u in usage} >= {("tamme-spets", True)}
    again = fields_of(client.get(url).text, "editor")
    up = fields_of(_post(client, url, again, "up:1:3").text, "editor")
    assert up["s1-c2-library"] == "aruandlus" and up["s1-c2-text"] == LIBRARY_TEXT


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("s0-orig", "abc"),  # was a 500
        ("s0-c0-depth", "abc"),  # was taken as 0
        ("s0-c0-depth", "99"),  # was cut to the deepest level
        ("s0-kind", "bogus"),  # was taken as "other"
        ("req-alts", "x"),  # was taken as none
    ],
)
def test_a_value_only_the_page_writes_is_refused_when_it_never_writes_it(
    client: TestClient[Any], field: str, value: str
) -> None:
    """A form made or changed outside the page is told so, naming the value; nothing is
    guessed at or saved."""
    login(client, "hr")
    url, fields = _draft_form(client)
    before = _stored(client, url)
    r = _post(client, url, fields | {field: value}, "save")
    assert r.status_code == 422, r.text
    assert f"Väärtus „{value}“ ei sobi siia." in r.text
    assert _stored(client, url) == before
