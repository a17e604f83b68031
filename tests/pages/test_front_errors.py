"""The error page template for every status the page handlers answer, in both languages: the
site's layout, a heading and an explanation in the page's language, a way back, escaping."""

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

from roles.web import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
STATUSES = [400, 403, 404, 405, 409, 410, 412, 422, 428, 429, 500, 502, 503]


def _render(status: int, lang: str, message: str, path: str, **extra: Any) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["qs"] = lambda base, **changes: ""

    def t(key: str, *args: Any) -> str:
        phrase = i18n.text(lang, key)
        return phrase.format(*args) if args else phrase

    return env.get_template("error.html").render(
        t=t,
        lang=lang,
        caller=None,
        csrf=None,
        path=path,
        request_query={},
        nav=[],
        flash=None,
        status=status,
        message=message,
        **extra,
    )


@pytest.mark.parametrize("lang", ["et", "en"])
@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_page_in_the_language(status: int, lang: str) -> None:
    html = _render(status, lang, "", "/m/tamme/positions/x")
    code = status if f"error_title_{status}" in i18n.TEXTS else (500 if status >= 500 else 400)
    title = i18n.text(lang, f"error_title_{code}")
    assert f"<h1>{title}</h1>" in html
    assert i18n.text(lang, f"error_text_{code}") in html
    assert f'<html lang="{lang}">' in html
    assert '<a href="/m/tamme/positions">' + i18n.text(lang, "error_back") in html
    assert '<a href="/">' + i18n.text(lang, "home") in html
    assert i18n.text(lang, "error_code").format(status) in html


def test_message_is_escaped_and_back_can_be_given() -> None:
    html = _render(409, "et", '<script>x</script> "q"', "/", back="/m/tamme?x=1&y=2")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a href="/m/tamme?x=1&amp;y=2">' in html
    assert re.search(r'<a href="/">', html)


def test_every_finding_code_has_words() -> None:
    """The positions list and the dashboard show a finding's code as words
    (t("finding_" ~ code)): a new code without them would break those pages."""
    from roles import coverage

    missing = [c.value for c in coverage.Code if f"finding_{c.value}" not in i18n.TEXTS]
    assert not missing
