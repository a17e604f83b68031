"""The correction pages without a browser, on SQLite and PostgreSQL: every action as each role
allowed to do it, a refusal for each role that may not, ETags, and refusals worded in the page's
language naming titles and people, never ids."""

import html
import re
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from roles import domain, store
from roles.services import access, descriptions
from roles.services.preconditions import etag

from ..conftest import make_app
from . import seed
from .conftest import SECRET
from .forms import fields_of
from .test_server_side import login

M = "/m/tamme"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient[Any]]:
    engine = store.create(database_url)
    seed.populate(engine)
    engine.dispose()
    with TestClient(make_app(database_url, SECRET)) as c:
        yield c


def as_(client: TestClient[Any], who: str) -> TestClient[Any]:
    client.cookies.clear()
    login(client, who)
    return client


def post_form(
    client: TestClient[Any], page: str, css: str, changes: dict[str, str], action: str | None = None
) -> Any:
    """Open `page`, fill the form of class `css` with `changes` and post it (no redirects)."""
    got = client.get(page)
    assert got.status_code == 200, got.text
    fields = fields_of(got.text, css)
    fields.update(changes)
    target = action or _action(got.text, css)
    return client.post(target, data=fields, follow_redirects=False)


def _action(html: str, css: str) -> str:
    found = re.search(rf'<form method="post" action="([^"]+)" class="[^"]*\b{css}\b', html)
    assert found, f"no form {css}"
    return found.group(1).replace("&amp;", "&")


def removal(client: TestClient[Any], page: str, action: str) -> Any:
    """Press a data-confirm button's form on `page` (its hidden fields as the page holds them)."""
    got = client.get(page)
    assert got.status_code == 200, got.text
    form = re.search(
        rf'<form method="post" action="{re.escape(action)}" class="inline">(.*?)</form>',
        got.text,
        re.S,
    )
    assert form, f"no removal {action} on {page}"
    assert "data-confirm=" in form.group(1)
    found = re.findall(r'name="(_[a-z]+)" value="([^"]*)"', form.group(1))
    fields = {k: html.unescape(v) for k, v in found}
    return client.post(action, data=fields, follow_redirects=False)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- organisation ---------------------------------------------------------------------------


