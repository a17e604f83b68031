"""Markup left in extracted text: markdown emphasis, HTML fragments, odd whitespace."""

import html
import re

_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__)(.*?)\1|(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)")
_SPACES = re.compile(r"[ \u00a0\u2007\u202f]+")
_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.S)
_BOLD = re.compile(r"^\s*(\*\*|<b>)")


def is_bold(raw: str) -> bool:
    return bool(_BOLD.match(raw))


def clean(raw: str) -> str:
    """The text a reader sees: no tags, no emphasis markers, single spaces."""
    text = _TAG.sub(" ", raw)
    text = html.unescape(text)
    text = _EMPHASIS.sub(lambda m: m[2] if m[2] is not None else m[3], text)
    text = text.replace("**", "")
    return _SPACES.sub(" ", text).strip()


def cell_items(raw: str) -> list[str]:
    """A table cell's paragraphs and list items, each cleaned; an empty cell gives []."""
    items: list[str] = []
    rest = raw
    for match in _ITEM.finditer(raw):
        items.append(match[1])
    if items:
        # text outside the list (a <p> before it) comes first, in order
        before = raw[: raw.find("<ul")] if "<ul" in raw else ""
        rest_items = [clean(before)] if clean(before) else []
        return rest_items + [clean(i) for i in items if clean(i)]
    rest = clean(rest)
    return [rest] if rest else []


def normalise(text: str) -> str:
    """For comparing texts: case, spacing and quote style do not matter."""
    text = text.replace("„", '"').replace("“", '"').replace("”", '"').replace("–", "-")
    return _SPACES.sub(" ", text).strip().casefold()
