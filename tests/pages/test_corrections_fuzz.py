"""Every correction form posted with bad values in each field: never a 500, never a traceback,
markup escaped, and when the form is refused the typed value is there beside a message."""

import html
import re
from typing import Any

import pytest
from litestar.testing import TestClient

from .forms import fields_of
from .test_corrections import M, as_, client  # noqa: F401 - the fixture

BAD = [
    "",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "1899-01-01",
    "2200-12-31",
    "31.02.2026",
    "-1",
    "99999999999999999999",
    "tamme-spets",
    "\u0000nul",
    "  ",
]

# (who, page, form class): every form that changes something
FORMS = [
    ("hr", f"{M}/organisation/name", "correction"),
    ("hr", f"{M}/organisation/agencies/new", "correction"),
    ("hr", f"{M}/organisation/agencies/tamme-vv", "correction"),
    ("hr", f"{M}/organisation/units/new", "correction"),
    ("hr", f"{M}/organisation/units/tamme-lastekaitse", "correction"),
    ("hr", f"{M}/positions/new", "correction"),
    ("hr", f"{M}/positions/tamme-vaba/edit", "correction"),
    ("hr", f"{M}/positions/tamme-vaba/abolish", "correction"),
    ("hr", f"{M}/positions/tamme-spets/rules", "rule-add"),
    ("manager", f"{M}/positions/tamme-spets/rules", "rule"),
    ("hr", f"{M}/people/new", "correction"),
    ("hr", f"{M}/people/tamme-p2", "correction"),
    ("hr", f"{M}/people/tamme-p2/assignments/new", "correction"),
    ("hr", f"{M}/people/tamme-p2/assignments/0", "correction"),
    ("manager", f"{M}/people/tamme-p2/absences/new", "correction"),
    ("manager", f"{M}/people/tamme-p2/absences/0", "correction"),
    ("hr", "/library/new", "correction"),
    ("hr", "/users/new", "correction"),
    ("admin", "/users/new", "correction"),
]


def _action(page: str, css: str) -> str:
    found = re.search(rf'<form method="post" action="([^"]+)" class="{css}"', page)
    assert found, css
    return html.unescape(found.group(1))


def _check(got: Any, name: str, value: str) -> None:
    assert got.status_code in (303, 409, 422), (name, value[:40], got.status_code, got.text[:400])
    assert "Traceback" not in got.text
    assert "<script>alert" not in got.text
    if got.status_code == 422:
        assert 'role="alert"' in got.text or "field-error" in got.text, (name, value[:40])
        printable = value.strip() and "\x00" not in value
        kind = re.search(rf'<(input|textarea)[^>]*name="{name}"', got.text)
        shown_back = kind and not re.search(r'type="(checkbox|password)"', kind.group(0))
        if printable and shown_back:  # a password is never sent back
            assert html.escape(value.strip(), quote=True)[:200] in got.text, (name, value[:40])


@pytest.mark.parametrize(("who", "url", "css"), FORMS)
def test_bad_values_in_every_field(client: TestClient[Any], who: str, url: str, css: str) -> None:  # noqa: F811
    as_(client, who)
    page = client.get(url)
    assert page.status_code == 200, page.text
    fields = fields_of(page.text, css)
    action = _action(page.text, css)
    for name in [n for n in fields if not n.startswith("_")]:
        for value in BAD:
            fresh = client.get(url).text  # the current ETag: a success moved it on
            sent = fields_of(fresh, css)
            sent[name] = value
            got = client.post(action, data=sent, follow_redirects=False)
            _check(got, name, value)


def test_end_before_start_is_said_beside_the_end(client: TestClient[Any]) -> None:  # noqa: F811
    as_(client, "manager")
    url = f"{M}/people/tamme-p2/absences/new"
    sent = fields_of(client.get(url).text, "correction")
    sent.update({"from": "2027-05-10", "to": "2027-05-01"})
    got = client.post(url, data=sent, follow_redirects=False)
    assert got.status_code == 422
    assert re.search(r'id="f-to-error">Lõpp on enne algust', got.text)
    assert 'value="2027-05-10"' in got.text and 'value="2027-05-01"' in got.text
    as_(client, "hr")
    url = f"{M}/people/tamme-p2/assignments/0?lang=en"
    sent = fields_of(client.get(url).text, "correction")
    sent.update({"from": "2027-05-10", "to": "2027-05-01"})
    got = client.post(f"{M}/people/tamme-p2/assignments/0", data=sent, follow_redirects=False)
    assert got.status_code == 422
    assert "The end is before the start" in got.text or "Lõpp on enne algust" in got.text


def test_a_position_as_its_own_substitute_and_superior(client: TestClient[Any]) -> None:  # noqa: F811
    as_(client, "hr")
    url = f"{M}/positions/tamme-vaba/rules"
    sent = fields_of(client.get(url).text, "rule-add")
    sent["position"] = "tamme-vaba"
    got = client.post(f"{url}/add", data=sent, follow_redirects=False)
    assert got.status_code == 422 and "ei saa asendada iseennast" in got.text
    url = f"{M}/positions/tamme-vaba/edit"
    sent = fields_of(client.get(url).text, "correction")
    sent["reports_to"] = "tamme-vaba"
    got = client.post(url, data=sent, follow_redirects=False)
    assert got.status_code == 422 and "alluda iseendale" in got.text
