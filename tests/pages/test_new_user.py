"""What a new user runs into on the first day, without a browser: dates a filter cannot show,
two tabs on one person's list, invisible characters pasted into a name. Each is told beside
its field in the page's language; nothing typed is lost and nothing is corrected silently."""

import datetime as dt
import html
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from ..api.factories import PASSWORD
from . import test_server_side
from .forms import fields_of
from .test_corrections import removal
from .test_server_side import csrf_of, login

client = test_server_side.client  # the fixture: the API tests' registry, hr, manager, employee

M = "/m/tamme"
P2 = f"{M}/people/tamme-p2"  # one absence, 01.07.2026 – 14.07.2026


def _error(page: str, field: str) -> str:
    start = page.index(f'id="{field}-error"')
    return html.unescape(page[page.index(">", start) + 1 : page.index("</", start)])


@pytest.mark.parametrize(
    ("query", "field", "said"),
    [
        ("from=2026-02-31", "range-from", "Kirjuta kuupäev kujul AAAA-KK-PP."),
        ("from=0001-01-01", "range-from", "Kuupäev peab jääma aastatesse 1990–2100."),
        ("from=2026-03-10&to=2026-03-01", "range-to", "Lõpp on enne algust."),
        ("from=2026-01-01&to=2026-12-31", "range-to", "Korraga saab näidata kuni 92 päeva."),
        (
            "position=tamme-spets&day=9999-12-31&lang=en",
            "who-day",
            "The date must fall within the years 1990–2100.",
        ),
    ],
)
def test_coverage_says_which_asked_day_it_cannot_show(
    client: TestClient[Any], query: str, field: str, said: str
) -> None:
    login(client, "hr")
    got = client.get(f"{M}/coverage?{query}")
    assert got.status_code == 200
    assert _error(got.text, field) == said
    assert f'id="{field}"' in got.text and 'aria-invalid="true"' in got.text


def test_coverage_shows_a_good_range_without_a_word(client: TestClient[Any]) -> None:
    login(client, "hr")
    got = client.get(
        f"{M}/coverage?from=2026-03-01&to=2026-03-10&position=tamme-spets&day=2026-03-02"
    )
    assert 'class="field-error"' not in got.text
    assert (
        "01.03.2026 – 10.03.2026" in got.text and "lastekaitsespetsialist, 02.03.2026:" in got.text
    )


