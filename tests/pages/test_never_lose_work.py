"""Never lose work, only complete drafts approved, in the page's language (issue 13), without a
browser, on SQLite and PostgreSQL: approve saves what is typed; a draft changed by someone
else after the form was opened comes back as a conflict with the typed text kept beside the
stored one; incomplete drafts are refused with the reason beside the field."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy.engine import Engine

from roles.domain import limits

from ..conftest import make_app
from . import seed
from .conftest import SECRET
from .forms import fields_of
from .test_server_side import _draft_form, csrf_of, login

POSITION = "/m/tamme/positions/tamme-spets"
ENGLISH = re.compile(
    r"\b(must|approved on|needs a|say who|name the|give the|before the|Traceback|Error)\b"
)


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient[Any]]:
    seed.populate(engine)
    with TestClient(make_app(database_url, SECRET)) as c:
        yield c


@pytest.fixture
def other(client: TestClient[Any], database_url: str) -> Iterator[TestClient[Any]]:
    """A second browser: the same person in another tab or a colleague, own session."""
    with TestClient(make_app(database_url, SECRET)) as c:
        yield c


APPROVAL = {"by": "vallavanem", "date": "2026-01-20", "directive": "1-2/5"}


def _stored(client: TestClient[Any], url: str) -> dict[str, str]:
    return fields_of(client.get(url).text, "editor")


def test_approve_stores_what_is_typed(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    typed = {**fields, "s1-c0-text": "Kirjutatud, salvestamata.", "op": "approve", **APPROVAL}
    done = client.post(url, data=typed, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = client.get(POSITION)
    assert "Kirjutatud, salvestamata." in page.text


def test_approve_refuses_a_form_that_cannot_be_saved_and_keeps_it(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    typed = {**fields, "s1-c0-text": "Uus tekst.", "s1-c1-text": "", "op": "approve", **APPROVAL}
    refused = client.post(url, data=typed, follow_redirects=False)
    assert refused.status_code == 422
    assert 'id="s1-c1-text-error"' in refused.text and "Uus tekst." in refused.text
    assert 'value="1-2/5"' in refused.text  # the approval fields kept too
    assert "Uus tekst." not in _stored(client, url).values()  # nothing stored, nothing approved
    assert "mustand" in client.get(POSITION).text.lower()


def test_approving_a_draft_changed_meanwhile_is_a_conflict(
    client: TestClient[Any], other: TestClient[Any]
) -> None:
    login(client, "hr")
    login(other, "hr")
    url, mine = _draft_form(client)
    theirs = fields_of(other.get(url).text, "editor")
    saved = other.post(
        url, data={**theirs, "s1-c0-text": "Kolleegi tekst.", "op": "save"}, follow_redirects=False
    )
    assert saved.status_code == 303
    typed = {**mine, "s1-c1-text": "Minu tekst.", "op": "approve", **APPROVAL}
    conflict = client.post(url, data=typed, follow_redirects=False)
    assert conflict.status_code == 409
    assert 'id="conflict"' in conflict.text
    assert "Minu tekst." in conflict.text  # kept
    assert "Kolleegi tekst." in conflict.text  # shown beside
    assert "mustand" in client.get(POSITION).text.lower()  # not approved
    # Take the colleague's first clause, keep my second, then save: both are stored.
    form = fields_of(conflict.text, "editor")
    assert form["s1-c0-text"] != "Kolleegi tekst."
    took = client.post(url, data={**form, "op": "theirs:1:0"})
    assert took.status_code == 200 and 'id="conflict"' in took.text
    form = fields_of(took.text, "editor")
    assert form["s1-c0-text"] == "Kolleegi tekst." and form["s1-c1-text"] == "Minu tekst."
    done = client.post(url, data={**form, "op": "save"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    stored = _stored(client, url)
    assert stored["s1-c0-text"] == "Kolleegi tekst." and stored["s1-c1-text"] == "Minu tekst."


def test_discard_carries_the_etag(client: TestClient[Any], other: TestClient[Any]) -> None:
    login(client, "hr")
    login(other, "hr")
    url, mine = _draft_form(client)
    page = client.get(url).text
    discard = fields_of(page, "discard")
    assert discard["etag"] == mine["etag"]
    theirs = fields_of(other.get(url).text, "editor")
    other.post(url, data={**theirs, "s1-c0-text": "Muudetud.", "op": "save"})
    stale = client.post(url.removesuffix("/edit") + "/discard", data=discard)
    assert stale.status_code == 412
    assert "Muudetud." in _stored(client, url).values()  # not discarded
    fresh = fields_of(client.get(url).text, "discard")
    gone = client.post(url.removesuffix("/edit") + "/discard", data=fresh, follow_redirects=False)
    assert gone.status_code == 303
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "estonian"),
    [
        ({"title": ""}, "title", "pealkiri"),
        ({"by": "x" * 10_000}, "approve-by", "10000"),
        ({"date": "1899-01-01"}, "approve-date", "01.01.1899"),
        ({"date": "2030-01-01"}, "approve-date", "01.01.2030"),
        ({"directive": ""}, "approve-directive", "käskkir"),
        ({"s1-c0-ref": "abc!"}, "s1-c0-ref", "abc!"),
        ({"in_force_from": "2026-01-01"}, "approve-in_force_from", "01.01.2026"),
    ],
)
def test_incomplete_drafts_are_refused_in_the_pages_language(
    client: TestClient[Any], change: dict[str, str], field: str, estonian: str
) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    refused = client.post(url, data={**fields, **APPROVAL, "op": "approve", **change})
    assert refused.status_code == 422, refused.text[-2000:]
    message = re.search(rf'id="{field}-error"[^>]*>(.*?)</', refused.text, re.S)
    assert message, f"no message beside {field}"
    assert estonian.lower() in message.group(1).lower() or estonian in refused.text
    assert not ENGLISH.search(message.group(1)), message.group(1)
    assert "mustand" in client.get(POSITION).text.lower()


def test_an_empty_draft_is_refused_with_words(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    empty = {k: v for k, v in fields.items() if not k.startswith("s")} | {"title": ""}
    refused = client.post(url, data={**empty, **APPROVAL, "op": "approve"})
    assert refused.status_code == 422
    alert = refused.text[refused.text.index('id="form-errors"') :][:3000]
    assert "ülesan" in alert.lower() and not ENGLISH.search(alert)


def test_a_refused_indent_says_so(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    deepest = limits.MAX_CLAUSE_DEPTH - 1
    deep = {**fields, "s1-c0-depth": str(deepest), "s1-c1-depth": str(deepest)}
    refused = client.post(url, data={**deep, "op": "in:1:1"})
    assert refused.status_code == 200
    notice = re.search(r'id="notice">(.*?)</p>', refused.text)
    assert notice and f"{limits.MAX_CLAUSE_DEPTH} tasandit" in notice.group(1)
    assert fields_of(refused.text, "editor")["s1-c1-depth"] == str(deepest)


def _heading(html: str) -> str:
    found = re.search(r'<h2 id="doc-h">(.*?)</h2>', html, re.S)
    assert found
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()


def test_headings_say_what_a_version_is(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = _draft_form(client)
    assert _heading(client.get(POSITION).text) == "Kehtiv ametijuhend – versioon 1"
    later = {**fields, **APPROVAL, "in_force_from": "2099-03-01", "op": "approve"}
    assert client.post(url, data=later, follow_redirects=False).status_code == 303
    page = client.get(POSITION).text
    assert _heading(page) == "Kehtiv ametijuhend – versioon 1"  # v2 is not in force yet
    assert "Jõustub 01.03.2099" in page
    english = client.get(POSITION + "?lang=en").text
    assert "In force from 01.03.2099" in english or "In force from 2099-03-01" in english


def test_a_position_with_only_a_draft_is_headed_draft(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get("/m/tamme/positions/tamme-vaba")
    started = client.post(
        "/m/tamme/positions/tamme-vaba/draft",
        data={"_csrf": _csrf(page.text)},
        follow_redirects=False,
    )
    assert started.status_code == 303
    heading = _heading(client.get("/m/tamme/positions/tamme-vaba").text)
    assert heading.startswith("Mustand") and "Kehtiv" not in heading
    assert "Kinnitanud" not in client.get("/m/tamme/positions/tamme-vaba").text


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _visible(html: str) -> str:
    """The text a person reads: no tags, scripts, styles or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # the substitution graph is the front end's (its own tests walk it)
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_estonian_pages_name_no_ids_codes_or_english(client: TestClient[Any]) -> None:
    from roles import coverage

    from ..api.factories import kase, tamme

    login(client, "hr")
    url, fields = _draft_form(client)
    ids = {
        x.id for r in (tamme(), kase()) for x in [*r.positions, *r.units, *r.agencies, *r.people]
    }
    codes = {c.value for c in coverage.Code}
    english = re.compile(
        r"\b(Traceback|Error|Exception|KeyError|ValueError|must|not valid|unknown|depth|"
        r"foreign|approved on)\b|sügavus|\(\d+ vead\)"
    )
    refused = client.post(url, data={**fields, **APPROVAL, "date": "2030-01-01", "op": "approve"})
    stale = client.post(url, data={**fields, "etag": '"old"', "op": "save"})
    pages = {
        "editor": client.get(url).text,
        "editor refused": refused.text,
        "editor conflict": stale.text,
        "position": client.get(POSITION).text,
        "position juht": client.get("/m/tamme/positions/tamme-juht").text,
        "coverage": client.get("/m/tamme/coverage").text,
        "registry": client.get("/m/tamme/registry").text,
    }
    for name, html in pages.items():
        text = _visible(html)
        words = set(re.findall(r"[\w-]+", text))
        where = [text[max(0, text.find(i) - 60) : text.find(i) + 40] for i in ids & words]
        assert not (ids & words), f"{name}: ids {where}"
        assert not (codes & words), f"{name}: finding codes {codes & words}"
        found = english.search(text)
        assert found is None, (
            f"{name}: {found and text[max(0, found.start() - 80) : found.end() + 80]}"
        )
    assert "Leiud (kokku" in _visible(pages["coverage"])


