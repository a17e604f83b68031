"""Every entrance checks what comes in (issue 14, items 9 and 12): deep or huge JSON, invalid
characters and far dates are answered 4xx, never 500, on SQLite and PostgreSQL alike; nothing
is stored."""

import pytest

from ..api.conftest import Api

M = "/api/municipalities/tamme"
POS = f"{M}/positions/tamme-spets"


def _revision(api: Api) -> str:
    return api.as_("hr").get(POS).headers["etag"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_is_refused(api: Api, depth: int) -> None:
    before = _revision(api)
    body = "[" * depth + "]" * depth
    got = api.as_("hr").put(
        POS, content=body, headers={"If-Match": before, "Content-Type": "application/json"}
    )
    assert got.status_code in (400, 413, 422), got.text[:300]
    assert _revision(api) == before


@pytest.mark.parametrize("text", ["a\x00b", "a\uffffb", "a\x01b"])
def test_invalid_characters_are_refused(api: Api, text: str) -> None:
    before = _revision(api)
    hr = api.as_("hr")
    got = hr.update(POS, lambda b: b | {"title": text})
    assert got.status_code in (400, 422), got.text[:300]
    assert _revision(api) == before


@pytest.mark.parametrize("end", ["9999-12-31", "2300-01-01"])
def test_far_dates_are_refused(api: Api, end: str) -> None:
    got = api.as_("hr").post(
        f"{M}/people/tamme-p2/absences", json={"from": "2026-12-01", "to": end, "kind": "other"}
    )
    assert got.status_code in (400, 422), got.text[:300]
    assert api.as_("hr").get(f"{M}/coverage/findings").status_code == 200


def test_oversized_body_is_refused(api: Api) -> None:
    body = b'{"title": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    got = api.as_("hr").put(
        POS, content=body, headers={"If-Match": "x", "Content-Type": "application/json"}
    )
    assert got.status_code in (400, 413, 422)


def test_a_lone_surrogate_is_refused(api: Api) -> None:
    before = _revision(api)
    body = api.as_("hr").get(POS).text.replace('"title":"', '"title":"\\ud800', 1)
    got = api.as_("hr").put(
        POS, content=body, headers={"If-Match": before, "Content-Type": "application/json"}
    )
    assert got.status_code in (400, 422), got.text[:300]
    assert _revision(api) == before


def test_depth_is_measured_outside_strings() -> None:
    from roles.api.bodies import MAX_DEPTH, problems

    assert problems(b'{"a": [1, {"b": "' + b"[" * 100 + b'"}]}') == []
    assert problems(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) == []
    assert [p.path for p in problems(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))] == ["body"]


def test_an_upload_with_nothing_readable_keeps_the_import_queue(api: Api) -> None:
    """A hostile or unreadable upload is answered file by file, and the documents an earlier
    upload left waiting for review stay (the queue was once replaced by an empty one)."""
    from .test_accounts_sessions import login, with_cookie

    cookies, csrf = login(api, "hr")

    def upload(name: str, data: bytes) -> str:
        got = with_cookie(
            api, cookies, "POST", "/m/tamme/import", data={"_csrf": csrf},
            files={"files": (name, data)},
        )  # fmt: skip
        assert got.status_code == 200, got.text[:300]
        return got.text

    good = (
        "AMETIJUHEND\n\nAmetikoht: lastekaitsespetsialist\nStruktuuriüksus: lastekaitse\n\n"
        "1. Ametikoha eesmärk\n1.1. Laste heaolu tagamine vallas.\n"
    )
    assert "lastekaitsespetsialist" in upload("hea.txt", good.encode())
    page = upload("pomm.docx", b"PK\x03\x04 not a document")
    assert "pomm.docx:" in page
    assert "lastekaitsespetsialist" in with_cookie(api, cookies, "GET", "/m/tamme/import").text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seats", "2"),  # a string where a number belongs
        ("anti_corruption_official", 0),  # a number where true/false belongs
        ("anti_corruption_official", "true"),
        ("substitutes", [{"position": "tamme-juht", "if_needed": 1}]),
        ("title", 5),
    ],
)
def test_values_of_the_wrong_type_are_refused_not_converted(
    api: Api, field: str, value: object
) -> None:
    """JSON bodies are decoded strictly: a value of the wrong type is a 400 naming the field,
    as any other validation error, never quietly made into another (Litestar converts
    leniently on its own)."""
    before = _revision(api)
    got = api.as_("hr").update(POS, lambda b: b | {field: value})
    assert got.status_code == 400, got.text[:300]
    [wrong] = got.json()["extra"]
    assert wrong["path"].startswith(field) and wrong["message"].startswith("Expected"), wrong
    assert _revision(api) == before


def test_an_absence_of_the_wrong_type_is_refused(api: Api) -> None:
    got = api.as_("hr").post(
        f"{M}/people/tamme-p2/absences", json={"from": "2026-12-01", "to": 20261205}
    )
    assert got.status_code == 400, got.text[:300]
    assert [e["path"] for e in got.json()["extra"]] == ["to"]