def test_hr_renames_and_builds_the_organisation(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(client, f"{M}/organisation/name", "correction", {"name": "Tamme vald (uus)"})
    assert got.status_code == 303
    assert "Tamme vald (uus)" in client.get(f"{M}/organisation").text
    got = post_form(
        client,
        f"{M}/organisation/agencies/new",
        "correction",
        {"name": "Tamme Kool", "head_title": "direktor"},
    )
    assert got.status_code == 303
    page = client.get(f"{M}/organisation").text
    assert "Tamme Kool" in page
    got = post_form(
        client,
        f"{M}/organisation/units/new",
        "correction",
        {"name": "Õppeosakond", "agency": "tamme-tamme-kool", "parent": ""},
    )
    assert got.status_code == 303, got.text
    # move the unit under another agency's unit: refused? no, any unit may be its parent
    got = post_form(
        client,
        f"{M}/organisation/units/tamme-oppeosakond",
        "correction",
        {"name": "Õppe- ja arendusosakond", "parent": "tamme-sotsiaal", "agency": "tamme-vv"},
    )
    assert got.status_code == 303, got.text
    assert "Õppe- ja arendusosakond" in client.get(f"{M}/organisation").text
    # the agency still has no units: it goes; the unit goes when empty
    assert (
        removal(
            client,
            f"{M}/organisation/agencies/tamme-tamme-kool",
            f"{M}/organisation/agencies/tamme-tamme-kool/delete",
        ).status_code
        == 303
    )
    assert (
        removal(
            client,
            f"{M}/organisation/units/tamme-oppeosakond",
            f"{M}/organisation/units/tamme-oppeosakond/delete",
        ).status_code
        == 303
    )
    assert "Õppe- ja arendusosakond" not in client.get(f"{M}/organisation").text


def test_a_unit_that_is_not_empty_stays_and_says_what_is_in_it(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = removal(
        client,
        f"{M}/organisation/units/tamme-sotsiaal",
        f"{M}/organisation/units/tamme-sotsiaal/delete",
    )
    assert got.status_code == 422
    words = text_of(got.text)
    assert "„sotsiaalosakond“ ei saa eemaldada" in words and "lastekaitse" in words
    assert "tamme-lastekaitse" not in words
    got = removal(
        client,
        f"{M}/organisation/units/tamme-haldus?lang=en",
        f"{M}/organisation/units/tamme-haldus/delete",
    )
    assert got.status_code == 422
    assert "holds the positions haldusjuht" in text_of(got.text)
    got = removal(
        client, f"{M}/organisation/agencies/tamme-vv", f"{M}/organisation/agencies/tamme-vv/delete"
    )
    assert got.status_code == 422


def test_a_unit_cannot_be_its_own_parent(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client,
        f"{M}/organisation/units/tamme-sotsiaal",
        "correction",
        {"parent": "tamme-lastekaitse"},
    )
    assert got.status_code == 422
    assert "alamüksusesse" in got.text


@pytest.mark.parametrize("who", ["manager", "employee", "hr-kase"])
def test_others_may_not_touch_the_organisation(client: TestClient[Any], who: str) -> None:
    as_(client, who)
    assert client.get(f"{M}/organisation").status_code == 404
    assert client.get(f"{M}/organisation/units/tamme-haldus").status_code == 404
    page = client.get("/search")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    assert token
    got = client.post(
        f"{M}/organisation/units/tamme-haldus/delete",
        data={"_csrf": token.group(1)},
        follow_redirects=False,
    )
    assert got.status_code == 404
    got = client.post(
        f"{M}/organisation/name",
        data={"_csrf": token.group(1), "name": "x"},
        follow_redirects=False,
    )
    assert got.status_code == 404


# --- positions ----------------------------------------------------------------------------


def test_hr_creates_edits_abolishes_and_deletes_a_position(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client,
        f"{M}/positions/new",
        "correction",
        {
            "title": "Noorsootöötaja",
            "unit": "tamme-sotsiaal",
            "service": "employee",
            "seats": "2",
            "reports_to": "tamme-juht",
            "anti_corruption_official": "1",
        },
    )
    assert got.status_code == 303, got.text
    new = got.headers["location"].split("?")[0]
    assert new == f"{M}/positions/tamme-noorsootootaja"
    got = post_form(client, f"{new}/edit", "correction", {"title": "Noorsootöö juht", "seats": "3"})
    assert got.status_code == 303
    page = client.get(new).text
    assert "Noorsootöö juht" in page
    got = post_form(client, f"{new}/abolish", "correction", {"abolished": "2030-01-01"})
    assert got.status_code == 303
    got = removal(client, f"{new}/edit", f"{new}/delete")
    assert got.status_code == 303
    assert client.get(new).status_code == 404


def test_a_position_with_history_is_not_deleted(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = removal(client, f"{M}/positions/tamme-spets/edit", f"{M}/positions/tamme-spets/delete")
    assert got.status_code == 422
    assert "kinnitatud ametijuhend" in text_of(got.text)
    got = removal(
        client, f"{M}/positions/tamme-haldur/edit?lang=en", f"{M}/positions/tamme-haldur/delete"
    )
    assert got.status_code == 422
    assert "has been held (Ülle Öö)" in text_of(got.text)
    assert client.get(f"{M}/positions/tamme-haldur").status_code == 200


def test_abolishing_before_the_holder_leaves_says_so(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client, f"{M}/positions/tamme-haldur/abolish", "correction", {"abolished": "2024-01-01"}
    )
    assert got.status_code == 422
    words = text_of(got.text)
    assert "„haldusjuht“" in words and "tamme-haldur" not in words
    assert 'value="2024-01-01"' in got.text


def test_a_stale_position_form_keeps_what_was_typed(client: TestClient[Any]) -> None:
    as_(client, "hr")
    page = client.get(f"{M}/positions/tamme-vaba/edit").text
    old = fields_of(page, "correction")
    assert (
        post_form(
            client,
            f"{M}/positions/tamme-vaba/edit",
            "correction",
            {"title": "sotsiaaltöötaja (muudetud)"},
        ).status_code
        == 303
    )
    old["title"] = "minu pealkiri"
    got = client.post(f"{M}/positions/tamme-vaba/edit", data=old, follow_redirects=False)
    assert got.status_code == 409
    assert 'value="minu pealkiri"' in got.text
    assert "sotsiaaltöötaja (muudetud)" in got.text  # what is stored now, beside it
    again = fields_of(got.text, "correction")
    assert (
        client.post(
            f"{M}/positions/tamme-vaba/edit", data=again, follow_redirects=False
        ).status_code
        == 303
    )
    assert "minu pealkiri" in client.get(f"{M}/positions/tamme-vaba").text


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_only_hr_edits_positions(client: TestClient[Any], who: str) -> None:
    as_(client, who)
    assert client.get(f"{M}/positions/new").status_code == 404
    assert client.get(f"{M}/positions/tamme-juht/edit").status_code == 404
    assert client.get(f"{M}/positions/tamme-juht/abolish").status_code == 404


# --- substitution rules --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hr", "manager"])
def test_rules_add_edit_reorder_delete(client: TestClient[Any], who: str) -> None:
    as_(client, who)
    rules = f"{M}/positions/tamme-spets/rules"
    page = client.get(rules).text
    add = fields_of(page, "rule-add")
    assert add["position"] == ""  # the drop-down never starts on a position
    assert 'value="tamme-spets"' not in page.split('class="rule-add"')[1]  # one seat: not itself
    got = post_form(client, rules, "rule-add", {"position": "tamme-vaba", "if_needed": "1"})
    assert got.status_code == 303, got.text
    got = post_form(client, rules, "rule", {"if_needed": "1"})  # the first rule: if needed too
    assert got.status_code == 303, got.text
    got = client.post(
        f"{rules}/1/up", data=fields_of(client.get(rules).text, "rule"), follow_redirects=False
    )
    assert got.status_code == 303
    page = client.get(rules).text
    assert page.index("sotsiaaltöötaja") < page.index("osakonna juhataja</strong>")
    got = removal(client, rules, f"{rules}/0/delete")
    assert got.status_code == 303
    assert "sotsiaaltöötaja</strong>" not in client.get(rules).text


def test_a_position_is_not_its_own_substitute(client: TestClient[Any]) -> None:
    as_(client, "hr")
    rules = f"{M}/positions/tamme-spets/rules"
    got = post_form(client, rules, "rule-add", {"position": "tamme-spets"})
    assert got.status_code == 422
    assert "ei saa asendada iseennast" in got.text


def test_a_plain_rule_after_an_if_needed_one_is_worded(client: TestClient[Any]) -> None:
    as_(client, "hr")
    rules = f"{M}/positions/tamme-spets/rules?lang=en"
    assert post_form(client, rules, "rule-add", {"position": "tamme-vaba"}).status_code == 303
    got = post_form(client, rules, "rule", {"if_needed": "1"})
    assert got.status_code == 422
    words = text_of(got.text)
    assert "plain rules" in words
    assert "if_needed" not in words and "substitutes[" not in words


def test_managers_rules_only_in_their_units(client: TestClient[Any]) -> None:
    as_(client, "manager")
    assert client.get(f"{M}/positions/tamme-haldur/rules").status_code == 404
    as_(client, "employee")
    assert client.get(f"{M}/positions/tamme-spets/rules").status_code == 404


# --- people, assignments, absences ----------------------------------------------------------


def test_hr_people_and_assignments(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(client, f"{M}/people/new", "correction", {"name": "Peeter Pärn"})
    assert got.status_code == 303, got.text
    person = got.headers["location"].split("?")[0]
    got = post_form(
        client,
        f"{person}/assignments/new",
        "correction",
        {"position": "tamme-vaba", "from": "2025-01-01", "to": ""},
    )
    assert got.status_code == 303, got.text
    got = post_form(client, f"{person}/assignments/0", "correction", {"to": "2025-06-30"})
    assert got.status_code == 303
    assert "30.06.2025" in client.get(person).text
    got = post_form(client, person, "correction", {"name": "Peeter Pärnapuu"})
    assert got.status_code == 303
    got = removal(client, f"{person}/assignments/0", f"{person}/assignments/0/delete")
    assert got.status_code == 303
    got = removal(client, person, f"{person}/delete")
    assert got.status_code == 303
    assert client.get(person).status_code == 404


def test_a_second_holder_of_a_one_seat_position_is_refused(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client,
        f"{M}/people/tamme-p3/assignments/new",
        "correction",
        {"position": "tamme-juht", "from": "2025-01-01"},
    )
    assert got.status_code == 422
    assert "„osakonna juhataja“" in text_of(got.text)


@pytest.mark.parametrize("who", ["hr", "manager"])
def test_absences_add_edit_delete(client: TestClient[Any], who: str) -> None:
    as_(client, who)
    person = f"{M}/people/tamme-p2"
    got = post_form(
        client,
        f"{person}/absences/new",
        "correction",
        {"from": "2027-03-01", "to": "2027-03-05", "kind": "sick"},
    )
    assert got.status_code == 303, got.text
    page = client.get(person).text
    assert "01.03.2027" in page
    n = page.count(f"{person}/absences/") - 2  # the new one is the last; links: new + each
    got = post_form(client, f"{person}/absences/{n}", "correction", {"to": "2027-03-09"})
    assert got.status_code == 303, got.text
    assert "09.03.2027" in client.get(person).text
    got = post_form(
        client, f"{person}/absences/new", "correction", {"from": "2027-03-08", "to": "2027-03-12"}
    )
    assert got.status_code == 422
    assert "Kattub" in got.text and 'value="2027-03-08"' in got.text
    got = removal(client, f"{person}/absences/{n}", f"{person}/absences/{n}/delete")
    assert got.status_code == 303
    assert "09.03.2027" not in client.get(person).text


def test_manager_may_not_touch_others_people(client: TestClient[Any]) -> None:
    as_(client, "manager")
    assert client.get(f"{M}/people/tamme-p3").status_code == 404  # haldus is not theirs
    assert client.get(f"{M}/people/tamme-p2/assignments/0").status_code == 404
    assert client.get(f"{M}/people/new").status_code == 404
    page = client.get(f"{M}/people/tamme-p2").text
    assert 'class="correction"' not in page  # no name form for a manager
    as_(client, "employee")
    assert client.get(f"{M}/people").status_code == 404
    assert client.get(f"{M}/people/tamme-p2/absences/new").status_code == 404


# --- library and search ---------------------------------------------------------------------


def test_library_create_edit_and_search(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client,
        "/library/new",
        "correction",
        {"title": "Konfidentsiaalsus", "text": "Hoiab ametisaladust."},
    )
    assert got.status_code == 303, got.text
    clause = got.headers["location"].split("?")[0]
    got = post_form(client, clause, "correction", {"text": "Hoiab ametisaladust ja isikuandmeid."})
    assert got.status_code == 303
    assert "isikuandmeid" in client.get("/library?q=ISIKUANDMEID").text
    assert "Konfidentsiaalsus" not in client.get("/library?q=õun").text
    assert client.get("/library?q=" + "x" * 300).status_code == 422
    hits = client.get("/search?q=lastekaitse").text
    assert "/m/tamme/positions/tamme-spets" in hits
    as_(client, "manager")
    assert client.get("/library").status_code == 200
    assert client.get("/library/new").status_code == 404
    assert 'class="correction"' not in client.get(clause).text
    as_(client, "hr-kase")
    assert "/m/tamme/" not in client.get("/search?q=lastekaitse").text


def draft_using(client: TestClient[Any], position: str, clause: str, text: str) -> int:
    """A draft of `position` whose first section takes `clause` from the library (as the
    editor's "add from the library" does); answers its version number."""
    ws = client.app.state.workspace
    me = access.system("test")
    draft = descriptions.start_draft(ws, me, "tamme", position)
    first = draft.sections[0]
    taken = domain.Clause(ref="9.9", text=text, library=clause)
    changed = msgspec.structs.replace(
        draft,
        sections=[
            msgspec.structs.replace(first, clauses=[*first.clauses, taken]),
            *draft.sections[1:],
        ],
    )
    descriptions.save_draft(ws, me, "tamme", position, draft.version, changed, etag(draft))
    return draft.version


def test_library_change_applied_to_the_drafts_that_use_it(client: TestClient[Any]) -> None:
    as_(client, "hr")
    got = post_form(
        client,
        "/library/new",
        "correction",
        {"title": "Andmekaitse", "text": "Järgib andmekaitse nõudeid."},
    )
    clause = got.headers["location"].split("?")[0]
    number = draft_using(
        client, "tamme-spets", clause.rsplit("/", 1)[1], "Järgib andmekaitse nõudeid."
    )
    page = client.get(clause).text
    assert "lastekaitsespetsialist" in page  # where used
    got = post_form(client, clause, "correction", {"text": "Järgib isikuandmete kaitse nõudeid."})
    assert got.status_code == 303
    page = client.get(clause).text
    assert "fix_apply" not in page and "/drafts" in page
    token = re.search(r'name="_csrf" value="([^"]+)"', page)
    assert token
    got = client.post(f"{clause}/drafts", data={"_csrf": token.group(1)}, follow_redirects=False)
    assert got.status_code == 303
    assert "fix_drafts_made" in got.headers["location"]
    draft = client.get(f"{M}/positions/tamme-spets/versions/{number}/edit").text
    assert "Järgib isikuandmete kaitse nõudeid." in draft
    as_(client, "manager")
    assert client.post(
        f"{clause}/drafts", data={"_csrf": "x"}, follow_redirects=False
    ).status_code in (403, 404)


def test_library_clause_of_another_municipality_is_read_only_there(
    client: TestClient[Any],
) -> None:
    as_(client, "hr")
    assert 'name="owner"' not in client.get("/library/new").text  # one municipality: theirs
    got = post_form(
        client, "/library/new", "correction", {"title": "Tamme oma", "text": "Tamme tekst."}
    )
    assert got.status_code == 303, got.text
    clause = got.headers["location"].split("?")[0]
    assert "Tamme vald" in client.get(clause).text  # the owner shows
    as_(client, "hr-kase")
    page = client.get(clause)
    assert page.status_code == 200 and "Tamme tekst." in page.text
    assert 'class="correction"' not in page.text
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    assert token
    got = client.post(
        clause,
        data={"_csrf": token.group(1), "title": "Kase oma", "text": "Muudetud."},
        follow_redirects=False,
    )
    assert got.status_code == 404
    as_(client, "hr")
    assert "Muudetud." not in client.get(clause).text
    as_(client, "admin")
    fields = fields_of(client.get("/library/new").text, "correction")
    assert fields["owner"] == ""  # the administrators' by default
    got = post_form(
        client, "/library/new", "correction", {"title": "Ühine", "text": "Kõigi tekst."}
    )
    assert got.status_code == 303, got.text
    unowned = got.headers["location"].split("?")[0]
    as_(client, "hr")
    assert 'class="correction"' not in client.get(unowned).text


def test_the_dashboard_form_refuses_a_position_as_its_own_substitute(
    client: TestClient[Any],
) -> None:
    as_(client, "manager")
    page = client.get(f"{M}/coverage")
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    assert token
    got = client.post(
        f"{M}/coverage/substitute",
        data={"_csrf": token.group(1), "position": "tamme-juht", "substitute": "tamme-juht"},
        follow_redirects=False,
    )
    assert got.status_code == 422
    assert "ei saa asendada iseennast" in got.text