def test_coverage_forms_keep_the_kind_and_the_checkbox_typed(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get(f"{M}/coverage")
    absence = client.post(
        f"{M}/coverage/absence",
        data={"_csrf": csrf_of(page.text), "person": "tamme-p1", "from": "2026-12-10", "to": ""}
        | {"kind": "sick"},
    )
    assert absence.status_code == 422
    assert '<option value="sick" selected>' in absence.text
    assert _error(absence.text, "absence-to") == "Täida see väli."  # not "write it as …"
    rule = client.post(
        f"{M}/coverage/substitute",
        data={"_csrf": csrf_of(page.text), "position": "tamme-spets", "substitute": "tamme-spets"}
        | {"if_needed": "1"},
    )
    assert rule.status_code == 422
    assert 'name="if_needed" value="1" checked' in rule.text


def _absence_form(client: TestClient[Any], n: int) -> dict[str, str]:
    got = client.get(f"{P2}/absences/{n}")
    assert got.status_code == 200, got.text
    return fields_of(got.text, "correction")


def _add_absence(client: TestClient[Any], first: str, last: str) -> None:
    fields = fields_of(client.get(f"{P2}/absences/new").text, "correction")
    fields.update({"from": first, "to": last})
    added = client.post(f"{P2}/absences/new", data=fields, follow_redirects=False)
    assert added.status_code == 303, added.text


def _absences(client: TestClient[Any]) -> str:
    page = client.get(P2).text
    return page[page.index('id="absences"') :]


def test_an_absence_removed_in_another_tab_keeps_what_was_typed(client: TestClient[Any]) -> None:
    login(client, "hr")
    _add_absence(client, "2026-12-10", "2026-12-15")
    tab_a = _absence_form(client, 1)  # December, opened to move its end
    tab_b = _absence_form(client, 1)
    removed = client.post(f"{P2}/absences/1/delete", data=tab_b, follow_redirects=False)
    assert removed.status_code == 303
    tab_a["to"] = "2026-12-18"
    again = client.post(f"{P2}/absences/1", data=tab_a, follow_redirects=False)
    assert again.status_code == 422, again.text
    assert "Keegi eemaldas selle kirje" in html.unescape(again.text)
    assert 'value="2026-12-10"' in again.text and 'value="2026-12-18"' in again.text
    saved = client.post(f"{P2}/absences/new", data=fields_of(again.text, "correction"))
    assert "18.12.2026" in _absences(client), saved.text
    twice = client.post(f"{P2}/absences/2/delete", data=tab_b, follow_redirects=False)
    assert twice.status_code == 422 and "juba enne sind" in html.unescape(twice.text)


def test_editing_after_another_tab_removed_an_earlier_absence_changes_the_right_one(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    _add_absence(client, "2026-12-10", "2026-12-15")
    _add_absence(client, "2027-01-10", "2027-01-12")
    december = _absence_form(client, 1)
    removed = client.post(
        f"{P2}/absences/0/delete", data=_absence_form(client, 0), follow_redirects=False
    )
    assert removed.status_code == 303
    december["to"] = "2026-12-18"  # December is now the first; January took its place
    saved = client.post(f"{P2}/absences/1", data=december, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    listed = _absences(client)
    assert "18.12.2026" in listed and "12.01.2027" in listed and "01.07.2026" not in listed


@pytest.mark.parametrize("invisible", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_invisible_characters_in_a_name_are_refused_beside_it(
    client: TestClient[Any], invisible: str
) -> None:
    login(client, "hr")
    fields = fields_of(client.get(f"{M}/people/new?lang=en").text, "correction")
    fields["name"] = f"Ann{invisible}Tamm"
    got = client.post(f"{M}/people/new?lang=en", data=fields)
    assert got.status_code == 422
    assert _error(got.text, "f-name") == (
        "This holds characters that cannot be stored (control or invisible characters)."
    )
    assert "Ann" in got.text  # what was typed comes back


def test_an_emoji_with_joiners_is_a_name_like_any_other(client: TestClient[Any]) -> None:
    login(client, "hr")
    fields = fields_of(client.get(f"{M}/people/new").text, "correction")
    fields["name"] = "Kati 👩\u200d💻 Kask"
    got = client.post(f"{M}/people/new", data=fields, follow_redirects=False)
    assert got.status_code == 303, got.text


def test_an_empty_file_chosen_for_import_is_named_not_taken_for_no_file(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    page = client.get(f"{M}/import?lang=en")
    got = client.post(
        f"{M}/import?lang=en",
        data={"_csrf": csrf_of(page.text)},
        files=[("files", ("ametijuhend.txt", b"", "text/plain"))],
    )
    assert got.status_code == 200, got.text
    assert "ametijuhend.txt: the document has no text" in html.unescape(got.text)
    assert "Choose a file." not in got.text


def test_the_day_an_employee_acknowledged_is_written_as_dates_are(client: TestClient[Any]) -> None:
    login(client, "employee")
    page = client.get("/me").text
    action = re.search(r'action="(/me/acknowledge/[^"]+)"', page)
    assert action, "nothing to acknowledge"
    done = client.post(action.group(1), data={"_csrf": csrf_of(page)}, follow_redirects=False)
    assert done.status_code == 303, done.text
    status = re.search(r'id="ack-status">([^<]*)<', client.get("/me").text)
    assert status and status.group(1) == f"Tutvusid {dt.date.today():%d.%m.%Y}."


def test_a_form_sent_after_the_login_expired_is_told_so_not_thrown_away(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    fields = fields_of(client.get(f"{M}/people/new").text, "correction")
    fields["name"] = "Pikalt Kirjutatud Nimi"
    client.cookies.delete("roles_session")  # the login expired while the name was typed
    got = client.post(f"{M}/people/new", data=fields, follow_redirects=False)
    assert got.status_code == 401  # not 303 to the login page, which loses the form
    page = html.unescape(got.text)
    assert "Sisselogimine on aegunud" in page and "Seda ei salvestatud." in page
    assert 'href="/login" target="_blank"' in page
    assert client.get(f"{M}/people", follow_redirects=False).status_code == 303  # pages: login


def test_approve_pressed_twice_lands_on_the_approved_version(client: TestClient[Any]) -> None:
    login(client, "hr")
    url, fields = test_server_side._draft_form(client)
    sent = {**fields, "op": "approve", "by": "vallavanem", "directive": "1-2/5"}
    first = client.post(url, data=sent, follow_redirects=False)
    assert first.status_code == 303, first.text
    again = client.post(url, data=sent, follow_redirects=False)  # the second click
    assert again.status_code == 303  # was a bare "conflict" page
    assert again.headers["location"] == "/m/tamme/positions/tamme-spets?done=approved"


def test_typing_into_a_draft_approved_meanwhile_is_kept_and_told(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    url, fields = test_server_side._draft_form(client)
    approver = {**fields, "op": "approve", "by": "vallavanem", "directive": "1-2/5"}
    assert client.post(url, data=approver, follow_redirects=False).status_code == 303
    mine = {**fields, "s1-c0-text": "Minu pooleli töö, mis ei tohi kaduda.", "op": "save"}
    got = client.post(f"{url}?lang=en", data=mine)
    assert got.status_code == 409
    assert "Minu pooleli töö, mis ei tohi kaduda." in got.text
    assert "was approved meanwhile" in html.unescape(got.text)


def test_a_second_unit_of_the_same_name_in_the_same_place_is_refused(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    url = f"{M}/organisation/units/new"
    fields = fields_of(client.get(url).text, "correction")
    twin = client.post(url, data={**fields, "name": "Sotsiaalosakond ", "agency": "tamme-vv"})
    assert twin.status_code == 422
    assert _error(twin.text, "f-name") == (
        "Samas kohas on juba üksus „sotsiaalosakond“; anna uuele teine nimi või vali teine koht."
    )
    elsewhere = {
        **fields,
        "name": "sotsiaalosakond",
        "agency": "tamme-vv",
        "parent": "tamme-haldus",
    }
    assert client.post(url, data=elsewhere, follow_redirects=False).status_code == 303
    renamed = fields_of(client.get(f"{M}/organisation/units/tamme-haldus").text, "correction")
    kept = client.post(f"{M}/organisation/units/tamme-haldus", data=renamed, follow_redirects=False)
    assert kept.status_code == 303, kept.text  # saving a unit unchanged is no twin of itself


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("tabel.xlsx", b"", "Fail „tabel.xlsx“ on tühi."),
        ("tabel.csv", b"a;b\n1;2\n", "Fail ei ole ZIP-arhiiv"),
    ],
)
def test_a_file_that_is_no_workbook_is_told_beside_the_file_field(
    client: TestClient[Any], name: str, data: bytes, said: str
) -> None:
    login(client, "hr")
    page = client.get(f"{M}/sheets")
    got = client.post(
        f"{M}/sheets",
        data={"_csrf": csrf_of(page.text), "op": "preview"},
        files=[("file", (name, data, "application/octet-stream"))],
    )
    assert got.status_code == 422
    assert _error(got.text, "file").startswith(said)
    assert "<code>file</code>" not in got.text


def test_a_password_too_long_is_told_by_both_bounds(client: TestClient[Any]) -> None:
    login(client, "hr")
    page = client.get("/account?lang=en")
    got = client.post(
        "/account/password?lang=en",
        data={"_csrf": csrf_of(page.text), "current": PASSWORD, "new": "k" * 500},
    )
    assert got.status_code == 422
    assert "at least 12 and at most 200 characters" in got.text


def test_a_person_removed_in_another_tab_leaves_what_was_typed_to_copy(
    client: TestClient[Any],
) -> None:
    login(client, "hr")
    new = f"{M}/people/new"
    made = client.post(
        new,
        data={**fields_of(client.get(new).text, "correction"), "name": "Mari Maasikas"},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    person = made.headers["location"].split("?")[0]
    page = client.get(person).text
    mine = fields_of(page, "correction")
    assert removal(client, person, f"{person}/delete").status_code == 303
    # the other tab saves the name it was correcting
    lost = client.post(person, data={**mine, "name": "Mari Maasikas-Kask"})
    assert lost.status_code == 404
    assert "eemaldati vahepeal" in lost.text
    assert re.search(r'<textarea id="typed" readonly[^>]*>[^<]*Mari Maasikas-Kask', lost.text)


def test_an_administrator_s_menu_opens_only_the_municipality_the_page_is_in(
    client: TestClient[Any],
) -> None:
    """Each municipality an overview link; its nine links only where the page is (an
    administrator may hold all 79, which buried every page under the menu)."""
    login(client, "admin")

    def menu(url: str) -> list[str]:
        page = client.get(url).text
        nav = page[page.index("<nav") : page.index("</nav>")]
        return re.findall(r'href="(/m/[^"]+)"', nav)

    home = menu("/")
    assert len(home) >= 2 and all(href.count("/") == 2 for href in home)  # overviews only
    inside = menu(f"{M}/positions")
    assert f"{M}/coverage" in inside and f"{M}/people" in inside
    others = [h for h in inside if not h.startswith(M)]
    assert others and all(h.count("/") == 2 for h in others)