def _discarded_elsewhere(
    client: TestClient[Any], other: TestClient[Any]
) -> tuple[str, dict[str, str]]:
    """A draft open in `client`'s editor (its URL and form), discarded meanwhile by `other`."""
    login(client, "hr")
    login(other, "hr")
    url, mine = _draft_form(client)
    fresh = fields_of(other.get(url).text, "discard")
    gone = other.post(url.removesuffix("/edit") + "/discard", data=fresh, follow_redirects=False)
    assert gone.status_code == 303, gone.text
    return url, mine


def test_saving_a_draft_discarded_meanwhile_keeps_the_text_in_a_new_draft(
    client: TestClient[Any], other: TestClient[Any]
) -> None:
    url, mine = _discarded_elsewhere(client, other)
    typed = {**mine, "s1-c0-text": "Pool päeva kirjutatud.", "op": "save"}
    kept = client.post(url, data=typed, follow_redirects=False)
    assert kept.status_code == 409, kept.text
    assert "kustutati vahepeal" in kept.text
    form = fields_of(kept.text, "editor")
    assert form["s1-c0-text"] == "Pool päeva kirjutatud."
    action = re.search(
        r'<form method="post" action="([^"]+)"[^>]*class="[^"]*\beditor\b', kept.text
    )
    assert action  # the new draft's address (its number may be the discarded one's)
    done = client.post(action.group(1), data={**form, "op": "save"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert _stored(client, action.group(1))["s1-c0-text"] == "Pool päeva kirjutatud."


def test_a_draft_started_and_changed_by_someone_else_after_the_discard_is_a_conflict(
    client: TestClient[Any], other: TestClient[Any]
) -> None:
    url, mine = _discarded_elsewhere(client, other)
    started = other.post(
        f"{POSITION}/draft",
        data={"_csrf": csrf_of(other.get(POSITION).text)},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    theirs = fields_of(other.get(started.headers["location"]).text, "editor")
    saved = other.post(
        started.headers["location"],
        data={**theirs, "s1-c0-text": "Kolleegi tekst.", "op": "save"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    typed = {**mine, "s1-c0-text": "Minu tekst.", "op": "save"}
    kept = client.post(url, data=typed, follow_redirects=False)
    assert kept.status_code == 409, kept.text
    assert 'id="conflict"' in kept.text and "Kolleegi tekst." in kept.text  # theirs beside
    assert fields_of(kept.text, "editor")["s1-c0-text"] == "Minu tekst."  # mine kept
    assert _stored(client, started.headers["location"])["s1-c0-text"] == "Kolleegi tekst."


def test_save_pressed_twice_lands_where_the_first_did_not_on_a_conflict_with_itself(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    url, mine = _draft_form(client)
    assert mine.get("_once"), "the editor's form carries no one-time token"
    typed = {**mine, "s1-c0-text": "Kaks korda vajutatud.", "op": "save"}
    first = client.post(url, data=typed, follow_redirects=False)
    second = client.post(url, data=typed, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text
    assert second.headers["location"] == first.headers["location"]
    assert _stored(client, url)["s1-c0-text"] == "Kaks korda vajutatud."
